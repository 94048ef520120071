"""Data-subject requests: the file produced (audited) and the rectification of identity (applied, kept in the
history, audited). Each is one transaction with its audit row; the audit row holds no value."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.audit.models import AuditAction, AuditEvent
from sanad.audit.services import record_event
from sanad.concurrency import bump_version, check_version
from sanad.crypto.normalise import is_plausible_phone
from sanad.people.models import Person
from sanad.people.services import identity_indexes
from sanad.privacy.models import RectifiableField, Rectification, Requester

REFERENCE_MAX_LENGTH = 64
VALUE_MAX_LENGTH = 200


def record_subject_access(
    *, actor: Any, person: Person, request_reference: str, summary: dict[str, int]
) -> AuditEvent:
    """The file of a data-subject access request was produced: who, for which request, how many rows of
    each kind (never a value)."""
    if not policy.may_answer_subject_requests(actor):
        raise PermissionDenied("privacy.subject_access")
    with transaction.atomic():
        return record_event(
            action=AuditAction.SUBJECT_ACCESS,
            actor=actor,
            target=person,
            detail={"request_reference": request_reference, "counts": summary},
        )


def _check_request(*, reason: str, request_reference: str, requested_by: str) -> None:
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Say why the value is wrong.")
    if not request_reference.strip() or len(request_reference) > REFERENCE_MAX_LENGTH:
        errors["request_reference"] = _(
            "Give the reference of the request (at most %(length)s characters)."
        ) % {"length": REFERENCE_MAX_LENGTH}
    if requested_by not in Requester.values:
        errors["requested_by"] = _("Say who made the request.")
    if errors:
        raise ValidationError(errors)


def _check_value(field: str, value: str) -> None:
    if len(value) > VALUE_MAX_LENGTH:
        raise ValidationError(
            {"new_value": _("At most %(length)s characters.") % {"length": VALUE_MAX_LENGTH}}
        )
    if field == RectifiableField.PHONE and value and not is_plausible_phone(value):
        raise ValidationError({"new_value": _("This is not a phone number.")})


def rectify_identity(
    *,
    actor: Any,
    person_id: Any,
    field: str,
    new_value: str,
    reason: str,
    request_reference: str,
    requested_by: str,
    expected_version: int | None,
) -> Rectification:
    """Correct one identity field of one record on a data-subject request. The record gets the new value
    (and its blind index, for a phone or document number); the rectification keeps the value before, the
    reason and the request, encrypted; the audit row names the field and the request only. Refused when
    the record changed since the form was read, and for an anonymised record."""
    if not policy.may_rectify_identity(actor):
        raise PermissionDenied("privacy.rectify")
    if field not in RectifiableField.values:
        raise ValidationError({"field": _("This field cannot be rectified here.")})
    new_value = new_value.strip()
    request_reference = request_reference.strip()
    _check_request(reason=reason, request_reference=request_reference, requested_by=requested_by)
    _check_value(field, new_value)
    with transaction.atomic():
        person = Person.objects.select_for_update().filter(pk=person_id).first()
        if person is None:
            raise ValidationError(_("This record does not exist."))
        check_version(person, expected_version)
        if person.anonymised_at is not None:
            raise ValidationError(_("This record was anonymised: it holds no identity to rectify."))
        old_value = getattr(person, field)
        if old_value == new_value:
            raise ValidationError({"new_value": _("This is already the recorded value.")})
        setattr(person, field, new_value)
        changed = [field, "version", "updated_at"]
        if field in (RectifiableField.PHONE, RectifiableField.DOCUMENT_NUMBER):
            indexes = identity_indexes(phone=person.phone, document_number=person.document_number)
            index = "phone_index" if field == RectifiableField.PHONE else "document_number_index"
            setattr(person, index, indexes[index])
            changed.append(index)
        bump_version(person)
        person.save(update_fields=changed)
        rectification = Rectification.objects.create(
            person=person,
            field=field,
            old_value=old_value,
            new_value=new_value,
            reason=reason.strip(),
            request_reference=request_reference,
            requested_by=requested_by,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        record_event(
            action=AuditAction.RECTIFICATION,
            actor=actor,
            target=person,
            detail={
                "field": field,
                "request_reference": request_reference,
                "rectification": str(rectification.pk),
            },
        )
    return rectification
