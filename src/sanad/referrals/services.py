"""Consent and referrals. Every function is one transaction writing its audit row and its timeline line."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.accounts.models import Organisation
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.cases.models import Case, CaseStatus
from sanad.cases.timeline import record_case_event
from sanad.catalogs import loader
from sanad.concurrency import bump_version, check_version
from sanad.referrals import notifications
from sanad.referrals.deadlines import answer_due
from sanad.referrals.models import (
    TRANSITIONS,
    Consent,
    ConsentDecision,
    ConsentMethod,
    ConsentPurpose,
    Referral,
    ReferralState,
    ServiceDelivery,
    Urgency,
)


def record_consent(
    *,
    actor: Any,
    case: Case,
    purpose: str,
    decision: str,
    method: str,
    given_on: date,
    organisation: Organisation | None = None,
    service_type: str = "",
) -> Consent:
    policy.require_case_manager(actor, case)
    errors: dict[str, str] = {}
    if purpose not in ConsentPurpose.values:
        errors["purpose"] = _("Choose a purpose.")
    if decision not in ConsentDecision.values:
        errors["decision"] = _("Say whether consent was given or refused.")
    if method not in ConsentMethod.values:
        errors["method"] = _("Say how consent was recorded.")
    if given_on > timezone.localdate():
        errors["given_on"] = _("The date cannot be in the future.")
    if service_type and service_type not in loader.services().by_code():
        errors["service_type"] = _("Unknown service %(code)s.") % {"code": service_type}
    if purpose != ConsentPurpose.REFERRAL and (organisation or service_type):
        errors["purpose"] = _("Only a referral consent names an organisation or a service.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consent = Consent.objects.create(
            case=case,
            purpose=purpose,
            decision=decision,
            method=method,
            given_on=given_on,
            organisation=organisation,
            service_type=service_type,
            recorded_by=actor,
        )
        detail = {"purpose": purpose, "decision": decision}
        record_event(
            action=AuditAction.CREATE,
            actor=actor,
            target=consent,
            target_label=f"consent {case.reference}",
            detail=detail,
        )
        record_case_event(case=case, kind="consent_recorded", actor=actor, detail=detail)
    return consent


def withdraw_consent(*, actor: Any, consent: Consent) -> Consent:
    """From now on nothing relies on this consent: new referrals needing it are refused."""
    policy.require_case_manager(actor, consent.case)
    with transaction.atomic():
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if locked.withdrawn_at is not None:
            raise ValidationError(_("This consent was already withdrawn."))
        locked.withdrawn_at, locked.withdrawn_by = timezone.now(), actor
        locked.save(update_fields=["withdrawn_at", "withdrawn_by"])
        record_event(
            action=AuditAction.UPDATE,
            actor=actor,
            target=locked,
            target_label=f"consent {locked.case.reference}",
            detail={"withdrawn": True},
        )
        record_case_event(
            case=locked.case, kind="consent_withdrawn", actor=actor, detail={"purpose": locked.purpose}
        )
    return locked


def consent_for_referral(case: Case, organisation: Organisation, service_type: str) -> Consent | None:
    """The most recent valid consent covering this referral; a later refusal for referrals overrides it."""
    consents = list(
        Consent.objects.filter(case=case, purpose=ConsentPurpose.REFERRAL, withdrawn_at__isnull=True)
    )
    for consent in consents:  # newest first
        applies = consent.organisation_id in (None, organisation.pk) and consent.service_type in (
            "",
            service_type,
        )
        if applies:
            return consent if consent.decision == ConsentDecision.GIVEN else None
    return None


def _snapshot(organisation: Organisation) -> dict[str, Any]:
    return {
        "id": str(organisation.pk),
        "short_code": organisation.short_code,
        "name": organisation.name,
        "type": organisation.type,
        "region": organisation.region,
    }


def send_referral(
    *,
    actor: Any,
    case: Case,
    to_organisation: Organisation,
    service_type: str,
    urgency: str,
    note: str = "",
    override_reason: str = "",
) -> Referral:
    """Refer the person to an organisation for a service. Without valid consent the referral is refused,
    unless a user with the override right gives a reason, which is audited and shown on the case."""
    policy.require_case_manager(actor, case)
    errors: dict[str, str] = {}
    if case.status != CaseStatus.OPEN:
        errors["case"] = _("The case is closed; reopen it before referring.")
    if service_type not in loader.services().by_code():
        errors["service_type"] = _("Unknown service %(code)s.") % {"code": service_type}
    elif service_type not in to_organisation.services:
        errors["to_organisation"] = _("%(organisation)s does not offer this service.") % {
            "organisation": to_organisation.name
        }
    if not to_organisation.is_active or not to_organisation.accepting_referrals:
        errors["to_organisation"] = _("%(organisation)s does not accept new referrals now.") % {
            "organisation": to_organisation.name
        }
    if to_organisation.pk == actor.organisation.pk:
        errors["to_organisation"] = _("Refer to another organisation.")
    if urgency not in Urgency.values:
        errors["urgency"] = _("Choose the urgency.")
    if errors:
        raise ValidationError(errors)
    consent = consent_for_referral(case, to_organisation, service_type)
    override_reason = override_reason.strip()
    if consent is None:
        if not override_reason:
            raise ValidationError(
                {"consent": _("No valid consent covers this referral. Record the person's consent first.")}
            )
        if not policy.has_capability(actor, "referral.override_consent"):
            raise PermissionDenied("referral.override_consent")
    with transaction.atomic():
        now = timezone.now()
        referral = Referral.objects.create(
            case=case,
            from_organisation=actor.organisation,
            to_organisation=to_organisation,
            service_type=service_type,
            urgency=urgency,
            note=note,
            sent_at=now,
            due_at=answer_due(now, urgency),
            consent=consent,
            consent_override_reason=override_reason if consent is None else "",
            sent_by=actor,
            from_snapshot=_snapshot(actor.organisation),
            to_snapshot=_snapshot(to_organisation),
        )
        detail: dict[str, Any] = {
            "service": service_type,
            "to": to_organisation.short_code,
            "urgency": urgency,
        }
        if consent is None:
            detail["consent_override"] = True
        record_event(
            action=AuditAction.CREATE,
            actor=actor,
            target=referral,
            target_label=f"referral {case.reference}",
            reason=referral.consent_override_reason,
            detail=detail,
        )
        record_case_event(case=case, kind="referral_sent", actor=actor, detail=detail)
        notifications.notify_recipient(referral)
    return referral


def _move(referral: Referral, to_state: str, *, by: str, actor: Any, at: datetime) -> str:
    allowed = TRANSITIONS[referral.state]
    if allowed.get(to_state) != by:
        raise ValidationError(
            {
                "state": _("A referral that is %(current)s cannot become %(target)s.")
                % {"current": referral.get_state_display(), "target": ReferralState(to_state).label}
            }
        )
    previous = referral.state
    referral.state = to_state
    setattr(referral, f"{to_state}_at", at)
    bump_version(referral)
    return previous


def _transition(
    *, actor: Any, referral: Referral, to_state: str, by: str, expected_version: int | None, reason: str = ""
) -> Referral:
    with transaction.atomic():
        locked = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
        check_version(locked, expected_version)
        previous = _move(locked, to_state, by=by, actor=actor, at=timezone.now())
        if to_state == ReferralState.DECLINED:
            locked.decline_reason = reason
        if by == "recipient":
            locked.answered_by = actor
        locked.save()
        detail = {"from": previous, "to": to_state, "service": locked.service_type}
        record_event(
            action=AuditAction.UPDATE,
            actor=actor,
            target=locked,
            target_label=f"referral {locked.case.reference}",
            reason=reason,
            detail=detail,
        )
        record_case_event(case=locked.case, kind=f"referral_{to_state}", actor=actor, detail=detail)
        if by != "sender":
            notifications.notify_sender(locked)
    return locked


def respond(
    *, actor: Any, referral: Referral, to_state: str, expected_version: int | None, reason: str = ""
) -> Referral:
    """The receiving organisation accepts, declines (with a reason), starts or completes a referral."""
    if (
        not policy.has_capability(actor, "referral.respond")
        or referral.to_organisation_id != actor.organisation.pk
    ):
        raise PermissionDenied("referral.respond")
    if to_state == ReferralState.DECLINED and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for declining.")})
    return _transition(
        actor=actor,
        referral=referral,
        to_state=to_state,
        by="recipient",
        expected_version=expected_version,
        reason=reason.strip(),
    )


def withdraw(*, actor: Any, referral: Referral, expected_version: int | None, reason: str = "") -> Referral:
    policy.require_case_manager(actor, referral.case)
    if referral.from_organisation_id != actor.organisation.pk:
        raise PermissionDenied("referral.withdraw")
    return _transition(
        actor=actor,
        referral=referral,
        to_state=ReferralState.WITHDRAWN,
        by="sender",
        expected_version=expected_version,
        reason=reason.strip(),
    )


def expire_overdue(*, now: datetime | None = None) -> int:
    """Expire every referral still unanswered after its due time; the sender is told. Returns how many."""
    now = now or timezone.now()
    expired = 0
    for pk in Referral.objects.filter(state=ReferralState.SENT, due_at__lt=now).values_list("pk", flat=True):
        with transaction.atomic():
            locked = (
                Referral.objects.select_for_update(of=("self",)).select_related("case", "sent_by").get(pk=pk)
            )
            if locked.state != ReferralState.SENT or locked.due_at >= now:
                continue  # answered meanwhile
            _move(locked, ReferralState.EXPIRED, by="system", actor=None, at=now)
            locked.save()
            detail = {"from": ReferralState.SENT, "to": ReferralState.EXPIRED, "service": locked.service_type}
            record_event(
                action=AuditAction.UPDATE,
                target=locked,
                target_label=f"referral {locked.case.reference}",
                actor_label="sanad expire-referrals",
                detail=detail,
            )
            record_case_event(case=locked.case, kind="referral_expired", detail=detail)
            notifications.notify_sender(locked)
            expired += 1
    return expired


def record_service_delivered(
    *,
    actor: Any,
    case: Case,
    service_type: str,
    delivered_on: date,
    notes: str = "",
    referral: Referral | None = None,
) -> ServiceDelivery:
    """Recorded by whoever delivered it: the case owner, or a recipient while its referral is active."""
    by_owner = policy.may_manage_case(actor, case)
    by_recipient = (
        referral is not None
        and referral.case_id == case.pk
        and bool(policy.recipient_may_see(actor, referral))
    )
    if not (by_owner or by_recipient):
        raise PermissionDenied("service_delivered")
    errors: dict[str, str] = {}
    if service_type not in loader.services().by_code():
        errors["service_type"] = _("Unknown service %(code)s.") % {"code": service_type}
    if delivered_on > timezone.localdate():
        errors["delivered_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        delivery = ServiceDelivery.objects.create(
            case=case,
            referral=referral,
            service_type=service_type,
            provider=actor.organisation,
            delivered_on=delivered_on,
            notes=notes,
            recorded_by=actor,
        )
        detail = {"service": service_type, "provider": actor.organisation.short_code}
        record_event(
            action=AuditAction.CREATE,
            actor=actor,
            target=delivery,
            target_label=f"service {case.reference}",
            detail=detail,
        )
        record_case_event(case=case, kind="service_delivered", actor=actor, detail=detail)
    return delivery
