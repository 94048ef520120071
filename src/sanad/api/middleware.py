"""One audit row per API call: which token, which operation, the answer's status. Never the body, which may
hold identity."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from sanad.audit.models import AuditAction
from sanad.audit.services import record_event

API_PREFIX = "/api/v1/"


class ApiAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            token = getattr(request, "api_token", None)
            try:
                operation = resolve(request.path_info).url_name or ""
            except Resolver404:
                operation = ""
            record_event(
                action=AuditAction.API_CALL,
                actor=token.service_user if token else None,
                actor_label="" if token else "api (no valid token)",
                organisation=token.organisation if token else None,
                detail={
                    "operation": operation,
                    "method": request.method,
                    "status": response.status_code,
                    "token": token.prefix if token else "",
                },
            )
        return response
