"""The progress-report workflow: the responsible organisation writes and submits, the commission approves
or returns, and only approved reports move the measure."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanad.audit.models import AuditAction, AuditEvent
from sanad.plans import services
from sanad.plans.models import Measure, ProgressReport, ReportState
from tests.cast import Cast


def _fill(cast: Cast, report: ProgressReport, **overrides: object) -> ProgressReport:
    values = {
        "status": "on_track",
        "percent_done": 40,
        "budget_spent_minor": 30_000_000,
        "narrative": "Four sessions.",
        "values": {cast.manual_indicator.pk: Decimal(4)},
    }
    values.update(overrides)
    return services.save_report(actor=cast.focal, report=report, expected_version=None, **values)  # type: ignore[arg-type]


def test_submitting_without_a_manual_indicator_value_is_refused_with_its_name(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="Sessions held"):
        services.submit_report(actor=cast.focal, report=cast.draft_report, expected_version=None)
    cast.draft_report.refresh_from_db()
    assert cast.draft_report.state == ReportState.DRAFT


def test_approval_moves_the_measure_to_the_reported_status(cast: Cast) -> None:
    measure = Measure.objects.get(pk=cast.measure.pk)
    assert measure.status_as_of is None
    services.approve_report(actor=cast.coordinator, report=cast.report, expected_version=None, comment="")
    measure.refresh_from_db()
    assert (measure.status, measure.percent_done, measure.budget_spent_minor) == ("on_track", 20, 15_000_000)
    assert measure.status_as_of == date(2024, 6, 30)
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(cast.report.pk), detail__state="approved"
    ).exists()


def test_an_older_period_approved_late_does_not_overwrite_a_newer_status(cast: Cast) -> None:
    _fill(cast, cast.draft_report, status="delayed", percent_done=35)
    services.submit_report(actor=cast.focal, report=cast.draft_report, expected_version=None)
    services.approve_report(actor=cast.coordinator, report=cast.draft_report, expected_version=None)
    services.approve_report(actor=cast.coordinator, report=cast.report, expected_version=None)
    measure = Measure.objects.get(pk=cast.measure.pk)
    assert (measure.status, measure.percent_done, measure.status_as_of) == ("delayed", 35, date(2024, 12, 31))


def test_returning_needs_a_comment_and_reopens_the_report_for_its_organisation(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        services.return_report(actor=cast.coordinator, report=cast.report, expected_version=None, comment=" ")
    services.return_report(
        actor=cast.coordinator,
        report=cast.report,
        expected_version=None,
        comment="Attach the attendance list.",
    )
    report = ProgressReport.objects.get(pk=cast.report.pk)
    assert report.state == ReportState.RETURNED
    assert report.review_comment == "Attach the attendance list."
    _fill(cast, report)
    resubmitted = services.submit_report(actor=cast.focal, report=report, expected_version=None)
    assert resubmitted.state == ReportState.SUBMITTED


@pytest.mark.parametrize(
    ("state", "action"),
    [
        ("draft", "approve"),
        ("draft", "return"),
        ("approved", "approve"),
        ("approved", "return"),
        ("approved", "submit"),
        ("submitted", "submit"),
        ("submitted", "save"),
        ("approved", "save"),
    ],
)
def test_refused_transitions_leave_the_report_as_it_was(cast: Cast, state: str, action: str) -> None:
    report = cast.draft_report if state == "draft" else cast.report
    if state == "approved":
        report = services.approve_report(actor=cast.coordinator, report=report, expected_version=None)
    before = ProgressReport.objects.get(pk=report.pk)
    run = {
        "approve": lambda: services.approve_report(
            actor=cast.coordinator, report=report, expected_version=None
        ),
        "return": lambda: services.return_report(
            actor=cast.coordinator, report=report, expected_version=None, comment="No."
        ),
        "submit": lambda: services.submit_report(actor=cast.focal, report=report, expected_version=None),
        "save": lambda: _fill(cast, report),
    }[action]
    with pytest.raises(
        ValidationError, match=r"can no longer be changed|cannot be submitted|Only a submitted"
    ):
        run()
    after = ProgressReport.objects.get(pk=report.pk)
    assert (after.state, after.version, after.percent_done) == (
        before.state,
        before.version,
        before.percent_done,
    )


def test_only_the_responsible_organisation_writes_and_only_the_commission_reviews(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        _fill_as(cast, cast.other_focal)
    with pytest.raises(PermissionDenied):
        _fill_as(cast, cast.coordinator)
    with pytest.raises(PermissionDenied):
        services.submit_report(actor=cast.other_focal, report=cast.draft_report, expected_version=None)
    with pytest.raises(PermissionDenied):
        services.approve_report(actor=cast.focal, report=cast.report, expected_version=None)
    with pytest.raises(PermissionDenied):
        services.start_report(actor=cast.other_focal, measure=cast.measure, period_start=date(2025, 1, 1))


def _fill_as(cast: Cast, actor: object) -> None:
    services.save_report(
        actor=actor, report=cast.draft_report, expected_version=None, status="on_track", percent_done=10,
        budget_spent_minor=0, narrative="", values={},
    )  # fmt: skip


def test_a_stale_edit_is_refused_and_the_other_edit_kept(cast: Cast) -> None:
    version = ProgressReport.objects.get(pk=cast.draft_report.pk).version
    _fill(cast, cast.draft_report, narrative="First writer.")
    with pytest.raises(ValidationError, match="Someone else changed"):
        services.save_report(
            actor=cast.focal, report=cast.draft_report, expected_version=version, status="on_track",
            percent_done=10, budget_spent_minor=0, narrative="Second writer.", values={},
        )  # fmt: skip
    assert ProgressReport.objects.get(pk=cast.draft_report.pk).narrative == "First writer."


def test_a_report_for_a_period_that_has_not_begun_or_is_taken_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="already exists"):
        services.start_report(actor=cast.focal, measure=cast.measure, period_start=date(2024, 1, 1))
    with pytest.raises(ValidationError, match="not a reporting period"):
        services.start_report(actor=cast.focal, measure=cast.measure, period_start=date(2024, 2, 1))
    measure = services.update_measure(
        actor=cast.coordinator, measure=cast.measure, expected_version=None, ends_on=date(2030, 12, 31)
    )
    today = timezone.localdate()
    upcoming = next(
        start
        for start, _end in cast.plan.reporting_periods(within_start=today, within_end=measure.ends_on)
        if start > today
    )
    with pytest.raises(ValidationError, match="not begun"):
        services.start_report(actor=cast.focal, measure=measure, period_start=upcoming)


def test_done_means_a_hundred_percent(cast: Cast) -> None:
    with pytest.raises(ValidationError) as refused:
        _fill(cast, cast.draft_report, status="done", percent_done=80)
    assert "percent_done" in refused.value.message_dict


def test_the_focal_point_writes_submits_and_sees_the_commission_approve_through_the_pages(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.focal)
    page = reverse("plans:report", kwargs={"report_id": cast.draft_report.pk})
    response = client.post(
        reverse("plans:report_edit", kwargs={"report_id": cast.draft_report.pk}),
        {
            "status": "delayed",
            "percent_done": "30",
            "budget_spent": "250000.50",
            "narrative": "Venue unavailable.",
            f"indicator_{cast.manual_indicator.pk}": "3",
            "version": str(ProgressReport.objects.get(pk=cast.draft_report.pk).version),
        },
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(pk=cast.draft_report.pk)
    assert report.budget_spent_minor == 25_000_050
    response = client.post(
        reverse("plans:report_submit", kwargs={"report_id": report.pk}), {"version": str(report.version)}
    )
    assert response.status_code == 302
    assert "Report submitted" in client.get(page).content.decode()
    client.force_login(cast.coordinator)
    body = client.get(reverse("plans:list")).content.decode()
    assert "Reports awaiting review" in body and "1.1.1" in body
    report.refresh_from_db()
    client.post(
        reverse("plans:report_approve", kwargs={"report_id": report.pk}),
        {"version": str(report.version), "comment": "Thank you."},
    )
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
    measure_page = client.get(
        reverse("plans:measure", kwargs={"measure_id": cast.measure.pk})
    ).content.decode()
    assert "Delayed, 30% done" in measure_page


def test_a_refused_transition_through_the_pages_says_why(cast: Cast, client: Client) -> None:
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("plans:report_approve", kwargs={"report_id": cast.draft_report.pk}),
        {"comment": ""},
        follow=True,
    )
    assert "Only a submitted report can be approved; this one is draft." in response.content.decode()
    assert ProgressReport.objects.get(pk=cast.draft_report.pk).state == ReportState.DRAFT


def test_returning_without_a_comment_through_the_page_shows_the_field_error(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("plans:report_return", kwargs={"report_id": cast.report.pk}), {"comment": ""}
    )
    assert response.status_code == 400
    assert "Say what must change" in response.content.decode()
    assert ProgressReport.objects.get(pk=cast.report.pk).state == ReportState.SUBMITTED
