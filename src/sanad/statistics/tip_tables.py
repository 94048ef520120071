"""The TIP submission set: the prosecution, protection and prevention numbers the government sends for the
TIP report, for a period side by side with the previous one. Every figure comes from the counting module
that the national tables use; the unit is said in each row, because the TIP narrative mixes them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from sanad.prevention.models import AudienceSector
from sanad.statistics import prevention, protection
from sanad.statistics.justice import JusticeFigures, memoized_figures
from sanad.statistics.periods import Period, previous_period
from sanad.statistics.table import Borrowed, Column, ColumnKind, Row, StatTable, Sum
from sanad.statistics.victims import SEXES

Figure = Callable[[Period, str, dict[Any, Any]], tuple[int, Borrowed | None]]
PREVIOUS, CURRENT, CHANGE = 0, 1, 2


def _table_cells(code: str, *cells: tuple[str, str]) -> Figure:
    """The sum of cells of another national table; the row is hidden wherever one of them is."""

    def figure(period: Period, region: str, memo: dict[Any, Any]) -> tuple[int, Borrowed | None]:
        from sanad.statistics.tables import compute_table

        table = compute_table(code, period=period, region=region, memo=memo)
        refs = tuple((table.row_index(row), table.column_index(column)) for row, column in cells)
        return sum(int(table.value(ref) or 0) for ref in refs), Borrowed(table, refs)

    return figure


def _table_cell(code: str, row: str, column: str) -> Figure:
    return _table_cells(code, (row, column))


def _national(count: Callable[[Period], int]) -> Figure:
    return lambda period, region, memo: (count(period), None)


def _regional(count: Callable[[Period, str], int]) -> Figure:
    return lambda period, region, memo: (count(period, region), None)


def _justice(pick: Callable[[JusticeFigures], int]) -> Figure:
    """A figure of the justice counting rules, for the criminal cases of the region (all without one)."""

    def figure(period: Period, region: str, memo: dict[Any, Any]) -> tuple[int, Borrowed | None]:
        return pick(memoized_figures(period, region, memo)), None

    return figure


def _trained(sector: str) -> Figure:
    return _national(
        lambda period: prevention.persons_trained(start=period.start, end=period.end, sectors=[sector])
    )


def rows() -> list[tuple[str, str, str, Figure]]:
    """(pillar, key, label with its unit, figure)."""
    return [
        (
            "prosecution",
            "persons_investigated",
            _("Persons investigated"),
            _table_cell("justice_persons", "investigated", "total"),
        ),
        (
            "prosecution",
            "persons_prosecuted",
            _("Persons prosecuted"),
            _table_cell("justice_persons", "prosecuted", "total"),
        ),
        (
            "prosecution",
            "persons_prosecuted_under_law",
            _("Persons prosecuted under the anti-trafficking law"),
            _table_cell("justice_persons", "prosecuted_under_law", "total"),
        ),
        (
            "prosecution",
            "persons_convicted",
            _("Persons convicted"),
            _table_cell("justice_persons", "convicted", "total"),
        ),
        (
            "prosecution",
            "persons_convicted_under_law",
            _("Persons convicted under the anti-trafficking law"),
            _table_cell("justice_persons", "convicted_under_law", "total"),
        ),
        (
            "prosecution",
            "cases_investigated",
            _("Criminal cases investigated"),
            _table_cell("justice_cases", "investigated", "cases"),
        ),
        (
            "prosecution",
            "cases_prosecuted",
            _("Criminal cases prosecuted"),
            _table_cell("justice_cases", "prosecuted", "cases"),
        ),
        (
            "prosecution",
            "cases_convicted",
            _("Criminal cases with a conviction"),
            _table_cell("justice_cases", "convicted", "cases"),
        ),
        (
            "prosecution",
            "sentenced_one_year_or_more",
            _("Persons convicted with a custodial term of one year or more"),
            _justice(lambda figures: figures.sentences.custodial_one_year_or_more),
        ),
        (
            "prosecution",
            "sentences_fully_suspended",
            _("Persons convicted with a fully suspended prison term"),
            _justice(lambda figures: figures.sentences.fully_suspended),
        ),
        (
            "prosecution",
            "officials_investigated",
            _("Public officials investigated for complicity (persons)"),
            _justice(lambda figures: figures.officials["investigated"]),
        ),
        (
            "prosecution",
            "officials_prosecuted",
            _("Public officials prosecuted (persons)"),
            _justice(lambda figures: figures.officials["prosecuted"]),
        ),
        (
            "prosecution",
            "officials_convicted",
            _("Public officials convicted (persons)"),
            _justice(lambda figures: figures.officials["convicted"]),
        ),
        (
            "protection",
            "victims_identified",
            _("Victims identified (persons)"),
            _table_cell("victims", "all", "total"),
        ),
        (
            "protection",
            "child_victims",
            _("of whom children (persons)"),
            _table_cells("victims", *(("all", f"{sex}:child") for sex in SEXES)),
        ),
        (
            "protection",
            "foreign_victims",
            _("of whom foreign nationals (persons)"),
            _table_cell("victims", "all:foreign", "total"),
        ),
        (
            "protection",
            "referrals_accepted",
            _("Referrals accepted by a service"),
            _table_cell("referrals", "total", "accepted"),
        ),
        (
            "protection",
            "consents_to_referral",
            _("Victims who consented to a referral (cases)"),
            _regional(protection.persons_consenting_to_referral),
        ),
        (
            "protection",
            "services_delivered",
            _("Services delivered to victims"),
            _regional(protection.services_delivered),
        ),
        (
            "protection",
            "shelter_admissions",
            _("Shelter admissions"),
            _regional(protection.shelter_admissions),
        ),
        (
            "protection",
            "victims_penalised",
            _("Victims penalised for acts they were compelled to commit (persons)"),
            _justice(lambda figures: figures.non_punishment_breaches),
        ),
        (
            "prevention",
            "hotline_contacts",
            _("Hotline contacts received"),
            _table_cell("hotline", "total", "total"),
        ),
        (
            "prevention",
            "campaigns_run",
            _("Awareness campaigns run"),
            _national(lambda period: prevention.campaigns_run(start=period.start, end=period.end)),
        ),
        (
            "prevention",
            "persons_trained",
            _("Officials and professionals trained (participants)"),
            _national(lambda period: prevention.persons_trained(start=period.start, end=period.end)),
        ),
        *(
            ("prevention", f"trained:{sector.value}", str(sector.label), _trained(sector.value))
            for sector in AudienceSector
        ),
    ]


def tip_submission_table(*, period: Period, region: str, memo: dict[Any, Any]) -> StatTable:
    previous = previous_period(period)
    pillars = {
        "prosecution": _("Prosecution"),
        "protection": _("Protection"),
        "prevention": _("Prevention"),
    }
    table_rows: list[Row] = []
    borrowed: dict[tuple[int, int], Borrowed] = {}
    seen: set[str] = set()
    for pillar, key, label, figure in rows():
        if pillar not in seen:
            seen.add(pillar)
            table_rows.append(Row(f"pillar:{pillar}", str(pillars[pillar]), [None, None, None]))
        (before, before_source), (now, now_source) = (
            figure(previous, region, memo),
            figure(period, region, memo),
        )
        index = len(table_rows)
        level = 2 if key.startswith("trained:") else 1
        table_rows.append(Row(key, label, [before, now, now - before], level=level))
        for column, source in ((PREVIOUS, before_source), (CURRENT, now_source)):
            if source is not None:
                borrowed[(index, column)] = source
    derived = {
        (index, CHANGE): ((index, PREVIOUS), (index, CURRENT))
        for index, row in enumerate(table_rows)
        if not row.key.startswith("pillar:")
    }
    trained = next(index for index, row in enumerate(table_rows) if row.key == "persons_trained")
    sectors = tuple(index for index, row in enumerate(table_rows) if row.key.startswith("trained:"))
    sums = [
        Sum((trained, column), tuple((index, column) for index in sectors)) for column in (PREVIOUS, CURRENT)
    ]
    notes = [
        _(
            "Each row says its unit: persons, criminal cases, referrals, contacts, campaigns or "
            "participants. They are never added together."
        ),
    ]
    if region:
        notes.append(_("Campaigns and trainings are national figures: they are not split by region."))
    return StatTable(
        code="tip_submission",
        title=_("TIP report submission: prosecution, protection and prevention"),
        unit=_("as stated in each row"),
        period=period,
        region=region,
        row_header=_("Figure"),
        columns=[
            Column("previous", previous.label),
            Column("current", period.label),
            Column("change", _("Change from the previous period"), ColumnKind.CHANGE),
        ],
        rows=table_rows,
        sums=sums,
        derived=derived,
        borrowed=borrowed,
        notes=notes,
    )
