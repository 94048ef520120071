"""A per-client limit on the public tip form, counted in Django's cache.

The cache key is a keyed hash of the client's network (its address, or its /64 for IPv6), so the cache
never holds an IP in clear. Behind a proxy the address comes from ``SANAD_TRUSTED_PROXIES``. With the
default per-process memory cache each server process counts on its own; deployments running several
processes configure a shared cache (docs/deployment.md).
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


def _key(client: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), client.encode(), hashlib.sha256).hexdigest()[:32]
    return f"sanad:tip:{digest}"


def allow(client: str) -> bool:
    """Count one attempt by ``client``; False once it has made more than the limit within the window."""
    key = _key(client or "unknown")
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        attempts = 1
    return attempts <= settings.SANAD_TIP_LIMIT_PER_HOUR
