"""Writing audit events. Services call ``record_event`` inside the transaction of the change they audit."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from sanad.audit.context import current_request_context
from sanad.audit.models import AuditAction, AuditEvent


def record_event(
    *,
    action: AuditAction,
    actor: Any = None,
    target: models.Model | None = None,
    target_label: str = "",
    reason: str = "",
    actor_label: str = "",
    organisation: Any = None,
    detail: dict[str, Any] | None = None,
    anonymous_source: bool = False,
) -> AuditEvent:
    """Insert one audit row. ``detail`` must never hold identity data: only codes, counts and ids.

    ``anonymous_source`` leaves out the client address: an anonymous tipster's address must not be kept
    next to the tip it sent.
    """
    context = current_request_context()
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    if organisation is None and authenticated:
        organisation = actor.organisation
    return AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor=actor if authenticated else None,
        actor_label=actor_label or (actor.get_username() if authenticated else ""),
        organisation=organisation,
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_label=target_label or (str(target) if target is not None else ""),
        reason=reason,
        request_id=context.request_id if context else "",
        ip_address=context.ip_address if context and not anonymous_source else None,
        detail=detail or {},
    )
