"""Hotline contacts: signals into the referral mechanism, and the police alerts they raise."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.catalogs import loader
from sanad.crypto.fields import EncryptedTextField


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    WEB_FORM = "web_form", _("Web form")
    WALK_IN = "walk_in", _("Walk-in")
    EMAIL = "email", _("Email")
    SOCIAL_MEDIA = "social_media", _("Social media")
    AGENCY_REFERRAL = "agency_referral", _("Agency referral")


class ContactType(models.TextChoices):
    CRISIS = "crisis", _("Crisis")
    TIP = "tip", _("Tip")
    REFERRAL_REQUEST = "referral_request", _("Referral request")
    INFORMATION = "information", _("Information")
    OTHER = "other", _("Other")


class ReporterRelation(models.TextChoices):
    SELF = "self", _("The person concerned")
    THIRD_PARTY = "third_party", _("Third party")
    ANONYMOUS = "anonymous", _("Anonymous")


class Urgency(models.IntegerChoices):
    ROUTINE = 1, _("Routine")
    URGENT = 2, _("Urgent")
    EMERGENCY = 3, _("Emergency")


class TriageState(models.TextChoices):
    NEW = "new", _("New")
    TRIAGED = "triaged", _("Triaged")
    ESCALATED = "escalated", _("Escalated")
    INFORMATION_ONLY = "information_only", _("Information only")
    NOT_TRAFFICKING = "not_trafficking", _("Not trafficking")
    CLOSED = "closed", _("Closed")


# Which state may follow which; "closed" always needs a reason.
TRANSITIONS: dict[str, frozenset[str]] = {
    TriageState.NEW: frozenset({TriageState.TRIAGED, TriageState.CLOSED}),
    TriageState.TRIAGED: frozenset(
        {TriageState.ESCALATED, TriageState.INFORMATION_ONLY, TriageState.NOT_TRAFFICKING, TriageState.CLOSED}
    ),
    TriageState.ESCALATED: frozenset({TriageState.CLOSED}),
    TriageState.INFORMATION_ONLY: frozenset({TriageState.CLOSED}),
    TriageState.NOT_TRAFFICKING: frozenset({TriageState.CLOSED}),
    TriageState.CLOSED: frozenset(),
}
OPEN_STATES = (TriageState.NEW, TriageState.TRIAGED)


class Contact(models.Model):
    """One signal received by a hotline. The narrative and the callback number are identity-tier data."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("reference"), max_length=16, unique=True)
    hotline = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="contacts")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    contact_type = models.CharField(_("contact type"), max_length=20, choices=ContactType.choices)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    language = models.CharField(_("language"), max_length=32, blank=True)
    region = models.CharField(_("region"), max_length=16, blank=True)
    reporter_relation = models.CharField(_("reporter"), max_length=16, choices=ReporterRelation.choices)
    urgency = models.PositiveSmallIntegerField(_("urgency"), choices=Urgency.choices, default=Urgency.ROUTINE)
    narrative = EncryptedTextField(_("narrative"), blank=True)
    callback_number = EncryptedTextField(_("callback number"), blank=True)
    callback_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    state = models.CharField(_("state"), max_length=20, choices=TriageState.choices, default=TriageState.NEW)
    triaged_at = models.DateTimeField(_("triaged at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    information_only_at = models.DateTimeField(_("information only at"), null=True, blank=True)
    not_trafficking_at = models.DateTimeField(_("not trafficking at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closing_reason = EncryptedTextField(_("closing reason"), blank=True)

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalated_to = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the retention rule removed the caller's identity (narrative, callback number, notes).
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            models.Index(fields=["hotline", "state", "received_at"], name="contact_queue"),
            models.Index(fields=["hotline", "received_at"], name="contact_hotline_received"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def region_label(self) -> str:
        return loader.region_label(self.region) if self.region else ""

    @property
    def language_label(self) -> str:
        return loader.language_label(self.language) if self.language else ""

    def state_timestamps(self) -> list[tuple[str, datetime]]:
        """Each state reached, with when, in the order they happened."""
        stamps = [(str(TriageState.NEW.label), self.received_at)]
        for state in (
            TriageState.TRIAGED,
            TriageState.ESCALATED,
            TriageState.INFORMATION_ONLY,
            TriageState.NOT_TRAFFICKING,
            TriageState.CLOSED,
        ):
            moment = getattr(self, f"{state.value}_at")
            if moment is not None:
                stamps.append((str(state.label), moment))
        return stamps


class AlertMethod(models.TextChoices):
    PHONE = "phone", _("Phone")
    RADIO = "radio", _("Radio")
    SECURE_EMAIL = "secure_email", _("Secure email")
    LETTER = "letter", _("Official letter")
    IN_PERSON = "in_person", _("In person")


class PoliceAlert(models.Model):
    """An alert passed from the hotline to a named police or gendarmerie unit: who, when, how."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="alerts")
    unit = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    recipient_name = models.CharField(_("officer alerted"), max_length=120)
    method = models.CharField(_("how"), max_length=20, choices=AlertMethod.choices)
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        ordering = ["sent_at"]
        verbose_name = _("police alert")
        verbose_name_plural = _("police alerts")

    def __str__(self) -> str:
        return f"alert {self.contact.reference} → {self.unit.short_code}"
