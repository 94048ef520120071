"""The conditions of the retention rule, shared by the selection of a run and by the re-check each
anonymisation makes under its locks (docs/privacy.md)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from sanad.cases.models import CaseStatus
from sanad.hotline.models import OPEN_STATES
from sanad.justice.models import Charge

# A contact's state timestamps: it is due once all of them are before the cutoff.
CONTACT_STAMPS = ("received_at", "triaged_at", "escalated_at", "information_only_at", "not_trafficking_at",
                  "closed_at")  # fmt: skip


def cutoff_for(today: date, years: int) -> date:
    """The first day that is too recent: a case closed before it is past the retention period."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February, in a year that has none
        return today.replace(year=today.year - years, day=28)


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def closed_before(cutoff: date) -> Q:
    """Cases closed before the cutoff."""
    return Q(status=CaseStatus.CLOSED, closed_on__isnull=False, closed_on__lt=cutoff)


def not_closed_before(cutoff: date) -> Q:
    """Cases open, or closed on or after the cutoff: any one of them keeps the person's identity."""
    return ~Q(status=CaseStatus.CLOSED) | Q(closed_on__isnull=True) | Q(closed_on__gte=cutoff)


def criminal_cases_pending() -> QuerySet[Any]:
    """Criminal cases with a charge that has no verdict yet: their victims keep their identity."""
    return Charge.objects.filter(verdicts__isnull=True).values("defendant__criminal_case_id")


def contact_due(cutoff: date) -> Q:
    """Hotline contacts with no case and no person, settled before the cutoff, not anonymised yet."""
    before = start_of(cutoff)
    due = Q(case__isnull=True, person__isnull=True, anonymised_at__isnull=True) & ~Q(state__in=OPEN_STATES)
    for stamp in CONTACT_STAMPS:
        due &= Q(**{f"{stamp}__isnull": True}) | Q(**{f"{stamp}__lt": before})
    return due
