"""What a plan achieved: indicator series and their trend, implementation by axis, budgets, the measure
timeline and the recommendations outlook. The dashboards, the exports and the readiness view read these;
nothing here writes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _

from sanad.money import to_major
from sanad.plans.models import (
    PILLAR_ORDER,
    Direction,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureStatus,
    Pillar,
    Plan,
    Recommendation,
    ReportState,
)
from sanad.statistics.indicators import Memo, national_value, plain_number, shown_value
from sanad.statistics.periods import calendar_year

NOT_REPORTED = "not_reported"


class Trend(StrEnum):
    IMPROVING = "improving"
    WORSENING = "worsening"
    STABLE = "stable"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return str(
            {
                Trend.IMPROVING: _("Improving"),
                Trend.WORSENING: _("Worsening"),
                Trend.STABLE: _("Stable"),
                Trend.UNKNOWN: _("Not enough data"),
            }[self]
        )


@dataclass(frozen=True)
class YearValue:
    year: int
    value: Decimal | None
    target: Decimal | None
    partial: bool = False  # a computed figure of the year still running: a count to date
    shown: str = "—"  # as the reader may see it (disclosure control on computed counts)


@dataclass(frozen=True)
class IndicatorSeries:
    indicator: Indicator
    points: list[YearValue]
    trend: Trend

    @property
    def latest(self) -> YearValue | None:
        known = [point for point in self.points if point.value is not None]
        return known[-1] if known else None


def _target(indicator: Indicator, year: int) -> Decimal | None:
    raw = (indicator.targets or {}).get(str(year))
    return Decimal(str(raw)) if raw not in (None, "") else None


def trend_of(values: list[Decimal], direction: str) -> Trend:
    """The direction of the last two known values, read against the indicator's direction."""
    if len(values) < 2:
        return Trend.UNKNOWN
    previous, latest = values[-2], values[-1]
    if latest == previous:
        return Trend.STABLE
    better = latest > previous if direction == Direction.INCREASE else latest < previous
    return Trend.IMPROVING if better else Trend.WORSENING


def indicator_series(
    indicator: Indicator,
    *,
    first_year: int,
    last_year: int,
    today: date | None = None,
    memo: Memo | None = None,
    approved: dict[int, Decimal] | None = None,
    exact: bool = True,
) -> IndicatorSeries:
    """One value per calendar year. A computed indicator takes the statistics module's figure for the year;
    a manual one the value of the latest approved report whose period ends in that year. The baseline
    opens the series when it is older than its first year.

    A computed figure for the year still running (``today``'s) is a count to date: it is shown, marked
    partial, and left out of the trend, which would otherwise read every January as a collapse."""
    points: list[YearValue] = []
    if indicator.baseline is not None and indicator.baseline_year and indicator.baseline_year < first_year:
        baseline = indicator.baseline
        points.append(YearValue(indicator.baseline_year, baseline, None, shown=plain_number(baseline)))
    if indicator.is_computed:
        running = today.year if today else None
        for year in range(first_year, last_year + 1):
            value = national_value(indicator.statistic, calendar_year(year), memo)
            shown = shown_value(indicator.statistic, value, exact=exact)
            points.append(
                YearValue(year, value, _target(indicator, year), partial=year == running, shown=shown)
            )
    else:
        if approved is None:
            approved = approved_values([indicator.pk]).get(indicator.pk, {})
        for year in range(first_year, last_year + 1):
            value = approved.get(year)
            shown = "—" if value is None else plain_number(value)
            points.append(YearValue(year, value, _target(indicator, year), shown=shown))
    known = [point.value for point in points if point.value is not None and not point.partial]
    return IndicatorSeries(indicator, points, trend_of(known, indicator.direction))


def approved_values(indicator_ids: list[Any]) -> dict[Any, dict[int, Decimal]]:
    """Per indicator, the value of its latest approved report in each year, read in one query."""
    by_indicator: dict[Any, dict[int, Decimal]] = {}
    for row in (
        IndicatorValue.objects.filter(indicator_id__in=indicator_ids, report__state=ReportState.APPROVED)
        .order_by("report__period_end")
        .values("indicator_id", "value", "report__period_end")
    ):
        by_indicator.setdefault(row["indicator_id"], {})[row["report__period_end"].year] = row["value"]
    return by_indicator


def plan_years(plan: Plan, today: date) -> tuple[int, int]:
    return plan.starts_on.year, max(plan.starts_on.year, min(plan.ends_on.year, today.year))


@dataclass
class AxisFigures:
    pillar: str
    measures: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    budget_planned_minor: int = 0
    budget_spent_minor: int = 0

    @property
    def label(self) -> str:
        return str(Pillar(self.pillar).label)

    @property
    def status_counts(self) -> list[tuple[str, int]]:
        return [(status, self.by_status[status]) for status in STATUS_ORDER]

    def share(self, status: str) -> float:
        return self.by_status[status] / self.measures if self.measures else 0.0


def status_label(status: str) -> str:
    if status == NOT_REPORTED:
        return str(_("No approved report"))
    return str(MeasureStatus(status).label)


def _shown_status(measure: Measure) -> str:
    """A measure without an approved report is shown as such, not as "not started"."""
    return measure.status if measure.status_as_of is not None else NOT_REPORTED


def axis_figures(measures: list[Measure]) -> list[AxisFigures]:
    figures = {pillar: AxisFigures(pillar) for pillar in PILLAR_ORDER}
    for item in measures:
        axis = figures[item.objective.axis.pillar]
        axis.measures += 1
        axis.by_status[_shown_status(item)] += 1
        axis.budget_planned_minor += item.budget_planned_minor
        axis.budget_spent_minor += item.budget_spent_minor
    return list(figures.values())


STATUS_ORDER = [*[status.value for status in MeasureStatus], NOT_REPORTED]


def status_rows(axes: list[AxisFigures]) -> list[dict[str, Any]]:
    """Rows for the implementation chart: one per axis and status present."""
    return [
        {
            "axis": axis.label,
            "status": status,
            "status_label": status_label(status),
            "measures": axis.by_status[status],
        }
        for axis in axes
        for status in STATUS_ORDER
        if axis.by_status[status]
    ]


def budget_rows(axes: list[AxisFigures], *, planned: str, spent: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for axis in axes:
        rows.append(
            {"axis": axis.label, "series": planned, "amount": float(to_major(axis.budget_planned_minor))}
        )
        rows.append({"axis": axis.label, "series": spent, "amount": float(to_major(axis.budget_spent_minor))})
    return rows


def timeline_rows(measures: list[Measure]) -> list[dict[str, Any]]:
    return [
        {
            "measure": f"{item.code} {item.title[:40]}",
            "start": item.starts_on.isoformat(),
            "end": item.ends_on.isoformat(),
            "status": _shown_status(item),
            "status_label": status_label(_shown_status(item)),
        }
        for item in measures
    ]


@dataclass(frozen=True)
class MeasureOutlook:
    measure: Measure
    series: list[IndicatorSeries]


@dataclass(frozen=True)
class RecommendationOutlook:
    """What the next report will see about one recommendation: its status, its measures and what their
    indicators say."""

    recommendation: Recommendation
    measures: list[MeasureOutlook]

    @property
    def trends(self) -> Counter[Trend]:
        return Counter(series.trend for entry in self.measures for series in entry.series)

    @property
    def evidence_summary(self) -> Trend:
        counts = self.trends
        if counts[Trend.IMPROVING] and not counts[Trend.WORSENING]:
            return Trend.IMPROVING
        if counts[Trend.WORSENING] and not counts[Trend.IMPROVING]:
            return Trend.WORSENING
        if counts[Trend.IMPROVING] or counts[Trend.WORSENING] or counts[Trend.STABLE]:
            return Trend.STABLE
        return Trend.UNKNOWN


def recommendations_outlook(
    recommendations: list[Recommendation], *, today: date, exact: bool
) -> list[RecommendationOutlook]:
    outlook: list[RecommendationOutlook] = []
    memo: Memo = {}
    approved = approved_values(
        [i.pk for r in recommendations for m in r.measures.all() for i in m.indicators.all()]
    )
    for recommendation in recommendations:
        entries: list[MeasureOutlook] = []
        for item in recommendation.measures.all():
            first, last = plan_years(item.objective.axis.plan, today)
            entries.append(
                MeasureOutlook(
                    item,
                    [
                        indicator_series(
                            i,
                            first_year=first,
                            last_year=last,
                            today=today,
                            memo=memo,
                            approved=approved.get(i.pk, {}),
                            exact=exact,
                        )
                        for i in item.indicators.all()
                    ],
                )
            )
        outlook.append(RecommendationOutlook(recommendation, entries))
    return outlook


@dataclass(frozen=True)
class PlanProgress:
    """Everything the dashboard and the exports show about one plan, read once."""

    plan: Plan
    today: date
    measures: list[Measure]
    axes: list[AxisFigures]
    series: dict[Any, list[IndicatorSeries]]
    years: list[int]
    exact: bool

    @property
    def budget_planned_minor(self) -> int:
        return sum(axis.budget_planned_minor for axis in self.axes)

    @property
    def budget_spent_minor(self) -> int:
        return sum(axis.budget_spent_minor for axis in self.axes)

    @property
    def late(self) -> list[Measure]:
        return [item for item in self.measures if item.is_late(self.today)]


def plan_progress(plan: Plan, *, today: date, exact: bool) -> PlanProgress:
    measures = list(
        Measure.objects.filter(objective__axis__plan=plan)
        .select_related("objective__axis", "responsible")
        .prefetch_related("indicators")
        .order_by("code")
    )
    first, last = plan_years(plan, today)
    memo: Memo = {}
    approved = approved_values([i.pk for item in measures for i in item.indicators.all()])
    series = {
        item.pk: [
            indicator_series(
                i,
                first_year=first,
                last_year=last,
                today=today,
                memo=memo,
                approved=approved.get(i.pk, {}),
                exact=exact,
            )
            for i in item.indicators.all()
        ]
        for item in measures
    }
    years = list(range(first, last + 1))
    return PlanProgress(plan, today, measures, axis_figures(measures), series, years, exact)
