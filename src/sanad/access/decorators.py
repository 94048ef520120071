"""View decorators that ask the access policy; views never test roles themselves."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase as HttpResponse

from sanad.access import policy


def capability_required(
    capability: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            policy.require(request.user, capability)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def any_capability_required(
    *capabilities: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not any(policy.has_capability(request.user, c) for c in capabilities):
                from django.core.exceptions import PermissionDenied

                raise PermissionDenied(capabilities)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def recent_authentication_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Exports leave the system: the user types her password again on the re-authentication page, and for
    ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` seconds after that further exports do not ask. Signing in does not
    count: the password is confirmed for the export. GET requests are not exempt, because a download is a
    GET."""
    from allauth.account.decorators import reauthentication_required

    return reauthentication_required(view, allow_get=False)


def recent_authentication_required_to_change(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """The form shows freely; saving it asks for the password (or a code) again, like an export: role
    changes and break-glass grant access to identity."""
    from allauth.account.decorators import reauthentication_required

    return reauthentication_required(view, allow_get=True)
