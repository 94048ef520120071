"""Victim-assistance cases. The full lifecycle (screening, referral, closure) comes with later modules."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.catalogs import loader


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


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

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_on", "-reference"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [models.Index(fields=["owning_organisation", "opened_on"], name="case_owner_opened")]

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
