"""Hotline figures per period: contacts by channel, type, region, language; time to triage; share escalated.

Times to triage are measured from reception to the first triage of contacts received in the period.
Percentiles use the nearest-rank method, so the figure is always a time some contact actually waited.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, QuerySet

from sanad.catalogs import loader
from sanad.hotline.models import Channel, Contact, ContactType
from sanad.statistics.periods import day_bounds


@dataclass(frozen=True)
class Breakdown:
    rows: list[tuple[str, int]]  # (label, count), largest first


@dataclass(frozen=True)
class HotlineFigures:
    start: date
    end: date
    total: int
    by_channel: Breakdown
    by_type: Breakdown
    by_region: Breakdown
    by_language: Breakdown
    triaged: int
    median_to_triage: timedelta | None
    p90_to_triage: timedelta | None
    escalated: int

    @property
    def share_escalated(self) -> float | None:
        return self.escalated / self.total if self.total else None


def nearest_rank(sorted_values: list[float], fraction: float) -> float | None:
    if not sorted_values:
        return None
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def received_between(contacts: QuerySet[Contact], start: date, end: date) -> QuerySet[Contact]:
    low, high = day_bounds(start, end)
    return contacts.filter(received_at__gte=low, received_at__lt=high)


def _breakdown(contacts: QuerySet[Contact], field: str, label: Any) -> Breakdown:
    rows = contacts.order_by().values(field).annotate(n=Count("id")).order_by("-n", field)
    return Breakdown(rows=[(label(row[field]), row["n"]) for row in rows])


def hotline_figures(contacts: QuerySet[Contact], *, start: date, end: date) -> HotlineFigures:
    """Figures of ``contacts`` (already filtered by the access policy) received from ``start`` to ``end``."""
    in_period = received_between(contacts, start, end)
    pairs = in_period.filter(triaged_at__isnull=False).order_by().values_list("received_at", "triaged_at")
    waits: list[float] = []
    for received, triaged in pairs:
        if triaged is not None:
            waits.append((triaged - received).total_seconds())
    waits.sort()
    median, p90 = nearest_rank(waits, 0.5), nearest_rank(waits, 0.9)
    return HotlineFigures(
        start=start,
        end=end,
        total=in_period.count(),
        by_channel=_breakdown(in_period, "channel", lambda code: Channel(code).label),
        by_type=_breakdown(in_period, "contact_type", lambda code: ContactType(code).label),
        by_region=_breakdown(in_period, "region", lambda code: loader.region_label(code) if code else "—"),
        by_language=_breakdown(
            in_period, "language", lambda code: loader.language_label(code) if code else "—"
        ),
        triaged=len(waits),
        median_to_triage=timedelta(seconds=median) if median is not None else None,
        p90_to_triage=timedelta(seconds=p90) if p90 is not None else None,
        escalated=in_period.filter(escalated_at__isnull=False).count(),
    )
