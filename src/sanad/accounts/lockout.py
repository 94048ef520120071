"""How django-axes finds the username of an attempt, whichever form or backend sent it."""

from __future__ import annotations

from typing import Any


def attempted_username(request: Any, credentials: dict[str, Any] | None) -> str | None:
    # allauth's form posts "login" but authenticates with "username"; other paths may send either.
    for source in (credentials or {}, getattr(request, "POST", {}) or {}):
        for key in ("username", "login"):
            value = source.get(key)
            if value:
                return str(value).strip().lower()[:150]
    return None
