"""Reads of the audit trail, for auditors only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from sanad.access import policy
from sanad.audit.models import AuditAction, AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""
    organisation: str = ""
    action: str = ""
    object: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_events(*, user: Any, filters: AuditFilters) -> QuerySet[AuditEvent]:
    policy.require(user, "audit.view")
    events = AuditEvent.objects.select_related("organisation").order_by("-occurred_at")
    if filters.actor:
        events = events.filter(actor_label__icontains=filters.actor.strip())
    if filters.organisation:
        events = events.filter(organisation_id=filters.organisation)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.object:
        term = filters.object.strip()
        events = events.filter(
            Q(object_id=term) | Q(object_label__icontains=term) | Q(object_type__icontains=term)
        )
    if filters.date_from:
        events = events.filter(occurred_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        events = events.filter(occurred_at__lt=_day_start(filters.date_to + timedelta(days=1)))
    return events


def audit_summary(*, user: Any) -> dict[str, int]:
    policy.require(user, "audit.view")
    now = timezone.now()
    recent = AuditEvent.objects.filter(occurred_at__gte=now - timedelta(days=1))
    counts = recent.values("action").annotate(count=Count("id"))
    by_action = {row["action"]: row["count"] for row in counts}
    return {
        "events_24h": sum(by_action.values()),
        "failed_logins_24h": by_action.get(AuditAction.FAILED_LOGIN, 0),
        "identity_views_24h": by_action.get(AuditAction.VIEW_IDENTITY, 0),
        "break_glass_30d": AuditEvent.objects.filter(
            action=AuditAction.BREAK_GLASS, occurred_at__gte=now - timedelta(days=30)
        ).count(),
    }
