"""The cast's national plan: one strategy reported half-yearly, one measure of the ministry (partner: the
IOM office) with a manual and a computed indicator, its first-half 2024 report submitted with one evidence
file, a second-half report still in draft, and one recommendation linked to the measure."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from sanad.plans import services

EVIDENCE_BYTES = b"%PDF-1.4\n% minutes of the training session\n"


def build_plans(cast: Any) -> None:
    orgs, users = cast.organisations, cast.users
    coordinator, focal = users["coordinator"], users["focal"]
    cast.plan = services.create_plan(
        actor=coordinator, code="strategy-test", kind="strategy", title="National strategy (test)",
        starts_on=date(2024, 1, 1), ends_on=date(2030, 12, 31), reporting="half_yearly",
    )  # fmt: skip
    objective = services.add_objective(
        actor=coordinator, plan=cast.plan, pillar="prevention", code="1.1", title="Train front-line staff"
    )
    cast.measure = services.create_measure(
        actor=coordinator, objective=objective, code="1.1.1", title="Train labour inspectors",
        responsible=orgs["ministry"], partners=[orgs["iom"]], starts_on=date(2024, 1, 1),
        ends_on=date(2026, 12, 31), budget_planned_minor=100_000_000,
    )  # fmt: skip
    cast.manual_indicator = services.add_indicator(
        actor=coordinator, measure=cast.measure, name="Sessions held", unit="sessions", source="manual",
        direction="increase", targets={"2024": "4", "2025": "8"},
    )  # fmt: skip
    cast.computed_indicator = services.add_indicator(
        actor=coordinator, measure=cast.measure, name="Victims identified", unit="persons", source="computed",
        statistic="victims_identified", direction="increase",
    )  # fmt: skip
    cast.report = services.start_report(actor=focal, measure=cast.measure, period_start=date(2024, 1, 1))
    services.save_report(
        actor=focal, report=cast.report, expected_version=None, status="on_track", percent_done=20,
        budget_spent_minor=15_000_000, narrative="Two sessions in Casablanca.",
        values={cast.manual_indicator.pk: Decimal(2)},
    )  # fmt: skip
    cast.evidence = services.attach_evidence(
        actor=focal, report=cast.report, upload=SimpleUploadedFile("attendance.pdf", EVIDENCE_BYTES)
    )
    cast.report = services.submit_report(actor=focal, report=cast.report, expected_version=None)
    cast.draft_report = services.start_report(
        actor=focal, measure=cast.measure, period_start=date(2024, 7, 1)
    )
    cast.recommendation = services.create_recommendation(
        actor=coordinator, source="TIP", report_year=2025, priority=2, original_language="en",
        text_en="Fully implement the NRM and train judicial and law enforcement authorities.",
        measures=[cast.measure],
    )  # fmt: skip
