"""The national table set: one registry that the dashboards, ``sanad stats``, the exports and the annual
report all read. Each table is computed by the counting module for a period and a region; a memo shared by
the tables of one request computes the detected victims (and each table) once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from sanad.gc_pause import gc_paused
from sanad.statistics.operation_tables import (
    hotline_table,
    justice_cases_table,
    justice_persons_table,
    kpi_table,
    referrals_table,
)
from sanad.statistics.periods import Period, previous_period
from sanad.statistics.sdg import sdg_table
from sanad.statistics.table import StatTable
from sanad.statistics.tip_tables import tip_submission_table
from sanad.statistics.victim_tables import victims_by_country_table, victims_table
from sanad.statistics.victims import DetectedVictim, detected_victims_by_period

Memo = dict[Any, Any]
Builder = Callable[..., StatTable]


def _victims_key(period: Period, region: str) -> tuple[str, Period, str]:
    return ("detected_victims", period, region)


def prefetch_victims(periods: list[Period], region: str, memo: Memo) -> None:
    """The detected victims of the periods not in the memo yet, all from one read."""
    missing = [each for each in periods if _victims_key(each, region) not in memo]
    if missing:
        for each, victims in detected_victims_by_period(missing, region=region).items():
            memo[_victims_key(each, region)] = victims


def victims_of(period: Period, region: str, memo: Memo) -> list[DetectedVictim]:
    prefetch_victims([period], region, memo)
    victims: list[DetectedVictim] = memo[_victims_key(period, region)]
    return victims


def _from_victims(build: Callable[..., StatTable]) -> Builder:
    def builder(*, period: Period, region: str, memo: Memo) -> StatTable:
        return build(victims_of(period, region, memo), period=period, region=region)

    return builder


def _sdg(*, period: Period, region: str, memo: Memo) -> StatTable:
    victims = compute_table("victims", period=period, region=region, memo=memo)
    return sdg_table(victims_of(period, region, memo), period=period, region=region, victims_table=victims)


@dataclass(frozen=True)
class TableSpec:
    code: str
    title: Any  # lazy
    pillar: str
    build: Builder


TABLES: dict[str, TableSpec] = {
    spec.code: spec
    for spec in (
        TableSpec(
            "victims",
            _("Detected victims by sex, age, form and citizenship"),
            "protection",
            _from_victims(victims_table),
        ),
        TableSpec(
            "victims_by_country",
            _("Detected victims by country of citizenship"),
            "protection",
            _from_victims(victims_by_country_table),
        ),
        TableSpec(
            "sdg_16_2_2",
            _("SDG 16.2.2: detected victims per 100,000 population"),
            "protection",
            _sdg,
        ),
        TableSpec(
            "justice_persons",
            _("Persons investigated, prosecuted, convicted"),
            "prosecution",
            justice_persons_table,
        ),
        TableSpec(
            "justice_cases",
            _("Criminal cases investigated, prosecuted, convicted"),
            "prosecution",
            justice_cases_table,
        ),
        TableSpec("referrals", _("Referrals by service and outcome"), "protection", referrals_table),
        TableSpec("hotline", _("Hotline contacts by type and channel"), "prevention", hotline_table),
        TableSpec("kpis", _("Referral mechanism and hotline indicators"), "protection", kpi_table),
        TableSpec("tip_submission", _("TIP report submission set"), "partnership", tip_submission_table),
    )
}


class UnknownTableError(LookupError):
    pass


@gc_paused()
def compute_table(code: str, *, period: Period, region: str = "", memo: Memo | None = None) -> StatTable:
    if code not in TABLES:
        raise UnknownTableError(code)
    memo = {} if memo is None else memo
    key = ("table", code, period, region)
    if key not in memo:
        memo[key] = TABLES[code].build(period=period, region=region, memo=memo)
    table: StatTable = memo[key]
    return table


@gc_paused()
def compute_tables(
    period: Period, *, region: str = "", codes: list[str] | None = None, memo: Memo | None = None
) -> list[StatTable]:
    """The whole national set (or the tables named), computed with one memo."""
    memo = {} if memo is None else memo
    codes = codes or list(TABLES)
    if "tip_submission" in codes:  # it sets the period beside the previous one: read both at once
        prefetch_victims([period, previous_period(period)], region, memo)
    return [compute_table(code, period=period, region=region, memo=memo) for code in codes]
