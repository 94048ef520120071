"""The rules a campaign or a training must satisfy before it is stored, each error keyed by its field."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pycountry
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.accounts.models import Organisation
from sanad.catalogs import loader
from sanad.prevention.models import (
    MEASURING_METHODS,
    AudienceSector,
    Campaign,
    CampaignType,
    ReachMethod,
    Training,
)


def _unknown(codes: Iterable[str], known: Iterable[str]) -> list[str]:
    return sorted(set(codes) - set(known))


def _common(record: Campaign | Training, partners: Iterable[Organisation], errors: dict[str, str]) -> None:
    """Rules shared by campaigns and trainings: a title, a known currency, no negative budget, and an
    organiser that is not also its own partner."""
    if not record.title.strip():
        errors["title"] = _("Give the title.")
    if record.budget_minor is not None and record.budget_minor < 0:
        errors["budget_minor"] = _("A budget cannot be negative.")
    if pycountry.currencies.get(alpha_3=record.currency) is None:
        errors["currency"] = _("Unknown currency code %(code)s.") % {"code": record.currency}
    if any(partner.pk == record.organiser_id for partner in partners):
        errors["partners"] = _("The organiser cannot also be its own partner.")


def _dates(first: Any, last: Any, *, first_field: str, errors: dict[str, str]) -> None:
    # A record describes what took place: a date in the future is almost always a typing error, and would
    # be counted in a period that has not happened yet.
    if first > timezone.localdate():
        errors[first_field] = _("%(date)s is in the future: record it once it has started.") % {
            "date": first.isoformat()
        }
    if last is not None and last < first:
        errors["ends_on"] = _("The last day (%(end)s) is before the first (%(start)s).") % {
            "end": last.isoformat(),
            "start": first.isoformat(),
        }


def _reach(campaign: Campaign, errors: dict[str, str]) -> None:
    if campaign.reach_method and campaign.reach_method not in ReachMethod.values:
        errors["reach_method"] = _("Unknown measurement method %(code)s.") % {"code": campaign.reach_method}
    elif campaign.audience_reached is not None:
        if campaign.audience_reached <= 0:
            errors["audience_reached"] = _("Give a number above zero, or leave it empty if not measured.")
        elif campaign.reach_method not in MEASURING_METHODS:
            errors["reach_method"] = _("Say how the audience reached was measured.")


def check_campaign(campaign: Campaign, partners: Iterable[Organisation]) -> None:
    errors: dict[str, str] = {}
    _common(campaign, partners, errors)
    if campaign.type not in CampaignType.values:
        errors["type"] = _("Unknown campaign type %(code)s.") % {"code": campaign.type}
    if not campaign.audience.strip():
        errors["audience"] = _("Say whom the campaign addresses.")
    _dates(campaign.starts_on, campaign.ends_on, first_field="starts_on", errors=errors)
    unknown = _unknown(campaign.regions, loader.regions().by_code())
    if unknown:
        errors["regions"] = _("Unknown region codes: %(codes)s.") % {"codes": ", ".join(unknown)}
    unknown = _unknown(campaign.languages, loader.languages().by_code())
    if unknown:
        errors["languages"] = _("Unknown language codes: %(codes)s.") % {"codes": ", ".join(unknown)}
    _reach(campaign, errors)
    if errors:
        raise ValidationError(errors)


def check_training(training: Training, partners: Iterable[Organisation]) -> None:
    errors: dict[str, str] = {}
    _common(training, partners, errors)
    if training.audience_sector not in AudienceSector.values:
        errors["audience_sector"] = _("Unknown sector %(code)s.") % {"code": training.audience_sector}
    if training.region not in loader.regions().by_code():
        errors["region"] = _("Unknown region code %(code)s.") % {"code": training.region}
    _dates(training.held_on, training.ends_on, first_field="held_on", errors=errors)
    if training.hours is None or training.hours <= 0:
        errors["hours"] = _("Give the length of the training in hours.")
    counts = (training.participants_female, training.participants_male, training.participants_unknown_sex)
    if min(counts) < 0:
        errors["participants_female"] = _("Participant numbers cannot be negative.")
    elif sum(counts) == 0:
        errors["participants_female"] = _("Give the number of participants: a training has at least one.")
    if errors:
        raise ValidationError(errors)
