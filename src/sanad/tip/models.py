"""The US TIP Report as Sanad keeps it: every country's tier by report year, the waivers of the automatic
downgrade, the imports that brought them, and the commission's own ratings of its readiness."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.tip.rules import Tier


class TierChoice(models.TextChoices):
    TIER_1 = Tier.ONE.value, _("Tier 1")
    TIER_2 = Tier.TWO.value, _("Tier 2")
    WATCH_LIST = Tier.WATCH_LIST.value, _("Tier 2 Watch List")
    TIER_3 = Tier.THREE.value, _("Tier 3")
    SPECIAL = Tier.SPECIAL.value, _("Special case")


class TierListImport(models.Model):
    """One administrator's import of a report year's list: who, when, what file, what it changed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    year = models.PositiveSmallIntegerField(_("report year"))
    file_name = models.CharField(_("file"), max_length=200)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    created = models.PositiveIntegerField(_("placements added"), default=0)
    changed = models.PositiveIntegerField(_("placements changed"), default=0)
    unchanged = models.PositiveIntegerField(_("placements already held"), default=0)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.year} ({self.file_name})"


class TierPlacement(models.Model):
    """A country's placement in one report year. ``list_import`` is empty for the shipped history."""

    iso3 = models.CharField(_("country (ISO 3166 alpha-3)"), max_length=3)
    year = models.PositiveSmallIntegerField(_("report year"))
    tier = models.CharField(_("tier"), max_length=8, choices=TierChoice.choices)
    source = models.TextField(_("source"), blank=True)
    list_import = models.ForeignKey(
        TierListImport, null=True, blank=True, on_delete=models.PROTECT, related_name="placements"
    )

    class Meta:
        ordering = ["iso3", "year"]
        constraints = [
            models.UniqueConstraint(fields=["iso3", "year"], name="one_placement_per_country_year")
        ]
        indexes = [models.Index(fields=["year", "tier"], name="tip_placement_year_tier")]

    def __str__(self) -> str:
        return f"{self.iso3} {self.year}: {self.tier}"


class Waiver(models.Model):
    """A presidential waiver of the automatic downgrade (22 U.S.C. 7107(b)(2)(D)(ii)) for a report year."""

    iso3 = models.CharField(_("country (ISO 3166 alpha-3)"), max_length=3)
    year = models.PositiveSmallIntegerField(_("report year"))
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["iso3", "year"]
        constraints = [models.UniqueConstraint(fields=["iso3", "year"], name="one_waiver_per_country_year")]

    def __str__(self) -> str:
        return f"{self.iso3} {self.year}"


class Rating(models.TextChoices):
    MEETS = "meets", _("Meets the standard")
    PARTLY = "partly", _("Partly meets the standard")
    DOES_NOT_MEET = "does_not_meet", _("Does not meet the standard")
    INSUFFICIENT_EVIDENCE = "insufficient_evidence", _("Not enough evidence to say")


class ReadinessRating(models.Model):
    """The coordinator's rating and note of one criterion or minimum standard for one TIP reporting period
    (named by the year it ends on 31 March). Sanad computes the evidence; it never rates itself."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    period_year = models.PositiveSmallIntegerField(_("reporting period ending 31 March of"))
    criterion = models.CharField(_("criterion"), max_length=8)
    rating = models.CharField(_("rating"), max_length=24, choices=Rating.choices)
    note = models.TextField(_("note"), blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(_("set at"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["period_year", "criterion"]
        constraints = [
            models.UniqueConstraint(fields=["period_year", "criterion"], name="one_rating_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.period_year} {self.criterion}: {self.rating}"
