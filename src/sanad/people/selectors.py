"""Reads of persons, always through the access policy; every read of identity is audited."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404

from sanad.access import policy
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.cases.models import Case
from sanad.crypto.normalise import canonical_document_number, canonical_phone
from sanad.crypto.ring import blind_index
from sanad.people.models import Person


def person_list(*, user: Any) -> QuerySet[Person]:
    return policy.persons_visible_to(user).select_related("owning_organisation")


def person_list_page(*, user: Any, page_number: Any, page_size: int) -> Page[Person]:
    """One page of persons with their names; one audit row lists the persons shown."""
    page = Paginator(person_list(user=user), page_size).get_page(page_number)
    if page.object_list:
        record_event(
            action=AuditAction.VIEW_IDENTITY,
            actor=user,
            detail={"listing": "persons", "persons": [str(person.pk) for person in page.object_list]},
        )
    return page


def person_detail(*, user: Any, person_id: Any) -> Person:
    person = person_list(user=user).filter(pk=person_id).first()
    if person is None:
        raise Http404
    record_event(action=AuditAction.VIEW_IDENTITY, actor=user, target=person)
    return person


def cases_of_person(*, user: Any, person: Person) -> QuerySet[Case]:
    return policy.cases_visible_to(user).filter(person=person).order_by("-opened_on")


def persons_with_phone(*, user: Any, phone: str) -> QuerySet[Person]:
    """Exact match through the blind index: the phone number itself is never compared in the database."""
    return person_list(user=user).filter(phone_index=blind_index(canonical_phone(phone), purpose="phone"))


def persons_with_document(*, user: Any, number: str) -> QuerySet[Person]:
    digest = blind_index(canonical_document_number(number), purpose="document")
    return person_list(user=user).filter(document_number_index=digest)
