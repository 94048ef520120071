"""Prevention: the awareness campaigns and the official trainings run against trafficking.

Neither holds personal data: a campaign names its audience as a group, a training counts its participants by
sex. Amounts are integer minor units (hundredths) of ``currency``.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.catalogs import loader
from sanad.money import to_major


class CampaignType(models.TextChoices):
    TV_SPOT = "tv_spot", _("Television spot")
    RADIO_SPOT = "radio_spot", _("Radio spot")
    BILLBOARD = "billboard", _("Billboards and posters")
    EXHIBITION = "exhibition", _("Exhibition")
    SOCIAL_MEDIA = "social_media", _("Social media")
    SCHOOLS = "schools", _("Schools and universities")
    COMMUNITY_OUTREACH = "community_outreach", _("Community outreach")
    OTHER = "other", _("Other")


class ReachMethod(models.TextChoices):
    BROADCAST_RATINGS = "broadcast_ratings", _("Broadcast ratings")
    SOCIAL_MEDIA_ANALYTICS = "social_media_analytics", _("Social media analytics")
    HEAD_COUNT = "head_count", _("Head count")
    DISTRIBUTION_COUNT = "distribution_count", _("Copies distributed")
    ESTIMATE = "estimate", _("Estimate")
    NOT_MEASURED = "not_measured", _("Not measured")


# The methods that yield a number; "not measured" cannot stand behind an audience figure.
MEASURING_METHODS = frozenset(ReachMethod.values) - {ReachMethod.NOT_MEASURED}


class AudienceSector(models.TextChoices):
    POLICE = "police", _("Police")
    GENDARMERIE = "gendarmerie", _("Gendarmerie")
    PROSECUTORS = "prosecutors", _("Prosecutors")
    JUDGES = "judges", _("Judges")
    LABOUR_INSPECTORS = "labour_inspectors", _("Labour inspectors")
    SOCIAL_WORKERS = "social_workers", _("Social workers")
    HEALTH_STAFF = "health_staff", _("Health staff")
    NGO_STAFF = "ngo_staff", _("NGO staff")
    CONSULAR_STAFF = "consular_staff", _("Consular staff")
    OTHER = "other", _("Other")


class PreventionRecord(models.Model):
    """What campaigns and trainings share: a budget, notes, who recorded them and when, a version."""

    budget_minor = models.PositiveBigIntegerField(_("budget"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="MAD")
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    @property
    def budget(self) -> Decimal | None:
        return None if self.budget_minor is None else to_major(self.budget_minor)


class Campaign(PreventionRecord):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("title"), max_length=200)
    type = models.CharField(_("type"), max_length=32, choices=CampaignType.choices)
    organiser = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="campaigns_organised",
        verbose_name=_("organiser"),
    )
    partners = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="campaigns_partnered", verbose_name=_("partners")
    )
    other_partners = models.CharField(
        _("other partners"),
        max_length=500,
        blank=True,
        help_text=_("Partners that are not registered as organisations."),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(
        _("ends on"), null=True, blank=True, help_text=_("Empty for an event of a single day.")
    )
    regions = models.JSONField(
        _("regions"), default=list, blank=True, help_text=_("None for a nationwide campaign.")
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    audience = models.CharField(_("audience targeted"), max_length=300)
    audience_reached = models.PositiveIntegerField(_("audience reached"), null=True, blank=True)
    reach_method = models.CharField(
        _("how the audience was measured"), max_length=32, choices=ReachMethod.choices, blank=True
    )

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("awareness campaign")
        verbose_name_plural = _("awareness campaigns")
        indexes = [
            models.Index(fields=["starts_on"], name="campaign_starts_on"),
            models.Index(fields=["organiser", "starts_on"], name="campaign_organiser_starts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def region_labels(self) -> list[str]:
        return [loader.region_label(code) for code in self.regions]

    def language_labels(self) -> list[str]:
        return [loader.language_label(code) for code in self.languages]


class Training(PreventionRecord):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("title or topic"), max_length=200)
    audience_sector = models.CharField(_("trainees' sector"), max_length=32, choices=AudienceSector.choices)
    organiser = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="trainings_organised",
        verbose_name=_("organiser"),
    )
    partners = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="trainings_partnered", verbose_name=_("partners")
    )
    held_on = models.DateField(_("held on (first day)"))
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    region = models.CharField(_("region"), max_length=16)
    hours = models.DecimalField(_("hours of training"), max_digits=6, decimal_places=2)
    participants_female = models.PositiveIntegerField(_("women trained"), default=0)
    participants_male = models.PositiveIntegerField(_("men trained"), default=0)
    participants_unknown_sex = models.PositiveIntegerField(_("participants of unrecorded sex"), default=0)
    covers_identification_guide = models.BooleanField(_("covers the identification guide"), default=False)
    covers_nrm = models.BooleanField(_("covers the national referral mechanism"), default=False)

    class Meta:
        ordering = ["-held_on", "title"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        indexes = [
            models.Index(fields=["held_on"], name="training_held_on"),
            models.Index(fields=["organiser", "held_on"], name="training_organiser_held"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("held_on")),
                name="training_ends_after_start",
            ),
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="training_hours_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def participants_total(self) -> int:
        return self.participants_female + self.participants_male + self.participants_unknown_sex

    @property
    def region_label(self) -> str:
        return loader.region_label(self.region)
