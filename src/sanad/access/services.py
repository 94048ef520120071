"""State changes of the access module: break-glass grants."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.access.models import BreakGlassGrant
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.cases.models import Case

MIN_REASON_LENGTH = 15


def break_glass(*, actor: Any, case: Case, reason: str) -> BreakGlassGrant:
    """Open the identity of one case to a coordinator for a limited time, audited with the reason."""
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            {"reason": _("Write the reason in at least %(count)d characters.") % {"count": MIN_REASON_LENGTH}}
        )
    if not policy.may_break_glass(actor, case):
        raise PermissionDenied("break_glass")
    now = timezone.now()
    with transaction.atomic():
        grant = BreakGlassGrant.objects.create(
            user=actor,
            case=case,
            reason=reason,
            granted_at=now,
            expires_at=now + timedelta(minutes=settings.SANAD_BREAK_GLASS_MINUTES),
        )
        record_event(
            action=AuditAction.BREAK_GLASS,
            actor=actor,
            target=case,
            reason=reason,
            detail={"expires_at": grant.expires_at.isoformat(), "grant": str(grant.pk)},
        )
    return grant
