"""The criminal pipeline: criminal cases, their defendants, charges per defendant and offence article,
verdicts per charge and court level, sentences per convicted defendant, and the victim cases linked to them.

Defendants' names and documents are identity data (encrypted). Everything the statistics need (sex,
nationality, age, role, public-official flag, dates, outcomes) is kept in clear.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.crypto.fields import EncryptedTextField
from sanad.people.models import Sex


class OffenceArticle(models.Model):
    """An article of law a charge names. Seeded from catalogs/data/offence_articles.yaml, then edited by an
    administrator; articles are deactivated, never deleted, because charges keep pointing at them."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    law = models.CharField(_("law"), max_length=120)
    article = models.CharField(_("article"), max_length=32)
    label_en = models.CharField(_("label in English"), max_length=200)
    label_fr = models.CharField(_("label in French"), max_length=200)
    label_ar = models.CharField(_("label in Arabic"), max_length=200)
    is_trafficking_offence = models.BooleanField(
        _("offence of the anti-trafficking law"),
        default=False,
        help_text=_(
            "Counted as a trafficking prosecution or conviction; other articles are related offences."
        ),
    )
    prison_min_months = models.PositiveIntegerField(_("minimum prison term (months)"), null=True, blank=True)
    prison_max_months = models.PositiveIntegerField(_("maximum prison term (months)"), null=True, blank=True)
    fine_min_mad = models.PositiveBigIntegerField(_("minimum fine (MAD)"), null=True, blank=True)
    fine_max_mad = models.PositiveBigIntegerField(_("maximum fine (MAD)"), null=True, blank=True)
    is_active = models.BooleanField(_("in use for new charges"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("offence article")
        verbose_name_plural = _("offence articles")

    def __str__(self) -> str:
        return self.code

    def label(self, language: str | None = None) -> str:
        from django.utils.translation import get_language

        language = (language or get_language() or "fr")[:2]
        return str(getattr(self, f"label_{language}", "") or self.label_fr)


class CaseOrigin(models.TextChoices):
    HOTLINE_ALERT = "hotline_alert", _("Hotline alert")
    VICTIM_COMPLAINT = "victim_complaint", _("Victim complaint")
    LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
    PROACTIVE = "proactive", _("Proactive investigation")
    FOREIGN_REQUEST = "foreign_request", _("Request from a foreign authority")
    REFERRAL_BY_SERVICES = "referral_by_services", _("Report by a victim-assistance service")
    OTHER = "other", _("Other")


class CriminalCase(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(
        _("reference"),
        max_length=40,
        unique=True,
        help_text=_("The investigating unit's or the prosecution's own register number."),
    )
    investigating_unit = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="criminal_cases_investigated",
        verbose_name=_("investigating unit"),
    )
    prosecution_office = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="criminal_cases_prosecuted",
        verbose_name=_("prosecution office"),
    )
    court = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="criminal_cases_tried",
        verbose_name=_("court of first instance"),
    )
    region = models.CharField(_("region"), max_length=16, db_index=True)
    opened_on = models.DateField(_("investigation opened on"), db_index=True)
    origin = models.CharField(_("how it came to light"), max_length=32, choices=CaseOrigin.choices)
    forms_of_exploitation = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    referred_to_prosecution_on = models.DateField(_("referred to the prosecution on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_on", "reference"]
        verbose_name = _("criminal case")
        verbose_name_plural = _("criminal cases")
        indexes = [
            models.Index(fields=["investigating_unit", "opened_on"], name="crimcase_unit_opened"),
            models.Index(fields=["prosecution_office", "opened_on"], name="crimcase_prosecution_opened"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def region_label(self) -> str:
        from sanad.catalogs.loader import region_label

        return region_label(self.region)

    def forms_labels(self) -> list[str]:
        from sanad.catalogs import loader

        return [loader.label_in(loader.exploitation_forms(), code) for code in self.forms_of_exploitation]


class DefendantRole(models.TextChoices):
    RECRUITER = "recruiter", _("Recruiter")
    TRANSPORTER = "transporter", _("Transporter")
    HARBOURER = "harbourer", _("Harbourer")
    EXPLOITER = "exploiter", _("Exploiter")
    INTERMEDIARY = "intermediary", _("Intermediary")
    FINANCIER = "financier", _("Financier")
    OTHER = "other", _("Other")


class Defendant(models.Model):
    """A person suspected, then perhaps prosecuted, in one criminal case. The same human in two criminal
    cases is two defendants: the counting unit is the person in that case (DESIGN §4)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    criminal_case = models.ForeignKey(CriminalCase, on_delete=models.PROTECT, related_name="defendants")
    number = models.PositiveIntegerField(_("number in the case"))
    full_name = EncryptedTextField(_("full name"))
    aliases = EncryptedTextField(_("aliases"), blank=True)
    document_number = EncryptedTextField(_("identity document number"), blank=True)
    document_number_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    sex = models.CharField(_("sex"), max_length=16, choices=Sex.choices, default=Sex.UNKNOWN)
    nationality = models.CharField(_("nationality"), max_length=3, blank=True)
    age = models.PositiveSmallIntegerField(_("age when the investigation opened"), null=True, blank=True)
    role = models.CharField(_("role in the trafficking"), max_length=16, choices=DefendantRole.choices)
    is_public_official = models.BooleanField(
        _("public official"),
        default=False,
        help_text=_("Official complicity is a criterion of the TIP report."),
    )
    official_function = models.CharField(_("official function"), max_length=120, blank=True)
    investigated_on = models.DateField(_("brought into formal contact on"), db_index=True)
    arrested_on = models.DateField(_("arrested or detained on"), null=True, blank=True)
    trial_opened_on = models.DateField(_("trial opened on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["criminal_case", "number"]
        verbose_name = _("defendant")
        verbose_name_plural = _("defendants")
        constraints = [
            models.UniqueConstraint(
                fields=["criminal_case", "number"], name="defendant_number_unique_in_case"
            )
        ]

    def __str__(self) -> str:
        # Never the name: str() ends up in logs and audit labels.
        return f"{self.criminal_case_id and self.criminal_case.reference}/{self.number}"

    @property
    def nationality_label(self) -> str:
        from sanad.catalogs.loader import country_label

        return country_label(self.nationality) if self.nationality else ""


class Charge(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    defendant = models.ForeignKey(Defendant, on_delete=models.PROTECT, related_name="charges")
    article = models.ForeignKey(OffenceArticle, on_delete=models.PROTECT, related_name="charges")
    charged_on = models.DateField(_("charged on"), db_index=True)
    reclassified_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reclassified_as"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["defendant", "charged_on", "article__code"]
        constraints = [
            models.UniqueConstraint(fields=["defendant", "article"], name="charge_article_once_per_defendant")
        ]

    def __str__(self) -> str:
        return f"{self.defendant} {self.article.code}"

    @property
    def standing_verdict(self) -> Verdict | None:
        """The verdict of the highest court level that judged the charge; None while it is pending."""
        verdicts = list(self.verdicts.all())
        return max(verdicts, key=lambda v: COURT_LEVEL_ORDER[v.court_level]) if verdicts else None


class CourtLevel(models.TextChoices):
    FIRST_INSTANCE = "first_instance", _("First instance")
    APPEAL = "appeal", _("Appeal")
    CASSATION = "cassation", _("Court of cassation")


COURT_LEVEL_ORDER: dict[str, int] = {"first_instance": 0, "appeal": 1, "cassation": 2}


class VerdictOutcome(models.TextChoices):
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")
    DISMISSED = "dismissed", _("Dismissed")
    RECLASSIFIED = "reclassified", _("Reclassified to another offence")


class Verdict(models.Model):
    """The decision on one charge at one court level. A charge without a first-instance verdict is pending;
    a reclassification ends the charge and opens a new one under the other article."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    charge = models.ForeignKey(Charge, on_delete=models.PROTECT, related_name="verdicts")
    court_level = models.CharField(_("court level"), max_length=16, choices=CourtLevel.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=VerdictOutcome.choices)
    decided_on = models.DateField(_("decided on"), db_index=True)
    court = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["charge", "decided_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["charge", "court_level"], name="verdict_once_per_charge_and_level"
            )
        ]

    def __str__(self) -> str:
        return f"{self.charge} {self.court_level} {self.outcome}"


class Sentence(models.Model):
    """What the court imposed on a convicted defendant at one level; the highest level's sentence is the one
    that stands. Money in integer centimes of dirham (MAD minor units)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    defendant = models.ForeignKey(Defendant, on_delete=models.PROTECT, related_name="sentences")
    court_level = models.CharField(_("court level"), max_length=16, choices=CourtLevel.choices)
    decided_on = models.DateField(_("decided on"))
    prison_months = models.PositiveIntegerField(_("prison term (months)"), default=0)
    suspended_months = models.PositiveIntegerField(_("of which suspended (months)"), default=0)
    fine_minor = models.PositiveBigIntegerField(_("fine"), default=0)
    restitution_minor = models.PositiveBigIntegerField(_("restitution or compensation to victims"), default=0)
    currency = models.CharField(max_length=3, default="MAD")
    confiscation = models.BooleanField(_("assets confiscated"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["defendant", "decided_on"]
        constraints = [
            models.UniqueConstraint(fields=["defendant", "court_level"], name="sentence_once_per_level"),
            models.CheckConstraint(
                condition=models.Q(suspended_months__lte=models.F("prison_months")),
                name="sentence_suspended_within_prison_term",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.defendant} {self.court_level}"

    @property
    def custodial_months(self) -> int:
        return self.prison_months - self.suspended_months


class VictimLink(models.Model):
    """A victim case linked to a criminal case by its pseudonymous reference, with how the victim took part.

    ``penalised_on`` records a breach of the non-punishment principle: the victim was herself prosecuted or
    punished for an act she was compelled to commit (Law 27-14 exempts her)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    criminal_case = models.ForeignKey(CriminalCase, on_delete=models.PROTECT, related_name="victim_links")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="criminal_links")
    complaint_filed = models.BooleanField(_("filed a complaint"), default=False)
    testified = models.BooleanField(_("testified"), default=False)
    legal_aid = models.BooleanField(_("received legal aid"), default=False)
    court_protection = models.BooleanField(_("protection measures in court"), default=False)
    compensation_minor = models.PositiveBigIntegerField(_("compensation awarded"), default=0)
    penalised_on = models.DateField(
        _("prosecuted or punished for a compelled act on"),
        null=True,
        blank=True,
        help_text=_("Leave empty unless the victim was prosecuted for an act she was compelled to commit."),
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["criminal_case", "linked_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["criminal_case", "case"], name="victim_linked_once_per_criminal_case"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criminal_case_id} ↔ {self.case_id}"

    @property
    def participation(self) -> dict[str, Any]:
        return {
            "complaint_filed": self.complaint_filed,
            "testified": self.testified,
            "legal_aid": self.legal_aid,
            "court_protection": self.court_protection,
        }


class RegisterImport(models.Model):
    """One import of a prosecution register file: who, when, what file (by digest) and what it changed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    rows = models.PositiveIntegerField()
    created = models.JSONField(default=dict)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.filename} {self.imported_at:%Y-%m-%d}"
