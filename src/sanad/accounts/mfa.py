"""Two-factor authentication (TOTP and recovery codes, through django-allauth's MFA app).

The TOTP secret and the recovery-code seed are encrypted with the field keys, like identity. A wrong code
counts as a failed login for django-axes, so the second factor shares the password's lockout: guessing
codes after a stolen password locks the account as guessing passwords would.
"""

from __future__ import annotations

from typing import Any

from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.crypto.ring import decrypt_text, encrypt_text


class SanadMFAAdapter(DefaultMFAAdapter):
    def get_totp_issuer(self) -> str:
        return str(settings.SANAD_TOTP_ISSUER)

    def get_totp_label(self, user: Any) -> str:
        # The username only: an e-mail address in an authenticator app says more than it needs to.
        return str(user.get_username())

    def encrypt(self, text: str) -> str:
        return encrypt_text(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_text(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Whoever must use a second factor cannot switch it off; an administrator resets it instead.
        return not policy.requires_second_factor(authenticator.user)


def _credentials(user: Any) -> dict[str, str]:
    return {"username": str(user.get_username())}


class _LockoutMixin(forms.Form):
    user: Any

    def clean_code(self) -> str:
        request = context.request
        if not AxesProxyHandler.is_allowed(request, credentials=_credentials(self.user)):
            raise forms.ValidationError(
                _("Too many failed attempts. Try again in %(minutes)s minutes.")
                % {"minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)},
                code="locked_out",
            )
        try:
            code: str = super().clean_code()  # type: ignore[misc]
        except forms.ValidationError:
            # axes counts the failure (and locks after the limit); the audit row says it was the second
            # factor, not the password, that failed.
            user_login_failed.send(
                sender=Authenticator,
                credentials={**_credentials(self.user), "factor": "totp"},
                request=request,
            )
            raise
        return code


class LockingAuthenticateForm(_LockoutMixin, AuthenticateForm):
    """The code asked after the password at sign-in."""


class LockingReauthenticateForm(_LockoutMixin, ReauthenticateForm):
    """The code asked again before a sensitive action."""


def has_second_factor(user: Any) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


@transaction.atomic
def enrol_authenticator_app(user: Any, secret: str) -> None:
    """Give ``user`` a TOTP authenticator with this base32 secret and a set of recovery codes. People enrol
    themselves on allauth's page; this is for the demo data and the test cast, whose secret is known. Each
    authenticator writes its audit row (sanad.audit.auth_events)."""
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)


@transaction.atomic
def reset_second_factor(user: Any) -> int:
    """Remove the user's authenticator app and recovery codes (a lost phone); her next sign-in enrols again.
    Each removal writes its audit row. Returns how many authenticators were removed."""
    removed = 0
    for authenticator in Authenticator.objects.filter(user_id=user.pk):
        authenticator.delete()
        removed += 1
    return removed
