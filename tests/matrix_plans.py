"""Access-matrix rows of the plans module's URLs.

Every plan reader (commission coordinator and analyst, every focal point) reads plans, reports and the
recommendations register; only the commission builds plans and reviews reports; only the ministry's focal
point (responsible for the cast's measure) writes its reports; evidence files open for the commission and
the ministry alone.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.matrix_rows import Row, only

READERS = {"coordinator": 200, "analyst": 200, "focal": 200, "other_focal": 200}
COMMISSION = {"coordinator": 200}
PLAN = lambda cast: {"plan_id": cast.plan.pk}  # noqa: E731
MEASURE = lambda cast: {"measure_id": cast.measure.pk}  # noqa: E731
SUBMITTED = lambda cast: {"report_id": cast.report.pk}  # noqa: E731
DRAFT = lambda cast: {"report_id": cast.draft_report.pk}  # noqa: E731
# A POST of another organisation's focal point passes the capability check and is refused by the service.
WRITER = lambda ok: only({"focal": ok, "other_focal": 403})  # noqa: E731

PLANS_ROWS: dict[str, Row] = {
    "plans:list": Row(expected=only(READERS)),
    "plans:new": Row(expected=only(COMMISSION)),
    "plans:detail": Row(kwargs=PLAN, expected=only(READERS)),
    "plans:edit": Row(kwargs=PLAN, expected=only(COMMISSION)),
    "plans:objective_new": Row(kwargs=PLAN, expected=only(COMMISSION)),
    "plans:measure_new": Row(kwargs=PLAN, expected=only(COMMISSION)),
    "plans:dashboard": Row(kwargs=PLAN, expected=only(READERS)),
    "plans:export_xlsx": Row(kwargs=PLAN, expected=only(READERS)),
    "plans:export_pdf": Row(
        kwargs=lambda cast: {"plan_id": cast.plan.pk, "language": "ar"}, expected=only(READERS)
    ),
    "plans:measure": Row(kwargs=MEASURE, expected=only(READERS)),
    "plans:measure_edit": Row(kwargs=MEASURE, expected=only(COMMISSION)),
    "plans:indicator_new": Row(kwargs=MEASURE, expected=only(COMMISSION)),
    "plans:indicator_edit": Row(
        kwargs=lambda cast: {"indicator_id": cast.manual_indicator.pk}, expected=only(COMMISSION)
    ),
    "plans:report_new": Row(
        method="post", kwargs=MEASURE, data={"period_start": "2025-01-01"}, expected=WRITER(302)
    ),
    "plans:report": Row(kwargs=SUBMITTED, expected=only(READERS)),
    "plans:report_edit": Row(
        method="post",
        kwargs=DRAFT,
        data={"status": "on_track", "percent_done": "30", "narrative": "Third session held."},
        expected=WRITER(302),
    ),
    "plans:report_submit": Row(method="post", kwargs=DRAFT, expected=WRITER(302)),
    "plans:report_approve": Row(method="post", kwargs=SUBMITTED, expected=only({"coordinator": 302})),
    "plans:report_return": Row(
        method="post",
        kwargs=SUBMITTED,
        data={"comment": "Attach the attendance list."},
        expected=only({"coordinator": 302}),
    ),
    "plans:evidence_upload": Row(
        method="post",
        kwargs=DRAFT,
        data=lambda cast: {"file": SimpleUploadedFile("minutes.txt", b"Minutes of the session.")},  # type: ignore[dict-item]
        expected=WRITER(302),
    ),
    "plans:evidence": Row(
        kwargs=lambda cast: {"evidence_id": cast.evidence.pk},
        expected=only({"coordinator": 200, "focal": 200, "analyst": 403, "other_focal": 403}),
    ),
    "plans:recommendations": Row(expected=only(READERS)),
    "plans:recommendation_new": Row(expected=only(COMMISSION)),
    "plans:outlook": Row(expected=only(READERS)),
    "plans:recommendation_edit": Row(
        kwargs=lambda cast: {"recommendation_id": cast.recommendation.pk}, expected=only(COMMISSION)
    ),
}
