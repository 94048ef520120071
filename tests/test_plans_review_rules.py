"""Rules found in review: nobody approves their own report, reports stay with the organisation that wrote
them, periods follow the plan's dates, finished measures stop asking for reports, plans with reports keep
their periods, and evidence names carry no hidden characters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanad.audit.models import AuditAction, AuditEvent
from sanad.plans import evidence, selectors, services
from sanad.plans.models import Plan
from tests.cast import Cast
from tests.test_plans_evidence import RawUpload


def test_the_commission_cannot_approve_a_report_its_own_organisation_wrote(cast: Cast) -> None:
    objective = cast.measure.objective
    own = services.create_measure(
        actor=cast.coordinator, objective=objective, code="1.1.9", title="Coordinate the NRM",
        responsible=cast.organisations["commission"], starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31),
    )  # fmt: skip
    writer = cast.coordinator
    writer.active_membership.roles.add(*cast.focal.active_membership.roles.all())
    del writer.__dict__["capabilities"]  # the cached capabilities of the old role set
    report = services.start_report(actor=writer, measure=own, period_start=date(2024, 1, 1))
    report = services.submit_report(actor=writer, report=report, expected_version=None)
    with pytest.raises(PermissionDenied):
        services.approve_report(actor=writer, report=report, expected_version=None)
    with pytest.raises(PermissionDenied):
        services.return_report(actor=writer, report=report, expected_version=None, comment="Fine.")


def test_a_measure_handed_to_another_organisation_keeps_its_reports_with_the_first(
    cast: Cast, client: Client
) -> None:
    measure = services.update_measure(
        actor=cast.coordinator,
        measure=cast.measure,
        expected_version=None,
        responsible=cast.organisations["police"],
    )
    with pytest.raises(PermissionDenied):
        services.save_report(
            actor=cast.other_focal, report=cast.draft_report, expected_version=None, status="on_track",
            percent_done=10, budget_spent_minor=0, narrative="Taken over.", values={},
        )  # fmt: skip
    services.save_report(
        actor=cast.focal, report=cast.draft_report, expected_version=None, status="on_track", percent_done=10,
        budget_spent_minor=0, narrative="Still ours.", values={cast.manual_indicator.pk: Decimal(1)},
    )  # fmt: skip
    url = reverse("plans:evidence", kwargs={"evidence_id": cast.evidence.pk})
    client.force_login(cast.other_focal)
    assert client.get(url).status_code == 403
    client.force_login(cast.focal)
    assert client.get(url).status_code == 200
    # The new organisation starts the next periods itself.
    report = services.start_report(actor=cast.other_focal, measure=measure, period_start=date(2025, 1, 1))
    assert report.organisation == cast.organisations["police"]


def test_approval_writes_an_audit_row_on_the_measure_it_moves(cast: Cast) -> None:
    services.approve_report(actor=cast.coordinator, report=cast.report, expected_version=None)
    row = AuditEvent.objects.get(
        action=AuditAction.UPDATE, object_id=str(cast.measure.pk), actor=cast.coordinator
    )
    assert row.detail == {"from_report": str(cast.report.pk), "status": "on_track", "percent_done": 20}


def test_periods_are_clipped_to_the_plans_own_dates() -> None:
    plan = Plan(starts_on=date(2024, 3, 15), ends_on=date(2025, 12, 15), reporting="half_yearly")
    assert plan.reporting_periods(within_start=date(2024, 1, 1), within_end=date(2026, 12, 31)) == [
        (date(2024, 3, 15), date(2024, 8, 31)),
        (date(2024, 9, 1), date(2025, 2, 28)),
        (date(2025, 3, 1), date(2025, 8, 31)),
        (date(2025, 9, 1), date(2025, 12, 15)),
    ]
    quarterly = Plan(starts_on=date(2024, 11, 1), ends_on=date(2025, 6, 30), reporting="quarterly")
    assert quarterly.reporting_periods(within_start=date(2025, 1, 1), within_end=date(2025, 12, 31)) == [
        (date(2024, 11, 1), date(2025, 1, 31)),
        (date(2025, 2, 1), date(2025, 4, 30)),
        (date(2025, 5, 1), date(2025, 6, 30)),
    ]


def test_a_measure_approved_as_done_asks_for_no_more_reports(cast: Cast) -> None:
    services.save_report(
        actor=cast.focal, report=cast.draft_report, expected_version=None, status="done", percent_done=100,
        budget_spent_minor=0, narrative="Done.", values={cast.manual_indicator.pk: Decimal(9)},
    )  # fmt: skip
    services.submit_report(actor=cast.focal, report=cast.draft_report, expected_version=None)
    services.approve_report(actor=cast.coordinator, report=cast.draft_report, expected_version=None)
    assert selectors.reports_due(user=cast.focal, today=date(2026, 6, 1)) == []
    assert selectors.late_measures(user=cast.focal, today=date(2027, 6, 1)) == []


def test_a_report_is_submitted_once_its_period_is_over(cast: Cast) -> None:
    measure = services.update_measure(
        actor=cast.coordinator, measure=cast.measure, expected_version=None, ends_on=date(2030, 12, 31)
    )
    today = timezone.localdate()
    running = next(
        start
        for start, end in cast.plan.reporting_periods(within_start=today, within_end=measure.ends_on)
        if start <= today <= end
    )
    report = services.start_report(actor=cast.focal, measure=measure, period_start=running)
    services.save_report(
        actor=cast.focal, report=report, expected_version=None, status="on_track", percent_done=50,
        budget_spent_minor=0, narrative="", values={cast.manual_indicator.pk: Decimal(5)},
    )  # fmt: skip
    with pytest.raises(ValidationError, match="submit the report from the next day"):
        services.submit_report(actor=cast.focal, report=report, expected_version=None)


def test_a_plan_with_reports_keeps_its_start_and_frequency_and_its_measures_inside_it(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="can no longer change"):
        services.update_plan(
            actor=cast.coordinator, plan=cast.plan, expected_version=None, reporting="yearly"
        )
    with pytest.raises(ValidationError, match="can no longer change"):
        services.update_plan(
            actor=cast.coordinator, plan=cast.plan, expected_version=None, starts_on=date(2023, 1, 1)
        )
    with pytest.raises(ValidationError, match=r"1\.1\.1"):
        services.update_plan(
            actor=cast.coordinator, plan=cast.plan, expected_version=None, ends_on=date(2025, 12, 31)
        )
    plan = services.update_plan(
        actor=cast.coordinator, plan=cast.plan, expected_version=None, title="Renamed"
    )
    assert plan.title == "Renamed"


@pytest.mark.parametrize(
    "name", ["report\u202etxt.pdf", "minutes\n.pdf", "tab\tname.pdf", "zero\u200bwidth.pdf", "bell\x07.pdf"]
)
def test_a_file_name_with_hidden_characters_is_refused(name: str) -> None:
    with pytest.raises(ValidationError, match="invisible or control characters"):
        evidence.check_upload(RawUpload(name, b"%PDF-1.4 minutes"))  # type: ignore[arg-type]


def test_a_user_of_another_organisation_writes_no_file_to_disk(cast: Cast) -> None:
    before = {path.name for path in evidence.evidence_directory().iterdir()}
    with pytest.raises(PermissionDenied):
        services.attach_evidence(
            actor=cast.other_focal, report=cast.draft_report, upload=SimpleUploadedFile("a.txt", b"hello")
        )
    assert {path.name for path in evidence.evidence_directory().iterdir()} == before
