"""The home page of each role, with real counts, and the small pages every site needs."""

from __future__ import annotations

import logging
import sys
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, InterfaceError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import defaults
from django.views.decorators.cache import never_cache

from sanad.access import policy
from sanad.accounts.selectors import administration_counts
from sanad.audit.selectors import audit_summary
from sanad.cases import selectors as case_selectors
from sanad.catalogs import loader
from sanad.hotline.selectors import queue_summary
from sanad.identification.selectors import awaiting_decision
from sanad.justice.selectors import justice_summary
from sanad.linkage.selectors import figures as linkage_figures
from sanad.plans.selectors import plan_summary
from sanad.referrals.selectors import inbox_summary
from sanad.statistics.selectors import published_cases_opened_by_year
from sanad.web.unavailable import RETRY_AFTER_SECONDS, database_unavailable, unavailable_response

logger = logging.getLogger(__name__)


def _home_context(user: Any) -> dict[str, Any]:
    context: dict[str, Any] = {"panels": set()}
    if policy.has_capability(user, "home.own_organisation"):
        context["panels"].add("organisation")
        context["case_counts"] = case_selectors.case_counts(user=user)
        context["cases_by_year"] = case_selectors.cases_by_year(user=user)
    if policy.has_capability(user, "hotline.contacts"):
        context["panels"].add("hotline")
        context["queue"] = queue_summary(user=user)
    if policy.has_capability(user, "referral.respond"):
        context["panels"].add("referrals")
        context["inbox"] = inbox_summary(user=user)
    if policy.has_capability(user, "case.decide_status"):
        context["panels"].add("decisions")
        context["awaiting_decision"] = awaiting_decision(user=user)
    if policy.has_capability(user, "home.national"):
        context["panels"].add("national")
        context["case_counts"] = case_selectors.case_counts(user=user)
        context["open_by_region"] = [
            {"label": loader.region_label(row["region"]), "count": row["count"]}
            for row in case_selectors.open_cases_by_region(user=user)
        ]
    if policy.has_capability(user, "justice.criminal_cases") or policy.has_capability(
        user, "justice.national_facts"
    ):
        context["panels"].add("justice")
        context["justice"] = justice_summary(user=user)
        context["may_import_register"] = policy.may_import_register(user)
    if policy.may_manage_plans(user) or policy.has_capability(user, "plans.report"):
        context["panels"].add("plans")
        context["plan_summary"] = plan_summary(user=user, today=timezone.localdate())
    if policy.has_capability(user, "home.statistics"):
        context["panels"].add("statistics")
        context["published_by_year"] = published_cases_opened_by_year(user=user)
    if policy.may_see_linkage_figures(user):
        context["panels"].add("linkage")
        context["linkage"] = linkage_figures(user=user)
    if policy.has_capability(user, "home.audit"):
        context["panels"].add("audit")
        context["audit"] = audit_summary(user=user)
    if policy.has_capability(user, "home.administration"):
        context["panels"].add("administration")
        context["administration"] = administration_counts(user=user)
    return context


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", _home_context(request.user))


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For a load balancer or a monitor: 200 while the database answers, 503 while it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except (DatabaseError, InterfaceError) as error:
        logger.warning("healthz: the database does not answer: %s", error)
        response = JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok", "database": "ok"})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A session that cannot be saved because the database went away mid-request reaches here as
    # SessionInterrupted: that is the outage, not a bad request.
    if database_unavailable(exception):
        return unavailable_response(request)
    return defaults.bad_request(request, exception or Exception())


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the exception, wherever it was raised: in a view, or in a middleware
    # (the session and the user are loaded there), which no middleware's process_exception would see.
    if database_unavailable(sys.exception()):
        return unavailable_response(request)
    return render(request, "500.html", status=500)
