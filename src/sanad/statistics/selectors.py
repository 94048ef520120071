"""Statistics reads: national aggregates only, always through disclosure control before they are shown."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models.functions import ExtractYear

from sanad.access import policy
from sanad.cases.models import Case
from sanad.statistics.disclosure import publish_count, shown_count, shown_table, threshold
from sanad.statistics.periods import Period
from sanad.statistics.periods import period as period_of
from sanad.statistics.table import ShownTable
from sanad.statistics.tables import compute_table
from sanad.statistics.victims import victims_identified


def published_cases_opened_by_year(*, user: Any) -> list[dict[str, Any]]:
    """Cases registered per year, nationally, with small counts suppressed (statistics tier)."""
    policy.require(user, "statistics.view_published")
    rows = Case.objects.annotate(year=ExtractYear("opened_on")).values("year").annotate(count=Count("id"))
    return [
        {"year": row["year"], "count": publish_count(row["count"]).display} for row in rows.order_by("year")
    ]


def national_table(
    *, user: Any, code: str, period: Period, region: str, published: bool = False
) -> ShownTable:
    """One national table as this user may see it: exact for the roles that hold that right (unless the
    published view is asked for), after disclosure control for everyone else."""
    if not policy.may_read_national_statistics(user):
        raise PermissionDenied
    table = compute_table(code, period=period, region=region)
    return shown_table(table, exact=policy.sees_exact_national_figures(user) and not published)


def national_tables(*, user: Any, period: Period, region: str, codes: list[str]) -> list[ShownTable]:
    if not policy.may_read_national_statistics(user):
        raise PermissionDenied
    exact = policy.sees_exact_national_figures(user)
    memo: dict[Any, Any] = {}
    return [
        shown_table(compute_table(code, period=period, region=region, memo=memo), exact=exact)
        for code in codes
    ]


def published_table_for_export(*, user: Any, code: str, period: Period, region: str) -> ShownTable:
    """What leaves the system: always after disclosure control, whoever asks."""
    if not policy.may_export_statistics(user):
        raise PermissionDenied
    return shown_table(compute_table(code, period=period, region=region), exact=False)


def victims_by_year(
    *, user: Any, kind: str, last_year: int, years: int = 6
) -> list[tuple[int, str, int | None]]:
    """(year, shown count, plotted value) of detected victims over the last ``years`` periods; a hidden
    count is not plotted."""
    if not policy.may_read_national_statistics(user):
        raise PermissionDenied
    exact = policy.sees_exact_national_figures(user)
    series = []
    for year in range(last_year - years + 1, last_year + 1):
        count = victims_identified(period_of(kind, year))
        shown = shown_count(count, exact=exact, threshold=threshold())
        series.append((year, shown, count if shown == str(count) else None))
    return series
