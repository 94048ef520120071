"""Anonymising one person, or one hotline contact, in one transaction with its audit rows.

What goes: every identity field and every free-text field, whatever its label (free text is where names,
places and relatives end up), the blind indexes that would let a phone or document number find her again,
her date of birth and languages, the join keys into other systems (external case number, offline form id),
notes of linkage decisions and waiting duplicate pairs, the values of rectifications. What stays: the facts
the counting module reads (sex, nationalities, forms of exploitation and the other coded case details, dates,
statuses and decisions, consents, referrals, placements, services, criminal-case links), the links between
her records, and her age on each status decision, stored before the date of birth is removed so the tables
are the same before and after (``StatusDecision.age_on_decision``, computed with the counting module's own
``best_birth`` and ``age_on``). The audit trail is never edited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from sanad.access.models import BreakGlassGrant
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.cases.models import Case, CasePlan, FollowUp
from sanad.hotline.models import Contact, PoliceAlert
from sanad.identification.models import Screening, ScreeningAnswer, StatusDecision
from sanad.justice.models import VictimLink
from sanad.linkage.models import CandidatePair, LinkDecision
from sanad.linkage.services import lock_links
from sanad.people.models import BirthDatePrecision, Person
from sanad.privacy.models import Rectification
from sanad.privacy.rule import closed_before, contact_due, criminal_cases_pending
from sanad.referrals.models import Referral, ServiceDelivery
from sanad.shelters.models import Placement
from sanad.statistics.victims import age_on, best_birth

PERSON_CLEARED: dict[str, Any] = {
    "given_name_ar": "", "family_name_ar": "", "given_name_latin": "", "family_name_latin": "",
    "other_names": "", "document_type": "", "document_number": "", "document_number_index": "", "phone": "",
    "phone_index": "", "medical_alerts": "", "birth_date": None,
    "birth_date_precision": BirthDatePrecision.UNKNOWN, "languages": [],
}  # fmt: skip
CASE_CLEARED: dict[str, Any] = {"external_reference": "", "recruitment_platform": ""}
# Rows about her cases: (model, path from the model to the case, fields cleared).
CASE_ROWS_CLEARED: list[tuple[type[models.Model], str, dict[str, Any]]] = [
    (CasePlan, "case", {"needs": "", "goals": ""}),
    (FollowUp, "case", {"note": ""}),
    (Referral, "case", {"note": "", "decline_reason": "", "consent_override_reason": ""}),
    (ServiceDelivery, "case", {"notes": ""}),
    (Placement, "case", {"discharge_reason": "", "over_capacity_reason": ""}),
    (Screening, "case", {"offline_instance": ""}),
    (ScreeningAnswer, "screening__case", {"note": ""}),
    (StatusDecision, "case", {"rationale": ""}),
    (BreakGlassGrant, "case", {"reason": ""}),
]
CONTACT_CLEARED: dict[str, Any] = {
    "narrative": "",
    "callback_number": "",
    "callback_index": "",
    "closing_reason": "",
}
ALERT_CLEARED: dict[str, Any] = {"note": ""}
RECTIFICATION_CLEARED: dict[str, Any] = {"old_value": "", "new_value": "", "reason": ""}


@dataclass(frozen=True)
class CaseLine:
    """A case as the run lists it: no name, nothing that identifies the person."""

    reference: str
    closed_on: date | None
    organisation: str


def _keep_ages(records: list[Person], cases: list[Case], root_id: UUID) -> None:
    """Store on each status decision the age the counting module gives her on that day, from the same date
    of birth it picks among her records (those with a case, as it reads them)."""
    with_cases = {case.person_id for case in cases}
    born, precision = best_birth(
        (record.birth_date, record.birth_date_precision, record.pk == root_id)
        for record in records
        if record.pk in with_cases
    )
    for decision_id, decided_on in StatusDecision.objects.filter(case__in=cases).values_list(
        "pk", "decided_on"
    ):
        age = age_on(born, precision, decided_on) if born is not None else None
        StatusDecision.objects.filter(pk=decision_id).update(age_on_decision=age)


def _clear_contacts(contacts: Q, now: Any) -> int:
    ids = list(Contact.objects.filter(contacts).values_list("pk", flat=True))
    PoliceAlert.objects.filter(contact__in=ids).update(**ALERT_CLEARED)
    Contact.objects.filter(pk__in=ids).update(**CONTACT_CLEARED, anonymised_at=now, version=F("version") + 1)
    return len(ids)


def anonymise_person(*, root_id: UUID, cutoff: date, years: int, actor_label: str) -> list[CaseLine]:
    """Anonymise the person counted as record ``root_id`` (all her linked records) if the rule still holds
    once her records and cases are locked; the cases anonymised, none when it no longer holds."""
    now = timezone.now()
    with transaction.atomic():
        lock_links()  # no link or unlink of her records meanwhile
        records = list(
            Person.objects.select_for_update().filter(Q(pk=root_id) | Q(linked_to=root_id)).order_by("pk")
        )
        root = next((record for record in records if record.pk == root_id), None)
        if root is None or root.linked_to_id is not None or any(r.anonymised_at for r in records):
            return []
        cases = list(
            Case.objects.select_for_update(of=("self",))
            .select_related("owning_organisation")
            .filter(person__in=records)
            .order_by("closed_on", "reference")
        )
        case_ids = [case.pk for case in cases]
        eligible = Case.objects.filter(pk__in=case_ids).filter(closed_before(cutoff)).count() == len(cases)
        held = VictimLink.objects.filter(case__in=case_ids, criminal_case_id__in=criminal_cases_pending())
        if not cases or not eligible or held.exists():
            return []

        _keep_ages(records, cases, root_id)
        for model, path, cleared in CASE_ROWS_CLEARED:
            model._default_manager.filter(**{f"{path}__in": case_ids}).update(**cleared)
        contacts = _clear_contacts(Q(case__in=case_ids) | Q(person__in=records), now)
        record_ids = [record.pk for record in records]
        CandidatePair.objects.filter(Q(first__in=record_ids) | Q(second__in=record_ids)).delete()
        LinkDecision.objects.filter(Q(first__in=record_ids) | Q(second__in=record_ids)).update(note="")
        Rectification.objects.filter(person__in=record_ids).update(**RECTIFICATION_CLEARED)
        Case.objects.filter(pk__in=case_ids).update(**CASE_CLEARED, version=F("version") + 1)
        Person.objects.filter(pk__in=record_ids).update(
            **PERSON_CLEARED, anonymised_at=now, version=F("version") + 1, updated_at=now
        )
        for case in cases:
            record_event(
                action=AuditAction.ANONYMISE,
                actor_label=actor_label,
                organisation=case.owning_organisation,
                target=case,
                detail={
                    "rule": "retention",
                    "retention_years": years,
                    "closed_before": cutoff.isoformat(),
                    "records": len(records),
                    "contacts": contacts,
                },
            )
    return [
        CaseLine(
            reference=case.reference,
            closed_on=case.closed_on,
            organisation=case.owning_organisation.short_code,
        )
        for case in cases
    ]


def anonymise_contact(*, contact_id: UUID, cutoff: date, years: int, actor_label: str) -> bool:
    """Anonymise one hotline contact that never became a case, if the rule still holds once it is locked."""
    with transaction.atomic():
        contact = (
            Contact.objects.select_for_update(of=("self",))
            .select_related("hotline")
            .filter(contact_due(cutoff), pk=contact_id)
            .first()
        )
        if contact is None:
            return False
        _clear_contacts(Q(pk=contact.pk), timezone.now())
        record_event(
            action=AuditAction.ANONYMISE,
            actor_label=actor_label,
            organisation=contact.hotline,
            target=contact,
            detail={"rule": "retention", "retention_years": years, "closed_before": cutoff.isoformat()},
        )
    return True
