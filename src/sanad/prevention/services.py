"""Recording and editing campaigns and trainings. Each change is one transaction that checks the policy
(an organisation records its own, the commission anyone's) and writes its audit row."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from sanad.access import policy
from sanad.accounts.models import Organisation
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.concurrency import bump_version, check_version
from sanad.prevention.checks import check_campaign, check_training
from sanad.prevention.models import Campaign, Training

CAMPAIGN_FIELDS = (
    "title", "type", "organiser", "partners", "other_partners", "starts_on", "ends_on", "regions",
    "languages", "audience", "audience_reached", "reach_method", "budget_minor", "currency", "notes",
)  # fmt: skip
TRAINING_FIELDS = (
    "title", "audience_sector", "organiser", "partners", "held_on", "ends_on", "region", "hours",
    "participants_female", "participants_male", "participants_unknown_sex", "covers_identification_guide",
    "covers_nrm", "budget_minor", "currency", "notes",
)  # fmt: skip


def _require_organiser(actor: Any, organiser_id: Any) -> None:
    if not policy.may_record_prevention_for(actor, organiser_id):
        raise PermissionDenied("prevention.record")


def _codes(values: Iterable[str]) -> list[str]:
    return sorted(set(values))


def _campaign_detail(campaign: Campaign, partners: Sequence[Organisation]) -> dict[str, Any]:
    return {
        "type": campaign.type,
        "organiser": campaign.organiser.short_code,
        "partners": sorted(partner.short_code for partner in partners),
        "regions": campaign.regions,
        "languages": campaign.languages,
        "audience_reached": campaign.audience_reached,
        "reach_method": campaign.reach_method,
    }


def _training_detail(training: Training, partners: Sequence[Organisation]) -> dict[str, Any]:
    return {
        "audience_sector": training.audience_sector,
        "organiser": training.organiser.short_code,
        "partners": sorted(partner.short_code for partner in partners),
        "region": training.region,
        "participants": training.participants_total,
    }


@transaction.atomic
def record_campaign(
    *,
    actor: Any,
    title: str,
    type: str,
    organiser: Organisation,
    starts_on: date,
    audience: str,
    ends_on: date | None = None,
    partners: Sequence[Organisation] = (),
    other_partners: str = "",
    regions: Iterable[str] = (),
    languages: Iterable[str] = (),
    audience_reached: int | None = None,
    reach_method: str = "",
    budget_minor: int | None = None,
    currency: str = "MAD",
    notes: str = "",
) -> Campaign:
    _require_organiser(actor, organiser.pk)
    campaign = Campaign(organiser=organiser, recorded_by=actor)
    _apply(
        campaign,
        {
            "title": title, "type": type, "other_partners": other_partners, "starts_on": starts_on,
            "ends_on": ends_on, "regions": regions, "languages": languages, "audience": audience,
            "audience_reached": audience_reached, "reach_method": reach_method, "budget_minor": budget_minor,
            "currency": currency, "notes": notes,
        },
    )  # fmt: skip
    check_campaign(campaign, partners)
    campaign.save()
    campaign.partners.set(partners)
    record_event(
        action=AuditAction.CREATE, actor=actor, target=campaign, detail=_campaign_detail(campaign, partners)
    )
    return campaign


def _normalised(field: str, value: Any) -> Any:
    if field in ("regions", "languages"):
        return _codes(value)
    if field in ("title", "audience", "other_partners"):
        return value.strip()
    if field == "currency":
        return value.strip().upper()
    if field == "hours" and value is not None:
        return Decimal(value)
    return value


def _apply(record: Campaign | Training, changes: dict[str, Any]) -> None:
    for field, value in changes.items():
        setattr(record, field, _normalised(field, value))


def _edit(
    *,
    actor: Any,
    locked: Campaign | Training,
    expected_version: int | None,
    changes: dict[str, Any],
    check: Callable[[Any, list[Organisation]], None],
    detail: Callable[[Any, Sequence[Organisation]], dict[str, Any]],
) -> None:
    _require_organiser(actor, locked.organiser_id)
    check_version(locked, expected_version)
    new_partners = changes.pop("partners", None)
    partners = list(locked.partners.all()) if new_partners is None else list(new_partners)
    _apply(locked, changes)
    # Handing a record to another organiser needs the right to record for that one as well.
    _require_organiser(actor, locked.organiser.pk)
    check(locked, partners)
    bump_version(locked)
    locked.save()
    if new_partners is not None:
        locked.partners.set(partners)
    fields = sorted([*changes, *(["partners"] if new_partners is not None else [])])
    record_event(
        action=AuditAction.UPDATE,
        actor=actor,
        target=locked,
        detail={**detail(locked, partners), "fields": fields},
    )


@transaction.atomic
def update_campaign(
    *, actor: Any, campaign: Campaign, expected_version: int | None, **changes: Any
) -> Campaign:
    unknown = set(changes) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise TypeError(f"not a campaign field: {sorted(unknown)}")
    locked = Campaign.objects.select_for_update(of=("self",)).select_related("organiser").get(pk=campaign.pk)
    _edit(
        actor=actor, locked=locked, expected_version=expected_version, changes=dict(changes),
        check=check_campaign, detail=_campaign_detail,
    )  # fmt: skip
    return locked


@transaction.atomic
def record_training(
    *,
    actor: Any,
    title: str,
    audience_sector: str,
    organiser: Organisation,
    held_on: date,
    region: str,
    hours: Decimal | int,
    participants_female: int = 0,
    participants_male: int = 0,
    participants_unknown_sex: int = 0,
    ends_on: date | None = None,
    partners: Sequence[Organisation] = (),
    covers_identification_guide: bool = False,
    covers_nrm: bool = False,
    budget_minor: int | None = None,
    currency: str = "MAD",
    notes: str = "",
) -> Training:
    _require_organiser(actor, organiser.pk)
    training = Training(organiser=organiser, recorded_by=actor)
    _apply(
        training,
        {
            "title": title, "audience_sector": audience_sector, "held_on": held_on, "ends_on": ends_on,
            "region": region, "hours": hours, "participants_female": participants_female,
            "participants_male": participants_male, "participants_unknown_sex": participants_unknown_sex,
            "covers_identification_guide": covers_identification_guide, "covers_nrm": covers_nrm,
            "budget_minor": budget_minor, "currency": currency, "notes": notes,
        },
    )  # fmt: skip
    check_training(training, partners)
    training.save()
    training.partners.set(partners)
    record_event(
        action=AuditAction.CREATE, actor=actor, target=training, detail=_training_detail(training, partners)
    )
    return training


@transaction.atomic
def update_training(
    *, actor: Any, training: Training, expected_version: int | None, **changes: Any
) -> Training:
    unknown = set(changes) - set(TRAINING_FIELDS)
    if unknown:
        raise TypeError(f"not a training field: {sorted(unknown)}")
    locked = Training.objects.select_for_update(of=("self",)).select_related("organiser").get(pk=training.pk)
    _edit(
        actor=actor, locked=locked, expected_version=expected_version, changes=dict(changes),
        check=check_training, detail=_training_detail,
    )  # fmt: skip
    return locked
