"""Reads for data-subject requests, for the data-protection officer only; every read of identity audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.access import policy
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.cases.models import Case
from sanad.people.models import Person
from sanad.people.selectors import matching_document, matching_name, matching_phone
from sanad.privacy.models import Rectification
from sanad.privacy.subject_file import cluster_of, grouped, subject_file_content, summary_of

SEARCH_LIMIT = 50
SUMMARY_LABELS = {
    "records": _("Records of the person"),
    "cases": _("Cases"),
    "screenings": _("Screenings"),
    "status_decisions": _("Status decisions"),
    "consents": _("Consents"),
    "referrals": _("Referrals"),
    "services_delivered": _("Services delivered"),
    "shelter_stays": _("Shelter stays"),
    "case_plans": _("Case plans"),
    "follow_ups": _("Follow-ups"),
    "transfers": _("Transfers"),
    "hotline_contacts": _("Hotline contacts"),
    "criminal_cases": _("Criminal cases"),
    "rectifications": _("Rectifications"),
    "audit_events": _("Audit events"),
}


def _require_officer(user: Any) -> None:
    if not policy.may_answer_subject_requests(user):
        raise PermissionDenied("privacy.subject_access")


def find_persons(*, user: Any, name: str = "", document: str = "", phone: str = "") -> list[Person]:
    """Persons matching every criterion given: a name in either script (compared in memory), a document or
    a phone number (through the blind indexes, as registration computed them). One audit row lists the
    persons shown, never what was searched for."""
    _require_officer(user)
    persons = policy.persons_for_subject_requests(user)
    if document:
        persons = matching_document(persons, document)
    if phone:
        persons = matching_phone(persons, phone)
    if name:
        found = matching_name(persons, name, limit=SEARCH_LIMIT)
    else:
        found = list(persons.select_related("owning_organisation").order_by("-created_at")[:SEARCH_LIMIT])
    if found:
        record_event(
            action=AuditAction.VIEW_IDENTITY,
            actor=user,
            detail={
                "listing": "subject_request_search",
                "searched_by": [
                    key for key, value in (("name", name), ("document", document), ("phone", phone)) if value
                ],
                "persons": [str(person.pk) for person in found],
            },
        )
    return found


def _person(user: Any, person_id: Any) -> Person:
    person = policy.persons_for_subject_requests(user).filter(pk=person_id).first()
    if person is None:
        raise Http404
    return person


@dataclass(frozen=True)
class RecordView:
    person: Person
    cases: list[Case]
    rectifications: list[Rectification]


@dataclass(frozen=True)
class SubjectOverview:
    person: Person  # the record asked for
    records: list[RecordView]  # all her records, the one she is counted as first
    summary: dict[str, int]

    @property
    def summary_rows(self) -> list[tuple[str, int]]:
        return [(str(label), self.summary.get(key, 0)) for key, label in SUMMARY_LABELS.items()]


def subject_overview(*, user: Any, person_id: Any) -> SubjectOverview:
    """Her records with their identity, cases and rectifications (values decrypted for the officer), and how
    much each module holds; audited as a view of identity of each record shown."""
    _require_officer(user)
    person = _person(user, person_id)
    records = cluster_of(person)
    cases = grouped(
        Case.objects.filter(person__in=records).select_related("owning_organisation"),
        lambda case: case.person_id,
    )
    rectifications = grouped(
        Rectification.objects.filter(person__in=records).select_related("recorded_by"),
        lambda rectification: rectification.person_id,
    )
    views = [
        RecordView(person=record, cases=cases[record.pk], rectifications=rectifications[record.pk])
        for record in records
    ]
    content = subject_file_content(person, produced_at=timezone.now(), request_reference="", records=records)
    record_event(
        action=AuditAction.VIEW_IDENTITY,
        actor=user,
        target=person,
        detail={"subject_request": "overview", "records": [str(record.pk) for record in records]},
    )
    return SubjectOverview(person=person, records=views, summary=summary_of(content))


@dataclass(frozen=True)
class SubjectFile:
    person: Person
    content: dict[str, Any]


def subject_file(*, user: Any, person_id: Any, request_reference: str, produced_at: datetime) -> SubjectFile:
    """The whole file of the person (all her records). Producing it is recorded by
    ``services.record_subject_access``, in the transaction the view runs."""
    _require_officer(user)
    person = _person(user, person_id)
    content = subject_file_content(person, produced_at=produced_at, request_reference=request_reference)
    return SubjectFile(person=person, content=content)


def person_to_rectify(*, user: Any, person_id: Any) -> Person:
    if not policy.may_rectify_identity(user):
        raise PermissionDenied("privacy.rectify")
    return _person(user, person_id)
