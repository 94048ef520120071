"""Victim-assistance cases. The full lifecycle (screening, referral, closure) comes with later modules."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.catalogs import loader
from sanad.crypto.fields import EncryptedTextField


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ClosureReason(models.TextChoices):
    REINTEGRATED = "reintegrated", _("Reintegrated")
    RETURNED = "returned", _("Returned to country of origin")
    TRANSFERRED = "transferred", _("Transferred")
    DECLINED_ASSISTANCE = "declined_assistance", _("Declined assistance")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    NOT_A_VICTIM = "not_a_victim", _("Not a victim")
    DECEASED = "deceased", _("Deceased")


class Case(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("reference"), max_length=32, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    owning_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="cases"
    )
    case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    opened_on = models.DateField(_("opened on"), db_index=True)
    region = models.CharField(_("region"), max_length=16, db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(
        _("reason for closing"), max_length=24, choices=ClosureReason.choices, blank=True
    )

    # Exploitation details, coded with the catalogues that map to HTCDS and CTDC (catalogs/data).
    forms_of_exploitation = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    sectors = models.JSONField(_("sectors (ISIC)"), default=list, blank=True)
    means_of_control = models.JSONField(_("means of control"), default=list, blank=True)
    recruitment_country = models.CharField(_("country of recruitment"), max_length=3, blank=True)
    recruitment_date = models.DateField(_("date of recruitment"), null=True, blank=True)
    recruiter_relation = models.CharField(_("relation to the recruiter"), max_length=64, blank=True)
    recruitment_method = models.CharField(_("how the person was recruited"), max_length=64, blank=True)
    recruitment_platform = models.CharField(_("online platform or app used"), max_length=100, blank=True)
    exploitation_country = models.CharField(_("country of exploitation"), max_length=3, blank=True)
    exploitation_region = models.CharField(_("region of exploitation"), max_length=16, blank=True)
    exploitation_started_on = models.DateField(_("exploitation started"), null=True, blank=True)
    exploitation_ended_on = models.DateField(_("exploitation ended"), null=True, blank=True)
    exploitation_online = models.BooleanField(_("exploitation online"), null=True, blank=True)
    transit_countries = models.JSONField(_("transit countries"), default=list, blank=True)
    # Incremented on every edit of the details: a form carries the version it was read at.
    version = models.PositiveIntegerField(default=1)
    # The case's number in the organisation's own system, when it came by bulk import: importing the same
    # file again finds it and creates nothing.
    external_reference = models.CharField(
        _("reference in the organisation's own system"), max_length=64, blank=True
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_on", "-reference"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        # The case list: an organisation's cases, or the nation's, filtered by region or status, newest first;
        # the paginator counts the same rows. One index per filter keeps both reads on the index.
        indexes = [
            models.Index(fields=["owning_organisation", "opened_on"], name="case_owner_opened"),
            models.Index(
                fields=["owning_organisation", "region", "opened_on"], name="case_owner_region_opened"
            ),
            models.Index(
                fields=["owning_organisation", "status", "opened_on"], name="case_owner_status_opened"
            ),
            models.Index(fields=["region", "opened_on"], name="case_region_opened"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["owning_organisation", "external_reference"],
                condition=~models.Q(external_reference=""),
                name="case_external_reference_once_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def region_label(self) -> str:
        return loader.region_label(self.region)

    @property
    def current_status_decision(self) -> Any:
        return self.status_decisions.order_by("-decided_on", "-recorded_at").first()

    def labels_of(self, field: str) -> list[str]:
        catalog = {
            "forms_of_exploitation": loader.exploitation_forms,
            "sectors": loader.sectors,
            "means_of_control": loader.means_of_control,
        }[field]()
        return [loader.label_in(catalog, code) for code in getattr(self, field)]


class CaseReferenceCounter(models.Model):
    """The last number used for case references of one year, incremented under a row lock."""

    year = models.PositiveIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class CaseEvent(models.Model):
    """One line of a case's timeline. Rows are only ever added, by the service that made the change."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    occurred_at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.JSONField(default=dict, blank=True)  # codes and references only, never identity

    class Meta:
        ordering = ["occurred_at"]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.kind}"


class CasePlan(models.Model):
    """Needs, goals and the next review date agreed with the person."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="plan")
    needs = EncryptedTextField(_("needs"), blank=True)
    goals = EncryptedTextField(_("goals"), blank=True)
    review_on = models.DateField(_("next review"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"plan {self.case.reference}"


class FollowUpKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone call")
    OFFICE = "office", _("Office meeting")
    OTHER = "other", _("Other")


class FollowUp(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="follow_ups")
    happened_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=FollowUpKind.choices)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-happened_on"]

    def __str__(self) -> str:
        return f"follow-up {self.happened_on:%Y-%m-%d}"


class TransferState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class CaseTransfer(models.Model):
    """A request to move the ownership of a case to another organisation, which accepts or declines."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="transfers")
    from_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    to_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="transfers_received"
    )
    state = models.CharField(
        _("state"), max_length=12, choices=TransferState.choices, default=TransferState.REQUESTED
    )
    requested_at = models.DateTimeField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(state="requested"), name="one_pending_transfer_per_case"
            )
        ]

    def __str__(self) -> str:
        return f"transfer {self.case.reference}"
