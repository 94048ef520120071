"""Shelter beds by category and the placements that fill them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BedCategory(models.TextChoices):
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")
    CHILDREN = "children", _("Children")
    EMERGENCY = "emergency", _("Emergency")


class ShelterCapacity(models.Model):
    """The beds of one category in one shelter. Admissions lock this row, so two staff cannot both take
    the last bed."""

    shelter = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="capacities")
    category = models.CharField(_("category"), max_length=16, choices=BedCategory.choices)
    beds = models.PositiveIntegerField(_("beds"))
    admissions = models.PositiveIntegerField(
        default=0, editable=False
    )  # written on every admission: the lock

    class Meta:
        ordering = ["shelter", "category"]
        constraints = [
            models.UniqueConstraint(fields=["shelter", "category"], name="one_capacity_per_category")
        ]

    def __str__(self) -> str:
        return f"{self.shelter.short_code} {self.category}: {self.beds}"


class Placement(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    shelter = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="placements")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="placements")
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="placements"
    )
    category = models.CharField(_("category"), max_length=16, choices=BedCategory.choices)
    admitted_at = models.DateTimeField(_("admitted at"))
    discharged_at = models.DateTimeField(_("discharged at"), null=True, blank=True)
    discharge_reason = models.CharField(_("reason for discharge"), max_length=200, blank=True)
    over_capacity_reason = models.TextField(_("reason for admitting beyond capacity"), blank=True)
    admitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-admitted_at"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        indexes = [models.Index(fields=["shelter", "category", "discharged_at"], name="placement_occupancy")]

    def __str__(self) -> str:
        return f"placement {self.case.reference} at {self.shelter.short_code}"
