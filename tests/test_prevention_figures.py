"""The prevention counting rules on hand-built campaigns and trainings (2020 to 2024; the cast's own are
of 2025 and stay out of these years), and the dashboard that shows them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanad.prevention import dashboard
from sanad.prevention.services import record_campaign, record_training
from sanad.statistics.prevention import (
    campaigns_by_year,
    campaigns_by_year_and_region,
    campaigns_by_year_and_type,
    campaigns_run,
    persons_trained,
    trainings_by_year,
    trainings_by_year_and_region,
    trainings_by_year_and_sector,
)
from tests.cast import Cast

pytestmark = pytest.mark.django_db


def _campaign(cast: Cast, title: str, kind: str, starts_on: date, **extra: Any) -> None:
    record_campaign(
        actor=cast.coordinator, title=title, type=kind, organiser=cast.organisations["commission"],
        starts_on=starts_on, audience="The public", **extra,
    )  # fmt: skip


def _training(cast: Cast, sector: str, held_on: date, region: str, hours: str, **extra: Any) -> None:
    record_training(
        actor=cast.coordinator, title=f"{sector} {held_on}", audience_sector=sector,
        organiser=cast.organisations["commission"], held_on=held_on, region=region, hours=Decimal(hours),
        **extra,
    )  # fmt: skip


@pytest.fixture
def built(cast: Cast) -> Cast:
    # A: two regions, runs over the turn of 2021 into 2022, audience measured.
    _campaign(
        cast, "A", "tv_spot", date(2021, 11, 1), ends_on=date(2022, 2, 28), regions=["MA-01", "MA-02"],
        audience_reached=1000, reach_method="estimate",
    )  # fmt: skip
    # B: nationwide, a single day (no end date), not measured.
    _campaign(cast, "B", "tv_spot", date(2022, 5, 5))
    # C: one region, within 2022, measured.
    _campaign(
        cast, "C", "schools", date(2022, 3, 1), ends_on=date(2022, 3, 31), regions=["MA-01"],
        audience_reached=200, reach_method="head_count",
    )  # fmt: skip
    # D: started in 2020 and ran into 2021; its audience belongs to 2020.
    _campaign(
        cast, "D", "schools", date(2020, 12, 1), ends_on=date(2021, 1, 15), regions=["MA-02"],
        audience_reached=50, reach_method="distribution_count",
    )  # fmt: skip
    # E: from the last day of 2023 into 2024.
    _campaign(cast, "E", "other", date(2023, 12, 31), ends_on=date(2024, 1, 10), regions=["MA-03"])
    # F: over before any of the years asked.
    _campaign(cast, "F", "other", date(2020, 6, 1), ends_on=date(2020, 6, 30))

    _training(
        cast, "police", date(2022, 1, 1), "MA-04", "6", participants_female=3, participants_male=5,
        covers_identification_guide=True,
    )  # fmt: skip
    # Runs over the new year: counted once, in 2022, the year of its first day.
    _training(
        cast, "judges", date(2022, 12, 31), "MA-04", "3.5", ends_on=date(2023, 1, 2), participants_female=4,
        participants_male=1, participants_unknown_sex=2, covers_nrm=True,
    )  # fmt: skip
    _training(
        cast, "police", date(2023, 6, 15), "MA-06", "2", participants_male=10,
        covers_identification_guide=True, covers_nrm=True,
    )  # fmt: skip
    _training(
        cast, "prosecutors", date(2021, 12, 31), "MA-01", "1", participants_female=1, participants_male=1
    )
    return cast


def _cell(rows: list[Any], year: int, key: str) -> Any:
    return next(row for row in rows if row.year == year and row.key == key)


def test_a_campaign_counts_in_every_year_it_ran_and_in_each_of_its_regions(built: Cast) -> None:
    rows = campaigns_by_year_and_region(first_year=2021, last_year=2023)
    assert len(rows) == 3 * 13  # every year, nationwide and the twelve regions, zeros included

    def numbers(year: int, key: str) -> tuple[int, int, int]:
        cell = _cell(rows, year, key)
        return cell.campaigns, cell.audience_reached, cell.measured

    # 2021: A in both its regions, with its audience; D continued in MA-02, its audience stayed in 2020.
    assert numbers(2021, "MA-01") == (1, 1000, 1)
    assert numbers(2021, "MA-02") == (2, 1000, 1)
    # 2022: A continued (no audience again), C started in MA-01; B is nationwide, on one day.
    assert numbers(2022, "MA-01") == (2, 200, 1)
    assert numbers(2022, "MA-02") == (1, 0, 0)
    assert numbers(2022, "national") == (1, 0, 0)
    assert numbers(2023, "MA-03") == (1, 0, 0)
    assert numbers(2023, "MA-01") == (0, 0, 0)
    assert _cell(rows, 2022, "national").label == "Nationwide"


def test_the_national_number_counts_each_campaign_once_a_year(built: Cast) -> None:
    totals = {row.year: (row.campaigns, row.audience_reached, row.measured) for row in campaigns_by_year(
        first_year=2021, last_year=2023
    )}  # fmt: skip
    assert totals == {2021: (2, 1000, 1), 2022: (3, 200, 1), 2023: (1, 0, 0)}
    # The regions of 2021 add up to 3 (A is in two of them); the campaigns were two.
    by_region = campaigns_by_year_and_region(first_year=2021, last_year=2021)
    assert sum(row.campaigns for row in by_region) == 3
    # A campaign has one type: the types add up to the national number.
    by_type = campaigns_by_year_and_type(first_year=2021, last_year=2023)
    for year, (campaigns, _audience, _measured) in totals.items():
        assert sum(row.campaigns for row in by_type if row.year == year) == campaigns
    assert _cell(by_type, 2022, "tv_spot").campaigns == 2
    assert _cell(by_type, 2022, "schools").campaigns == 1


def test_campaigns_run_in_a_period_counts_those_active_on_any_day_of_it(built: Cast) -> None:
    assert campaigns_run(start=date(2022, 1, 1), end=date(2022, 12, 31)) == 3
    assert campaigns_run(start=date(2021, 1, 16), end=date(2021, 10, 31)) == 0  # between D and A
    assert campaigns_run(start=date(2022, 5, 5), end=date(2022, 5, 5)) == 1  # B's single day
    assert campaigns_run(start=date(2022, 5, 6), end=date(2022, 12, 30)) == 0
    assert campaigns_run(start=date(2021, 1, 15), end=date(2021, 1, 15)) == 1  # D's last day
    assert campaigns_run(start=date(2024, 1, 1), end=date(2024, 3, 31)) == 1  # E, still running


def test_persons_trained_adds_the_participants_of_trainings_held_in_the_period(built: Cast) -> None:
    year_2022 = {"start": date(2022, 1, 1), "end": date(2022, 12, 31)}
    assert persons_trained(**year_2022) == 8 + 7
    assert persons_trained(**year_2022, sectors=["police"]) == 8
    assert persons_trained(**year_2022, sectors={"police", "judges"}) == 15
    assert persons_trained(**year_2022, sectors=[]) == 0
    assert persons_trained(start=date(2022, 1, 2), end=date(2022, 12, 30)) == 0  # both on the edges
    assert persons_trained(start=date(2021, 1, 1), end=date(2023, 12, 31)) == 2 + 15 + 10
    with pytest.raises(ValueError, match="unknown training sectors"):
        persons_trained(**year_2022, sectors=["polce"])


def test_trainings_per_sector_region_and_year(built: Cast) -> None:
    by_sector = trainings_by_year_and_sector(first_year=2021, last_year=2023)
    police = _cell(by_sector, 2022, "police")
    assert (police.sessions, police.female, police.male, police.unknown_sex, police.participants) == (
        1,
        3,
        5,
        0,
        8,
    )
    assert (police.hours, police.identification_guide, police.nrm) == (Decimal(6), 1, 0)
    judges = _cell(by_sector, 2022, "judges")
    assert (judges.participants, judges.hours, judges.nrm) == (7, Decimal("3.5"), 1)
    assert _cell(by_sector, 2023, "judges").sessions == 0  # the judges' training began in 2022
    later = _cell(by_sector, 2023, "police")
    assert (later.sessions, later.male, later.identification_guide, later.nrm) == (1, 10, 1, 1)

    by_region = trainings_by_year_and_region(first_year=2022, last_year=2022)
    rabat = _cell(by_region, 2022, "MA-04")
    assert (rabat.sessions, rabat.female, rabat.male, rabat.unknown_sex, rabat.hours) == (
        2, 7, 6, 2, Decimal("9.5")
    )  # fmt: skip
    assert (rabat.identification_guide, rabat.nrm) == (1, 1)
    assert len(by_region) == 12  # the twelve regions: a training is always held in one
    totals = {row.year: row.participants for row in trainings_by_year(first_year=2021, last_year=2023)}
    assert totals == {2021: 2, 2022: 15, 2023: 10}
    with pytest.raises(ValueError, match="before first_year"):
        trainings_by_year(first_year=2023, last_year=2021)


def test_each_chart_shows_the_figures_of_the_table_beside_it(built: Cast) -> None:
    years = range(2021, 2024)
    by_sex = dashboard.participants_by_sex(years)
    for row in by_sex.rows:
        points = [point["value"] for point in by_sex.data if point["category"] == row.key]
        assert points == row.cells[1:4]  # women, men, sex not recorded
    by_type = dashboard.campaigns_by_type(years)
    total = next(row for row in by_type.rows if row.key == "all")
    for index, year in enumerate(years):
        assert (
            sum(point["value"] for point in by_type.data if point["category"] == str(year))
            == total.cells[index]
        )
    by_region = dashboard.campaigns_by_region(years)
    tanger = next(row for row in by_region.rows if row.key == "MA-01")
    assert [p["value"] for p in by_region.data if p["category"] == tanger.header] == tanger.cells[::2]


def test_the_dashboard_shows_each_chart_beside_its_table(built: Cast, client: Client) -> None:
    client.force_login(built.analyst)
    response = client.get(reverse("prevention:dashboard"), {"first_year": "2021", "last_year": "2023"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<svg") == 5 and "<script" not in page.split("<main", 1)[1]
    assert (
        '<tr data-testid="participants-by-sex-2022"><th scope="row">2022</th>'
        "<td>2</td><td>7</td><td>6</td><td>2</td><td>15</td><td>9.5</td><td>1</td><td>1</td></tr>"
    ) in page
    assert (
        '<tr data-testid="campaigns-by-region-MA-01"><th scope="row">Tanger-Tetouan-Al Hoceima</th>'
        "<td>1</td><td>1000</td><td>2</td><td>200</td><td>0</td><td>0</td></tr>"
    ) in page
    assert (
        '<tr data-testid="campaigns-by-type-all"><th scope="row">All campaigns</th>'
        "<td>2</td><td>3</td><td>1</td></tr>"
    ) in page
    assert '<tr data-testid="trainings-by-sector-judges"><th scope="row">Judges</th>' in page


def test_the_dashboard_shows_the_last_three_years_unless_asked(built: Cast, client: Client) -> None:
    client.force_login(built.coordinator)
    this_year = timezone.localdate().year
    response = client.get(reverse("prevention:dashboard"))
    assert (response.context["first_year"], response.context["last_year"]) == (this_year - 2, this_year)
    response = client.get(reverse("prevention:dashboard"), {"first_year": "2023", "last_year": "2021"})
    assert response.status_code == 200
    assert response.context["form"].errors["last_year"] == ["The last year is before the first."]
    assert (response.context["first_year"], response.context["last_year"]) == (this_year - 2, this_year)
