"""Writes of the TIP module, each one transaction with its audit row (the list import is in ``imports``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.concurrency import bump_version, check_version, stale_edit_error
from sanad.tip import catalogue
from sanad.tip.models import Rating, ReadinessRating, TierPlacement, Waiver
from sanad.tip.readiness import CRITERIA_BY_CODE


@transaction.atomic
def rate_criterion(
    *, actor: Any, period_year: int, criterion: str, rating: str, note: str, expected_version: int | None
) -> ReadinessRating:
    """Set the coordinator's rating and note of one criterion for one reporting period. ``expected_version``
    is the version the form was read at (None for a first rating): a concurrent edit is refused, not lost."""
    if not policy.may_rate_readiness(actor):
        raise PermissionDenied("tip.rate")
    if criterion not in CRITERIA_BY_CODE:
        raise ValidationError({"criterion": _("Unknown criterion.")})
    if rating not in Rating.values:
        raise ValidationError({"rating": _("Choose a rating.")})
    existing = ReadinessRating.objects.select_for_update().filter(
        period_year=period_year, criterion=criterion
    )
    record = existing.first()
    if record is None:
        if expected_version not in (None, 0):
            check_version(ReadinessRating(version=0), expected_version)
        try:
            with transaction.atomic():
                record = ReadinessRating.objects.create(
                    period_year=period_year, criterion=criterion, rating=rating, note=note, set_by=actor
                )
        except IntegrityError:
            # Someone rated the criterion between our read and our write.
            raise stale_edit_error() from None
        action = AuditAction.CREATE
    else:
        check_version(record, expected_version)
        record.rating, record.note, record.set_by = rating, note, actor
        bump_version(record)
        record.save()
        action = AuditAction.UPDATE
    record_event(
        action=action,
        actor=actor,
        target=record,
        detail={"period_year": period_year, "criterion": criterion, "rating": rating},
    )
    return record


def record_submission_download(*, actor: Any, period_year: int, language: str, file_format: str) -> None:
    record_event(
        action=AuditAction.EXPORT,
        actor=actor,
        target_label=f"TIP submission draft {period_year}",
        detail={"period_year": period_year, "language": language, "format": file_format, "published": True},
    )


@transaction.atomic
def install_shipped_history() -> int:
    """Add the shipped placements and waivers that are missing (a flushed database, a new installation);
    what is held, imported lists included, is left as it is. Returns the number of placements added."""
    held = set(TierPlacement.objects.values_list("iso3", "year"))
    added = TierPlacement.objects.bulk_create(
        [
            TierPlacement(
                iso3=row["iso3"], year=int(row["year"]), tier=row["tier"], source=catalogue.SHIPPED_SOURCE
            )
            for row in catalogue.shipped_placements()
            if (row["iso3"], int(row["year"])) not in held
        ],
        batch_size=500,
    )
    waived = set(Waiver.objects.values_list("iso3", "year"))
    Waiver.objects.bulk_create(
        [
            Waiver(iso3=row["iso3"], year=int(row["year"]), source=row["source"])
            for row in catalogue.shipped_waivers()
            if (row["iso3"], int(row["year"])) not in waived
        ]
    )
    return len(added)
