"""The retention rule (docs/privacy.md): who is anonymised, and the run that does it.

- A *person* is the cluster of records linked as one human (``Person.linked_to``), as the statistics count
  her. She is anonymised when every case of every one of her records is closed, and closed before the cutoff
  (today less ``SANAD_RETENTION_YEARS`` years), and none of those cases is linked to a criminal case with a
  charge still awaiting its verdict (she may be called to testify or be owed compensation). A woman with an
  open case at any agency keeps her identity at every agency.
- A *hotline contact* that never became a case and never named a person is anonymised when it was received,
  and reached its last state, before the cutoff; open contacts are kept (and counted in the report, so that
  the hotline closes them).
- One transaction per person (all her records, cases and related rows, and one audit event per case), one per
  contact: an interrupted run leaves every person either untouched or wholly anonymised, and the next run goes
  on where it stopped. A second run finds nothing to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from sanad.cases.models import Case
from sanad.hotline.models import OPEN_STATES, Contact
from sanad.justice.models import VictimLink
from sanad.privacy.anonymisation import CaseLine, anonymise_contact, anonymise_person
from sanad.privacy.rule import (
    closed_before,
    contact_due,
    criminal_cases_pending,
    cutoff_for,
    not_closed_before,
    start_of,
)

RUN_LABEL = "sanad retention run"
# Root ids per query: each appears twice (the record and the records linked to it), and SQLite takes at most
# 32,766 parameters.
BATCH = 10_000


def _batches(ids: set[Any] | list[Any]) -> list[list[Any]]:
    ordered = sorted(ids, key=str)
    return [ordered[index : index + BATCH] for index in range(0, len(ordered), BATCH)]


def _of_clusters(roots: list[Any], relation: str = "person") -> Q:
    return Q(**{f"{relation}__in": roots}) | Q(**{f"{relation}__linked_to__in": roots})


def persons_due(cutoff: date) -> list[UUID]:
    """The persons (their root record ids) the rule anonymises now."""
    candidates = set(
        Case.objects.filter(closed_before(cutoff), person__anonymised_at__isnull=True)
        .annotate(root=Coalesce("person__linked_to", "person"))
        .values_list("root", flat=True)
        .distinct()
    )
    kept: set[Any] = set()
    for roots in _batches(candidates):
        kept.update(
            Case.objects.filter(_of_clusters(roots), not_closed_before(cutoff))
            .annotate(root=Coalesce("person__linked_to", "person"))
            .values_list("root", flat=True)
        )
        kept.update(
            VictimLink.objects.filter(
                _of_clusters(roots, "case__person"), criminal_case_id__in=criminal_cases_pending()
            )
            .annotate(root=Coalesce("case__person__linked_to", "case__person"))
            .values_list("root", flat=True)
        )
    return sorted(candidates - kept, key=str)


def cases_of(roots: list[UUID]) -> list[CaseLine]:
    """What the listing shows of the persons' cases: reference, closing date, organisation; never a name."""
    lines: list[CaseLine] = []
    for batch in _batches(roots):
        lines.extend(
            CaseLine(reference=reference, closed_on=closed_on, organisation=organisation)
            for reference, closed_on, organisation in Case.objects.filter(_of_clusters(batch)).values_list(
                "reference", "closed_on", "owning_organisation__short_code"
            )
        )
    return sorted(lines, key=lambda line: (line.closed_on or date.min, line.reference))


def contacts_due(cutoff: date) -> QuerySet[Contact]:
    return Contact.objects.filter(contact_due(cutoff)).order_by("received_at", "reference")


def open_contacts_before(cutoff: date) -> int:
    """Contacts received before the cutoff and never closed: kept, and said, so someone closes them."""
    return Contact.objects.filter(
        case__isnull=True, person__isnull=True, state__in=OPEN_STATES, received_at__lt=start_of(cutoff)
    ).count()


@dataclass(frozen=True)
class ContactLine:
    reference: str
    received_on: date
    hotline: str


@dataclass
class RetentionReport:
    years: int
    cutoff: date
    dry_run: bool
    persons: int = 0
    cases: list[CaseLine] = field(default_factory=list)
    contacts: list[ContactLine] = field(default_factory=list)
    open_contacts_kept: int = 0


def _contact_line(contact: Contact) -> ContactLine:
    return ContactLine(
        reference=contact.reference,
        received_on=timezone.localdate(contact.received_at),
        hotline=contact.hotline.short_code,
    )


def run_retention(*, dry_run: bool, today: date | None = None, years: int | None = None) -> RetentionReport:
    """List (``dry_run``) or anonymise the persons and contacts past the retention period."""
    years = years if years is not None else settings.SANAD_RETENTION_YEARS
    cutoff = cutoff_for(today or timezone.localdate(), years)
    report = RetentionReport(years=years, cutoff=cutoff, dry_run=dry_run)
    report.open_contacts_kept = open_contacts_before(cutoff)
    roots = persons_due(cutoff)
    due_contacts = list(contacts_due(cutoff).select_related("hotline"))
    if dry_run:
        report.persons = len(roots)
        report.cases = cases_of(roots)
        report.contacts = [_contact_line(contact) for contact in due_contacts]
        return report
    for root in roots:
        done = anonymise_person(root_id=root, cutoff=cutoff, years=years, actor_label=RUN_LABEL)
        if done:
            report.persons += 1
            report.cases.extend(done)
    for contact in due_contacts:
        if anonymise_contact(contact_id=contact.pk, cutoff=cutoff, years=years, actor_label=RUN_LABEL):
            report.contacts.append(_contact_line(contact))
    return report
