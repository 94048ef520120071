"""What is public or published: the national tables after disclosure control, and the TIP tier history."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from sanad.access import policy
from sanad.api.auth import require_scope
from sanad.api.errors import READ_ERRORS, ApiError
from sanad.api.responses import not_found
from sanad.catalogs import loader
from sanad.statistics.periods import calendar_year, tip_period
from sanad.statistics.selectors import national_table
from sanad.statistics.tables import TABLES
from sanad.tip.selectors import country_history

router = Router()


class TableEntry(Schema):
    code: str
    title: str
    pillar: str


class TableQuery(Schema):
    year: int = Field(..., ge=2000, le=2100, description="Calendar year, or the year a TIP period ends")
    tip_period: bool = Field(False, description="1 April of the year before to 31 March of this year")
    region: str = Field("", description="Region code (e.g. MA-06); empty for the whole country")


class ColumnOut(Schema):
    key: str
    label: str


class RowOut(Schema):
    key: str
    label: str
    cells: list[str] = Field(..., description='Each cell as published: a number, "<k" or empty')


class TableOut(Schema):
    code: str
    title: str
    unit: str
    period: str
    region: str
    threshold: int = Field(..., description="Counts from 1 to threshold - 1 are shown as <threshold")
    columns: list[ColumnOut]
    rows: list[RowOut]


@router.get(
    "/statistics/tables",
    response={200: list[TableEntry], **READ_ERRORS},
    url_name="table_list",
    tags=["statistics"],
    summary="The national tables",
)
def table_list(request: HttpRequest) -> Any:
    require_scope(request, "statistics:read")
    if not policy.may_read_national_statistics(request.user):
        raise PermissionDenied("statistics")
    return [TableEntry(code=s.code, title=str(s.title), pillar=s.pillar) for s in TABLES.values()]


@router.get(
    "/statistics/tables/{code}",
    response={200: TableOut, **READ_ERRORS},
    url_name="table_detail",
    tags=["statistics"],
    summary="One national table, after disclosure control",
)
def table_detail(request: HttpRequest, code: str, query: Query[TableQuery]) -> Any:
    require_scope(request, "statistics:read")
    if code not in TABLES:
        raise not_found()
    if query.region and query.region not in loader.regions().by_code():
        raise ApiError(422, "invalid", _("Unknown region code."), field="region")
    period = tip_period(query.year) if query.tip_period else calendar_year(query.year)
    shown = national_table(user=request.user, code=code, period=period, region=query.region, published=True)
    table = shown.source
    return TableOut(
        code=table.code,
        title=str(table.title),
        unit=str(table.unit),
        period=str(period.label),
        region=table.region,
        threshold=shown.threshold,
        columns=[ColumnOut(key=c.key, label=str(c.label)) for c in table.columns],
        rows=[
            RowOut(key=r.key, label=str(r.label), cells=texts)
            for r, texts in zip(table.rows, shown.display, strict=True)
        ],
    )


class PlacementOut(Schema):
    year: int
    tier: str


class TierHistoryOut(Schema):
    iso3: str
    name: str
    region: str
    placements: list[PlacementOut]
    waiver_years: list[int]


@router.get(
    "/tip/countries/{iso3}",
    response={200: TierHistoryOut, **READ_ERRORS},
    url_name="tier_history",
    tags=["tip"],
    summary="A country's TIP tier by report year",
)
def tier_history(request: HttpRequest, iso3: str) -> Any:
    require_scope(request, "tip:read")
    history = country_history(user=request.user, iso3=iso3.upper())
    if history is None:
        raise not_found()
    return TierHistoryOut(
        iso3=history.iso3,
        name=str(history.name),
        region=str(history.region),
        placements=[PlacementOut(year=year, tier=tier) for year, tier in history.placements],
        waiver_years=sorted(history.waiver_years),
    )
