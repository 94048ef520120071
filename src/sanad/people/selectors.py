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
from sanad.linkage.names import skeleton
from sanad.people.models import Person
from sanad.people.services import identity_indexes


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


def matching_phone(persons: QuerySet[Person], phone: str) -> QuerySet[Person]:
    """Exact match through the blind index, computed as registration computes it: the phone number itself
    is never compared in the database."""
    digest = identity_indexes(phone=phone.strip(), document_number="")["phone_index"]
    return persons.filter(phone_index=digest) if digest else persons.none()


def matching_document(persons: QuerySet[Person], number: str) -> QuerySet[Person]:
    digest = identity_indexes(phone="", document_number=number.strip())["document_number_index"]
    return persons.filter(document_number_index=digest) if digest else persons.none()


def persons_with_phone(*, user: Any, phone: str) -> QuerySet[Person]:
    return matching_phone(person_list(user=user), phone)


def persons_with_document(*, user: Any, number: str) -> QuerySet[Person]:
    return matching_document(person_list(user=user), number)


NAME_FIELDS = ("given_name_ar", "family_name_ar", "given_name_latin", "family_name_latin", "other_names")


def _name_forms(person: Person) -> tuple[set[str], set[str]]:
    """The words of all her names as consonant skeletons, and each name and whole name without spaces."""
    names = [getattr(person, field) for field in NAME_FIELDS[:4]]
    names += [person.latin_name, person.arabic_name, *person.other_names.split(",")]
    words: set[str] = set()
    joined: set[str] = set()
    for name in names:
        form = skeleton(name)
        words.update(form.split())
        if form:
            joined.add(form.replace(" ", ""))
    return words, joined


def name_matches(person: Person, query: str) -> bool:
    """Whether ``query`` names this person, in either script and whatever the spelling (the skeletons of
    ``linkage.names``): every word of the query is a word of her names, or the query without spaces is one
    of her names without spaces ("Ben Ziane", "Benziane" and بن زيان alike)."""
    wanted = skeleton(query).split()
    if not wanted:
        return False
    words, joined = _name_forms(person)
    return set(wanted) <= words or "".join(wanted) in joined


def matching_name(persons: QuerySet[Person], query: str, *, limit: int) -> list[Person]:
    """Persons whose name matches ``query``, at most ``limit``. Names are encrypted: every record is
    decrypted in this process's memory and compared here, never in the database (so a search reads them
    all; see docs/privacy.md)."""
    if not skeleton(query):
        return []
    found: list[Any] = []
    for person in (
        persons.filter(anonymised_at__isnull=True)
        .order_by()
        .only("pk", *NAME_FIELDS)
        .iterator(chunk_size=2000)
    ):
        if name_matches(person, query):
            found.append(person.pk)
            if len(found) >= limit:
                break
    return list(persons.filter(pk__in=found).select_related("owning_organisation").order_by("-created_at"))
