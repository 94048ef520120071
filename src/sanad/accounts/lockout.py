"""How django-axes finds the username of an attempt, whichever form or backend sent it, and what a locked-out
client is answered: the page for people, the API's error shape for machines."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def attempted_username(request: Any, credentials: dict[str, Any] | None) -> str | None:
    # allauth's form posts "login" but authenticates with "username"; other paths may send either.
    for source in (credentials or {}, getattr(request, "POST", {}) or {}):
        for key in ("username", "login"):
            value = source.get(key)
            if value:
                return str(value).strip().lower()[:150]
    return None


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    wait = int(settings.AXES_COOLOFF_TIME.total_seconds())
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {
                "code": "locked_out",
                "message": _("Too many refused attempts from this address. Try again in %(minutes)s minutes.")
                % {"minutes": wait // 60},
            },
            status=429,
        )
    else:
        response = render(request, "accounts/locked_out.html", status=429)
    response["Retry-After"] = str(wait)
    return response
