from __future__ import annotations

import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from django.conf import settings

MFA_APP = "allauth.mfa"


class StaffOnlyAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by an administrator; nobody can sign up."""

    def is_open_for_signup(self, request: Any) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        # Someone sent to enrol a second factor straight after typing her password is not asked for it
        # again, nor to see the recovery codes that enrolment made; later changes (new codes...) are.
        if app == MFA_APP and _first_enrolment_just_after_sign_in():
            return False
        return bool(super().is_reauthentication_required(app=app, **kwargs))


def _first_enrolment_just_after_sign_in() -> bool:
    from allauth.mfa.models import Authenticator

    request = context.request
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    records = get_authentication_records(request, user)
    signed_in = [record["at"] for record in records if record.get("method") == "password"]
    if not signed_in or time.time() - signed_in[-1] >= settings.ACCOUNT_REAUTHENTICATION_TIMEOUT:
        return False
    app = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).first()
    return app is None or app.created_at.timestamp() >= signed_in[-1]
