"""State changes of cases: every function is atomic and writes its audit row in the same transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.cases.models import Case, CaseReferenceCounter
from sanad.catalogs import loader
from sanad.concurrency import bump_version, check_version
from sanad.people.models import Person


def next_case_reference(*, year: int) -> str:
    """Take the next number of ``year`` under a row lock; call inside a transaction."""
    counter, _created = CaseReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{settings.SANAD_CASE_REFERENCE_PREFIX}-{year}-{counter.last_number:06d}"


def open_case(
    *,
    actor: Any,
    person: Person,
    opened_on: date,
    region: str,
    case_worker: Any = None,
    organisation: Any = None,
) -> Case:
    """Open a case in the organisation that registered the person: the actor's, or one a hotline escalates to.


    A case opened by escalation has no case worker until the receiving organisation assigns one.
    """
    organisation = organisation or getattr(actor, "organisation", None)
    if not policy.may_open_case_in(actor, organisation) or person.owning_organisation_id != organisation.pk:
        raise PermissionDenied("open_case")
    if case_worker is None and organisation.pk == actor.organisation.pk:
        case_worker = actor
    if region not in loader.regions().by_code():
        raise ValidationError({"region": _("Unknown region code %(code)s.") % {"code": region}})
    with transaction.atomic():
        case = Case.objects.create(
            reference=next_case_reference(year=opened_on.year),
            person=person,
            owning_organisation=organisation,
            case_worker=case_worker,
            opened_on=opened_on,
            region=region,
        )
        record_event(action=AuditAction.CREATE, actor=actor, target=case)
    return case


DETAIL_LISTS = {
    "forms_of_exploitation": loader.exploitation_forms,
    "sectors": loader.sectors,
    "means_of_control": loader.means_of_control,
}
DETAIL_CODES = {
    "recruiter_relation": loader.recruiter_relations,
    "recruitment_method": loader.recruitment_methods,
}
DETAIL_FIELDS = (
    *DETAIL_LISTS,
    *DETAIL_CODES,
    "recruitment_country",
    "recruitment_date",
    "recruitment_platform",
    "exploitation_country",
    "exploitation_region",
    "exploitation_started_on",
    "exploitation_ended_on",
    "exploitation_online",
    "transit_countries",
)


def _detail_errors(details: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for field, catalog in DETAIL_LISTS.items():
        unknown = sorted(set(details.get(field, [])) - set(catalog().by_code()))
        if unknown:
            errors[field] = _("Unknown codes: %(codes)s.") % {"codes": ", ".join(unknown)}
    for field, catalog in DETAIL_CODES.items():
        value = details.get(field, "")
        if value and value not in catalog().by_code():
            errors[field] = _("Unknown code %(code)s.") % {"code": value}
    countries = set(loader.country_codes())
    for field in ("recruitment_country", "exploitation_country"):
        if details.get(field) and details[field] not in countries:
            errors[field] = _("Unknown country code %(code)s.") % {"code": details[field]}
    unknown_transit = sorted(set(details.get("transit_countries", [])) - countries)
    if unknown_transit:
        errors["transit_countries"] = _("Unknown country codes: %(codes)s.") % {
            "codes": ", ".join(unknown_transit)
        }
    region = details.get("exploitation_region")
    if region and region not in loader.regions().by_code():
        errors["exploitation_region"] = _("Unknown region code %(code)s.") % {"code": region}
    started, ended = details.get("exploitation_started_on"), details.get("exploitation_ended_on")
    if started and ended and ended < started:
        errors["exploitation_ended_on"] = _("Exploitation cannot end before it started.")
    return errors


def update_case_details(*, actor: Any, case: Case, expected_version: int | None, **details: Any) -> Case:
    """Record the forms of exploitation, sectors, means of control, recruitment and exploitation details."""
    if not policy.may_screen(actor, case):
        raise PermissionDenied("case_details")
    unknown_fields = sorted(set(details) - set(DETAIL_FIELDS))
    if unknown_fields:
        raise TypeError(f"unknown case details: {unknown_fields}")
    errors = _detail_errors(details)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        check_version(locked, expected_version)
        changed = sorted(field for field, value in details.items() if getattr(locked, field) != value)
        for field, value in details.items():
            setattr(locked, field, value)
        bump_version(locked)
        locked.save()
        record_event(action=AuditAction.UPDATE, actor=actor, target=locked, detail={"changed": changed})
    return locked
