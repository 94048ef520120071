"""Indicators: a computed one is the statistics module's own number for the same period (one source of
truth); a manual one follows the approved reports; both show a trend against their direction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.test import Client
from django.urls import reverse

from sanad.identification.models import StatusDecision
from sanad.plans import progress, services
from sanad.plans.models import Direction, IndicatorValue
from sanad.plans.progress import Trend, trend_of
from sanad.statistics.indicators import STATISTICS, national_value
from sanad.statistics.justice import justice_figures
from sanad.statistics.periods import Period, calendar_year
from sanad.statistics.victims import victims_identified
from tests.cast import Cast


def _decide(cast: Cast, case: object, status: str, on: date) -> None:
    StatusDecision.objects.create(
        case=case, status=status, decided_on=on, decided_by_organisation=cast.organisations["prosecution"],
        legal_basis="Law 27-14 art. 448-1", rationale="Indicators of forced labour confirmed.",
    )  # fmt: skip


def test_victims_are_counted_once_per_person_at_their_first_qualifying_decision(cast: Cast) -> None:
    _decide(cast, cast.case_a, "possible", date(2025, 1, 10))
    _decide(cast, cast.case_a, "presumed", date(2025, 2, 1))
    _decide(cast, cast.case_a, "identified", date(2025, 9, 1))
    _decide(cast, cast.case_b, "not_a_victim", date(2025, 3, 1))
    first_half = Period("plan", 2025, date(2025, 1, 1), date(2025, 6, 30))
    second_half = Period("plan", 2025, date(2025, 7, 1), date(2025, 12, 31))
    assert victims_identified(first_half) == 1
    assert victims_identified(second_half) == 0  # identified later, but already counted when presumed
    assert victims_identified(calendar_year(2025)) == 1


def test_a_computed_indicator_takes_the_statistics_modules_number_for_the_report_period(cast: Cast) -> None:
    _decide(cast, cast.case_a, "presumed", date(2025, 2, 1))
    prosecuted = services.add_indicator(
        actor=cast.coordinator, measure=cast.measure, name="Persons prosecuted", unit="persons",
        source="computed", statistic="persons_prosecuted", direction="increase",
    )  # fmt: skip
    report = services.start_report(actor=cast.focal, measure=cast.measure, period_start=date(2025, 1, 1))
    services.save_report(
        actor=cast.focal, report=report, expected_version=None, status="on_track", percent_done=50,
        budget_spent_minor=0, narrative="", values={cast.manual_indicator.pk: Decimal(3)},
    )  # fmt: skip
    services.submit_report(actor=cast.focal, report=report, expected_version=None)
    period = Period("plan", 2025, date(2025, 1, 1), date(2025, 6, 30))
    frozen = {value.indicator_id: value.value for value in IndicatorValue.objects.filter(report=report)}
    assert frozen[cast.computed_indicator.pk] == victims_identified(period) == 1
    assert frozen[prosecuted.pk] == justice_figures(Q(), period=period).persons["prosecuted"] == 1
    assert frozen[cast.manual_indicator.pk] == 3


def test_a_frozen_value_stays_when_the_statistics_change_later(cast: Cast) -> None:
    services.save_report(
        actor=cast.focal, report=cast.draft_report, expected_version=None, status="on_track", percent_done=30,
        budget_spent_minor=0, narrative="", values={cast.manual_indicator.pk: Decimal(1)},
    )  # fmt: skip
    report = services.submit_report(actor=cast.focal, report=cast.draft_report, expected_version=None)
    _decide(cast, cast.case_a, "identified", date(2024, 8, 1))
    value = IndicatorValue.objects.get(report=report, indicator=cast.computed_indicator)
    assert value.value == 0
    assert (
        national_value("victims_identified", Period("plan", 2024, date(2024, 7, 1), date(2024, 12, 31))) == 1
    )


def test_every_national_statistic_gives_the_cast_its_2025_figure(cast: Cast) -> None:
    # The cast: one contact received today, one referral sent today (unanswered), one suspect charged on
    # 2025-03-01 after an investigation opened on 2025-02-01, one campaign and one training in 2025.
    figures = {code: national_value(code, calendar_year(2025)) for code in STATISTICS}
    assert figures["persons_investigated"] == 1
    assert figures["persons_prosecuted"] == 1
    assert figures["persons_convicted"] == 0
    assert figures["victims_identified"] == 0
    assert figures["referrals_accepted_in_time"] is None  # fewer than five answered referrals: no share
    assert figures["campaigns_run"] == 1
    assert figures["persons_trained"] == cast.training.participants_total


def test_the_series_of_a_computed_indicator_is_the_yearly_statistic_and_shows_its_trend(cast: Cast) -> None:
    _decide(cast, cast.case_a, "presumed", date(2025, 2, 1))
    series = progress.indicator_series(cast.computed_indicator, first_year=2024, last_year=2025)
    assert [(p.year, p.value) for p in series.points] == [(2024, 0), (2025, 1)]
    assert series.trend == Trend.IMPROVING


def test_a_manual_series_reads_approved_reports_only(cast: Cast) -> None:
    series = progress.indicator_series(cast.manual_indicator, first_year=2024, last_year=2025)
    assert [p.value for p in series.points] == [None, None]  # the 2024 report is submitted, not approved
    services.approve_report(actor=cast.coordinator, report=cast.report, expected_version=None)
    series = progress.indicator_series(cast.manual_indicator, first_year=2024, last_year=2025)
    assert [(p.year, p.value, p.target) for p in series.points] == [(2024, 2, 4), (2025, None, 8)]


def test_trend_reads_the_direction() -> None:
    assert trend_of([Decimal(5), Decimal(3)], Direction.DECREASE) == Trend.IMPROVING
    assert trend_of([Decimal(5), Decimal(3)], Direction.INCREASE) == Trend.WORSENING
    assert trend_of([Decimal(3), Decimal(3)], Direction.INCREASE) == Trend.STABLE
    assert trend_of([Decimal(3)], Direction.INCREASE) == Trend.UNKNOWN


def test_the_measure_page_shows_computed_counts_exactly_to_the_commission_only(
    cast: Cast, client: Client
) -> None:
    _decide(cast, cast.case_a, "presumed", date(2025, 2, 1))
    url = reverse("plans:measure", kwargs={"measure_id": cast.measure.pk})
    client.force_login(cast.coordinator)
    body = client.get(url).content.decode()
    assert 'data-year="2025">1' in body and "Computed by Sanad" in body
    for reader in (cast.analyst, cast.focal):
        client.force_login(reader)
        body = client.get(url).content.decode()
        assert 'data-year="2025">&lt;5' in body
        assert 'data-year="2025">1' not in body


def test_the_outlook_and_the_report_page_apply_disclosure_control_too(cast: Cast, client: Client) -> None:
    _decide(cast, cast.case_a, "presumed", date(2024, 8, 1))
    report = services.submit_report(
        actor=cast.focal,
        report=services.save_report(
            actor=cast.focal,
            report=cast.draft_report,
            expected_version=None,
            status="on_track",
            percent_done=30,
            budget_spent_minor=0,
            narrative="",
            values={cast.manual_indicator.pk: Decimal(7)},
        ),
        expected_version=None,
    )
    client.force_login(cast.analyst)
    outlook = client.get(reverse("plans:outlook")).content.decode()
    assert "2024: &lt;5" in outlook
    page = client.get(reverse("plans:report", kwargs={"report_id": report.pk})).content.decode()
    assert "<td>&lt;5</td>" in page  # the frozen count of victims identified in the second half of 2024
    assert "<td>7</td>" in page  # a manual value is the organisation's own figure, shown as reported
    assert report.values.get(indicator=cast.computed_indicator).value == 1


def test_a_computed_indicator_must_name_its_statistic(cast: Cast, client: Client) -> None:
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("plans:indicator_new", kwargs={"measure_id": cast.measure.pk}),
        {
            "name": "Victims",
            "unit": "persons",
            "source": "computed",
            "statistic": "",
            "direction": "increase",
        },
    )
    assert response.status_code == 400
    assert "Choose the statistic" in response.content.decode()


def test_targets_are_written_year_equals_value(cast: Cast, client: Client) -> None:
    client.force_login(cast.coordinator)
    url = reverse("plans:indicator_new", kwargs={"measure_id": cast.measure.pk})
    data = {"name": "Inspections", "unit": "inspections", "source": "manual", "direction": "increase"}
    response = client.post(url, {**data, "targets": "2025 150"})
    assert response.status_code == 400
    assert "YEAR=VALUE" in response.content.decode()
    response = client.post(url, {**data, "targets": "2025=150; 2026=200"})
    assert response.status_code == 302
    indicator = cast.measure.indicators.get(name="Inspections")
    assert indicator.targets == {"2025": "150", "2026": "200"}
