"""National statistics pages: the dashboard, one table, and the downloads (published, audited, after
re-authentication)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from sanad.access import policy
from sanad.access.decorators import (
    any_capability_required,
    capability_required,
    recent_authentication_required,
)
from sanad.statistics import charts, selectors, services
from sanad.statistics.ctdc import configured_k, ctdc_csv, ctdc_rows
from sanad.statistics.disclosure import threshold
from sanad.statistics.forms import PeriodFilter
from sanad.statistics.periods import calendar_year
from sanad.statistics.sdmx import sdg_export
from sanad.statistics.table_files import CONTENT_TYPES, FORMATS, file_name
from sanad.statistics.table_files import render as render_file
from sanad.statistics.tables import TABLES
from sanad.statistics.victim_tables import detection_note

READ = ("statistics.view_exact", "statistics.view_published")
DASHBOARD_TABLES = ["victims", "justice_persons", "justice_cases", "sdg_16_2_2", "kpis"]


@any_capability_required(*READ)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Key tables and their charts for a period and region; the filter form swaps the body in with htmx."""
    form = PeriodFilter.from_query(request.GET)
    period, region = form.chosen_period(), form.chosen_region()
    shown = dict(
        zip(
            DASHBOARD_TABLES,
            selectors.national_tables(
                user=request.user, period=period, region=region, codes=DASHBOARD_TABLES
            ),
            strict=True,
        )
    )
    trend = selectors.victims_by_year(user=request.user, kind=period.kind, last_year=period.year)
    context = {
        "form": form,
        "period": period,
        "region": region,
        "query": request.GET.urlencode(),
        "tables": shown,
        "trend": trend,
        "victims_svg": charts.victims_by_form_chart(shown["victims"]),
        "justice_svg": charts.justice_chart(shown["justice_persons"]),
        "trend_svg": charts.trend_chart(trend),
        "detection_note": detection_note(),
        "all_tables": TABLES,
        "exact": policy.sees_exact_national_figures(request.user),
        "may_export": policy.may_export_statistics(request.user),
    }
    template = "statistics/_dashboard_body.html" if request.htmx else "statistics/dashboard.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@any_capability_required(*READ)
def table_page(request: HttpRequest, code: str) -> HttpResponse:
    if code not in TABLES:
        raise Http404
    form = PeriodFilter.from_query(request.GET)
    published = request.GET.get("view") == "published"
    shown = selectors.national_table(
        user=request.user,
        code=code,
        period=form.chosen_period(),
        region=form.chosen_region(),
        published=published,
    )
    context = {
        "form": form,
        "shown": shown,
        "table": shown.source,
        "code": code,
        "query": request.GET.urlencode(),
        "exact": policy.sees_exact_national_figures(request.user),
        "may_export": policy.may_export_statistics(request.user),
    }
    template = "statistics/_table_body.html" if request.htmx else "statistics/table.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@capability_required("statistics.export")
@recent_authentication_required
def download(request: HttpRequest, code: str, file_format: str) -> HttpResponse:
    """A published table as CSV or XLSX (JSON too, for scripts): audited, after re-authentication."""
    if code not in TABLES or file_format not in FORMATS:
        raise Http404
    form = PeriodFilter.from_query(request.GET)
    shown = selectors.published_table_for_export(
        user=request.user, code=code, period=form.chosen_period(), region=form.chosen_region()
    )
    content = render_file(shown, file_format, rtl=get_language() == "ar")
    services.record_table_export(actor=request.user, shown=shown, file_format=file_format)
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{file_name(shown, file_format)}"'
    return response


@capability_required("statistics.export")
def exports(request: HttpRequest) -> HttpResponse:
    """The files sent to international bodies: SDG 16.2.2 as SDMX-ML and CTDC microdata."""
    form = PeriodFilter.from_query(request.GET)
    return render(
        request,
        "statistics/exports.html",
        {"form": form, "k": configured_k(), "threshold": threshold(), "query": request.GET.urlencode()},
    )


@capability_required("statistics.export")
@recent_authentication_required
def sdmx_download(request: HttpRequest) -> HttpResponse:
    form = PeriodFilter.from_query(request.GET)
    year, region = form.chosen_period().year, form.chosen_region()
    export = sdg_export(year, region=region)
    services.record_sdmx_export(actor=request.user, export=export, year=year, region=region)
    response = HttpResponse(export.content, content_type="application/xml")
    suffix = f"-{region}" if region else ""
    response["Content-Disposition"] = f'attachment; filename="sanad-sdg-16-2-2-{year}{suffix}.xml"'
    return response


@capability_required("statistics.export")
@recent_authentication_required
def ctdc_download(request: HttpRequest) -> HttpResponse:
    form = PeriodFilter.from_query(request.GET)
    year = form.chosen_period().year
    export = ctdc_rows(calendar_year(year), k=configured_k())
    services.record_ctdc_export(actor=request.user, report=export.report, year=year)
    response = HttpResponse(ctdc_csv(export), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sanad-ctdc-{year}-k{export.report.k}.csv"'
    response["X-Sanad-Records"] = f"{export.report.records_out}/{export.report.records_in}"
    return response
