from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanad.access import policy
from sanad.access.decorators import any_capability_required, capability_required
from sanad.cases.selectors import managed_case
from sanad.referrals import selectors, services
from sanad.referrals.forms import (
    ConsentForm,
    DirectoryFilterForm,
    ReferralForm,
    RespondForm,
    ServiceDeliveredForm,
    WithdrawForm,
)
from sanad.referrals.models import Consent, ConsentPurpose, Referral
from sanad.statistics.referrals import occupancy, occupancy_by_month, referral_figures
from sanad.web.form_errors import show_on_form
from sanad.web.form_page import render_form_page

PAGE_SIZE = 50


@capability_required("case.manage")
def consent_new(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = managed_case(user=request.user, case_id=case_id)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_consent(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("cases:detail", case_id=case.pk)
    return render_form_page(request, form, title=_("Record consent"), submit=_("Record"), case=case)


@require_POST
@capability_required("case.manage")
def consent_withdraw(request: HttpRequest, case_id: UUID, consent_id: UUID) -> HttpResponse:
    case = managed_case(user=request.user, case_id=case_id)
    consent = get_object_or_404(Consent, case=case, pk=consent_id)
    try:
        services.withdraw_consent(actor=request.user, consent=consent)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Consent withdrawn: nothing more is shared on its basis."))
    return redirect("cases:detail", case_id=case.pk)


@capability_required("case.manage")
def consent_sheet(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """A consent form to print and sign, in French or Arabic, with the purposes to tick."""
    case = managed_case(user=request.user, case_id=case_id)
    language = request.GET.get("language", "fr")
    language = language if language in ("fr", "ar") else "fr"
    with translation.override(language):
        return render(
            request,
            "referrals/consent_sheet.html",
            {
                "case": case,
                "purposes": [str(label) for _value, label in ConsentPurpose.choices],
                "sheet_language": language,
                "sheet_bidi": language == "ar",
                "today": timezone.localdate(),
            },
        )


@capability_required("case.manage")
def referral_new(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = managed_case(user=request.user, case_id=case_id)
    initial = {"service_type": request.GET.get("service", "")}
    if request.GET.get("to"):
        initial["to_organisation"] = request.GET["to"]
    form = ReferralForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.send_referral(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(
                request,
                _("Referral sent to %(organisation)s; answer due %(due)s.")
                % {
                    "organisation": referral.to_organisation.name,
                    "due": timezone.localtime(referral.due_at).strftime("%Y-%m-%d %H:%M"),
                },
            )
            return redirect("cases:detail", case_id=case.pk)
    return render_form_page(
        request, form, title=_("Refer to a service"), submit=_("Send the referral"), case=case
    )


@require_POST
@capability_required("case.manage")
def referral_withdraw(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    referral = get_object_or_404(policy.referrals_sent_by(request.user), pk=referral_id)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw(
                actor=request.user,
                referral=referral,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Referral withdrawn."))
    return redirect("cases:detail", case_id=referral.case_id)


@capability_required("referral.respond")
def inbox(request: HttpRequest) -> HttpResponse:
    active_only = request.GET.get("all") != "1"
    page = selectors.inbox_page(
        user=request.user, active_only=active_only, page_number=request.GET.get("page"), page_size=PAGE_SIZE
    )
    return render(
        request,
        "referrals/inbox.html",
        {
            "page": page,
            "active_only": active_only,
            "now": timezone.now(),
            "query": "all=1" if not active_only else "",
        },
    )


@capability_required("case.manage")
def sent(request: HttpRequest) -> HttpResponse:
    page = selectors.sent_page(user=request.user, page_number=request.GET.get("page"), page_size=PAGE_SIZE)
    return render(request, "referrals/sent.html", {"page": page})


def _detail_context(request: HttpRequest, referral_id: UUID, **forms: Any) -> dict[str, Any]:
    view = selectors.referral_for_recipient(user=request.user, referral_id=referral_id)
    referral = view.referral
    return {
        "view": view,
        "referral": referral,
        "person": referral.case.person,
        "respond_form": forms.get("respond_form") or RespondForm(initial={"version": referral.version}),
        "service_form": forms.get("service_form")
        or ServiceDeliveredForm(initial={"service_type": referral.service_type}),
        "may_admit": policy.may_admit(request.user, policy.organisation_of(request.user))
        and referral.service_type == "shelter",
    }


@capability_required("referral.respond")
def detail(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    return render(request, "referrals/detail.html", _detail_context(request, referral_id))


@require_POST
@capability_required("referral.respond")
def respond(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    referral = get_object_or_404(policy.referrals_received_by(request.user), pk=referral_id)
    form = RespondForm(request.POST)
    if form.is_valid():
        try:
            services.respond(
                actor=request.user,
                referral=referral,
                to_state=form.cleaned_data["to_state"],
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Answer recorded."))
            return redirect("referrals:detail", referral_id=referral.pk)
    return render(
        request, "referrals/detail.html", _detail_context(request, referral_id, respond_form=form), status=400
    )


@require_POST
@capability_required("referral.respond")
def service_delivered(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    referral = get_object_or_404(
        policy.referrals_received_by(request.user).select_related("case"), pk=referral_id
    )
    form = ServiceDeliveredForm(request.POST)
    if form.is_valid():
        try:
            services.record_service_delivered(
                actor=request.user, case=referral.case, referral=referral, **form.cleaned_data
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Service recorded."))
            return redirect("referrals:detail", referral_id=referral.pk)
    return render(
        request, "referrals/detail.html", _detail_context(request, referral_id, service_form=form), status=400
    )


@capability_required("case.manage")
def case_service_delivered(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = managed_case(user=request.user, case_id=case_id)
    form = ServiceDeliveredForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_service_delivered(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Service recorded."))
            return redirect("cases:detail", case_id=case.pk)
    return render_form_page(
        request, form, title=_("Record a service delivered"), submit=_("Record"), case=case
    )


@any_capability_required("case.manage", "referral.respond", "statistics.view_exact")
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    service = region = ""
    if form.is_valid():
        service, region = form.cleaned_data["service"], form.cleaned_data["region"]
    return render(
        request,
        "referrals/directory.html",
        {"form": form, "organisations": selectors.directory(service=service, region=region)},
    )


@capability_required("statistics.view_exact")
def figures(request: HttpRequest) -> HttpResponse:
    from sanad.hotline.forms import PeriodForm

    today = timezone.localdate()
    start, end = today.replace(month=1, day=1), today
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return render(
        request,
        "referrals/figures.html",
        {
            "form": form,
            "figures": referral_figures(Referral.objects.all(), start=start, end=end),
            "occupancy": occupancy(policy.shelters_counted_for(request.user)),
            "occupancy_by_month": occupancy_by_month(
                policy.shelters_counted_for(request.user), start=start, end=end
            ),
        },
    )
