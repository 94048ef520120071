"""Figures of the referral mechanism per period: referrals by service and outcome, answer times and acceptance
per organisation, expiries, time from the status decision to the first referral, shelter occupancy.

A referral counts in the period it was sent. Answer time runs from sending to acceptance or decline.
"""

from __future__ import annotations

import statistics as stats
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import F, Min, Q, QuerySet
from django.db.models.fields.json import KT
from django.utils import timezone

from sanad.among import Among, Key
from sanad.catalogs import loader
from sanad.gc_pause import gc_paused
from sanad.identification.models import StatusDecision
from sanad.referrals.models import Referral, ReferralState
from sanad.shelters.models import Placement, ShelterCapacity
from sanad.statistics.periods import day_bounds


@dataclass(frozen=True)
class OrganisationFigures:
    name: str
    received: int
    answered: int
    accepted: int
    expired: int
    median_answer: timedelta | None

    @property
    def acceptance_rate(self) -> float | None:
        return self.accepted / self.answered if self.answered else None


@dataclass(frozen=True)
class ReferralFigures:
    total: int
    by_service_and_outcome: list[tuple[str, dict[str, int]]]
    per_organisation: list[OrganisationFigures]
    expired: int
    median_decision_to_first_referral: timedelta | None


@gc_paused()
def referral_figures(referrals: QuerySet[Referral], *, start: date, end: date) -> ReferralFigures:
    low, high = day_bounds(start, end)
    # The receiving organisation's name as it was when sent, without decoding the whole snapshot; unordered.
    rows = list(
        referrals.filter(sent_at__gte=low, sent_at__lt=high)
        .order_by()
        .values_list(
            "service_type", "state", "sent_at", "accepted_at", "declined_at", KT("to_snapshot__name")
        )
    )
    outcomes: dict[str, Counter[str]] = defaultdict(Counter)
    per_org: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"received": 0, "accepted": 0, "expired": 0, "waits": []}
    )
    for service, state, sent, accepted, declined, name in rows:
        outcomes[service][state] += 1
        org = per_org["?" if name is None else name]
        org["received"] += 1
        org["accepted"] += state in (
            ReferralState.ACCEPTED,
            ReferralState.IN_PROGRESS,
            ReferralState.COMPLETED,
        ) or bool(accepted)
        org["expired"] += state == ReferralState.EXPIRED
        answered_at = accepted or declined
        if answered_at:
            org["waits"].append((answered_at - sent).total_seconds())
    gaps = _days_from_decision_to_first_referral(referrals, start=start, end=end)
    return ReferralFigures(
        total=len(rows),
        by_service_and_outcome=sorted(
            (
                (loader.label_in(loader.services(), service), dict(counts))
                for service, counts in outcomes.items()
            ),
            key=lambda item: -sum(item[1].values()),
        ),
        per_organisation=sorted(
            (
                OrganisationFigures(
                    name=name,
                    received=values["received"],
                    answered=len(values["waits"]),
                    accepted=int(values["accepted"]),
                    expired=int(values["expired"]),
                    median_answer=timedelta(seconds=stats.median(values["waits"]))
                    if values["waits"]
                    else None,
                )
                for name, values in per_org.items()
            ),
            key=lambda figures: -figures.received,
        ),
        expired=sum(1 for row in rows if row[1] == ReferralState.EXPIRED),
        median_decision_to_first_referral=timedelta(days=stats.median(gaps)) if gaps else None,
    )


def _days_from_decision_to_first_referral(
    referrals: QuerySet[Referral], *, start: date, end: date
) -> list[int]:
    """For each status decision of the period, the days to her case's first referral, when that came on or
    after the decision. Starts from the period's decisions (date index), then the first referral of their
    cases only: at two million referrals, reading every case's first one took seconds, and its ids did not
    fit in one statement."""
    decisions = list(
        StatusDecision.objects.filter(decided_on__gte=start, decided_on__lte=end)
        .order_by("decided_on")
        .values_list(Key("case_id"), "decided_on")
    )
    first_referral = dict(
        referrals.filter(Among("case_id", {case_id for case_id, _decided in decisions}))
        .order_by()
        .values(case_key=Key("case_id"))
        .annotate(first=Min("sent_at"))
        .values_list("case_key", "first")
    )
    gaps = []
    for case_id, decided_on in decisions:
        first = first_referral.get(case_id)
        if first is not None and timezone.localdate(first) >= decided_on:
            gaps.append((timezone.localdate(first) - decided_on).days)
    return gaps


def answered_and_accepted_in_time(sent: QuerySet[Referral]) -> tuple[int, int]:
    """Of these referrals, how many were answered (accepted or declined), and how many accepted before
    they were due."""
    answered = sent.filter(Q(accepted_at__isnull=False) | Q(declined_at__isnull=False)).count()
    in_time = sent.filter(accepted_at__isnull=False, accepted_at__lte=F("due_at")).count()
    return answered, in_time


@dataclass(frozen=True)
class Occupancy:
    shelter: str
    category: str
    beds: int
    occupied: int


def occupancy(shelters: QuerySet[Any], *, on: datetime | None = None) -> list[Occupancy]:
    """Beds and occupied beds per shelter and category at a moment (now by default)."""
    moment = on or timezone.now()
    capacities = ShelterCapacity.objects.filter(shelter__in=shelters).select_related("shelter")
    taken = Counter(
        Placement.objects.filter(shelter__in=shelters, admitted_at__lte=moment)
        .exclude(discharged_at__lte=moment)
        .values_list("shelter_id", "category")
    )
    return [
        Occupancy(
            capacity.shelter.name,
            capacity.category,
            capacity.beds,
            taken[(capacity.shelter_id, capacity.category)],
        )
        for capacity in capacities
    ]


def occupancy_by_month(shelters: QuerySet[Any], *, start: date, end: date) -> list[tuple[date, int, int]]:
    """National occupied beds and beds at the end of each month of the period (or at its end)."""
    zone = timezone.get_current_timezone()
    points: list[date] = []
    cursor = date(start.year, start.month, 1)
    while cursor <= end:
        following = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
        points.append(min(following - timedelta(days=1), end))
        cursor = following
    beds = sum(ShelterCapacity.objects.filter(shelter__in=shelters).values_list("beds", flat=True))
    placements = list(
        Placement.objects.filter(shelter__in=shelters).values_list("admitted_at", "discharged_at")
    )
    series = []
    for day in points:
        moment = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
        taken = sum(
            1
            for admitted, discharged in placements
            if admitted < moment and (discharged is None or discharged >= moment)
        )
        series.append((day, taken, beds))
    return series
