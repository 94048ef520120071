"""Session lifetime (idle and absolute), the rule that staff work only through a membership, and the rule
that whoever may see identity has a second factor."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.accounts.mfa import has_second_factor
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event

SESSION_STARTED = "sanad_started_at"
SESSION_SEEN = "sanad_seen_at"


class SessionLifetimeMiddleware:
    """End sessions idle for too long and sessions older than a working day."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.get(SESSION_STARTED)
            seen = request.session.get(SESSION_SEEN)
            if started is None:
                request.session[SESSION_STARTED] = now
            elif now - float(started) > settings.SANAD_SESSION_ABSOLUTE_SECONDS or (
                seen is not None and now - float(seen) > settings.SANAD_SESSION_IDLE_SECONDS
            ):
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect(f"{reverse('account_login')}?next={request.path}")
            request.session[SESSION_SEEN] = now
        return self.get_response(request)


# The API authenticates tokens, not sessions: a session without membership changes nothing there.
EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz", "/tip/", "/api/")


class MembershipRequiredMiddleware:
    """A signed-in user without an active membership sees one clear page, and the refusal is audited."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and user.active_membership is None
        ):
            record_event(action=AuditAction.ACCESS_DENIED, actor=user, detail={"why": "no_membership"})
            return render(request, "accounts/no_membership.html", status=403)
        return self.get_response(request)


# What a user who must still enrol a second factor may reach: what a user without membership may reach, that
# is allauth's own pages (enrolment, recovery codes, re-authentication, sign-out) and what needs no session.
ENROLMENT_PREFIXES = EXEMPT_PREFIXES


class SecondFactorRequiredMiddleware:
    """Whoever must use a second factor and has none is sent to enrol and can do nothing else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(ENROLMENT_PREFIXES)
            and policy.requires_second_factor(user)
            and not has_second_factor(user)
        ):
            messages.warning(
                request,
                _("Your role gives access to identity data: set up two-factor authentication to continue."),
            )
            enrol = reverse("mfa_activate_totp")
            if getattr(request, "htmx", False):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = enrol
                return response
            return redirect(enrol)
        return self.get_response(request)
