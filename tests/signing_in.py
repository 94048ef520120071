"""Signing in as a person does: the password, then the code of the authenticator app when the user has one,
and the session records allauth keeps when the password is typed again before a sensitive action."""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from tests.cast import PASSWORD, TOTP_SECRET

# allauth keeps the sign-in and password confirmations of a session under these keys.
AUTH_RECORDS = "account_authentication_methods"
AUTH_RECORDS_USER = "account_authentication_methods_user"


def totp_code(secret: str = TOTP_SECRET, *, steps_from_now: int = 0) -> str:
    """The code an authenticator app shows now (or ``steps_from_now`` 30-second steps away)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + steps_from_now))


_USED_STEPS: set[tuple[str, int]] = set()


def unused_totp_code(username: str, secret: str = TOTP_SECRET) -> str:
    """A code the app would show now that ``username`` has not used yet: allauth refuses a code twice, and
    accepts the codes of the previous and next 30-second steps too; past those, wait for the next step."""
    while True:
        now = int(time.time()) // 30
        for step in (now, now + 1, now - 1):
            if (username, step) not in _USED_STEPS:
                _USED_STEPS.add((username, step))
                return format_hotp_value(hotp_value(secret, step))
        time.sleep(30 - time.time() % 30 + 0.1)


def sign_in(client: Client, username: str, password: str = PASSWORD, *, code: str | None = None) -> Any:
    """Post the password; when allauth then asks for the second factor, post the app's current code."""
    response = client.post(reverse("account_login"), {"login": username, "password": password})
    if response.status_code == 302 and response["Location"] == reverse("mfa_authenticate"):
        response = client.post(reverse("mfa_authenticate"), {"code": code or totp_code()})
    return response


def confirm_password(client: Client, user: Any, *, seconds_ago: float = 0) -> None:
    """What allauth writes when the user types her password again on the reauthentication page."""
    session = client.session
    session[AUTH_RECORDS] = [{"method": "password", "at": time.time() - seconds_ago, "reauthenticated": True}]
    session[AUTH_RECORDS_USER] = str(user.pk)
    session.save()
