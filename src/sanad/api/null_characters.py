"""PostgreSQL text cannot hold the NUL character: a query or body carrying one would fail at the database with
a server error. The API refuses it first, naming the field, as it does any other invalid value."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sanad.api.errors import ApiError

NUL = "\x00"


def _path_with_nul(value: Any, path: str) -> str | None:
    if isinstance(value, str):
        return path if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            inner = f"{path}.{key}" if path else str(key)
            if NUL in str(key):
                return inner
            found = _path_with_nul(item, inner)
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _path_with_nul(item, f"{path}.{index}" if path else str(index))
            if found is not None:
                return found
    return None


def refuse_null_characters(request: HttpRequest) -> None:
    """Raise a 422 naming the first query parameter or body field that holds a NUL character."""
    field = next(
        (name for name, values in request.GET.lists() if NUL in name or any(NUL in v for v in values)), None
    )
    if field is None and request.method in ("POST", "PUT", "PATCH") and b"\\u0000" in request.body:
        try:
            field = _path_with_nul(json.loads(request.body), "")
        except ValueError:  # not JSON: the operation answers malformed_body itself
            field = None
    if field is not None:
        raise ApiError(
            422,
            "invalid",
            _("%(field)s contains a NUL character, which no text may hold.") % {"field": field},
            field=field,
        )
