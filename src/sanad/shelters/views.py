from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanad.access import policy
from sanad.access.decorators import any_capability_required, capability_required
from sanad.shelters import services
from sanad.shelters.forms import AdmitForm, CapacityForm, DischargeForm
from sanad.shelters.models import Placement, ShelterCapacity
from sanad.statistics.referrals import occupancy
from sanad.web.form_page import render_form_page


@any_capability_required("shelter.admit", "statistics.view_exact")
def overview(request: HttpRequest) -> HttpResponse:
    shelters = policy.shelters_counted_for(request.user)
    placements = []
    is_shelter = policy.has_capability(request.user, "shelter.admit")
    if is_shelter:
        placements = list(
            Placement.objects.filter(
                shelter=policy.organisation_of(request.user), discharged_at__isnull=True
            ).select_related("case")
        )
    rows = occupancy(shelters)
    totals = {"beds": sum(row.beds for row in rows), "occupied": sum(row.occupied for row in rows)}
    return render(
        request,
        "shelters/overview.html",
        {"rows": rows, "totals": totals, "placements": placements, "is_shelter": is_shelter},
    )


@require_POST
@capability_required("shelter.admit")
def admit(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    referral = get_object_or_404(
        policy.referrals_received_by(request.user).select_related("case"), pk=referral_id
    )
    form = AdmitForm(request.POST)
    if form.is_valid():
        try:
            services.admit(actor=request.user, case=referral.case, referral=referral, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Admitted."))
    else:
        messages.error(request, _("Choose a bed category."))
    return redirect("referrals:detail", referral_id=referral.pk)


@require_POST
@capability_required("shelter.admit")
def discharge(request: HttpRequest, placement_id: UUID) -> HttpResponse:
    placement = get_object_or_404(Placement, pk=placement_id, shelter=policy.organisation_of(request.user))
    form = DischargeForm(request.POST)
    if form.is_valid():
        try:
            services.discharge(actor=request.user, placement=placement, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Discharged."))
    else:
        messages.error(request, _("Give the reason for the discharge."))
    return redirect("shelters:overview")


@capability_required("shelter.admit")
def capacity(request: HttpRequest) -> HttpResponse:
    shelter = policy.organisation_of(request.user)
    current = {c.category: c.beds for c in ShelterCapacity.objects.filter(shelter=shelter)}
    form = CapacityForm(
        request.POST or None, initial={k: current.get(k, 0) for k in CapacityForm.base_fields}
    )
    if request.method == "POST" and form.is_valid():
        for category, beds in form.cleaned_data.items():
            services.set_capacity(actor=request.user, shelter=shelter, category=category, beds=beds)
        messages.success(request, _("Beds saved."))
        return redirect("shelters:overview")
    title = _("Beds of %(shelter)s") % {"shelter": shelter.name}
    return render_form_page(request, form, title=title, submit=_("Save"))
