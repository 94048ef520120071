"""The prevention dashboard's panels: each one chart and the table of the same figures, both built from the
rows of ``sanad.statistics.prevention`` and nothing else."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from sanad.charts import builders, render
from sanad.statistics import prevention as figures
from sanad.statistics.prevention import CampaignCount, TrainingCount

CHART_WIDTH = 400


@dataclass(frozen=True)
class Row:
    key: str
    header: str
    cells: list[Any]


@dataclass(frozen=True)
class Panel:
    """One chart beside its table. ``data`` are the chart's points; every one of them is a cell of
    ``rows``."""

    slug: str
    caption: str
    row_title: str
    columns: list[str]
    rows: list[Row]
    data: list[dict[str, Any]]
    chart: SafeString


def hours(value: Decimal) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _by_key[CountT: (CampaignCount, TrainingCount)](rows: Sequence[CountT]) -> dict[str, list[CountT]]:
    grouped: dict[str, list[CountT]] = {}
    for row in rows:
        grouped.setdefault(row.key, []).append(row)
    return grouped


def _grouped(data: list[dict[str, Any]], *, category_title: str, value_title: str) -> SafeString:
    chart = builders.grouped_bars(
        data, category="category", series="series", value="value", category_title=category_title,
        value_title=value_title, width=CHART_WIDTH,
    )  # fmt: skip
    return render.svg(chart)


def participants_by_sex(years: range) -> Panel:
    rows = figures.trainings_by_year(first_year=years.start, last_year=years.stop - 1)
    sexes = ((_("Women"), "female"), (_("Men"), "male"), (_("Sex not recorded"), "unknown_sex"))
    data = [
        {"category": str(row.year), "series": label, "value": getattr(row, name)}
        for row in rows
        for label, name in sexes
    ]
    columns = [
        _("Trainings"), _("Women"), _("Men"), _("Sex not recorded"), _("Participants"), _("Hours"),
        _("Covered the identification guide"), _("Covered the referral mechanism"),
    ]  # fmt: skip
    table = []
    for row in rows:
        cells = [
            row.sessions, row.female, row.male, row.unknown_sex, row.participants, hours(row.hours),
            row.identification_guide, row.nrm,
        ]  # fmt: skip
        table.append(Row(key=str(row.year), header=str(row.year), cells=cells))
    return Panel(
        slug="participants-by-sex",
        caption=_("People trained per year, by sex"),
        row_title=_("Year"),
        columns=columns,
        rows=table,
        data=data,
        chart=_grouped(data, category_title=_("Year"), value_title=_("Participants")),
    )


def _trainings_by(
    rows: list[TrainingCount], years: range, *, slug: str, caption: str, row_title: str
) -> Panel:
    """Participants and trainings per key (sector or region) and year; the chart shows the participants."""
    data = [{"category": row.label, "series": str(row.year), "value": row.participants} for row in rows]
    columns = []
    for year in years:
        columns += [
            _("%(year)s: trainings") % {"year": year},
            _("%(year)s: participants") % {"year": year},
        ]
    table = [
        Row(key=key, header=counts[0].label, cells=[n for c in counts for n in (c.sessions, c.participants)])
        for key, counts in _by_key(rows).items()
    ]
    return Panel(
        slug=slug,
        caption=caption,
        row_title=row_title,
        columns=columns,
        rows=table,
        data=data,
        chart=_grouped(data, category_title=row_title, value_title=_("Participants")),
    )


def trainings_by_sector(years: range) -> Panel:
    return _trainings_by(
        figures.trainings_by_year_and_sector(first_year=years.start, last_year=years.stop - 1),
        years,
        slug="trainings-by-sector",
        caption=_("People trained per sector and year"),
        row_title=_("Sector"),
    )


def trainings_by_region(years: range) -> Panel:
    return _trainings_by(
        figures.trainings_by_year_and_region(first_year=years.start, last_year=years.stop - 1),
        years,
        slug="trainings-by-region",
        caption=_("People trained per region and year"),
        row_title=_("Region"),
    )


def campaigns_by_type(years: range) -> Panel:
    """Campaigns per type and year, each campaign once a year: the rows add up to the total row."""
    first, last = years.start, years.stop - 1
    by_type = figures.campaigns_by_year_and_type(first_year=first, last_year=last)
    totals = figures.campaigns_by_year(first_year=first, last_year=last)
    data = [{"category": str(row.year), "series": row.label, "value": row.campaigns} for row in by_type]
    table = [
        Row(key=key, header=counts[0].label, cells=[count.campaigns for count in counts])
        for key, counts in _by_key(by_type).items()
    ]
    table += [
        Row(key="all", header=_("All campaigns"), cells=[total.campaigns for total in totals]),
        Row(
            key="audience",
            header=_("Audience reached by the campaigns started in the year"),
            cells=[total.audience_reached for total in totals],
        ),
        Row(
            key="measured",
            header=_("Campaigns started in the year with a measured audience"),
            cells=[total.measured for total in totals],
        ),
    ]
    return Panel(
        slug="campaigns-by-type",
        caption=_("Awareness campaigns per year, by type"),
        row_title=_("Type"),
        columns=[str(year) for year in years],
        rows=table,
        data=data,
        chart=_grouped(data, category_title=_("Year"), value_title=_("Campaigns")),
    )


def campaigns_by_region(years: range) -> Panel:
    """A campaign in several regions is in each of their rows: the rows add up to more than the total."""
    rows = figures.campaigns_by_year_and_region(first_year=years.start, last_year=years.stop - 1)
    data = [{"category": row.label, "series": str(row.year), "value": row.campaigns} for row in rows]
    columns = []
    for year in years:
        columns += [
            _("%(year)s: campaigns") % {"year": year},
            _("%(year)s: audience reached") % {"year": year},
        ]
    table = [
        Row(
            key=key,
            header=counts[0].label,
            cells=[n for count in counts for n in (count.campaigns, count.audience_reached)],
        )
        for key, counts in _by_key(rows).items()
    ]
    return Panel(
        slug="campaigns-by-region",
        caption=_("Awareness campaigns per region and year"),
        row_title=_("Region"),
        columns=columns,
        rows=table,
        data=data,
        chart=_grouped(data, category_title=_("Region"), value_title=_("Campaigns")),
    )


def panels(first_year: int, last_year: int) -> list[Panel]:
    years = range(first_year, last_year + 1)
    return [
        participants_by_sex(years),
        trainings_by_sector(years),
        trainings_by_region(years),
        campaigns_by_type(years),
        campaigns_by_region(years),
    ]
