"""SDG indicator 16.2.2: detected victims of trafficking per 100,000 population, by sex, age and form.

Series codes are those of the UN SDG database; the SDMX codes for the age groups are configuration
(``SANAD_SDG_AGE_CODES``) because the official codes for children and adults are not confirmed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from sanad.statistics.periods import Period
from sanad.statistics.population import population
from sanad.statistics.table import Borrowed, Column, ColumnKind, Row, StatTable
from sanad.statistics.victim_tables import detection_note
from sanad.statistics.victims import AGE_GROUPS, SEXES, DetectedVictim

PER = 100_000
DEFAULT_AGE_CODES = {"_T": "_T", "child": "Y0T17", "adult": "Y_GE18"}


@dataclass(frozen=True)
class Series:
    key: str  # row key
    count_series: str
    rate_series: str
    sex: str  # SDMX SEX code
    age: str  # "_T", "child" or "adult"
    label: Callable[[], str]
    member: Callable[[DetectedVictim], bool]


SERIES: tuple[Series, ...] = (
    Series(
        "all", "VC_HTF_DETV", "VC_HTF_DETVR", "_T", "_T", lambda: _("All detected victims"), lambda v: True
    ),
    Series(
        "female", "VC_HTF_DETV", "VC_HTF_DETVR", "F", "_T", lambda: _("Female"), lambda v: v.sex == "female"
    ),
    Series("male", "VC_HTF_DETV", "VC_HTF_DETVR", "M", "_T", lambda: _("Male"), lambda v: v.sex == "male"),
    Series(
        "child",
        "VC_HTF_DETV",
        "VC_HTF_DETVR",
        "_T",
        "child",
        lambda: _("Children"),
        lambda v: v.age_group == "child",
    ),
    Series(
        "adult",
        "VC_HTF_DETV",
        "VC_HTF_DETVR",
        "_T",
        "adult",
        lambda: _("Adults"),
        lambda v: v.age_group == "adult",
    ),
    Series(
        "sexual_exploitation",
        "VC_HTF_DETVSX",
        "VC_HTF_DETVSXR",
        "_T",
        "_T",
        lambda: _("Sexual exploitation"),
        lambda v: "sexual_exploitation" in v.forms,
    ),
    Series(
        "forced_labour",
        "VC_HTF_DETVFL",
        "VC_HTF_DETVFLR",
        "_T",
        "_T",
        lambda: _("Forced labour"),
        lambda v: "forced_labour" in v.forms,
    ),
    Series(
        "organ_removal",
        "VC_HTF_DETVOG",
        "VC_HTF_DETVOGR",
        "_T",
        "_T",
        lambda: _("Organ removal"),
        lambda v: "organ_removal" in v.sub_forms,
    ),
    Series(
        "other_purposes",
        "VC_HTF_DETVOP",
        "VC_HTF_DETVOPR",
        "_T",
        "_T",
        lambda: _("Other purposes"),
        lambda v: "other" in v.forms and v.sub_forms != {"organ_removal"},
    ),
)
COUNT, POPULATION, RATE = 0, 1, 2


def age_code(age: str) -> str:
    codes = {**DEFAULT_AGE_CODES, **getattr(settings, "SANAD_SDG_AGE_CODES", {})}
    return codes[age]


def rate(count: int, people: int) -> Decimal:
    return (Decimal(count) * PER / Decimal(people)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _victims_table_cells(series: Series) -> tuple[tuple[str, str], ...]:
    """The cells of the victims table this series' count repeats or adds up."""
    sexes = {"F": ("female",), "M": ("male",), "_T": SEXES}[series.sex]
    ages = AGE_GROUPS if series.age == "_T" else (series.age,)
    row = {
        "sexual_exploitation": "form:sexual_exploitation",
        "forced_labour": "form:forced_labour",
        "organ_removal": "sub_form:organ_removal",
        "other_purposes": "form:other",
    }.get(series.key, "all")
    if series.sex == "_T" and series.age == "_T":
        return ((row, "total"),)
    return tuple((row, f"{sex}:{age}") for sex in sexes for age in ages)


def sdg_table(
    victims: Sequence[DetectedVictim], *, period: Period, region: str, victims_table: StatTable | None = None
) -> StatTable:
    """One row per series: the count of detected victims, the population it is set against and the rate
    per 100,000. A rate is missing where the population table has no figure for that sex or age."""
    rows = []
    years_used: set[int] = set()
    for series in SERIES:
        count = sum(1 for victim in victims if series.member(victim))
        people = population(period.end.year, region=region, sex=series.sex, age=series.age)
        if people is not None:
            years_used.add(people.year)
        rows.append(
            Row(
                series.key,
                series.label(),
                [count, people.value if people else None, rate(count, people.value) if people else None],
            )
        )
    notes = [
        detection_note(),
        _("Other purposes include organ removal, which also has its own series."),
    ]
    if years_used:
        notes.append(
            _("Population: figures of %(years)s from the configured population table.")
            % {"years": ", ".join(str(year) for year in sorted(years_used))}
        )
    borrowed = {}
    if victims_table is not None:
        for index, series in enumerate(SERIES):
            cells = tuple(
                (victims_table.row_index(row), victims_table.column_index(column))
                for row, column in _victims_table_cells(series)
            )
            borrowed[(index, COUNT)] = Borrowed(victims_table, cells)
    return StatTable(
        code="sdg_16_2_2",
        title=_("SDG 16.2.2: detected victims of trafficking per 100,000 population"),
        unit=_("persons; rate per 100,000 population"),
        period=period,
        region=region,
        row_header=_("Series"),
        columns=[
            Column("count", _("Detected victims")),
            Column("population", _("Population"), ColumnKind.REFERENCE),
            Column("rate", _("Per 100,000"), ColumnKind.RATE),
        ],
        rows=rows,
        derived={(index, RATE): ((index, COUNT),) for index in range(len(rows))},
        borrowed=borrowed,
        notes=notes,
    )


def series_of(row_key: str) -> Series:
    return next(series for series in SERIES if series.key == row_key)
