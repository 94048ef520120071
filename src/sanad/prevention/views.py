from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.access.decorators import capability_required
from sanad.catalogs import loader
from sanad.prevention import selectors, services
from sanad.prevention.forms import CampaignForm, TrainingForm, initial_of
from sanad.prevention.models import AudienceSector, Campaign, CampaignType, Training
from sanad.web.form_page import form_view


def _list_context(request: HttpRequest, model: type[Campaign] | type[Training]) -> dict[str, Any]:
    return {
        "regions": loader.regions().choices(),
        "organisers": selectors.organisers(model),
        "may_record": policy.has_capability(request.user, "prevention.record"),
        # The filters again, without the page, for the pagination links.
        "query": _without_page(request),
    }


def _campaign_url(campaign_id: Any) -> str:
    return reverse("prevention:campaign_detail", kwargs={"campaign_id": campaign_id})


def _training_url(training_id: Any) -> str:
    return reverse("prevention:training_detail", kwargs={"training_id": training_id})


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@capability_required("prevention.view")
def campaign_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.campaign_filters(request.GET)
    page = selectors.campaign_page(user=request.user, filters=filters, page_number=request.GET.get("page"))
    return render(
        request,
        "prevention/campaign_list.html",
        {
            "page": page,
            "filters": filters,
            "types": CampaignType.choices,
            **_list_context(request, Campaign),
        },
    )


@capability_required("prevention.view")
def campaign_detail(request: HttpRequest, campaign_id: UUID) -> HttpResponse:
    campaign = selectors.campaign(user=request.user, campaign_id=campaign_id)
    return render(
        request,
        "prevention/campaign_detail.html",
        {
            "campaign": campaign,
            "may_edit": policy.may_record_prevention_for(request.user, campaign.organiser_id),
        },
    )


@capability_required("prevention.record")
def campaign_new(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, user=request.user)
    return form_view(
        request, form, lambda: services.record_campaign(actor=request.user, **form.service_arguments()),
        done=_("Campaign recorded."), success=lambda campaign: _campaign_url(campaign.pk),
        title=_("Record an awareness campaign"), submit=_("Record"),
    )  # fmt: skip


@capability_required("prevention.record")
def campaign_edit(request: HttpRequest, campaign_id: UUID) -> HttpResponse:
    campaign = selectors.campaign_for_edit(user=request.user, campaign_id=campaign_id)
    form = CampaignForm(
        request.POST or None, user=request.user, record=campaign,
        initial=initial_of(campaign, services.CAMPAIGN_FIELDS),
    )  # fmt: skip
    return form_view(
        request, form,
        lambda: services.update_campaign(
            actor=request.user, campaign=campaign, expected_version=form.cleaned_data["version"],
            **form.service_arguments(),
        ),
        done=_("Campaign updated."), success=lambda _updated: _campaign_url(campaign.pk),
        title=_("Edit the campaign %(title)s") % {"title": campaign.title}, submit=_("Save"),
    )  # fmt: skip


@capability_required("prevention.view")
def training_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.training_filters(request.GET)
    page = selectors.training_page(user=request.user, filters=filters, page_number=request.GET.get("page"))
    return render(
        request,
        "prevention/training_list.html",
        {
            "page": page,
            "filters": filters,
            "sectors": AudienceSector.choices,
            **_list_context(request, Training),
        },
    )


@capability_required("prevention.view")
def training_detail(request: HttpRequest, training_id: UUID) -> HttpResponse:
    training = selectors.training(user=request.user, training_id=training_id)
    return render(
        request,
        "prevention/training_detail.html",
        {
            "training": training,
            "may_edit": policy.may_record_prevention_for(request.user, training.organiser_id),
        },
    )


@capability_required("prevention.record")
def training_new(request: HttpRequest) -> HttpResponse:
    form = TrainingForm(request.POST or None, user=request.user)
    return form_view(
        request, form, lambda: services.record_training(actor=request.user, **form.service_arguments()),
        done=_("Training recorded."), success=lambda training: _training_url(training.pk),
        title=_("Record a training"), submit=_("Record"),
    )  # fmt: skip


@capability_required("prevention.record")
def training_edit(request: HttpRequest, training_id: UUID) -> HttpResponse:
    training = selectors.training_for_edit(user=request.user, training_id=training_id)
    form = TrainingForm(
        request.POST or None, user=request.user, record=training,
        initial=initial_of(training, services.TRAINING_FIELDS),
    )  # fmt: skip
    return form_view(
        request, form,
        lambda: services.update_training(
            actor=request.user, training=training, expected_version=form.cleaned_data["version"],
            **form.service_arguments(),
        ),
        done=_("Training updated."), success=lambda _updated: _training_url(training.pk),
        title=_("Edit the training %(title)s") % {"title": training.title}, submit=_("Save"),
    )  # fmt: skip
