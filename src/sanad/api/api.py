"""The HTTP API, version 1: OpenAPI 3.1 at /api/openapi.json, documentation at /api/docs from the static files
django-ninja ships (no CDN). Every operation authenticates an organisation token; every error answers with
the declared ``ErrorOut`` shape."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError

from sanad.api.auth import OrganisationToken
from sanad.api.endpoints import cases, contacts, criminal_cases, published, referrals
from sanad.api.errors import ApiError
from sanad.concurrency import StaleEditError

api = NinjaAPI(
    title="Sanad API",
    version="1",
    description=(
        "Organisation tokens (Authorization: Bearer sanad_…) act with the access of their organisation's "
        "staff, narrowed by their scopes. Errors: {code, message, field}."
    ),
    auth=OrganisationToken(),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_router("/v1/", contacts.router)
api.add_router("/v1/", cases.router)
api.add_router("/v1/", criminal_cases.router)
api.add_router("/v1/", referrals.router)
api.add_router("/v1/", published.router)


def _error(
    request: HttpRequest, status: int, code: str, message: str, field: str | None = None
) -> HttpResponse:
    return _api_error(request, ApiError(status, code, message, field=field))


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, error: ApiError) -> HttpResponse:
    body = {"code": error.code, "message": error.message, "field": error.field}
    response = api.create_response(request, body, status=error.status)
    for name, value in error.headers.items():
        response[name] = value
    return response


@api.exception_handler(AuthenticationError)
def _no_token(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "token_missing", _("Send an organisation token: Authorization: Bearer …"))


@api.exception_handler(HttpError)
def _unreadable(request: HttpRequest, error: HttpError) -> HttpResponse:
    # django-ninja raises it for a body it cannot parse; its text may echo the body, so it is not shown.
    if error.status_code == 400:
        return _error(request, 400, "malformed_body", _("The request body is not valid JSON."))
    return _error(request, error.status_code, "http_error", _("The request cannot be served."))


@api.exception_handler(SuspiciousOperation)
def _suspicious(request: HttpRequest, error: SuspiciousOperation) -> HttpResponse:
    # Django refuses a body or query string over its limits while the operation reads it; without this the
    # client would get Django's HTML page instead of the API's error shape.
    if isinstance(error, RequestDataTooBig):
        return _error(request, 413, "body_too_large", _("The request body is larger than the API accepts."))
    return _error(request, 400, "malformed_request", _("The request cannot be read."))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", _("The token's organisation may not do this."))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("No such object for this token."))


@api.exception_handler(StaleEditError)
def _stale(request: HttpRequest, error: StaleEditError) -> HttpResponse:
    return _error(request, 409, "stale_version", " ".join(error.messages), "version")


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    if hasattr(error, "error_dict"):
        field, messages = next(iter(error.message_dict.items()))
        return _error(request, 422, "invalid", " ".join(messages), None if field == "__all__" else field)
    return _error(request, 422, "invalid", " ".join(error.messages))


@api.exception_handler(RequestValidationError)
def _malformed(request: HttpRequest, error: RequestValidationError) -> HttpResponse:
    first = error.errors[0] if error.errors else {}
    location = [
        str(part) for part in first.get("loc", ()) if part not in ("body", "payload", "query", "path")
    ]
    return _error(
        request,
        422,
        "invalid_request",
        str(first.get("msg", _("The request is malformed."))),
        ".".join(location) or None,
    )
