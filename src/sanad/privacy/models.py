"""Rectifications of identity recorded by the data-protection officer, with the values before and after.

The row is the history: the person's record holds the new value, this row what it was, why it changed and on
whose request. Values and reason are identity-tier data and stored encrypted; the audit trail holds only the
field's name and the request reference.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.crypto.fields import EncryptedTextField


class RectifiableField(models.TextChoices):
    GIVEN_NAME_AR = "given_name_ar", _("Given name (Arabic script)")
    FAMILY_NAME_AR = "family_name_ar", _("Family name (Arabic script)")
    GIVEN_NAME_LATIN = "given_name_latin", _("Given name (Latin script)")
    FAMILY_NAME_LATIN = "family_name_latin", _("Family name (Latin script)")
    OTHER_NAMES = "other_names", _("Other names and aliases")
    DOCUMENT_TYPE = "document_type", _("Document type")
    DOCUMENT_NUMBER = "document_number", _("Document number")
    PHONE = "phone", _("Phone number")


class Requester(models.TextChoices):
    PERSON = "person", _("The person herself or himself")
    REPRESENTATIVE = "representative", _("A lawyer or representative with a mandate")
    GUARDIAN = "guardian", _("The legal guardian (child)")
    CNDP = "cndp", _("The data-protection authority (CNDP)")


class Rectification(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="rectifications")
    field = models.CharField(_("field"), max_length=32, choices=RectifiableField.choices)
    old_value = EncryptedTextField(_("value before"), blank=True)
    new_value = EncryptedTextField(_("value after"), blank=True)
    reason = EncryptedTextField(_("reason"), blank=True)
    request_reference = models.CharField(_("request reference"), max_length=64)
    requested_by = models.CharField(_("requested by"), max_length=16, choices=Requester.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")

    def __str__(self) -> str:
        # Never the values: str() ends up in logs and audit labels.
        return f"rectification {self.field} {self.request_reference}"
