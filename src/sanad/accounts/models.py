"""Users, the organisations they work for, and the roles their membership grants."""

from __future__ import annotations

import uuid
from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.catalogs import loader


class User(AbstractUser):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @cached_property
    def active_membership(self) -> Membership | None:
        membership = (
            Membership.objects.select_related("organisation")
            .prefetch_related("roles")
            .filter(user=self, organisation__is_active=True)
            .first()
        )
        return membership

    @property
    def organisation(self) -> Organisation | None:
        membership = self.active_membership
        return membership.organisation if membership else None

    @cached_property
    def capabilities(self) -> frozenset[str]:
        membership = self.active_membership
        if membership is None or not self.is_active:
            return frozenset()
        granted: set[str] = set()
        for role in membership.roles.all():
            granted.update(role.capabilities)
        return frozenset(granted)

    def has_capability(self, capability: str) -> bool:
        return capability in self.capabilities

    def role_codes(self) -> list[str]:
        membership = self.active_membership
        return sorted(role.code for role in membership.roles.all()) if membership else []


class Organisation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    short_code = models.SlugField(_("short code"), max_length=32, unique=True)
    type = models.CharField(_("type"), max_length=32)
    region = models.CharField(_("region"), max_length=16, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # The service directory of the referral mechanism.
    services = models.JSONField(_("services offered"), default=list, blank=True)
    regions_served = models.JSONField(_("regions served"), default=list, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    accepting_referrals = models.BooleanField(_("accepts new referrals now"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def type_label(self) -> str:
        return loader.organisation_type_label(self.type)

    @property
    def region_label(self) -> str:
        return loader.region_label(self.region) if self.region else ""


class Role(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    label_fr = models.CharField(_("label in French"), max_length=120)
    label_ar = models.CharField(_("label in Arabic"), max_length=120)
    label_en = models.CharField(_("label in English"), max_length=120)
    capabilities = models.JSONField(_("capabilities"), default=list)
    sees_identity = models.BooleanField(_("sees identity data"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        from django.utils.translation import get_language

        language = (get_language() or "fr")[:2]
        return str(getattr(self, f"label_{language}", "") or self.label_fr)


class Membership(models.Model):
    """A user works for exactly one organisation, with one or more roles there."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    roles = models.ManyToManyField(Role, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"
