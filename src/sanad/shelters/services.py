"""Admissions and discharges. Capacity is checked in the admitting transaction, under a lock on the beds row.

The lock is an UPDATE of the capacity row before counting: on PostgreSQL it takes the row lock, on SQLite it
takes the database write lock. Either way a second admission to the same beds waits until the first commits,
then counts the bed the first one took.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.accounts.models import Organisation
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.cases.models import Case
from sanad.cases.timeline import record_case_event
from sanad.referrals.models import Referral, ReferralState
from sanad.shelters.models import BedCategory, Placement, ShelterCapacity


def set_capacity(*, actor: Any, shelter: Organisation, category: str, beds: int) -> ShelterCapacity:
    if not (policy.may_admit(actor, shelter) or policy.has_capability(actor, "admin.organisations")):
        raise PermissionDenied("shelter.capacity")
    if category not in BedCategory.values or beds < 0:
        raise ValidationError({"beds": _("Give a category and a number of beds of zero or more.")})
    with transaction.atomic():
        capacity, _created = ShelterCapacity.objects.select_for_update().get_or_create(
            shelter=shelter, category=category, defaults={"beds": beds}
        )
        capacity.beds = beds
        capacity.save(update_fields=["beds"])
        record_event(
            action=AuditAction.UPDATE,
            actor=actor,
            target=capacity,
            detail={"category": category, "beds": beds},
        )
    return capacity


def occupied(shelter: Organisation, category: str) -> int:
    return Placement.objects.filter(shelter=shelter, category=category, discharged_at__isnull=True).count()


def admit(
    *,
    actor: Any,
    case: Case,
    category: str,
    admitted_at: datetime | None = None,
    referral: Referral | None = None,
    over_capacity_reason: str = "",
) -> Placement:
    """Admit the person of ``case`` to the actor's shelter. A shelter admits on an active referral to it."""
    shelter = actor.organisation
    if not policy.may_admit(actor, shelter):
        raise PermissionDenied("shelter.admit")
    if referral is None or referral.to_organisation_id != shelter.pk or referral.case_id != case.pk:
        raise PermissionDenied("shelter.admit")
    if referral.service_type != "shelter":
        raise ValidationError({"referral": _("Admission follows a referral for shelter.")})
    if referral.state not in (ReferralState.ACCEPTED, ReferralState.IN_PROGRESS):
        raise ValidationError({"referral": _("Accept the referral before admitting the person.")})
    if category not in BedCategory.values:
        raise ValidationError({"category": _("Choose a bed category.")})
    with transaction.atomic():
        updated = ShelterCapacity.objects.filter(shelter=shelter, category=category).update(
            admissions=F("admissions") + 1
        )
        if not updated:
            raise ValidationError({"category": _("This shelter has no beds of that category.")})
        capacity = ShelterCapacity.objects.select_for_update().get(shelter=shelter, category=category)
        if Placement.objects.filter(case=case, shelter=shelter, discharged_at__isnull=True).exists():
            raise ValidationError(_("The person is already in this shelter."))
        taken = occupied(shelter, category)
        reason = over_capacity_reason.strip()
        if taken >= capacity.beds and not reason:
            raise ValidationError(
                {
                    "over_capacity_reason": _(
                        "All %(beds)s beds of this category are taken. "
                        "Admit beyond capacity only with a reason."
                    )
                    % {"beds": capacity.beds}
                }
            )
        placement = Placement.objects.create(
            shelter=shelter,
            case=case,
            referral=referral,
            category=category,
            admitted_at=admitted_at or timezone.now(),
            over_capacity_reason=reason if taken >= capacity.beds else "",
            admitted_by=actor,
        )
        if referral.state == ReferralState.ACCEPTED:
            from sanad.referrals.services import respond

            respond(actor=actor, referral=referral, to_state=ReferralState.IN_PROGRESS, expected_version=None)
        detail = {
            "shelter": shelter.short_code,
            "category": category,
            "over_capacity": bool(placement.over_capacity_reason),
        }
        record_event(
            action=AuditAction.CREATE,
            actor=actor,
            target=placement,
            target_label=f"placement {case.reference}",
            reason=placement.over_capacity_reason,
            detail=detail,
        )
        record_case_event(case=case, kind="admitted", actor=actor, detail=detail)
    return placement


def discharge(
    *, actor: Any, placement: Placement, reason: str, discharged_at: datetime | None = None
) -> Placement:
    if not policy.may_admit(actor, placement.shelter):
        raise PermissionDenied("shelter.discharge")
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the discharge.")})
    with transaction.atomic():
        locked = Placement.objects.select_for_update().select_related("case").get(pk=placement.pk)
        if locked.discharged_at is not None:
            raise ValidationError(_("The person was already discharged."))
        locked.discharged_at = discharged_at or timezone.now()
        if locked.discharged_at < locked.admitted_at:
            raise ValidationError({"discharged_at": _("A discharge cannot come before the admission.")})
        locked.discharge_reason = reason.strip()
        locked.save(update_fields=["discharged_at", "discharge_reason"])
        detail = {"shelter": locked.shelter.short_code, "category": locked.category}
        record_event(
            action=AuditAction.UPDATE,
            actor=actor,
            target=locked,
            target_label=f"placement {locked.case.reference}",
            detail=detail,
        )
        record_case_event(case=locked.case, kind="discharged", actor=actor, detail=detail)
    return locked
