from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanad.access import policy
from sanad.access import services as access_services
from sanad.access.capabilities import CASE_READER_CAPABILITIES
from sanad.access.decorators import any_capability_required, recent_authentication_required_to_change
from sanad.cases import selectors
from sanad.cases.forms import BreakGlassForm, CaseFilterForm
from sanad.cases.models import CasePlan, TransferState
from sanad.cases.timeline import event_label
from sanad.identification.forms import SubmissionForm
from sanad.identification.selectors import case_identification
from sanad.justice.selectors import proceedings_of_victim_case
from sanad.referrals.selectors import case_network

PAGE_SIZE = 25
CASE_READERS = CASE_READER_CAPABILITIES


@any_capability_required(*CASE_READERS)
def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET or None)
    filters = selectors.CaseFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.CaseFilters(
            region=data["region"], year=data["year"], status=data["status"], reference=data["reference"]
        )
    listing = selectors.case_list_page(
        user=request.user, filters=filters, page_number=request.GET.get("page"), page_size=PAGE_SIZE
    )
    page, shows_identity = listing.page, listing.shows_identity
    query = request.GET.copy()
    query.pop("page", None)
    template = "cases/_case_table.html" if request.htmx else "cases/case_list.html"  # type: ignore[attr-defined]
    context = {"form": form, "page": page, "shows_identity": shows_identity, "query": query.urlencode()}
    return render(request, template, context)


def _case_context(request: HttpRequest, case_file: selectors.CaseFile, **extra: Any) -> dict[str, Any]:
    case = case_file.case
    may_screen = policy.may_screen(request.user, case)
    return {
        "file": case_file,
        "case": case,
        "person": case.person,
        "shows_identity": case_file.shows_identity,
        "may_break_glass": not case_file.shows_identity and policy.may_break_glass(request.user, case),
        "break_glass_form": BreakGlassForm(),
        "identification": case_identification(case=case),
        "may_screen": may_screen,
        "may_decide": policy.may_decide_status(request.user, case),
        "submission_form": SubmissionForm() if may_screen else None,
        "may_manage": policy.may_manage_case(request.user, case),
        "network": case_network(case=case),
        "proceedings": proceedings_of_victim_case(case=case),
        "plan": CasePlan.objects.filter(case=case).first(),
        "follow_ups": list(case.follow_ups.all()[:20]),
        "timeline": [
            (event, event_label(event.kind)) for event in case.events.select_related("organisation")
        ],
        "pending_transfer": case.transfers.filter(state=TransferState.REQUESTED)
        .select_related("to_organisation")
        .first(),
        **extra,
    }


@any_capability_required(*CASE_READERS)
def case_detail(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case_file = selectors.case_file(user=request.user, case_id=case_id)
    return render(request, "cases/case_detail.html", _case_context(request, case_file))


@require_POST
@any_capability_required("case.break_glass")
@recent_authentication_required_to_change
def case_break_glass(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case_file = selectors.case_file(user=request.user, case_id=case_id)
    form = BreakGlassForm(request.POST)
    if form.is_valid():
        try:
            access_services.break_glass(
                actor=request.user, case=case_file.case, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error("reason", error.messages)
        else:
            messages.warning(request, _("Break-glass access granted. It is recorded in the audit trail."))
            return redirect("cases:detail", case_id=case_file.case.pk)
    context = _case_context(request, case_file, may_break_glass=True, break_glass_form=form)
    return render(request, "cases/case_detail.html", context, status=400)
