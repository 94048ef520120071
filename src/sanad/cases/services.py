"""State changes of cases: every function is atomic and writes its audit row in the same transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.cases.models import (
    Case,
    CasePlan,
    CaseReferenceCounter,
    CaseStatus,
    CaseTransfer,
    ClosureReason,
    FollowUp,
    FollowUpKind,
    TransferState,
)
from sanad.cases.timeline import record_case_event
from sanad.catalogs import loader
from sanad.concurrency import bump_version, check_version
from sanad.people.models import Person


def next_case_reference(*, year: int) -> str:
    """Take the next number of ``year`` under a row lock; call inside a transaction."""
    counter, _created = CaseReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return case_reference(year=year, number=counter.last_number)


def case_reference(*, year: int, number: int) -> str:
    """The reference of the ``number``-th case of ``year`` (MA-2025-000123)."""
    return f"{settings.SANAD_CASE_REFERENCE_PREFIX}-{year}-{number:06d}"


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
        # Locked: the retention rule locks a person before it anonymises her, so a case opened meanwhile
        # is either seen by it (and keeps her identity) or refused here.
        if Person.objects.select_for_update().filter(pk=person.pk, anonymised_at__isnull=False).exists():
            raise ValidationError(
                _("This person's identity was removed under the retention rule. Register her again.")
            )
        case = Case.objects.create(
            reference=next_case_reference(year=opened_on.year),
            person=person,
            owning_organisation=organisation,
            case_worker=case_worker,
            opened_on=opened_on,
            region=region,
        )
        record_event(action=AuditAction.CREATE, actor=actor, target=case)
        record_case_event(
            case=case, kind="opened", actor=actor, detail={"organisation": organisation.short_code}
        )
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
        record_case_event(case=locked, kind="details_updated", actor=actor, detail={"changed": changed})
    return locked


def update_plan(
    *, actor: Any, case: Case, needs: str, goals: str, review_on: date | None, expected_version: int | None
) -> CasePlan:
    policy.require_case_manager(actor, case)
    with transaction.atomic():
        plan, created = CasePlan.objects.select_for_update().get_or_create(case=case)
        if not created:
            check_version(plan, expected_version)
            bump_version(plan)
        plan.needs, plan.goals, plan.review_on, plan.updated_by = needs, goals, review_on, actor
        plan.save()
        record_event(action=AuditAction.UPDATE, actor=actor, target=case, detail={"plan": True})
        record_case_event(case=case, kind="plan_updated", actor=actor)
    return plan


def record_follow_up(*, actor: Any, case: Case, happened_on: date, kind: str, note: str = "") -> FollowUp:
    policy.require_case_manager(actor, case)
    if kind not in FollowUpKind.values:
        raise ValidationError({"kind": _("Choose the kind of contact.")})
    if happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("The date cannot be in the future.")})
    with transaction.atomic():
        follow_up = FollowUp.objects.create(
            case=case, happened_on=happened_on, kind=kind, note=note, recorded_by=actor
        )
        record_event(action=AuditAction.CREATE, actor=actor, target=case, detail={"follow_up": kind})
        record_case_event(case=case, kind="follow_up", actor=actor, detail={"kind": kind})
    return follow_up


def request_transfer(*, actor: Any, case: Case, to_organisation: Any) -> CaseTransfer:
    """Ask another case-owning organisation to take the case over; it stays ours until it accepts."""
    policy.require_case_manager(actor, case)
    if (
        to_organisation.pk == case.owning_organisation_id
        or to_organisation.type not in policy.CASE_OWNING_ORGANISATION_TYPES
    ):
        raise ValidationError({"to_organisation": _("Choose another organisation that owns cases.")})
    with transaction.atomic():
        if CaseTransfer.objects.select_for_update().filter(case=case, state=TransferState.REQUESTED).exists():
            raise ValidationError(
                {"to_organisation": _("A transfer of this case is already waiting for an answer.")}
            )
        transfer = CaseTransfer.objects.create(
            case=case,
            from_organisation=case.owning_organisation,
            to_organisation=to_organisation,
            requested_at=timezone.now(),
            requested_by=actor,
        )
        detail = {"to": to_organisation.short_code}
        record_event(
            action=AuditAction.CREATE, actor=actor, target=case, detail={"transfer": "requested", **detail}
        )
        record_case_event(case=case, kind="transfer_requested", actor=actor, detail=detail)
    return transfer


def answer_transfer(*, actor: Any, transfer: CaseTransfer, accept: bool) -> CaseTransfer:
    """The receiving organisation accepts (it becomes the owner, with the person's file) or declines."""
    if (
        not policy.has_capability(actor, "case.manage")
        or transfer.to_organisation_id != actor.organisation.pk
    ):
        raise PermissionDenied("case.transfer")
    with transaction.atomic():
        locked = (
            CaseTransfer.objects.select_for_update()
            .select_related("case", "case__person")
            .get(pk=transfer.pk)
        )
        if locked.state != TransferState.REQUESTED:
            raise ValidationError(_("This transfer was already answered."))
        locked.state = TransferState.ACCEPTED if accept else TransferState.DECLINED
        locked.answered_at, locked.answered_by = timezone.now(), actor
        locked.save(update_fields=["state", "answered_at", "answered_by"])
        case = Case.objects.select_for_update().get(pk=locked.case_id)
        if accept:
            case.owning_organisation = actor.organisation
            case.case_worker = actor
            bump_version(case)
            case.save(update_fields=["owning_organisation", "case_worker", "version", "updated_at"])
            person = case.person
            if not person.cases.exclude(pk=case.pk).exclude(owning_organisation=actor.organisation).exists():
                person.owning_organisation = actor.organisation
                person.save(update_fields=["owning_organisation", "updated_at"])
        detail = {"from": locked.from_organisation.short_code, "to": locked.to_organisation.short_code}
        record_event(
            action=AuditAction.UPDATE, actor=actor, target=case, detail={"transfer": locked.state, **detail}
        )
        record_case_event(case=case, kind=f"transfer_{locked.state}", actor=actor, detail=detail)
    return locked


def close_case(*, actor: Any, case: Case, reason: str, closed_on: date, expected_version: int | None) -> Case:
    policy.require_case_manager(actor, case)
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": _("Choose the reason for closing.")})
    if closed_on > timezone.localdate() or closed_on < case.opened_on:
        raise ValidationError({"closed_on": _("The closing date must be between the opening and today.")})
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        check_version(locked, expected_version)
        if locked.status == CaseStatus.CLOSED:
            raise ValidationError(_("The case is already closed."))
        locked.status, locked.closed_on, locked.closure_reason = CaseStatus.CLOSED, closed_on, reason
        bump_version(locked)
        locked.save()
        record_event(action=AuditAction.UPDATE, actor=actor, target=locked, detail={"closed": reason})
        record_case_event(case=locked, kind="closed", actor=actor, detail={"reason": reason})
    return locked


def reopen_case(*, actor: Any, case: Case, expected_version: int | None) -> Case:
    policy.require_case_manager(actor, case)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        check_version(locked, expected_version)
        if locked.status != CaseStatus.CLOSED:
            raise ValidationError(_("The case is open."))
        previous = locked.closure_reason
        locked.status, locked.closed_on, locked.closure_reason = CaseStatus.OPEN, None, ""
        bump_version(locked)
        locked.save()
        record_event(action=AuditAction.UPDATE, actor=actor, target=locked, detail={"reopened": True})
        record_case_event(case=locked, kind="reopened", actor=actor, detail={"previous_reason": previous})
    return locked
