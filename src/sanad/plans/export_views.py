"""The plan progress report as XLSX and as PDF (French, Arabic or English). Each export is audited."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.access.decorators import capability_required
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.charts import render
from sanad.documents.pdf import render_pdf
from sanad.documents.spreadsheet import workbook
from sanad.money import to_major
from sanad.plans import charts, progress, selectors
from sanad.plans.models import Plan, ProgressReport
from sanad.plans.progress import STATUS_ORDER, PlanProgress, status_label

PDF_LANGUAGES = ("fr", "ar", "en")


def _audit_export(request: HttpRequest, plan: Plan, *, file_format: str, language: str) -> None:
    record_event(
        action=AuditAction.EXPORT,
        actor=request.user,
        target=plan,
        detail={"export": "plan_progress", "format": file_format, "language": language},
    )


def _sheets(figures: PlanProgress) -> list[tuple[str, list[str], list[list[Any]]]]:
    measures = [
        [
            str(item.objective.axis.get_pillar_display()),
            item.objective.code,
            item.code,
            item.title,
            item.responsible.name,
            item.starts_on,
            item.ends_on,
            status_label(progress.NOT_REPORTED if item.status_as_of is None else item.status),
            item.percent_done,
            item.status_as_of,
            float(to_major(item.budget_planned_minor)),
            float(to_major(item.budget_spent_minor)),
            _("yes") if item.is_late(figures.today) else _("no"),
        ]
        for item in figures.measures
    ]
    indicators = []
    for item in figures.measures:
        for series in figures.series[item.pk]:
            by_year = {point.year: point for point in series.points}
            row: list[Any] = [item.code, series.indicator.name, series.indicator.unit]
            row += [series.indicator.baseline, series.indicator.baseline_year]
            for year in figures.years:
                point = by_year.get(year)
                value = (point.value if figures.exact else point.shown) if point else None
                row += [value, point.target if point else None]
            row.append(series.trend.label)
            indicators.append(row)
    reports = [
        [
            report.measure.code,
            report.period_start,
            report.period_end,
            str(report.get_state_display()),
            str(report.get_status_display()),
            report.percent_done,
            report.submitted_at.date() if report.submitted_at else None,
            report.reviewed_at.date() if report.reviewed_at else None,
        ]
        for report in ProgressReport.objects.filter(measure__in=figures.measures)
        .select_related("measure")
        .order_by("measure__code", "period_start")
    ]
    axes = [
        [
            axis.label,
            axis.measures,
            *[axis.by_status[s] for s in STATUS_ORDER],
            float(to_major(axis.budget_planned_minor)),
            float(to_major(axis.budget_spent_minor)),
        ]
        for axis in figures.axes
    ]
    year_header: list[str] = []
    for year in figures.years:
        year_header += [_("Value %(year)s") % {"year": year}, _("Target %(year)s") % {"year": year}]
    currency = figures.plan.currency
    return [
        (
            _("Axes"),
            [
                _("Axis"),
                _("Measures"),
                *[status_label(s) for s in STATUS_ORDER],
                _("Budget planned (%(currency)s)") % {"currency": currency},
                _("Budget spent (%(currency)s)") % {"currency": currency},
            ],
            axes,
        ),
        (
            _("Measures"),
            [
                _("Axis"),
                _("Objective"),
                _("Measure"),
                _("Title"),
                _("Responsible organisation"),
                _("Start date"),
                _("End date"),
                _("Status"),
                _("Percent done"),
                _("Status as of"),
                _("Budget planned (%(currency)s)") % {"currency": currency},
                _("Budget spent (%(currency)s)") % {"currency": currency},
                _("Late"),
            ],
            measures,
        ),
        (
            _("Indicators"),
            [
                _("Measure"),
                _("Indicator"),
                _("Unit"),
                _("Baseline"),
                _("Baseline year"),
                *year_header,
                _("Trend"),
            ],
            indicators,
        ),
        (
            _("Reports"),
            [
                _("Measure"),
                _("Period start"),
                _("Period end"),
                _("State"),
                _("Status"),
                _("Percent done"),
                _("Submitted on"),
                _("Reviewed on"),
            ],
            reports,
        ),
    ]


@capability_required("plans.view")
def progress_xlsx(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = selectors.plan_with_measures(user=request.user, plan_id=plan_id)
    figures = progress.plan_progress(
        plan, today=timezone.localdate(), exact=policy.sees_exact_national_figures(request.user)
    )
    language = translation.get_language() or "fr"
    content = workbook(_sheets(figures), rtl=language == "ar")
    _audit_export(request, plan, file_format="xlsx", language=language)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{plan.code}-progress.xlsx"'
    return response


def progress_pdf_bytes(plan: Plan, *, language: str, exact: bool, today: Any = None) -> bytes:
    """The progress report of ``plan`` as a PDF in ``language``; computed counts exact only if ``exact``."""
    with translation.override(language):
        figures = progress.plan_progress(plan, today=today or timezone.localdate(), exact=exact)
        html = render_to_string(
            "plans/progress_pdf.html",
            {
                "plan": plan,
                "progress": figures,
                "language": language,
                "rtl": language == "ar",
                "statuses": [(status, status_label(status)) for status in STATUS_ORDER],
                "implementation_svg": charts.implementation_chart(figures, output=render.printable),
                "budget_svg": charts.budget_chart(figures, output=render.printable),
                "generated_on": timezone.localdate(),
            },
        )
    return render_pdf(html)


@capability_required("plans.view")
def progress_pdf(request: HttpRequest, plan_id: UUID, language: str) -> HttpResponse:
    if language not in PDF_LANGUAGES:
        raise Http404
    plan = selectors.plan_with_measures(user=request.user, plan_id=plan_id)
    content = progress_pdf_bytes(
        plan, language=language, exact=policy.sees_exact_national_figures(request.user)
    )
    _audit_export(request, plan, file_format="pdf", language=language)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{plan.code}-progress-{language}.pdf"'
    return response
