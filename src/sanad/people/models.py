"""Persons: identity (encrypted at rest) and the few facts about them that statistics need in clear."""

from __future__ import annotations

import uuid
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.crypto.fields import EncryptedTextField


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class BirthDatePrecision(models.TextChoices):
    FULL = "full", _("Full date")
    YEAR_MONTH = "year_month", _("Year and month")
    YEAR = "year", _("Year only")
    ESTIMATED = "estimated", _("Estimated age")
    UNKNOWN = "unknown", _("Unknown")


class Person(models.Model):
    """A person registered by an organisation. Names, document and phone are identity-tier data.

    The date of birth is kept as a date plus its precision: a year-only birth date is stored as 1 July
    of that year and an estimated age as the date that age implies, so ages can be computed at any date
    while the precision says how far to trust them.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owning_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="persons"
    )
    given_name_ar = EncryptedTextField(_("given name (Arabic script)"), blank=True)
    family_name_ar = EncryptedTextField(_("family name (Arabic script)"), blank=True)
    given_name_latin = EncryptedTextField(_("given name (Latin script)"), blank=True)
    family_name_latin = EncryptedTextField(_("family name (Latin script)"), blank=True)
    other_names = EncryptedTextField(_("other names and aliases"), blank=True)
    document_type = models.CharField(_("document type"), max_length=32, blank=True)
    document_number = EncryptedTextField(_("document number"), blank=True)
    document_number_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone = EncryptedTextField(_("phone number"), blank=True)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    sex = models.CharField(_("sex"), max_length=16, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("precision of the date of birth"),
        max_length=16,
        choices=BirthDatePrecision.choices,
        default=BirthDatePrecision.UNKNOWN,
    )
    nationalities = models.JSONField(_("nationalities"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    medical_alerts = EncryptedTextField(_("medical alerts"), blank=True)
    # Record linkage: another organisation's record of the same human. Statistics count her once, as the
    # record this one points to; the link always points at a record that is not itself linked.
    linked_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="linked_records",
        verbose_name=_("same person as"),
    )
    # Set when the retention rule removed the identity (``privacy.anonymisation``): the record keeps the
    # facts the statistics count, and pages say "anonymised" instead of showing empty names.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    # Incremented on every change of the identity (rectification, anonymisation): a form carries the version
    # it was read at and is refused if the record moved on (``sanad.concurrency``).
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        # Never the name: str() ends up in logs, audit labels and error pages.
        return f"person {str(self.id)[:8]}"

    @property
    def latin_name(self) -> str:
        return " ".join(part for part in (self.given_name_latin, self.family_name_latin) if part)

    @property
    def arabic_name(self) -> str:
        return " ".join(part for part in (self.given_name_ar, self.family_name_ar) if part)

    def age_on(self, day: date) -> int | None:
        """Age in whole years on ``day``, or None when the date of birth is unknown."""
        if self.birth_date is None or self.birth_date_precision == BirthDatePrecision.UNKNOWN:
            return None
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return max(years, 0)

    @property
    def birth_date_display(self) -> str:
        if self.birth_date is None:
            return ""
        match self.birth_date_precision:
            case BirthDatePrecision.FULL:
                return self.birth_date.isoformat()
            case BirthDatePrecision.YEAR_MONTH:
                return f"{self.birth_date:%Y-%m}"
            case BirthDatePrecision.YEAR:
                return f"{self.birth_date:%Y}"
            case BirthDatePrecision.ESTIMATED:
                return f"~{self.birth_date:%Y}"
        return ""
