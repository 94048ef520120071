"""Every error of the API has one shape, a machine-readable code and a human message (in the language the
client asks for with Accept-Language), declared in the schema of every operation that can return it."""

from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


class ApiError(Exception):
    """An error the API answers with ``status`` and an ``ErrorOut`` body."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(code)
        self.status, self.code, self.message, self.field = status, code, message, field
        self.headers = headers or {}


# The statuses each kind of operation may answer with an error, for the schema.
# 503 (code "unavailable", with Retry-After) while the database cannot be reached: sanad.web.unavailable.
AUTH_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 429: ErrorOut, 503: ErrorOut}
READ_ERRORS = {**AUTH_ERRORS, 404: ErrorOut, 422: ErrorOut}
# 413: a body over DATA_UPLOAD_MAX_MEMORY_SIZE.
WRITE_ERRORS = {**READ_ERRORS, 409: ErrorOut, 413: ErrorOut}
