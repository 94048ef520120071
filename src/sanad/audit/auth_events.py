"""Audit rows for logins, logouts, failed logins and lockouts."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from sanad.audit.models import AuditAction
from sanad.audit.services import record_event


def _failure_kind(username: str) -> str:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return "unknown_user"
    if not user.is_active:
        return "disabled_user"
    return "wrong_password"


@receiver(user_logged_in)
def audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_event(action=AuditAction.LOGIN, actor=user)


@receiver(user_logged_out)
def audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event(action=AuditAction.LOGOUT, actor=user)


@receiver(user_login_failed)
def audit_failed_login(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username") or credentials.get("login") or "")[:150]
    record_event(
        action=AuditAction.FAILED_LOGIN,
        actor_label=username,
        detail={"kind": _failure_kind(username)},
    )


@receiver(user_locked_out)
def audit_lockout(sender: Any, request: Any, username: str | None = None, **kwargs: Any) -> None:
    record_event(action=AuditAction.LOCKED_OUT, actor_label=(username or "")[:150])
