"""What every benchmark shares: a throwaway Sanad home with its own keys and database, Django started on the
production settings (Argon2, no debug), staff users, and server time measured through the test client.

Call ``start_django()`` before importing anything that touches models.
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import hmac
import http.client
import os
import shutil
import socket
import struct
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PGBIN = Path(os.environ.get("SANAD_PGBIN", "/usr/lib/postgresql/15/bin"))


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


# The benchmark users' authenticator secret: synthetic users in a database thrown away afterwards.
BENCH_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105


def staff_user(username: str, organisation: Any, role: str) -> Any:
    from sanad.access import policy
    from sanad.accounts.mfa import enrol_authenticator_app
    from sanad.accounts.models import Membership, Role, User

    user = User.objects.create(username=username, is_active=True)
    Membership.objects.create(user=user, organisation=organisation).roles.set(Role.objects.filter(code=role))
    user = User.objects.get(pk=user.pk)  # her capabilities as the roles just given make them
    if policy.requires_second_factor(user):
        # Otherwise every page sends her to enrol (302): the benchmarks measure the pages, not the gate.
        enrol_authenticator_app(user, BENCH_TOTP_SECRET)
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_server(port: int, seconds: float = 120) -> None:
    """Until ``/healthz`` answers 200 on loopback ``port``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            probe.request("GET", "/healthz")
            if probe.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"bench: the server did not answer on port {port}")


def _as_postgres(command: list[str]) -> list[str]:
    """initdb refuses to run as root: run the server's tools as the postgres account then."""
    if os.geteuid() == 0:
        return ["/usr/sbin/runuser", "-u", "postgres", "--", *command]
    return command


def _quietly(command: list[str]) -> None:
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)


@contextmanager
def throwaway_postgres(port: int | None = None) -> Iterator[str]:
    """A PostgreSQL 15 server of its own under /tmp (on ``port``, or a free one): trust authentication, user
    sanad, fsync off."""
    port = port or free_port()
    root = Path(tempfile.mkdtemp(prefix="sanad-bench-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    data, log = root / "data", root / "server.log"
    try:
        _quietly(
            _as_postgres([str(PGBIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "sanad", "-E", "UTF8",
                          "--locale=C.UTF-8"]),
        )  # fmt: skip
        # A modest server's memory (8 GB: shared_buffers a quarter of it, 2 GB); work_mem stays at PostgreSQL's
        # default (4 MB). With 512 MB, the statistics reads at a million cases fetched a fifth of their pages
        # from the operating system's cache.
        # random_page_cost 1.1: the SSD a server has today (docs/scaling.md); PostgreSQL's default of 4
        # prices an index read as a disk seek and scans whole tables to fetch a tenth of them.
        options = (
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_wal_size=8GB -c shared_buffers=2GB -c random_page_cost=1.1"
        )
        _quietly(
            _as_postgres(
                [str(PGBIN / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o", options, "start"]
            )
        )
        try:
            _quietly([str(PGBIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "sanad", "sanad"])
            yield f"postgres://sanad@127.0.0.1:{port}/sanad"
        finally:
            subprocess.run(
                _as_postgres([str(PGBIN / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
                stdout=subprocess.DEVNULL,
                check=False,
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)


def totp(secret: str, at: float) -> str:
    """RFC 6238 as authenticator apps compute it (SHA-1, 6 digits, 30-second steps)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"
