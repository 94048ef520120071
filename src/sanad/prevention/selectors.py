"""Reads of campaigns and trainings. They hold no identity: every holder of ``prevention.view`` reads all of
them; recording is the services' business."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404

from sanad.access import policy
from sanad.accounts.models import Organisation
from sanad.catalogs import loader
from sanad.prevention.models import AudienceSector, Campaign, CampaignType, Training
from sanad.statistics.prevention import NATIONWIDE, ran_between

PAGE_SIZE = 50


def _require_reader(user: Any) -> None:
    if not policy.may_read_prevention(user):
        raise PermissionDenied("prevention.view")


def _year(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and 1900 <= int(raw) <= 2100 else None


def _organiser(raw: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


@dataclass(frozen=True)
class Filters:
    """A list's filters as read from the query string; values that are not codes of the lists are
    dropped, so a mistyped link shows the whole list rather than an error."""

    year: int | None = None
    region: str = ""
    kind: str = ""
    organiser: uuid.UUID | None = None

    @classmethod
    def from_query(cls, query: Any, *, kind_parameter: str, kinds: list[str], nationwide: bool) -> Filters:
        region = query.get("region", "")
        regions = {*loader.regions().by_code(), *([NATIONWIDE] if nationwide else [])}
        kind = query.get(kind_parameter, "")
        return cls(
            year=_year(query.get("year", "")),
            region=region if region in regions else "",
            kind=kind if kind in kinds else "",
            organiser=_organiser(query.get("organiser", "")),
        )


def campaign_list(*, user: Any, filters: Filters) -> QuerySet[Campaign]:
    _require_reader(user)
    campaigns = Campaign.objects.select_related("organiser").prefetch_related("partners")
    if filters.year:
        # The same rule as the figures: a campaign belongs to every year it ran.
        campaigns = campaigns.filter(ran_between(date(filters.year, 1, 1), date(filters.year, 12, 31)))
    if filters.region == NATIONWIDE:
        campaigns = campaigns.filter(regions=[])
    elif filters.region:
        # JSON containment is not available on SQLite; the stored JSON text holds each code between quotes
        # on both engines, and the code was checked against the catalogue.
        campaigns = campaigns.filter(regions__icontains=f'"{filters.region}"')
    if filters.kind:
        campaigns = campaigns.filter(type=filters.kind)
    if filters.organiser:
        campaigns = campaigns.filter(organiser_id=filters.organiser)
    return campaigns.order_by("-starts_on", "title")


def training_list(*, user: Any, filters: Filters) -> QuerySet[Training]:
    _require_reader(user)
    trainings = Training.objects.select_related("organiser")
    if filters.year:
        trainings = trainings.filter(held_on__year=filters.year)
    if filters.region:
        trainings = trainings.filter(region=filters.region)
    if filters.kind:
        trainings = trainings.filter(audience_sector=filters.kind)
    if filters.organiser:
        trainings = trainings.filter(organiser_id=filters.organiser)
    return trainings.order_by("-held_on", "title")


def campaign_filters(query: Any) -> Filters:
    return Filters.from_query(query, kind_parameter="type", kinds=list(CampaignType.values), nationwide=True)


def training_filters(query: Any) -> Filters:
    return Filters.from_query(
        query, kind_parameter="sector", kinds=list(AudienceSector.values), nationwide=False
    )


def campaign_page(*, user: Any, filters: Filters, page_number: Any) -> Page[Any]:
    """One page of campaigns: a fixed number of queries whatever the page holds (organisers joined,
    partners prefetched)."""
    return Paginator(campaign_list(user=user, filters=filters), PAGE_SIZE).get_page(page_number)


def training_page(*, user: Any, filters: Filters, page_number: Any) -> Page[Any]:
    return Paginator(training_list(user=user, filters=filters), PAGE_SIZE).get_page(page_number)


def organisers(model: type[Campaign] | type[Training]) -> QuerySet[Organisation]:
    """The organisations that organised at least one record, for the list's organiser filter."""
    organised = model.objects.values_list("organiser_id", flat=True)
    return Organisation.objects.filter(pk__in=organised).order_by("name")


def campaign(*, user: Any, campaign_id: Any) -> Campaign:
    _require_reader(user)
    found = (
        Campaign.objects.select_related("organiser", "recorded_by")
        .prefetch_related("partners")
        .filter(pk=campaign_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def training(*, user: Any, training_id: Any) -> Training:
    _require_reader(user)
    found = (
        Training.objects.select_related("organiser", "recorded_by")
        .prefetch_related("partners")
        .filter(pk=training_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def campaign_for_edit(*, user: Any, campaign_id: Any) -> Campaign:
    """A campaign the user may edit: 404 when there is none, 403 when another organisation runs it."""
    found = campaign(user=user, campaign_id=campaign_id)
    if not policy.may_record_prevention_for(user, found.organiser_id):
        raise PermissionDenied("prevention.record")
    return found


def training_for_edit(*, user: Any, training_id: Any) -> Training:
    found = training(user=user, training_id=training_id)
    if not policy.may_record_prevention_for(user, found.organiser_id):
        raise PermissionDenied("prevention.record")
    return found
