"""The append-only timeline of a case, written by services in the transaction of the change."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.cases.models import Case, CaseEvent

EVENT_LABELS = {
    "opened": _("Case opened"),
    "screened": _("Screening recorded"),
    "submitted": _("Submitted for a status decision"),
    "submission_withdrawn": _("Submission withdrawn"),
    "status_decided": _("Status decided"),
    "details_updated": _("Exploitation details updated"),
    "consent_recorded": _("Consent recorded"),
    "consent_withdrawn": _("Consent withdrawn"),
    "referral_sent": _("Referral sent"),
    "referral_accepted": _("Referral accepted"),
    "referral_declined": _("Referral declined"),
    "referral_expired": _("Referral expired"),
    "referral_in_progress": _("Referral in progress"),
    "referral_completed": _("Referral completed"),
    "referral_withdrawn": _("Referral withdrawn"),
    "admitted": _("Admitted to a shelter"),
    "discharged": _("Discharged from a shelter"),
    "service_delivered": _("Service delivered"),
    "plan_updated": _("Case plan updated"),
    "follow_up": _("Follow-up contact"),
    "transfer_requested": _("Transfer requested"),
    "transfer_accepted": _("Transfer accepted"),
    "transfer_declined": _("Transfer declined"),
    "closed": _("Case closed"),
    "reopened": _("Case reopened"),
    "criminal_case_linked": _("Linked to a criminal case"),
    "criminal_case_unlinked": _("Unlinked from a criminal case"),
}


def record_case_event(
    *, case: Case, kind: str, actor: Any = None, detail: dict[str, Any] | None = None
) -> CaseEvent:
    if kind not in EVENT_LABELS:
        raise ValueError(f"unknown case event {kind}")
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return CaseEvent.objects.create(
        case=case,
        occurred_at=timezone.now(),
        kind=kind,
        actor=actor if authenticated else None,
        organisation=actor.organisation if authenticated else None,
        detail=detail or {},
    )


def event_label(kind: str) -> str:
    return str(EVENT_LABELS.get(kind, kind))
