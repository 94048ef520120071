"""Writing audit events. Services call ``record_event`` inside the transaction of the change they audit."""

from __future__ import annotations

from collections.abc import Sequence
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
    event = _event(
        action=action, actor=actor, target=target, target_label=target_label, reason=reason,
        actor_label=actor_label, organisation=organisation, detail=detail, anonymous_source=anonymous_source,
    )  # fmt: skip
    event.save(force_insert=True)
    return event


def record_events(
    *,
    action: AuditAction,
    actor: Any,
    targets: Sequence[models.Model],
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> list[AuditEvent]:
    """One audit row per target, as ``record_event`` writes it, inserted in one statement: a page that shows
    the identity of many records audits each of them without a write per record."""
    return AuditEvent.objects.bulk_create(
        [
            _event(action=action, actor=actor, target=target, reason=reason, detail=detail)
            for target in targets
        ]
    )


def _event(
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
    context = current_request_context()
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    if organisation is None and authenticated:
        organisation = actor.organisation
    return AuditEvent(
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
