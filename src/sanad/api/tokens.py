"""Issuing, revoking and checking organisation tokens. A token reads ``sanad_<prefix>_<secret>``: the prefix
finds the row, a keyed hash of the secret (``crypto.ring.blind_index``) proves it."""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.accounts.models import Membership, Organisation, Role, User
from sanad.api.models import ApiToken
from sanad.api.scopes import SCOPES
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.crypto.ring import blind_index

MAX_DAYS = 366


class TokenRefusedError(Exception):
    """Why a presented token does not authenticate: ``code`` is the API's machine-readable error code."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _digest(secret: str) -> str:
    return blind_index(secret, purpose="api-token")


def issue_token(
    *, actor: Any, organisation: Organisation, name: str, roles: list[str], scopes: list[str], days: int
) -> tuple[ApiToken, str]:
    """Create a token and its service account; returns the token row and the token, shown once."""
    if not policy.may_manage_api_tokens(actor):
        raise PermissionDenied("admin.api_tokens")
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Give the token a name that says which system uses it.")
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        errors["scopes"] = _("Choose at least one of the scopes listed.")
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = _("A token lives from 1 to %(days)s days.") % {"days": MAX_DAYS}
    granted = list(Role.objects.filter(code__in=roles))
    if not granted or len(granted) != len(set(roles)):
        errors["roles"] = _("Choose the role the token acts with.")
    if errors:
        raise ValidationError(errors)
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        service_user = User(username=f"api-{prefix}", first_name=name.strip()[:150])
        service_user.set_unusable_password()
        service_user.save()
        membership = Membership.objects.create(user=service_user, organisation=organisation)
        membership.roles.set(granted)
        token = ApiToken.objects.create(
            organisation=organisation,
            service_user=service_user,
            name=name.strip(),
            prefix=prefix,
            secret_digest=_digest(secret),
            scopes=sorted(set(scopes)),
            created_by=actor,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        record_event(
            action=AuditAction.CREATE,
            actor=actor,
            target=token,
            detail={
                "organisation": str(organisation.pk),
                "roles": sorted(roles),
                "scopes": token.scopes,
                "expires_at": token.expires_at.isoformat(),
            },
        )
    return token, f"sanad_{prefix}_{secret}"


def revoke_token(*, actor: Any, token_id: Any) -> ApiToken:
    if not policy.may_manage_api_tokens(actor):
        raise PermissionDenied("admin.api_tokens")
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id).first()
        if token is None:
            raise ValidationError(_("This token does not exist."))
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            # The service account goes with it: nothing can act as it any more.
            User.objects.filter(pk=token.service_user_id).update(is_active=False)
            record_event(action=AuditAction.UPDATE, actor=actor, target=token, detail={"revoked": True})
    return token


def authenticate(presented: str) -> ApiToken:
    """The usable token ``presented`` stands for, or ``TokenRefusedError`` with the reason."""
    parts = presented.split("_", 2)
    if len(parts) != 3 or parts[0] != "sanad" or not parts[1] or not parts[2]:
        raise TokenRefusedError("token_invalid")
    token = ApiToken.objects.select_related("service_user", "organisation").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.secret_digest, _digest(parts[2])):
        raise TokenRefusedError("token_invalid")
    if token.revoked_at is not None:
        raise TokenRefusedError("token_revoked")
    if token.is_expired:
        raise TokenRefusedError("token_expired")
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        # At most one write a minute per token: the list page says when a token was last used.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
