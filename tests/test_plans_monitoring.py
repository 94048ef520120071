"""Monitoring: overdue reports and late measures flagged to both sides, the dashboard, the recommendations
register and what the next report will see."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from sanad.audit.models import AuditAction, AuditEvent
from sanad.identification.models import StatusDecision
from sanad.plans import progress, selectors, services
from sanad.plans.models import Recommendation
from tests.cast import Cast


def _periods(entries: list[selectors.DueReport]) -> list[date]:
    return [entry.period_start for entry in entries]


def test_a_period_without_a_submitted_report_is_due_then_overdue_after_the_grace_days(cast: Cast) -> None:
    # The first half of 2024 is submitted; the second half has only a draft.
    due = selectors.reports_due(user=cast.focal, today=date(2025, 1, 15))
    assert _periods(due) == [date(2024, 7, 1)]
    assert due[0].due_on == date(2025, 1, 30)
    assert not due[0].is_overdue(date(2025, 1, 15))
    assert due[0].draft is not None and due[0].draft.pk == cast.draft_report.pk
    assert due[0].is_overdue(date(2025, 1, 31))


def test_overdue_reports_are_flagged_to_the_organisation_and_to_the_commission_only(cast: Cast) -> None:
    today = date(2025, 8, 1)
    assert _periods(selectors.reports_due(user=cast.focal, today=today)) == [
        date(2024, 7, 1),
        date(2025, 1, 1),
    ]
    assert _periods(selectors.reports_due(user=cast.coordinator, today=today)) == [
        date(2024, 7, 1),
        date(2025, 1, 1),
    ]
    assert selectors.reports_due(user=cast.other_focal, today=today) == []
    assert selectors.reports_due(user=cast.analyst, today=today) == []


def test_the_plans_page_shows_overdue_reports_to_the_focal_point(cast: Cast, client: Client) -> None:
    client.force_login(cast.focal)
    body = client.get(reverse("plans:list")).content.decode()
    assert "Progress reports due" in body and "Overdue" in body and "1.1.1 Train labour inspectors" in body
    client.force_login(cast.other_focal)
    assert "Progress reports due" not in client.get(reverse("plans:list")).content.decode()


def test_a_measure_is_late_when_reported_delayed_or_past_its_end_unfinished(cast: Cast) -> None:
    assert selectors.late_measures(user=cast.coordinator, today=date(2025, 1, 1)) == []
    assert [m.pk for m in selectors.late_measures(user=cast.focal, today=date(2027, 1, 1))] == [
        cast.measure.pk
    ]
    services.save_report(
        actor=cast.focal, report=cast.draft_report, expected_version=None, status="delayed", percent_done=25,
        budget_spent_minor=0, narrative="", values={cast.manual_indicator.pk: 1},
    )  # fmt: skip
    services.submit_report(actor=cast.focal, report=cast.draft_report, expected_version=None)
    services.approve_report(actor=cast.coordinator, report=cast.draft_report, expected_version=None)
    assert [m.pk for m in selectors.late_measures(user=cast.coordinator, today=date(2025, 1, 1))] == [
        cast.measure.pk
    ]
    assert selectors.late_measures(user=cast.other_focal, today=date(2025, 1, 1)) == []


def test_the_dashboard_tables_follow_the_approved_reports(cast: Cast, client: Client) -> None:
    client.force_login(cast.analyst)
    url = reverse("plans:dashboard", kwargs={"plan_id": cast.plan.pk})
    body = client.get(url).content.decode()
    assert "<svg" in body
    assert 'data-axis="prevention"><th scope="row">Prevention</th><td>1</td>' in body
    assert '<td data-status="not_reported">1</td>' in body
    services.approve_report(actor=cast.coordinator, report=cast.report, expected_version=None)
    body = client.get(url).content.decode()
    assert '<td data-status="on_track">1</td>' in body
    assert '<td data-status="not_reported">0</td>' in body
    assert "150\u202f000 MAD" in body  # 150,000.00 MAD spent of the 1,000,000.00 planned


def test_axis_figures_count_measures_and_budgets(cast: Cast) -> None:
    services.approve_report(actor=cast.coordinator, report=cast.report, expected_version=None)
    figures = progress.plan_progress(cast.plan, today=date(2025, 1, 1), exact=True)
    prevention = next(axis for axis in figures.axes if axis.pillar == "prevention")
    assert (prevention.measures, prevention.by_status["on_track"], prevention.share("on_track")) == (
        1,
        1,
        1.0,
    )
    assert (prevention.budget_planned_minor, prevention.budget_spent_minor) == (100_000_000, 15_000_000)
    assert all(axis.measures == 0 for axis in figures.axes if axis.pillar != "prevention")


def test_a_recommendation_shows_in_the_readers_language_or_in_its_original(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.analyst)
    url = reverse("plans:recommendations")
    assert "Fully implement the NRM" in client.get(url).content.decode()
    services.update_recommendation(
        actor=cast.coordinator, recommendation=cast.recommendation, expected_version=None,
        text_fr="Mettre pleinement en œuvre le MNR et former les autorités judiciaires.",
    )  # fmt: skip
    with translation.override("fr"):
        body = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Mettre pleinement en œuvre le MNR" in body


def test_a_status_change_is_audited_and_a_duplicate_priority_refused(cast: Cast) -> None:
    services.update_recommendation(
        actor=cast.coordinator, recommendation=cast.recommendation, expected_version=None,
        status="in_progress", status_note="NRM training plan adopted.",
    )  # fmt: skip
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(cast.recommendation.pk), detail__status="in_progress"
    ).exists()
    with pytest.raises(ValidationError, match="already has a recommendation with this priority"):
        services.create_recommendation(
            actor=cast.coordinator, source="TIP", report_year=2025, priority=2, original_language="en",
            text_en="Another text.",
        )  # fmt: skip
    with pytest.raises(ValidationError):
        services.create_recommendation(
            actor=cast.coordinator,
            source="TIP",
            report_year=2025,
            priority=3,
            original_language="ar",
            text_en="x",
        )
    assert Recommendation.objects.count() == 1


def test_the_outlook_shows_each_recommendation_with_its_measures_and_what_the_data_says(
    cast: Cast, client: Client
) -> None:
    StatusDecision.objects.create(
        case=cast.case_a, status="presumed", decided_on=date(2025, 2, 1),
        decided_by_organisation=cast.organisations["prosecution"], legal_basis="Law 27-14", rationale="r",
    )  # fmt: skip
    unlinked = services.create_recommendation(
        actor=cast.coordinator, source="TIP", report_year=2025, priority=3, original_language="en",
        text_en="Increase front-line officials' capacity.",
    )  # fmt: skip
    client.force_login(cast.focal)
    body = client.get(reverse("plans:outlook")).content.decode()
    linked_block = body.split(f'data-testid="outlook-{cast.recommendation.pk}"')[1].split("</section>")[0]
    assert "1.1.1 Train labour inspectors" in linked_block
    assert "Victims identified" in linked_block and "Improving" in linked_block
    unlinked_block = body.split(f'data-testid="outlook-{unlinked.pk}"')[1].split("</section>")[0]
    assert "No measure answers this recommendation yet." in unlinked_block


def test_the_home_page_flags_overdue_reports_to_the_focal_point_and_reviews_to_the_commission(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.focal)
    body = client.get(reverse("web:home")).content.decode()
    assert 'data-panel="plans"' in body and 'data-panel="organisation"' not in body
    today = timezone.localdate()
    overdue = len([e for e in selectors.reports_due(user=cast.focal, today=today) if e.is_overdue(today)])
    assert overdue >= 1
    assert f'data-count="reports_overdue">{overdue}<' in body
    client.force_login(cast.coordinator)
    body = client.get(reverse("web:home")).content.decode()
    assert 'data-count="awaiting_review">1<' in body
    client.force_login(cast.other_focal)
    assert 'data-count="reports_due">0<' in client.get(reverse("web:home")).content.decode()
