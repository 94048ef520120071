"""Audit rows for logins, logouts, failed logins and lockouts, second factors added and removed."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import authentication_step_completed
from allauth.mfa.models import Authenticator
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
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
    if credentials.get("refusal"):
        # An API token refused (sanad.api.auth): the kind says why; there is no user to name.
        record_event(
            action=AuditAction.FAILED_LOGIN, actor_label=username, detail={"kind": credentials["refusal"]}
        )
        return
    if credentials.get("factor"):
        # The password was right; the second factor was not (sanad.accounts.mfa).
        record_event(action=AuditAction.MFA_FAILED, actor_label=username, detail={"factor": "totp"})
        return
    record_event(
        action=AuditAction.FAILED_LOGIN,
        actor_label=username,
        detail={"kind": _failure_kind(username)},
    )


@receiver(user_locked_out)
def audit_lockout(sender: Any, request: Any, username: str | None = None, **kwargs: Any) -> None:
    record_event(action=AuditAction.LOCKED_OUT, actor_label=(username or "")[:150])


# On the model rather than allauth's signals: those are sent after the commit, and an audit row belongs to
# the transaction of the change it records.
@receiver(post_save, sender=Authenticator)
def audit_second_factor_added(sender: Any, instance: Authenticator, created: bool, **kwargs: Any) -> None:
    if created:
        record_event(action=AuditAction.MFA_ENROLLED, actor=instance.user, detail={"type": instance.type})


@receiver(post_delete, sender=Authenticator)
def audit_second_factor_removed(
    sender: Any, instance: Authenticator, origin: Any = None, **kwargs: Any
) -> None:
    # When the user herself is being deleted, her row is about to go: name her, don't point at her.
    origin_model = getattr(origin, "model", type(origin))
    if origin_model is get_user_model():
        record_event(
            action=AuditAction.MFA_REMOVED,
            actor_label=instance.user.get_username(),
            detail={"type": instance.type},
        )
        return
    record_event(action=AuditAction.MFA_REMOVED, actor=instance.user, detail={"type": instance.type})


@receiver(authentication_step_completed)
def audit_reauthentication(sender: Any, request: Any, user: Any, method: str, **kwargs: Any) -> None:
    # Sign-in steps are audited as the login itself; only a repeated proof before a sensitive action is here.
    if kwargs.get("reauthenticated"):
        record_event(action=AuditAction.REAUTHENTICATED, actor=user, detail={"method": method})
