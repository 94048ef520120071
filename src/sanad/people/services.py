"""Registering persons. Blind indexes are computed here, from the canonical form of each value."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.catalogs import loader
from sanad.crypto.normalise import canonical_document_number, canonical_phone
from sanad.crypto.ring import blind_index
from sanad.people.models import BirthDatePrecision, Person, Sex


def identity_indexes(*, phone: str, document_number: str) -> dict[str, str]:
    return {
        "phone_index": blind_index(canonical_phone(phone), purpose="phone") if phone else "",
        "document_number_index": (
            blind_index(canonical_document_number(document_number), purpose="document")
            if document_number
            else ""
        ),
    }


def register_person(
    *,
    actor: Any,
    organisation: Any = None,
    given_name_ar: str = "",
    family_name_ar: str = "",
    given_name_latin: str = "",
    family_name_latin: str = "",
    other_names: str = "",
    sex: str = Sex.UNKNOWN,
    birth_date: date | None = None,
    birth_date_precision: str = BirthDatePrecision.UNKNOWN,
    nationalities: list[str] | None = None,
    document_type: str = "",
    document_number: str = "",
    phone: str = "",
) -> Person:
    organisation = organisation or getattr(actor, "organisation", None)
    if not policy.may_open_case_in(actor, organisation):
        raise PermissionDenied("register_person")
    nationalities = nationalities or []
    unknown = [code for code in nationalities if code not in set(loader.country_codes())]
    if unknown:
        raise ValidationError(
            {"nationalities": _("Unknown country codes: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    if (birth_date is None) != (birth_date_precision == BirthDatePrecision.UNKNOWN):
        raise ValidationError(
            {"birth_date_precision": _("Give a date of birth with its precision, or neither.")}
        )
    with transaction.atomic():
        person = Person.objects.create(
            owning_organisation=organisation,
            given_name_ar=given_name_ar,
            family_name_ar=family_name_ar,
            given_name_latin=given_name_latin,
            family_name_latin=family_name_latin,
            other_names=other_names,
            sex=sex,
            birth_date=birth_date,
            birth_date_precision=birth_date_precision,
            nationalities=nationalities,
            document_type=document_type,
            document_number=document_number,
            phone=phone,
            **identity_indexes(phone=phone, document_number=document_number),
        )
        record_event(action=AuditAction.CREATE, actor=actor, target=person)
    return person


def link_same_person(
    *, actor: Any, record: Person, same_as: Person, detail: dict[str, Any] | None = None
) -> Person:
    """Record that ``record`` and ``same_as`` are one human (record linkage). Links always point at a record
    that is not itself linked, so counting needs one step: the records already linked to ``record`` move
    with it. Returns the record they now point at. ``detail`` says what decided it (a run, a decision)."""
    root: Person = same_as.linked_to if same_as.linked_to is not None else same_as
    if root.pk == record.pk:
        raise ValidationError({"same_as": _("A record cannot be linked to itself.")})
    with transaction.atomic():
        # Anonymised records keep the person the statistics counted them as: no link in or out.
        if Person.objects.filter(
            Q(pk__in=(record.pk, root.pk)) | Q(linked_to__in=(record.pk, root.pk)),
            anonymised_at__isnull=False,
        ).exists():
            raise ValidationError(_("An anonymised record cannot be linked to another."))
        Person.objects.filter(linked_to=record).update(linked_to=root)
        Person.objects.filter(pk=record.pk).update(linked_to=root)
        record.linked_to = root
        record_event(
            action=AuditAction.UPDATE,
            actor=actor,
            target=record,
            detail={"linked_to": str(root.pk), **(detail or {})},
        )
    return root
