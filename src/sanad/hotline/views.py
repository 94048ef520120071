from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sanad.access import policy
from sanad.access.decorators import any_capability_required, capability_required
from sanad.accounts.models import Organisation
from sanad.audit.client import client_network
from sanad.hotline import selectors, services, throttle
from sanad.hotline.forms import (
    AlertForm,
    ContactFilterForm,
    EscalateForm,
    PeriodForm,
    PublicTipForm,
    RecordContactForm,
    TransitionForm,
)
from sanad.statistics.hotline import hotline_figures
from sanad.web.form_errors import show_on_form

PAGE_SIZE = 50


@capability_required("hotline.contacts")
def queue(request: HttpRequest) -> HttpResponse:
    page = selectors.queue_page(
        user=request.user, whole_hotline=False, page_number=request.GET.get("page"), page_size=PAGE_SIZE
    )
    return render(
        request, "hotline/queue.html", {"page": page, "whole_hotline": False, "now": timezone.now()}
    )


@capability_required("hotline.supervise")
def supervision(request: HttpRequest) -> HttpResponse:
    page = selectors.queue_page(
        user=request.user, whole_hotline=True, page_number=request.GET.get("page"), page_size=PAGE_SIZE
    )
    return render(request, "hotline/queue.html", {"page": page, "whole_hotline": True, "now": timezone.now()})


@capability_required("hotline.contacts")
def contact_list(request: HttpRequest) -> HttpResponse:
    form = ContactFilterForm(request.GET or None)
    filters = selectors.ContactFilters()
    if form.is_valid():
        filters = selectors.ContactFilters(**form.cleaned_data)
    page = selectors.contact_list_page(
        user=request.user, filters=filters, page_number=request.GET.get("page"), page_size=PAGE_SIZE
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "hotline/contact_list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@capability_required("hotline.contacts")
def record(request: HttpRequest) -> HttpResponse:
    form = RecordContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.record_contact(
                actor=request.user, triaged="save_triaged" in request.POST, **form.cleaned_data
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Contact %(reference)s recorded.") % {"reference": contact.reference})
            if "save_another" in request.POST:
                return redirect("hotline:record")
            return redirect("hotline:detail", contact_id=contact.pk)
    return render(request, "hotline/record.html", {"form": form}, status=400 if form.errors else 200)


def _detail_context(request: HttpRequest, contact_id: UUID, **forms: Any) -> dict[str, Any]:
    contact_file = selectors.contact_file(user=request.user, contact_id=contact_id)
    contact = contact_file.contact
    initial = {"version": contact.version}
    return {
        "file": contact_file,
        "contact": contact,
        "waited": services.waited(contact),
        "transition_form": forms.get("transition_form") or TransitionForm(initial=initial),
        "escalate_form": forms.get("escalate_form") or EscalateForm(initial=initial),
        "alert_form": forms.get("alert_form") or AlertForm(),
    }


@capability_required("hotline.contacts")
def detail(request: HttpRequest, contact_id: UUID) -> HttpResponse:
    return render(request, "hotline/contact_detail.html", _detail_context(request, contact_id))


def _contact_or_404(request: HttpRequest, contact_id: UUID) -> Any:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(policy.contacts_visible_to(request.user), pk=contact_id)


@require_POST
@capability_required("hotline.contacts")
def transition(request: HttpRequest, contact_id: UUID) -> HttpResponse:
    contact = _contact_or_404(request, contact_id)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.change_state(
                actor=request.user,
                contact=contact,
                to_state=form.cleaned_data["to_state"],
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            return redirect("hotline:detail", contact_id=contact.pk)
    context = _detail_context(request, contact_id, transition_form=form)
    return render(request, "hotline/contact_detail.html", context, status=400)


@require_POST
@capability_required("hotline.contacts")
def take(request: HttpRequest, contact_id: UUID) -> HttpResponse:
    try:
        services.take(actor=request.user, contact=_contact_or_404(request, contact_id))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("hotline:detail", contact_id=contact_id)


@require_POST
@capability_required("hotline.contacts")
def escalate(request: HttpRequest, contact_id: UUID) -> HttpResponse:
    contact = _contact_or_404(request, contact_id)
    form = EscalateForm(request.POST)
    if form.is_valid():
        try:
            escalated = services.escalate(
                actor=request.user,
                contact=contact,
                expected_version=form.cleaned_data["version"],
                organisation=form.cleaned_data["organisation"],
                link_earlier_case=form.cleaned_data["link_earlier_case"],
                person_fields=form.person_fields(),
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            reference = escalated.case.reference if escalated.case else ""
            messages.success(request, _("Escalated: case %(reference)s.") % {"reference": reference})
            return redirect("hotline:detail", contact_id=contact.pk)
    context = _detail_context(request, contact_id, escalate_form=form)
    return render(request, "hotline/contact_detail.html", context, status=400)


@require_POST
@capability_required("hotline.contacts")
def alert(request: HttpRequest, contact_id: UUID) -> HttpResponse:
    contact = _contact_or_404(request, contact_id)
    form = AlertForm(request.POST)
    if form.is_valid():
        try:
            services.alert_police(actor=request.user, contact=contact, **form.cleaned_data)
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Alert recorded."))
            return redirect("hotline:detail", contact_id=contact.pk)
    context = _detail_context(request, contact_id, alert_form=form)
    return render(request, "hotline/contact_detail.html", context, status=400)


@any_capability_required("hotline.supervise", "hotline.national_figures")
def figures(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, initial={"start": today.replace(month=1, day=1), "end": today})
    start, end = today.replace(month=1, day=1), today
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    elif not request.GET:
        form = PeriodForm(initial={"start": start, "end": end})
    result = hotline_figures(policy.contacts_counted_for(request.user), start=start, end=end)
    national = policy.has_capability(request.user, "hotline.national_figures")
    breakdowns = [
        (_("By channel"), result.by_channel),
        (_("By contact type"), result.by_type),
        (_("By region"), result.by_region),
        (_("By language"), result.by_language),
    ]
    return render(
        request,
        "hotline/figures.html",
        {"form": form, "figures": result, "national": national, "breakdowns": breakdowns},
    )


def _tip_hotline() -> Organisation | None:
    hotlines = Organisation.objects.filter(type="hotline", is_active=True)
    if settings.SANAD_TIP_HOTLINE:
        return hotlines.filter(short_code=settings.SANAD_TIP_HOTLINE).first()
    return hotlines.order_by("created_at").first() if hotlines.count() == 1 else None


def _tip_context(**extra: object) -> dict[str, object]:
    emergency = {
        "police": settings.SANAD_EMERGENCY_POLICE,
        "gendarmerie": settings.SANAD_EMERGENCY_GENDARMERIE,
    }
    return {"emergency": emergency, **extra}


def _tip_refusal(request: HttpRequest) -> HttpResponse | None:
    """Refuse an oversized or flooding submission before the form is even parsed."""
    if int(request.META.get("CONTENT_LENGTH") or 0) > settings.SANAD_TIP_MAX_BYTES:
        return render(
            request, "hotline/tip.html", _tip_context(form=PublicTipForm(), too_large=True), status=413
        )
    if not throttle.allow(client_network(request)):
        return render(request, "hotline/tip_limited.html", status=429)
    return None


@never_cache
def public_tip(request: HttpRequest) -> HttpResponse:
    """The anonymous tip form. It tells the sender a reference and nothing else, not even what was sent."""
    hotline = _tip_hotline()
    if hotline is None:
        return render(request, "hotline/tip_unavailable.html", status=503)
    if request.method != "POST":
        return render(request, "hotline/tip.html", _tip_context(form=PublicTipForm()))
    refusal = _tip_refusal(request)
    if refusal is not None:
        return refusal
    form = PublicTipForm(request.POST)
    if not form.is_valid():
        return render(request, "hotline/tip.html", _tip_context(form=form), status=400)
    if form.cleaned_data["leave_empty"]:
        # A bot filled the hidden field: answer as if accepted, store nothing.
        reference = services.new_reference()
    else:
        language = (request.LANGUAGE_CODE or "")[:2]
        reference = services.submit_public_tip(
            hotline=hotline,
            narrative=form.cleaned_data["narrative"],
            region=form.cleaned_data["region"],
            callback_number=form.cleaned_data["callback_number"],
            language={"fr": "french", "ar": "arabic", "en": "english"}.get(language, ""),
        ).reference
    return render(request, "hotline/tip_received.html", {"reference": reference})
