"""Reading the tier history: one country, one year by tier and region, a comparison, and what the statute
says about next year. The history is public record: any holder of ``tip.view`` reads all of it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from sanad.access import policy
from sanad.tip import catalogue
from sanad.tip.models import ReadinessRating, TierChoice, TierPlacement, Waiver
from sanad.tip.rules import History, Outlook, Rules, Tier, WaiverYears, outlook

TIER_ORDER = [Tier.ONE, Tier.TWO, Tier.WATCH_LIST, Tier.THREE, Tier.SPECIAL]


def statutory_rules() -> Rules:
    """The rules engine as this installation configures it."""
    return Rules(current_waiver_limit_first_year=settings.SANAD_TIP_ONE_WAIVER_YEAR_FROM)


def _require_reader(user: Any) -> None:
    policy.require(user, "tip.view")


def histories() -> dict[str, dict[int, Tier]]:
    found: dict[str, dict[int, Tier]] = defaultdict(dict)
    for iso3, year, tier in TierPlacement.objects.values_list("iso3", "year", "tier"):
        found[iso3][year] = Tier(tier)
    return dict(found)


def waivers() -> dict[str, frozenset[int]]:
    found: dict[str, set[int]] = defaultdict(set)
    for iso3, year in Waiver.objects.values_list("iso3", "year"):
        found[iso3].add(year)
    return {iso3: frozenset(years) for iso3, years in found.items()}


def history_of(iso3: str) -> History:
    return {
        year: Tier(tier) for year, tier in TierPlacement.objects.filter(iso3=iso3).values_list("year", "tier")
    }


def waivers_of(iso3: str) -> WaiverYears:
    return frozenset(Waiver.objects.filter(iso3=iso3).values_list("year", flat=True))


def report_years() -> list[int]:
    return sorted(set(TierPlacement.objects.values_list("year", flat=True).distinct()))


@dataclass(frozen=True)
class CountryEntry:
    iso3: str
    name: str
    region: str


def countries() -> list[CountryEntry]:
    """Every country with at least one placement, by name in the active language."""
    codes = set(TierPlacement.objects.values_list("iso3", flat=True).distinct())
    regions = catalogue.regions()
    entries = [CountryEntry(iso3, catalogue.country_name(iso3), regions.get(iso3, "")) for iso3 in codes]
    return sorted(entries, key=lambda entry: entry.name)


@dataclass(frozen=True)
class CountryHistory:
    iso3: str
    name: str
    region: str
    placements: list[tuple[int, str]]  # (year, tier) in year order
    waiver_years: frozenset[int]
    next_year: int
    outlook: Outlook


def country_history(*, user: Any, iso3: str) -> CountryHistory | None:
    _require_reader(user)
    history = history_of(iso3)
    if not history:
        return None
    waived = waivers_of(iso3)
    next_year = max(history) + 1
    return CountryHistory(
        iso3=iso3,
        name=catalogue.country_name(iso3),
        region=catalogue.regions().get(iso3, ""),
        placements=[(year, str(history[year])) for year in sorted(history)],
        waiver_years=frozenset(waived),
        next_year=next_year,
        outlook=outlook(history, waived, next_year, statutory_rules()),
    )


@dataclass(frozen=True)
class YearTable:
    """Countries of one report year by tier (columns) and region (rows); ``names`` per cell."""

    year: int
    tiers: list[str]
    regions: list[str]
    counts: dict[tuple[str, str], int]
    names: dict[tuple[str, str], list[CountryEntry]]
    tier_totals: dict[str, int]
    total: int


def year_table(*, user: Any, year: int) -> YearTable:
    _require_reader(user)
    regions = catalogue.regions()
    names: dict[tuple[str, str], list[CountryEntry]] = defaultdict(list)
    for iso3, tier in TierPlacement.objects.filter(year=year).values_list("iso3", "tier"):
        region = regions.get(iso3, "")
        names[(region, tier)].append(CountryEntry(iso3, catalogue.country_name(iso3), region))
    for entries in names.values():
        entries.sort(key=lambda entry: entry.name)
    region_codes = sorted({region for region, _tier in names}, key=lambda code: (code == "", code))
    tiers = [str(tier) for tier in TIER_ORDER]
    counts = {key: len(entries) for key, entries in names.items()}
    return YearTable(
        year=year,
        tiers=tiers,
        regions=region_codes,
        counts=counts,
        names=dict(names),
        tier_totals={tier: sum(n for (_r, t), n in counts.items() if t == tier) for tier in tiers},
        total=sum(counts.values()),
    )


def comparison(*, user: Any, codes: list[str]) -> tuple[list[int], list[tuple[CountryEntry, dict[int, str]]]]:
    """Years (ascending) and, per chosen country, its placement per year."""
    _require_reader(user)
    # Every chosen country's history in one query, not one per country compared.
    found: dict[str, dict[int, str]] = defaultdict(dict)
    for iso3, year, tier in TierPlacement.objects.filter(iso3__in=codes).values_list("iso3", "year", "tier"):
        found[iso3][year] = str(Tier(tier))
    rows = []
    regions = catalogue.regions()
    for iso3 in codes:
        if iso3 in found:
            entry = CountryEntry(iso3, catalogue.country_name(iso3), regions.get(iso3, ""))
            rows.append((entry, found[iso3]))
    return sorted({year for by_year in found.values() for year in by_year}), rows


def tier_choices() -> list[tuple[str, str]]:
    return [(str(choice.value), str(choice.label)) for choice in TierChoice]


def rating_of(period_year: int, criterion: str) -> ReadinessRating | None:
    return ReadinessRating.objects.filter(period_year=period_year, criterion=criterion).first()
