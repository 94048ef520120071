"""Requests per token per minute, counted in Django's cache (a shared cache when several processes serve the
API, docs/deployment.md)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60


def seconds_until_allowed(token_prefix: str) -> int:
    """Count one request of the token; 0 when it may go on, else the seconds until the window ends."""
    window = int(time.time() // WINDOW_SECONDS)
    key = f"sanad:api:{token_prefix}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        requests = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS * 2)
        requests = 1
    if requests <= settings.SANAD_API_REQUESTS_PER_MINUTE:
        return 0
    return max(1, (window + 1) * WINDOW_SECONDS - int(time.time()))
