"""Reading linkage: the figures the commission sees (no identity), the runs, and for reviewers only the
queue and the records side by side, every opening audited."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from sanad.access import policy
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.cases.models import Case
from sanad.linkage.models import CandidatePair, LinkageRun, LinkDecision, RunState
from sanad.linkage.services import RUN_TIMEOUT
from sanad.people.models import Person

RECENT_RUNS = 20


def _require(allowed: bool, capability: str) -> None:
    if not allowed:
        raise PermissionDenied(capability)


@dataclass(frozen=True)
class LinkageFigures:
    records: int
    persons: int
    records_linked: int
    pairs_for_review: int
    expected_duplicates: float
    most_merges: int  # persons fewer if every waiting pair were one person (pairs may share a person)

    @property
    def persons_low(self) -> int:
        """If every pair left for review were one person: the fewest persons the records can be."""
        return max(self.persons - self.most_merges, 0)

    @property
    def persons_estimate(self) -> int:
        return max(round(self.persons - self.expected_duplicates), self.persons_low)


def figures(*, user: Any) -> LinkageFigures:
    _require(policy.may_see_linkage_figures(user), "linkage.view")
    counts = Person.objects.order_by().aggregate(
        records=Count("pk"), linked=Count("pk", filter=Q(linked_to__isnull=False))
    )
    queue = CandidatePair.objects.order_by().aggregate(pairs=Count("pk"), expected=Sum("probability"))
    return LinkageFigures(
        records=counts["records"],
        persons=counts["records"] - counts["linked"],
        records_linked=counts["linked"],
        pairs_for_review=queue["pairs"],
        expected_duplicates=queue["expected"] or 0.0,
        most_merges=_most_merges(),
    )


def _most_merges() -> int:
    """How many persons fewer if every waiting pair were one person: persons in the queue minus the groups
    the pairs join them into (three pairs among three persons make one person, not zero)."""
    pairs = list(
        CandidatePair.objects.order_by().values_list(
            Coalesce("first__linked_to", "first"), Coalesce("second__linked_to", "second")
        )
    )
    parent: dict[Any, Any] = {}

    def find(node: Any) -> Any:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for one, other in pairs:
        parent[find(one)] = find(other)
    return len(parent) - len({find(node) for node in list(parent)})


def _shown(run: LinkageRun) -> LinkageRun:
    if not run.is_finished and timezone.now() - run.requested_at > RUN_TIMEOUT:
        # Lost with the process that ran it: say so instead of polling for ever.
        run.state = RunState.FAILED
        run.error = "interrupted"
    return run


def recent_runs(*, user: Any) -> list[LinkageRun]:
    _require(policy.may_see_linkage_figures(user), "linkage.view")
    return [_shown(run) for run in LinkageRun.objects.select_related("requested_by")[:RECENT_RUNS]]


def run(*, user: Any, run_id: UUID) -> LinkageRun:
    _require(policy.may_see_linkage_figures(user), "linkage.view")
    found = LinkageRun.objects.select_related("requested_by").filter(pk=run_id).first()
    if found is None:
        raise Http404
    return _shown(found)


def review_queue(*, user: Any, page_number: Any, page_size: int) -> Page[CandidatePair]:
    """The pairs waiting, best first, with the organisations that registered them and no name."""
    _require(policy.may_review_links(user), "linkage.review")
    pairs = CandidatePair.objects.select_related(
        "first__owning_organisation", "second__owning_organisation"
    ).defer(*_identity_of("first"), *_identity_of("second"))
    return Paginator(pairs, page_size).get_page(page_number)


def _identity_of(relation: str) -> list[str]:
    fields = (
        "given_name_ar", "family_name_ar", "given_name_latin", "family_name_latin", "other_names",
        "document_number", "phone", "medical_alerts",
    )  # fmt: skip
    return [f"{relation}__{field}" for field in fields]


@dataclass(frozen=True)
class RecordView:
    person: Person
    cases: list[Case]
    linked_records: int


@dataclass(frozen=True)
class PairView:
    pair: CandidatePair
    records: tuple[RecordView, RecordView]


def _record_views(persons: list[Person]) -> list[RecordView]:
    """Each record with its cases and how many records count as its person: two queries for all of them,
    not two per record."""
    cases: dict[Any, list[Case]] = defaultdict(list)
    for case in (
        Case.objects.filter(person__in=persons).select_related("owning_organisation").order_by("opened_on")
    ):
        cases[case.person_id].append(case)
    roots = {person.linked_to_id or person.pk for person in persons}
    together = Counter(
        linked_to or pk
        for pk, linked_to in Person.objects.filter(Q(pk__in=roots) | Q(linked_to__in=roots)).values_list(
            "pk", "linked_to"
        )
    )
    return [
        RecordView(
            person=person, cases=cases[person.pk], linked_records=together[person.linked_to_id or person.pk]
        )
        for person in persons
    ]


def pair_for_review(*, user: Any, pair_id: int) -> PairView:
    """Both records of a pair with their identities: one audit row names the pair and both records."""
    _require(policy.may_review_links(user), "linkage.review")
    pair = CandidatePair.objects.filter(pk=pair_id).first()
    if pair is None:
        raise Http404
    people = Person.objects.select_related("owning_organisation").in_bulk([pair.first_id, pair.second_id])
    record_event(
        action=AuditAction.VIEW_IDENTITY,
        actor=user,
        target=pair,
        detail={"listing": "linkage pair", "persons": [str(pair.first_id), str(pair.second_id)]},
    )
    first, second = _record_views([people[pair.first_id], people[pair.second_id]])
    return PairView(pair=pair, records=(first, second))


@dataclass(frozen=True)
class LinkedPerson:
    root: Person
    records: list[RecordView]
    decisions: list[LinkDecision]


def linked_person(*, user: Any, person_id: UUID) -> LinkedPerson:
    """Every record linked as one person, with identities (audited), and the decisions about them."""
    _require(policy.may_review_links(user), "linkage.review")
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise Http404
    root_id = person.linked_to_id or person.pk
    records = list(
        Person.objects.filter(Q(pk=root_id) | Q(linked_to=root_id))
        .select_related("owning_organisation")
        .order_by("created_at", "pk")
    )
    ids = [record.pk for record in records]
    record_event(
        action=AuditAction.VIEW_IDENTITY,
        actor=user,
        target=person,
        detail={"listing": "linked person", "persons": [str(pk) for pk in ids]},
    )
    decisions = list(
        LinkDecision.objects.filter(Q(first__in=ids) | Q(second__in=ids)).select_related("decided_by")
    )
    root = next(record for record in records if record.pk == root_id)
    return LinkedPerson(root=root, records=_record_views(records), decisions=decisions)


def recent_links(*, user: Any, page_number: Any, page_size: int) -> Page[Person]:
    """Records linked to another, newest registration first: references and organisations, no name."""
    _require(policy.may_review_links(user), "linkage.review")
    linked = (
        Person.objects.filter(linked_to__isnull=False)
        .select_related("owning_organisation", "linked_to__owning_organisation")
        .only("id", "created_at", "owning_organisation__name", "linked_to__id",
              "linked_to__owning_organisation__name")
        .order_by("-created_at", "pk")
    )  # fmt: skip
    return Paginator(linked, page_size).get_page(page_number)
