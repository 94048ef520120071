"""Running record linkage and acting on its results. Every change is a named function that writes its audit
row in the same transaction.

A run reads every person into memory (``linkage.extract``), scores candidate pairs (``linkage.model``) with
the humans' decisions and the existing links as constraints, then in one transaction links the clusters it
is sure of and replaces the review queue with the pairs it is not sure of. It only ever adds links: a link is
undone by ``unlink_record``, which also records "different people" so that no later run links them again.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import timedelta
from functools import partial
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.background import JobRunner, start_in_thread
from sanad.linkage import model
from sanad.linkage.extract import person_records
from sanad.linkage.models import (
    CandidatePair,
    LinkageLock,
    LinkageRun,
    LinkDecision,
    RunState,
    RunStep,
    Verdict,
)
from sanad.people.models import Person
from sanad.people.services import link_same_person

logger = logging.getLogger(__name__)

# A run that has not finished after this long was lost with its process; its page says so.
RUN_TIMEOUT = timedelta(hours=2)

Progress = Callable[[str, int], None]


def _lock() -> None:
    """Serialise every writer of links, decisions and runs (call inside a transaction)."""
    LinkageLock.objects.get_or_create(pk=1)
    LinkageLock.objects.select_for_update().get(pk=1)


def lock_links() -> None:
    """Serialise with every writer of links (call inside a transaction): the retention rule anonymises a
    person's linked records together and must not meet a run or a reviewer changing them."""
    _lock()


def ordered(a: Any, b: Any) -> tuple[UUID, UUID]:
    """The pair of record ids in the order the tables keep it (smaller id first)."""
    left, right = UUID(str(a)), UUID(str(b))
    return (left, right) if left < right else (right, left)


def start_run(run_id: UUID) -> Any:
    return start_in_thread(run_linkage, run_id, name="linkage")


# Read at call time, so tests can swap it for ``run_linkage``.
RUN_RUNNER: JobRunner = start_run


def request_run(*, actor: Any, runner: JobRunner | None = None) -> LinkageRun:
    if not policy.may_run_linkage(actor):
        raise PermissionDenied("linkage.run")
    with transaction.atomic():
        _lock()
        _refuse_a_second_run()
        run = _new_run(requested_by=actor)
        record_event(action=AuditAction.CREATE, actor=actor, target=run)
        # The runner's own connection must find the row: start it only once the row is committed.
        transaction.on_commit(partial(runner or RUN_RUNNER, run.pk))
    return run


def _refuse_a_second_run() -> None:
    if LinkageRun.objects.filter(
        state__in=(RunState.QUEUED, RunState.RUNNING), requested_at__gt=timezone.now() - RUN_TIMEOUT
    ).exists():
        raise ValidationError(_("A linkage run is already in progress. Wait for it to finish."))


def _new_run(*, requested_by: Any = None) -> LinkageRun:
    return LinkageRun.objects.create(
        requested_by=requested_by,
        requested_at=timezone.now(),
        auto_link_threshold=model.AUTO_LINK,
        review_threshold=model.REVIEW,
    )


def run_from_command(*, progress: Progress | None = None) -> LinkageRun:
    """``sanad link run``: a run requested by nobody (a scheduled job), done in this process."""
    with transaction.atomic():
        _lock()
        _refuse_a_second_run()
        run = _new_run()
        record_event(action=AuditAction.CREATE, actor_label="sanad link run", target=run)
    return run_linkage(run.pk, progress=progress)


def _report_progress(run_id: UUID, step: str, percent: int) -> None:
    # 100 is kept for the moment the results are committed.
    LinkageRun.objects.filter(pk=run_id).update(step=step, progress=max(0, min(percent, 99)))


def run_linkage(run_id: UUID, *, progress: Progress | None = None) -> LinkageRun:
    """Do the run: extract, score, then link and fill the queue in one transaction."""
    claimed = LinkageRun.objects.filter(pk=run_id, state=RunState.QUEUED).update(
        state=RunState.RUNNING, step=RunStep.EXTRACT, progress=1
    )
    run = LinkageRun.objects.get(pk=run_id)
    if not claimed:
        return run  # another runner has it, or it is over

    def report(step: str, percent: int) -> None:
        _report_progress(run_id, step, percent)
        if progress is not None:
            progress(step, percent)

    try:
        records = list(person_records())
        report(RunStep.SCORE, 20)
        root_of = {str(pk): str(root or pk) for pk, root in Person.objects.values_list("pk", "linked_to")}
        decisions = list(LinkDecision.objects.values_list("first", "second", "verdict"))
        result = _score(records, root_of=root_of, decisions=decisions, run=run)
        report(RunStep.LINK, 80)
        with transaction.atomic():
            _lock()
            _apply(run, result)
    except Exception as error:
        # The exception's text may quote a name (a value DuckDB could not convert): neither the log nor the
        # page gets more than its type.
        logger.error("Linkage run %s failed (%s)", run_id, type(error).__name__)
        LinkageRun.objects.filter(pk=run_id).update(
            state=RunState.FAILED, step=RunStep.FAILED, error=type(error).__name__[:200],
            finished_at=timezone.now(),
        )  # fmt: skip
    run.refresh_from_db()
    return run


def _score(
    records: list[model.PersonRecord],
    *,
    root_of: dict[str, str],
    decisions: Iterable[tuple[Any, Any, str]],
    run: LinkageRun,
) -> model.LinkageResult:
    if len(records) < 2:
        return model.LinkageResult(pairs=[], clusters={})
    must_link = [(record, root) for record, root in root_of.items() if record != root]
    cannot_link: list[tuple[str, str]] = []
    for first, second, verdict in decisions:
        (must_link if verdict == Verdict.SAME else cannot_link).append((str(first), str(second)))
    return model.score(
        model.feature_frame(records),
        auto_link=run.auto_link_threshold,
        review=run.review_threshold,
        must_link=must_link,
        cannot_link=cannot_link,
    )


def _current_links() -> tuple[dict[str, str], list[tuple[Any, Any, str]]]:
    """Every record's root and every decision, as they are now (read under the lock)."""
    root_of = {str(pk): str(root or pk) for pk, root in Person.objects.values_list("pk", "linked_to")}
    return root_of, list(LinkDecision.objects.values_list("first", "second", "verdict"))


def _apply(run: LinkageRun, result: model.LinkageResult) -> None:
    """Write the run's clusters and queue against the links and decisions as they are now, not as they were
    when scoring began: a reviewer may have linked, unlinked or decided meanwhile."""
    root_of, decisions = _current_links()
    different = [(str(a), str(b)) for a, b, verdict in decisions if verdict == Verdict.DIFFERENT]
    records_of: dict[str, set[str]] = defaultdict(set)
    for record, root in root_of.items():
        records_of[root].add(record)

    def kept_apart(one: str, other: str) -> bool:
        group = records_of[one] | records_of[other]
        return any(a in group and b in group for a, b in different)

    members: dict[str, list[str]] = defaultdict(list)
    for record, cluster in result.clusters.items():
        if record in root_of:
            members[cluster].append(record)
    roots_to_join = [sorted({root_of[record] for record in records}) for records in members.values()]
    roots_to_join = [roots for roots in roots_to_join if len(roots) > 1]
    people = Person.objects.in_bulk([UUID(root) for roots in roots_to_join for root in roots])
    linked = 0
    for roots in roots_to_join:
        # The oldest registration stays the root: the records other agencies see in their counts move least.
        target = min(roots, key=lambda root: (people[UUID(root)].created_at, root))
        for root in roots:
            if root == target or kept_apart(root, target):
                continue
            link_same_person(
                actor=run.requested_by,
                record=people[UUID(root)],
                same_as=people[UUID(target)],
                detail={"linkage_run": str(run.pk)},
            )
            moved = records_of.pop(root)
            records_of[target] |= moved
            for record in moved:
                root_of[record] = target
            linked += len(moved)

    # A pair is shown once per two persons, at its best; never when a human already said the two persons
    # differ, whichever of their records she compared.
    def persons_of(left: str, right: str) -> tuple[str, str]:
        one, other = root_of[left], root_of[right]
        return (one, other) if one < other else (other, one)

    apart = {
        persons_of(str(first), str(second))
        for first, second, verdict in decisions
        if verdict == Verdict.DIFFERENT and str(first) in root_of and str(second) in root_of
    }
    best: dict[tuple[str, str], model.ScoredPair] = {}
    for pair in result.pairs:
        if pair.left not in root_of or pair.right not in root_of:
            continue
        persons = persons_of(pair.left, pair.right)
        if persons[0] == persons[1] or persons in apart:
            continue
        if persons not in best or pair.probability > best[persons].probability:
            best[persons] = pair
    CandidatePair.objects.all().delete()
    queue = []
    for pair in best.values():
        first, second = ordered(pair.left, pair.right)
        queue.append(CandidatePair(first_id=first, second_id=second, probability=pair.probability, run=run))
    CandidatePair.objects.bulk_create(queue, batch_size=1000)
    LinkageRun.objects.filter(pk=run.pk).update(
        state=RunState.DONE,
        step=RunStep.DONE,
        progress=100,
        finished_at=timezone.now(),
        records=len(root_of),
        persons=len(set(root_of.values())),
        records_linked=linked,
        pairs_for_review=len(queue),
        expected_duplicates=sum(pair.probability for pair in queue),
    )


def _require_reviewer(actor: Any) -> None:
    if not policy.may_review_links(actor):
        raise PermissionDenied("linkage.review")


def _root(person: Person) -> Person:
    return person.linked_to if person.linked_to_id else person  # type: ignore[return-value]


def _keep_decision(*, actor: Any, first: Any, second: Any, verdict: str, note: str) -> LinkDecision:
    first_id, second_id = ordered(first, second)
    decision, _created = LinkDecision.objects.update_or_create(
        first_id=first_id,
        second_id=second_id,
        defaults={"verdict": verdict, "note": note, "decided_by": actor, "decided_at": timezone.now()},
    )
    CandidatePair.objects.filter(first_id=first_id, second_id=second_id).delete()
    record_event(
        action=AuditAction.UPDATE,
        actor=actor,
        target=decision,
        detail={"verdict": verdict, "first": str(first_id), "second": str(second_id)},
    )
    return decision


def decide_pair(*, actor: Any, pair_id: int, verdict: str, note: str = "") -> LinkDecision:
    """A reviewer's decision on a pair of the queue. "Same person" links the two records' clusters."""
    _require_reviewer(actor)
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Choose same person or different people.")})
    with transaction.atomic():
        _lock()
        pair = CandidatePair.objects.filter(pk=pair_id).first()
        if pair is None:
            raise ValidationError(
                _("This pair is no longer in the queue: someone decided it, or a newer run replaced it.")
            )
        first = Person.objects.select_related("linked_to").get(pk=pair.first_id)
        second = Person.objects.select_related("linked_to").get(pk=pair.second_id)
        first_root, second_root = _root(first), _root(second)
        if verdict == Verdict.DIFFERENT and first_root.pk == second_root.pk:
            raise ValidationError(
                _("These records are already linked as one person. Unlink one of them first.")
            )
        decision = _keep_decision(actor=actor, first=first.pk, second=second.pk, verdict=verdict, note=note)
        if verdict == Verdict.SAME and first_root.pk != second_root.pk:
            older, newer = sorted(
                (first_root, second_root), key=lambda person: (person.created_at, person.pk)
            )
            link_same_person(actor=actor, record=newer, same_as=older, detail={"decision": decision.pk})
            # Other waiting pairs of these two persons are answered by this decision.
            joined = Person.objects.filter(Q(pk=older.pk) | Q(linked_to=older.pk)).values_list(
                "pk", flat=True
            )
            CandidatePair.objects.filter(first__in=joined, second__in=joined).delete()
    return decision


def unlink_record(*, actor: Any, person_id: Any, note: str = "") -> Person:
    """Take one record out of the person it was linked to. It is counted on its own again, and the
    decision "different people" keeps later runs from linking it back."""
    _require_reviewer(actor)
    with transaction.atomic():
        _lock()
        record = Person.objects.filter(pk=person_id).first()
        if record is None:
            raise ValidationError(_("This record does not exist."))
        if record.anonymised_at is not None:
            # The statistics counted her records as one person; with her identity gone, nobody can judge
            # them to be two.
            raise ValidationError(_("An anonymised record cannot be unlinked."))
        old_root = record.linked_to_id or record.pk
        former = [
            pk
            for pk in Person.objects.filter(Q(pk=old_root) | Q(linked_to=old_root)).values_list(
                "pk", flat=True
            )
            if pk != record.pk
        ]
        if record.linked_to_id is not None:
            root_id = record.linked_to_id
            Person.objects.filter(pk=record.pk).update(linked_to=None)
        else:
            others = list(Person.objects.filter(linked_to=record).order_by("created_at", "pk"))
            if not others:
                raise ValidationError(_("This record is not linked to any other."))
            # The record was the one the others point at: the oldest of them takes its place.
            root_id = others[0].pk
            Person.objects.filter(linked_to=record).update(linked_to=root_id)
            Person.objects.filter(pk=root_id).update(linked_to=None)
        record.linked_to = None
        record_event(
            action=AuditAction.UPDATE, actor=actor, target=record, detail={"unlinked_from": str(root_id)}
        )
        _keep_decision(actor=actor, first=record.pk, second=root_id, verdict=Verdict.DIFFERENT, note=note)
        # A "same person" said earlier between this record and one of the person's other records would link
        # it back at the next run: it is now "different people" too (each change audited).
        for decision in LinkDecision.objects.filter(verdict=Verdict.SAME).filter(
            Q(first=record.pk, second__in=former) | Q(second=record.pk, first__in=former)
        ):
            _keep_decision(actor=actor, first=decision.first_id, second=decision.second_id,
                           verdict=Verdict.DIFFERENT, note=note)  # fmt: skip
    return record
