"""What a user sees while the database cannot be reached: a 503 page (JSON under /api/) that asks to retry,
rendered without touching the database, and only for connection-level errors, so that a genuine programming
error still shows as one (500) and is fixed rather than retried."""

from __future__ import annotations

import sqlite3

import psycopg
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

# A restart or a fail-over of PostgreSQL takes seconds; asking clients to wait longer only delays recovery.
RETRY_AFTER_SECONDS = 10

# PostgreSQL error codes that say the server is going away, starting up or refusing connections, rather
# than that the query is wrong: connection exceptions (class 08), the shutdown and start-up codes of class
# 57, and too many connections.
_UNAVAILABLE_SQLSTATES = ("08", "57P01", "57P02", "57P03", "53300")
# SQLite: the file cannot be opened (missing volume, permissions), or another writer held it past the
# timeout. Both pass; "no such table" and the like do not.
_UNAVAILABLE_SQLITE = ("SQLITE_CANTOPEN", "SQLITE_BUSY")


def database_unavailable(error: BaseException | None) -> bool:
    """Whether ``error`` says the database cannot be reached now (retry later), as opposed to a query that
    is wrong (a bug, which a retry does not fix). The first database error in the chain of causes decides:
    Django raises its own exceptions while handling one (a session that cannot be saved is reported as
    ``SessionInterrupted``, a 400)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OperationalError | InterfaceError):
            return _connection_level(error)
        error = error.__cause__ or error.__context__
    return False


def _connection_level(error: OperationalError | InterfaceError) -> bool:
    cause = error.__cause__
    if isinstance(cause, psycopg.OperationalError):
        # No SQLSTATE: the client library failed before the server answered (refused, reset, closed).
        return cause.sqlstate is None or cause.sqlstate.startswith(_UNAVAILABLE_SQLSTATES)
    if isinstance(cause, sqlite3.OperationalError):
        return (cause.sqlite_errorname or "").startswith(_UNAVAILABLE_SQLITE)
    if isinstance(error, InterfaceError):
        # psycopg reports a closed connection as OperationalError; other drivers as InterfaceError.
        message = str(cause or error).lower()
        return "connection" in message and "closed" in message
    return False


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 answer. Nothing here may query the database: no session, no user, no context processor."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {
                    "code": "unavailable",
                    "message": _(
                        "The service is briefly unavailable. Retry in %(seconds)s seconds; a write sent "
                        "with an Idempotency-Key can be retried safely."
                    )
                    % {"seconds": RETRY_AFTER_SECONDS},
                    "field": None,
                },
                status=503,
            )
        else:
            page = render_to_string(
                "503.html",
                {"request_id": getattr(request, "request_id", ""), "seconds": RETRY_AFTER_SECONDS},
            )
            response = HttpResponse(page, status=503)
        response["Content-Language"] = language
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
