"""Pages of the national plans: the plan builder (commission), progress reports (responsible organisations,
reviewed by the commission), evidence files and the recommendations register."""

from __future__ import annotations

from io import BytesIO
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanad.access import policy
from sanad.access.decorators import capability_required
from sanad.plans import progress, selectors, services
from sanad.plans.forms import (
    EvidenceForm,
    IndicatorForm,
    MeasureForm,
    ObjectiveForm,
    PlanForm,
    RecommendationForm,
    ReportForm,
    ReviewForm,
    StartReportForm,
)
from sanad.plans.models import ProgressReport
from sanad.statistics.indicators import plain_number, shown_value
from sanad.web.form_errors import show_on_form
from sanad.web.form_page import form_view, submitted_form

READ = "plans.view"
MANAGE = "plans.manage"


def _version(form: Any) -> int | None:
    value = form.cleaned_data.get("version")
    return int(value) if value is not None else None


@capability_required(READ)
def plan_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "plans/plan_list.html",
        {
            "plans": selectors.plan_list(user=request.user),
            "due": selectors.reports_due(user=request.user, today=today),
            "late": selectors.late_measures(user=request.user, today=today),
            "awaiting": selectors.reports_awaiting_review(user=request.user),
            "today": today,
            "may_manage": policy.may_manage_plans(request.user),
        },
    )


@capability_required(MANAGE)
def plan_new(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None)
    return form_view(
        request, form, lambda: services.create_plan(actor=request.user, **form.service_fields()),
        done=lambda plan: _("Plan %(code)s created with its four axes.") % {"code": plan.code},
        success=lambda plan: reverse("plans:detail", args=[plan.pk]),
        title=_("New plan"), submit=_("Create the plan"),
    )  # fmt: skip


@capability_required(READ)
def plan_detail(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = selectors.plan_with_measures(user=request.user, plan_id=plan_id)
    today = timezone.localdate()
    return render(
        request,
        "plans/plan_detail.html",
        {"plan": plan, "today": today, "may_manage": policy.may_manage_plans(request.user)},
    )


@capability_required(MANAGE)
def plan_edit(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = selectors.plan_for_edit(user=request.user, plan_id=plan_id)
    form = PlanForm(request.POST or None, plan=plan)
    return form_view(
        request, form,
        lambda: services.update_plan(
            actor=request.user, plan=plan, expected_version=_version(form),
            **{k: v for k, v in form.service_fields().items() if k != "code"},
        ),
        done=_("Plan saved."), success=lambda _plan: reverse("plans:detail", args=[plan.pk]),
        title=_("Edit the plan"), submit=_("Save"), intro=plan.title,
    )  # fmt: skip


@capability_required(MANAGE)
def objective_new(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = selectors.plan_for_edit(user=request.user, plan_id=plan_id)
    form = ObjectiveForm(request.POST or None)
    return form_view(
        request, form, lambda: services.add_objective(actor=request.user, plan=plan, **form.cleaned_data),
        done=_("Objective added."), success=lambda _objective: reverse("plans:detail", args=[plan.pk]),
        title=_("New objective"), submit=_("Add"), intro=plan.title,
    )  # fmt: skip


@capability_required(MANAGE)
def measure_new(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = selectors.plan_for_edit(user=request.user, plan_id=plan_id)
    form = MeasureForm(request.POST or None, plan=plan)
    return form_view(
        request, form, lambda: services.create_measure(actor=request.user, **form.service_fields()),
        done=lambda measure: _("Measure %(code)s added.") % {"code": measure.code},
        success=lambda measure: reverse("plans:measure", args=[measure.pk]),
        title=_("New measure"), submit=_("Add the measure"), intro=plan.title,
    )  # fmt: skip


@capability_required(READ)
def measure_detail(request: HttpRequest, measure_id: UUID) -> HttpResponse:
    measure = selectors.measure(user=request.user, measure_id=measure_id)
    today = timezone.localdate()
    first, last = progress.plan_years(measure.plan, today)
    memo: dict[object, object] = {}
    exact = policy.sees_exact_national_figures(request.user)
    indicators = list(measure.indicators.all())
    # The approved values of every manual indicator in one query, not one per indicator.
    approved = progress.approved_values([indicator.pk for indicator in indicators])
    series = [
        progress.indicator_series(
            indicator,
            first_year=first,
            last_year=last,
            today=today,
            memo=memo,
            exact=exact,
            approved=approved.get(indicator.pk, {}),
        )
        for indicator in indicators
    ]
    is_responsible = policy.is_responsible_for(request.user, measure.responsible_id)
    return render(
        request,
        "plans/measure_detail.html",
        {
            "measure": measure,
            "plan": measure.plan,
            "series": series,
            "years": list(range(first, last + 1)),
            "reports": measure.reports.select_related("submitted_by").order_by("-period_start"),
            "start_form": StartReportForm(measure=measure) if is_responsible else None,
            "is_late": measure.is_late(today),
            "may_manage": policy.may_manage_plans(request.user),
        },
    )


@capability_required(MANAGE)
def measure_edit(request: HttpRequest, measure_id: UUID) -> HttpResponse:
    measure = selectors.measure(user=request.user, measure_id=measure_id)
    form = MeasureForm(request.POST or None, plan=measure.plan, measure=measure)
    return form_view(
        request, form,
        lambda: services.update_measure(
            actor=request.user, measure=measure, expected_version=_version(form), **form.service_fields()
        ),
        done=_("Measure saved."), success=lambda _measure: reverse("plans:measure", args=[measure.pk]),
        title=_("Edit the measure"), submit=_("Save"), intro=str(measure),
    )  # fmt: skip


@capability_required(MANAGE)
def indicator_new(request: HttpRequest, measure_id: UUID) -> HttpResponse:
    measure = selectors.measure(user=request.user, measure_id=measure_id)
    form = IndicatorForm(request.POST or None)
    return form_view(
        request, form,
        lambda: services.add_indicator(actor=request.user, measure=measure, **form.service_fields()),
        done=_("Indicator added."), success=lambda _indicator: reverse("plans:measure", args=[measure.pk]),
        title=_("New indicator"), submit=_("Add"), intro=str(measure),
    )  # fmt: skip


@capability_required(MANAGE)
def indicator_edit(request: HttpRequest, indicator_id: UUID) -> HttpResponse:
    indicator = selectors.indicator_for_edit(user=request.user, indicator_id=indicator_id)
    form = IndicatorForm(request.POST or None, indicator=indicator)
    return form_view(
        request, form,
        lambda: services.update_indicator(
            actor=request.user, indicator=indicator, expected_version=_version(form), **form.service_fields()
        ),
        done=_("Indicator saved."),
        success=lambda _indicator: reverse("plans:measure", args=[indicator.measure_id]),
        title=_("Edit the indicator"), submit=_("Save"), intro=indicator.name,
    )  # fmt: skip


@require_POST
@capability_required("plans.report")
def report_new(request: HttpRequest, measure_id: UUID) -> HttpResponse:
    measure = selectors.measure(user=request.user, measure_id=measure_id)
    if not policy.is_responsible_for(request.user, measure.responsible_id):
        raise PermissionDenied("plans.report")
    form = StartReportForm(request.POST, measure=measure)
    report = submitted_form(
        request,
        form,
        lambda: services.start_report(actor=request.user, measure=measure, **form.cleaned_data),
        done=_("Report started: fill it in, attach the evidence, then submit it."),
    )
    if report:
        return redirect("plans:report", report_id=report.pk)
    messages.error(request, _("Choose a reporting period that has begun and has no report yet."))
    return redirect("plans:measure", measure_id=measure.pk)


def _report_page(request: HttpRequest, report: ProgressReport, **forms: Any) -> HttpResponse:
    user = request.user
    editable = policy.is_responsible_for(user, report.organisation_id) and report.is_editable
    reviewer = policy.may_review_report(user, report)
    exact = policy.sees_exact_national_figures(user)
    value_of = {
        value.indicator_id: shown_value(value.indicator.statistic, value.value, exact=exact)
        if value.indicator.is_computed
        else plain_number(value.value)
        for value in report.values.all()
    }
    context = {
        "report": report,
        "measure": report.measure,
        "plan": report.measure.plan,
        "indicator_values": [(value_of.get(i.pk), i) for i in report.measure.indicators.all()],
        "edit_form": forms.get("edit_form") or (ReportForm(report=report) if editable else None),
        "evidence_form": forms.get("evidence_form") or (EvidenceForm() if editable else None),
        "review_form": forms.get("review_form")
        or (
            ReviewForm(initial={"version": report.version})
            if reviewer and report.state == "submitted"
            else None
        ),
        "may_submit": editable,
        "may_see_evidence": policy.may_see_evidence(user, report.organisation_id),
    }
    has_errors = any(form is not None and form.is_bound and form.errors for form in forms.values())
    return render(request, "plans/report_detail.html", context, status=400 if has_errors else 200)


@capability_required(READ)
def report_detail(request: HttpRequest, report_id: UUID) -> HttpResponse:
    return _report_page(request, selectors.report(user=request.user, report_id=report_id))


@require_POST
@capability_required("plans.report")
def report_edit(request: HttpRequest, report_id: UUID) -> HttpResponse:
    report = selectors.report(user=request.user, report_id=report_id)
    form = ReportForm(request.POST, report=report)
    if submitted_form(
        request,
        form,
        lambda: services.save_report(
            actor=request.user, report=report, expected_version=_version(form), **form.service_fields()
        ),
        done=_("Report saved as a draft."),
    ):
        return redirect("plans:report", report_id=report.pk)
    return _report_page(request, report, edit_form=form)


def _transition(
    request: HttpRequest, report: ProgressReport, run: Any, *, done: str, review_form: Any = None
) -> HttpResponse:
    """Run a workflow step and come back to the report with its outcome. An error about a field of the
    review form (the comment) is shown on that form; any other refusal as a message."""
    try:
        run()
    except ValidationError as error:
        if review_form is not None and hasattr(error, "error_dict"):
            fields = [name for name in error.message_dict if name in review_form.fields]
            if fields:
                show_on_form(review_form, error)
                return _report_page(request, report, review_form=review_form)
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("plans:report", report_id=report.pk)


@require_POST
@capability_required("plans.report")
def report_submit(request: HttpRequest, report_id: UUID) -> HttpResponse:
    report = selectors.report(user=request.user, report_id=report_id)
    version = request.POST.get("version", "")
    return _transition(
        request,
        report,
        lambda: services.submit_report(
            actor=request.user, report=report, expected_version=int(version) if version.isdigit() else None
        ),
        done=_("Report submitted to the commission."),
    )


@require_POST
@capability_required(MANAGE)
def report_review(request: HttpRequest, report_id: UUID, decision: str) -> HttpResponse:
    report = selectors.report(user=request.user, report_id=report_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _report_page(request, report, review_form=form)
    service = services.approve_report if decision == "approve" else services.return_report
    done = _("Report approved.") if decision == "approve" else _("Report returned to its organisation.")
    return _transition(
        request,
        report,
        lambda: service(
            actor=request.user,
            report=report,
            expected_version=_version(form),
            comment=form.cleaned_data.get("comment", ""),
        ),
        done=done,
        review_form=form,
    )


@require_POST
@capability_required("plans.report")
def evidence_upload(request: HttpRequest, report_id: UUID) -> HttpResponse:
    report = selectors.report(user=request.user, report_id=report_id)
    form = EvidenceForm(request.POST, request.FILES)
    if submitted_form(
        request,
        form,
        lambda: services.attach_evidence(actor=request.user, report=report, upload=form.cleaned_data["file"]),
        done=_("File attached."),
    ):
        return redirect("plans:report", report_id=report.pk)
    return _report_page(request, report, evidence_form=form)


@capability_required(READ)
def evidence_download(request: HttpRequest, evidence_id: UUID) -> FileResponse:
    attached, content = selectors.evidence_download(user=request.user, evidence_id=evidence_id)
    response = FileResponse(
        BytesIO(content),
        as_attachment=True,
        filename=attached.original_name,
        content_type=attached.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@capability_required(READ)
def recommendation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "plans/recommendation_list.html",
        {
            "recommendations": selectors.recommendations(user=request.user),
            "may_manage": policy.may_manage_plans(request.user),
        },
    )


@capability_required(READ)
def outlook(request: HttpRequest) -> HttpResponse:
    """What the next report will see: every recommendation with its measures, status and trend."""
    today = timezone.localdate()
    recommendations = list(selectors.recommendations(user=request.user))
    return render(
        request,
        "plans/outlook.html",
        {
            "outlook": progress.recommendations_outlook(
                recommendations, today=today, exact=policy.sees_exact_national_figures(request.user)
            ),
            "today": today,
        },
    )


@capability_required(MANAGE)
def recommendation_new(request: HttpRequest) -> HttpResponse:
    form = RecommendationForm(request.POST or None)
    return form_view(
        request, form, lambda: services.create_recommendation(actor=request.user, **form.service_fields()),
        done=_("Recommendation added."), success=lambda _recommendation: reverse("plans:recommendations"),
        title=_("New recommendation"), submit=_("Add"),
    )  # fmt: skip


@capability_required(MANAGE)
def recommendation_edit(request: HttpRequest, recommendation_id: UUID) -> HttpResponse:
    recommendation = selectors.recommendation_for_edit(user=request.user, recommendation_id=recommendation_id)
    form = RecommendationForm(request.POST or None, recommendation=recommendation)
    return form_view(
        request, form,
        lambda: services.update_recommendation(
            actor=request.user, recommendation=recommendation, expected_version=_version(form),
            **form.service_fields(),
        ),
        done=_("Recommendation saved."), success=lambda _recommendation: reverse("plans:recommendations"),
        title=_("Edit the recommendation"), submit=_("Save"), intro=str(recommendation),
    )  # fmt: skip
