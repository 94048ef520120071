"""Counting victims (DESIGN §4): persons, not cases, at the date of their first qualifying status."""

from __future__ import annotations

from django.db.models import Min

from sanad.identification.models import StatusDecision, VictimStatus
from sanad.statistics.periods import Period

# A person counts as a detected victim from her first *presumed* or *identified* status decision.
QUALIFYING_STATUSES = (VictimStatus.PRESUMED, VictimStatus.IDENTIFIED)


def victims_identified(period: Period) -> int:
    """Distinct persons whose status first became presumed or identified within ``period``; a person with
    several cases counts once, at her earliest such decision."""
    firsts = (
        StatusDecision.objects.filter(status__in=QUALIFYING_STATUSES)
        .values("case__person_id")
        .annotate(first_decided=Min("decided_on"))
        .filter(first_decided__gte=period.start, first_decided__lte=period.end)
    )
    return firsts.count()
