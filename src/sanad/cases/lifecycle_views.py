"""Pages that follow a case to its closure: plan, follow-up contacts, transfer, closing and reopening."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanad.access import policy
from sanad.access.decorators import capability_required
from sanad.cases import services
from sanad.cases.lifecycle_forms import CloseForm, FollowUpForm, PlanForm, TransferForm
from sanad.cases.models import CasePlan, CaseTransfer, TransferState
from sanad.cases.selectors import managed_case, plan_shown_for_edit
from sanad.web.form_errors import show_on_form
from sanad.web.form_page import render_form_page


@capability_required("case.manage")
def plan(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = managed_case(user=request.user, case_id=case_id)
    current = CasePlan.objects.filter(case=case).first()
    initial = (
        {
            "needs": current.needs,
            "goals": current.goals,
            "review_on": current.review_on,
            "version": current.version,
        }
        if current
        else {}
    )
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(
                actor=request.user,
                case=case,
                needs=form.cleaned_data["needs"],
                goals=form.cleaned_data["goals"],
                review_on=form.cleaned_data["review_on"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Case plan saved."))
            return redirect("cases:detail", case_id=case.pk)
    if not form.is_bound:  # a bound form shows what was posted, not the stored plan
        plan_shown_for_edit(user=request.user, case=case, plan=current)
    return render_form_page(request, form, title=_("Case plan"), submit=_("Save"), case=case)


@capability_required("case.manage")
def follow_up(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = managed_case(user=request.user, case_id=case_id)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_follow_up(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Follow-up recorded."))
            return redirect("cases:detail", case_id=case.pk)
    return render_form_page(request, form, title=_("Follow-up contact"), submit=_("Record"), case=case)


@capability_required("case.manage")
def transfer(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = managed_case(user=request.user, case_id=case_id)
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_transfer(
                actor=request.user, case=case, to_organisation=form.cleaned_data["to_organisation"]
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Transfer requested. The case stays yours until it is accepted."))
            return redirect("cases:detail", case_id=case.pk)
    return render_form_page(
        request, form, title=_("Transfer the case"), submit=_("Request the transfer"), case=case
    )


@capability_required("case.manage")
def transfers(request: HttpRequest) -> HttpResponse:
    pending = CaseTransfer.objects.filter(
        to_organisation=policy.organisation_of(request.user), state=TransferState.REQUESTED
    ).select_related("case", "from_organisation")
    return render(request, "cases/transfers.html", {"transfers": pending})


@require_POST
@capability_required("case.manage")
def answer_transfer(request: HttpRequest, transfer_id: UUID) -> HttpResponse:
    pending = get_object_or_404(
        CaseTransfer, pk=transfer_id, to_organisation=policy.organisation_of(request.user)
    )
    accept = request.POST.get("answer") == "accept"
    try:
        services.answer_transfer(actor=request.user, transfer=pending, accept=accept)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cases:transfers")
    if accept:
        messages.success(request, _("The case is now yours."))
        return redirect("cases:detail", case_id=pending.case_id)
    messages.success(request, _("Transfer declined."))
    return redirect("cases:transfers")


@capability_required("case.manage")
def close(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = managed_case(user=request.user, case_id=case_id)
    form = CloseForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.close_case(
                actor=request.user,
                case=case,
                reason=form.cleaned_data["reason"],
                closed_on=form.cleaned_data["closed_on"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Case closed."))
            return redirect("cases:detail", case_id=case.pk)
    return render_form_page(request, form, title=_("Close the case"), submit=_("Close"), case=case)


@require_POST
@capability_required("case.manage")
def reopen(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = managed_case(user=request.user, case_id=case_id)
    try:
        services.reopen_case(actor=request.user, case=case, expected_version=None)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Case reopened."))
    return redirect("cases:detail", case_id=case.pk)
