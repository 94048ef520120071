"""Screenings with the identification guide, submissions to a competent authority, its status decisions."""

from __future__ import annotations

import uuid
from functools import cached_property

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanad.crypto.fields import EncryptedTextField
from sanad.identification.guide import Guide, parse_guide


class IdentificationGuide(models.Model):
    """One version of the guide, stored as loaded. Versions are never edited: a change is a new version."""

    version = models.CharField(_("version"), max_length=32, unique=True)
    content = models.JSONField(_("content"))
    source_sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(_("loaded at"))
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_current = models.BooleanField(_("used for new screenings"), default=False)

    class Meta:
        ordering = ["-loaded_at"]
        verbose_name = _("identification guide")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="one_current_guide"
            )
        ]

    def __str__(self) -> str:
        return f"guide {self.version}"

    @cached_property
    def definition(self) -> Guide:
        return parse_guide(self.content)


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class EvidenceSource(models.TextChoices):
    SELF_REPORT = "self_report", _("Self-report")
    OBSERVED = "observed", _("Observed")
    DOCUMENT = "document", pgettext_lazy("evidence source", "Document")
    THIRD_PARTY = "third_party", _("Third party")


class ScreeningOutcome(models.TextChoices):
    PRESUMED = "presumed", _("Presumed victim")
    POSSIBLE = "possible", _("Possible victim")
    NONE = "none", _("No positive dimension")


class Screening(models.Model):
    """One interview with the guide. The stored result is what the guide version it used gave."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="screenings")
    guide = models.ForeignKey(IdentificationGuide, on_delete=models.PROTECT, related_name="screenings")
    profile = models.CharField(_("profile"), max_length=64)
    interviewed_on = models.DateField(_("interview date"))
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    interview_language = models.CharField(_("interview language"), max_length=32, blank=True)
    interpreter_used = models.BooleanField(_("interpreter used"), default=False)
    act_present = models.CharField(
        _("recruited, transported, transferred, harboured or received"),
        max_length=8,
        choices=Answer.choices,
        default=Answer.UNKNOWN,
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=ScreeningOutcome.choices)
    dimension_results = models.JSONField(_("result per dimension"), default=dict)
    # Collected on a phone with the XLSForm and imported; flagged when the form was made from a guide
    # version older than the one current at import: the answers are scored with the form's own version.
    collected_offline = models.BooleanField(_("collected offline"), default=False)
    older_guide = models.BooleanField(_("form older than the current guide"), default=False)
    # The collecting app's id of the submission (ODK instanceID, KoboToolbox _uuid): the same export imported
    # twice creates nothing new.
    offline_instance = models.CharField(max_length=100, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["interviewed_on", "created_at"]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        constraints = [
            models.UniqueConstraint(
                fields=["offline_instance"],
                condition=~models.Q(offline_instance=""),
                name="screening_instance_once",
            )
        ]

    def __str__(self) -> str:
        return f"screening {self.interviewed_on:%Y-%m-%d} ({self.guide.version})"

    def answer_map(self) -> dict[str, str]:
        return {answer.indicator_id: answer.answer for answer in self.answers.all()}


class ScreeningAnswer(models.Model):
    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="answers")
    indicator_id = models.CharField(max_length=16)
    answer = models.CharField(max_length=8, choices=Answer.choices)
    evidence_source = models.CharField(max_length=16, choices=EvidenceSource.choices, blank=True)
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        ordering = ["indicator_id"]
        constraints = [
            models.UniqueConstraint(fields=["screening", "indicator_id"], name="one_answer_per_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}={self.answer}"


class CaseSubmission(models.Model):
    """A case put before a competent authority for a status decision; the authority then sees the case."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="submissions")
    authority = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="submissions"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A submission sent to the wrong office, or no longer needed, is withdrawn: the office loses the case.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "authority"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_open_submission_per_authority",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} → {self.authority.short_code}"


class VictimStatus(models.TextChoices):
    POSSIBLE = "possible", _("Possible victim")
    PRESUMED = "presumed", _("Presumed victim")
    IDENTIFIED = "identified", _("Identified victim")
    NOT_A_VICTIM = "not_a_victim", _("Not a victim")


class StatusDecision(models.Model):
    """A status decided by a competent authority. Decisions are added, never edited: the history is kept."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="status_decisions")
    status = models.CharField(_("status"), max_length=16, choices=VictimStatus.choices)
    decided_on = models.DateField(_("decision date"))
    decided_by_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    rationale = EncryptedTextField(_("rationale"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The person's age in whole years on the decision date, written when anonymisation removes her date of
    # birth (``privacy.anonymisation``) so that the counting module ages her as it did before. Null while the
    # date of birth is held, and when it was unknown.
    age_on_decision = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["decided_on", "recorded_at"]
        verbose_name = _("status decision")
        verbose_name_plural = _("status decisions")
        indexes = [models.Index(fields=["status", "decided_on"], name="decision_status_date")]

    def __str__(self) -> str:
        return f"{self.case.reference}: {self.status} {self.decided_on:%Y-%m-%d}"
