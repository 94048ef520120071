"""Prevention figures: the counting rules of awareness campaigns and official trainings, in one place.

Campaigns. A campaign *runs* from its first to its last day; one without an end date is an event of a single
day. It counts once in every calendar year it ran in.
- By region: it counts once under each of its regions, and under "nationwide" when it names none. A campaign
  in two regions is therefore in two region rows: the rows of a year add up to more than the campaigns of
  that year. The number of campaigns is given by ``campaigns_by_year`` (and ``campaigns_by_year_and_type``,
  whose rows do add up, since a campaign has one type).
- Audience reached is one figure for the whole campaign: it is added in the year the campaign started only
  (never again in the years it continued), and, in the region table, under each of its regions like the
  campaign itself. ``measured`` counts the campaigns whose audience is in the sum: those that started in the
  year with a measured audience. A campaign without a measure adds nothing, not zero.

Trainings. A training counts once, in the year of its first day, in its one sector and region.
- ``sessions`` counts trainings; participants are counted by sex as recorded and in total; ``hours`` adds
  the length of each training (hours delivered, not hours per participant).
- Participants are participations: no identity is kept, so a police officer trained twice is counted twice.
- ``identification_guide`` and ``nrm`` count the trainings that covered the identification guide or the
  national referral mechanism.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import F, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from sanad.catalogs import loader
from sanad.prevention.models import AudienceSector, Campaign, CampaignType, Training

NATIONWIDE = "national"
ALL = "all"


@dataclass(frozen=True)
class CampaignCount:
    year: int
    key: str  # a region code, "national", a campaign type, or "all"
    label: str
    campaigns: int = 0
    audience_reached: int = 0
    measured: int = 0


@dataclass(frozen=True)
class TrainingCount:
    year: int
    key: str  # a sector, a region code, or "all"
    label: str
    sessions: int = 0
    female: int = 0
    male: int = 0
    unknown_sex: int = 0
    hours: Decimal = Decimal(0)
    identification_guide: int = 0
    nrm: int = 0

    @property
    def participants(self) -> int:
        return self.female + self.male + self.unknown_sex


def _years(first_year: int, last_year: int) -> range:
    if last_year < first_year:
        raise ValueError(f"last_year {last_year} is before first_year {first_year}")
    return range(first_year, last_year + 1)


def ran_between(start: date, end: date) -> Q:
    """Campaigns active on at least one day from ``start`` to ``end`` inclusive."""
    return Q(starts_on__lte=end) & (Q(ends_on__gte=start) | Q(ends_on__isnull=True, starts_on__gte=start))


def _grid[CountT: (CampaignCount, TrainingCount)](
    kind: type[CountT],
    years: range,
    keys: list[tuple[str, str]],
    totals: dict[tuple[int, str], dict[str, Any]],
) -> list[CountT]:
    """Every year with every key, in the catalogue's order, zeros included: a region or sector with nothing
    is a finding too. Keys met in the data but gone from the catalogue follow, under their code."""
    known: set[str] = {code for code, _label in keys}
    every: list[tuple[str, str]] = [
        *keys,
        *((extra, extra) for extra in sorted({key for _year, key in totals} - known)),
    ]
    return [
        kind(year=year, key=code, label=label, **totals.get((year, code), {}))
        for year in years
        for code, label in every
    ]


def _region_keys(*, nationwide: bool) -> list[tuple[str, str]]:
    regions = loader.regions().choices()
    return [(NATIONWIDE, _("Nationwide")), *regions] if nationwide else regions


# --- Campaigns ---------------------------------------------------------------------------------------------


def _campaign_counts(
    first_year: int, last_year: int, keys_of: Callable[[str, list[str]], Iterable[str]]
) -> dict[tuple[int, str], dict[str, Any]]:
    years = _years(first_year, last_year)
    rows = Campaign.objects.filter(ran_between(date(first_year, 1, 1), date(last_year, 12, 31))).values_list(
        "type", "regions", "starts_on", "ends_on", "audience_reached"
    )
    totals: dict[tuple[int, str], dict[str, Any]] = {}
    for kind, regions, starts_on, ends_on, reached in rows:
        last_day = ends_on or starts_on
        for year in range(max(starts_on.year, years.start), min(last_day.year, years.stop - 1) + 1):
            for key in keys_of(kind, regions):
                cell = totals.setdefault((year, key), {"campaigns": 0, "audience_reached": 0, "measured": 0})
                cell["campaigns"] += 1
                if year == starts_on.year and reached is not None:
                    cell["audience_reached"] += reached
                    cell["measured"] += 1
    return totals


def campaigns_by_year_and_region(*, first_year: int, last_year: int) -> list[CampaignCount]:
    """Per year and region (nationwide campaigns under ``national``); see the module's rules on overlap."""
    totals = _campaign_counts(first_year, last_year, lambda _kind, regions: regions or [NATIONWIDE])
    return _grid(CampaignCount, _years(first_year, last_year), _region_keys(nationwide=True), totals)


def campaigns_by_year_and_type(*, first_year: int, last_year: int) -> list[CampaignCount]:
    totals = _campaign_counts(first_year, last_year, lambda kind, _regions: [kind])
    keys = [(code, str(label)) for code, label in CampaignType.choices]
    return _grid(CampaignCount, _years(first_year, last_year), keys, totals)


def campaigns_by_year(*, first_year: int, last_year: int) -> list[CampaignCount]:
    """Each campaign once per year it ran: the national number of campaigns."""
    totals = _campaign_counts(first_year, last_year, lambda _kind, _regions: [ALL])
    return _grid(CampaignCount, _years(first_year, last_year), [(ALL, _("All campaigns"))], totals)


def campaigns_run(*, start: date, end: date) -> int:
    """Campaigns active on at least one day of the period (``end`` inclusive), each counted once."""
    return Campaign.objects.filter(ran_between(start, end)).count()


# --- Trainings ---------------------------------------------------------------------------------------------


def _training_counts(
    first_year: int, last_year: int, key_of: Callable[[str, str], str]
) -> dict[tuple[int, str], dict[str, Any]]:
    _years(first_year, last_year)
    rows = Training.objects.filter(
        held_on__gte=date(first_year, 1, 1), held_on__lte=date(last_year, 12, 31)
    ).values_list(
        "held_on", "audience_sector", "region", "hours", "participants_female", "participants_male",
        "participants_unknown_sex", "covers_identification_guide", "covers_nrm",
    )  # fmt: skip
    totals: dict[tuple[int, str], dict[str, Any]] = {}
    for held_on, sector, region, hours, female, male, unknown, guide, nrm in rows:
        cell = totals.setdefault(
            (held_on.year, key_of(sector, region)),
            {
                "sessions": 0, "female": 0, "male": 0, "unknown_sex": 0, "hours": Decimal(0),
                "identification_guide": 0, "nrm": 0,
            },
        )  # fmt: skip
        cell["sessions"] += 1
        cell["female"] += female
        cell["male"] += male
        cell["unknown_sex"] += unknown
        cell["hours"] += hours
        cell["identification_guide"] += guide
        cell["nrm"] += nrm
    return totals


def trainings_by_year(*, first_year: int, last_year: int) -> list[TrainingCount]:
    totals = _training_counts(first_year, last_year, lambda _sector, _region: ALL)
    return _grid(TrainingCount, _years(first_year, last_year), [(ALL, _("All trainings"))], totals)


def trainings_by_year_and_sector(*, first_year: int, last_year: int) -> list[TrainingCount]:
    totals = _training_counts(first_year, last_year, lambda sector, _region: sector)
    keys = [(code, str(label)) for code, label in AudienceSector.choices]
    return _grid(TrainingCount, _years(first_year, last_year), keys, totals)


def trainings_by_year_and_region(*, first_year: int, last_year: int) -> list[TrainingCount]:
    totals = _training_counts(first_year, last_year, lambda _sector, region: region)
    return _grid(TrainingCount, _years(first_year, last_year), _region_keys(nationwide=False), totals)


def _held_between(start: date, end: date, sectors: Collection[str] | None) -> QuerySet[Training]:
    trainings = Training.objects.filter(held_on__gte=start, held_on__lte=end)
    if sectors is not None:
        unknown = sorted(set(sectors) - set(AudienceSector.values))
        if unknown:
            raise ValueError(f"unknown training sectors: {unknown}")
        trainings = trainings.filter(audience_sector__in=list(sectors))
    return trainings


def persons_trained(*, start: date, end: date, sectors: Collection[str] | None = None) -> int:
    """Participants of the trainings whose first day falls in the period (``end`` inclusive), of the given
    sectors (every sector when None). Participations, not distinct persons: see the module's rules."""
    total = _held_between(start, end, sectors).aggregate(
        total=Sum(F("participants_female") + F("participants_male") + F("participants_unknown_sex"))
    )["total"]
    return int(total or 0)
