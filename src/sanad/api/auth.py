"""Bearer-token authentication: the token's service account becomes ``request.user`` for the policy, and its
scopes are checked by each operation."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from sanad.api.errors import ApiError
from sanad.api.models import ApiToken
from sanad.api.null_characters import refuse_null_characters
from sanad.api.throttle import seconds_until_allowed
from sanad.api.tokens import TokenRefusedError, authenticate

REFUSALS = {
    "token_invalid": lambda: _("The token is not valid."),
    "token_expired": lambda: _("The token has expired. Ask your administrator for a new one."),
    "token_revoked": lambda: _("The token has been revoked."),
}


class OrganisationToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        try:
            found = authenticate(token)
        except TokenRefusedError as refused:
            _count_refusal(request, refused.code)
            raise ApiError(401, refused.code, REFUSALS[refused.code]()) from None
        wait = seconds_until_allowed(found.prefix)
        if wait:
            raise ApiError(
                429,
                "rate_limited",
                _("Too many requests for this token. Try again in %(seconds)s seconds.") % {"seconds": wait},
                headers={"Retry-After": str(wait)},
            )
        request.user = found.service_user
        request.api_token = found  # type: ignore[attr-defined]
        # Authentication is the one hook every operation runs before its parameters are read.
        refuse_null_characters(request)
        return found


# Refused tokens count as failed logins of this pseudo-user for django-axes: at the failure limit the client
# address is locked out for the cool-off (429, sanad.accounts.lockout.lockout_response), audited. A token is
# 256 random bits, so nothing can be guessed; the lock stops noise and scanners. Valid tokens are not looked
# up in axes (no query on the hot path), so a locked address's own good token keeps working.
API_TOKEN_LOGIN = "api-token"  # noqa: S105 - a pseudo-username, not a secret


def _count_refusal(request: HttpRequest, code: str) -> None:
    credentials = {"username": API_TOKEN_LOGIN, "refusal": code}
    user_login_failed.send(sender=OrganisationToken, credentials=credentials, request=request)


def token_of(request: HttpRequest) -> ApiToken:
    """The token the request was authenticated with (every operation authenticates one)."""
    token: ApiToken = getattr(request, "api_token")  # noqa: B009  (set by OrganisationToken only)
    return token


def require_scope(request: HttpRequest, scope: str) -> None:
    token = getattr(request, "api_token", None)
    if token is None or scope not in token.scopes:
        raise ApiError(
            403, "insufficient_scope", _("This token lacks the scope %(scope)s.") % {"scope": scope}
        )
