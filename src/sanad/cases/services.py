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
from sanad.people.models import Person


def next_case_reference(*, year: int) -> str:
    """Take the next number of ``year`` under a row lock; call inside a transaction."""
    counter, _created = CaseReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{settings.SANAD_CASE_REFERENCE_PREFIX}-{year}-{counter.last_number:06d}"


def open_case(*, actor: Any, person: Person, opened_on: date, region: str, case_worker: Any = None) -> Case:
    """Open a case for a person registered by the actor's organisation."""
    if not policy.has_capability(actor, "case.view_own_organisation"):
        raise PermissionDenied("open_case")
    organisation = actor.organisation
    if person.owning_organisation_id != organisation.pk:
        raise PermissionDenied("open_case")
    if region not in loader.regions().by_code():
        raise ValidationError({"region": _("Unknown region code %(code)s.") % {"code": region}})
    with transaction.atomic():
        case = Case.objects.create(
            reference=next_case_reference(year=opened_on.year),
            person=person,
            owning_organisation=organisation,
            case_worker=case_worker or actor,
            opened_on=opened_on,
            region=region,
        )
        record_event(action=AuditAction.CREATE, actor=actor, target=case)
    return case
