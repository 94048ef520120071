"""What every benchmark shares: a throwaway Sanad home with its own keys and database, Django started on the
production settings (Argon2, no debug), staff users, and server time measured through the test client.

Call ``start_django()`` before importing anything that touches models.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any


def start_django(*, database_from_environment: bool = True) -> Path:
    """A temporary home with fresh keys; SQLite in it unless SANAD_DATABASE_URL names another database (and
    ``database_from_environment`` allows it)."""
    home = Path(tempfile.mkdtemp(prefix="sanad-bench-"))
    atexit.register(shutil.rmtree, home, ignore_errors=True)
    os.environ["SANAD_HOME"] = str(home)
    sqlite = f"sqlite:///{home / 'bench.sqlite3'}"
    if database_from_environment:
        os.environ.setdefault("SANAD_DATABASE_URL", sqlite)
    else:
        os.environ["SANAD_DATABASE_URL"] = sqlite
    os.environ["DJANGO_SETTINGS_MODULE"] = "sanad.settings.base"
    os.environ.setdefault("SANAD_ALLOWED_HOSTS", "testserver")
    from sanad.crypto.keys import create_local_keys

    create_local_keys(home)
    import django

    django.setup()
    return home


def staff_user(username: str, organisation: Any, role: str) -> Any:
    from sanad.accounts.models import Membership, Role, User

    user = User.objects.create(username=username, is_active=True)
    Membership.objects.create(user=user, organisation=organisation).roles.set(Role.objects.filter(code=role))
    return user


def timed_get(client: Any, url: str, *, rounds: int) -> list[float]:
    """Milliseconds per GET of ``url`` over ``rounds`` calls after one warm-up, sorted."""
    client.get(url)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return sorted(times)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of sorted values."""
    return values[min(len(values) - 1, max(0, round(fraction * len(values)) - 1))]
