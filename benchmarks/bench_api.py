"""API contact creation under gunicorn, against a bare JSON endpoint (/healthz: one SELECT 1) on the same server.

Goal (issue 10): at least half the bare endpoint's throughput, no errors; p95 reported. The server is gunicorn
with ``--workers`` sync workers on loopback; the load is ``--clients`` threads, each with its own keep-alive
connection, for ``--seconds`` per endpoint. Every contact the load created is counted in the database
afterwards. Set SANAD_DATABASE_URL to run it on PostgreSQL (SQLite otherwise).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchkit import free_port, percentile, staff_user, start_django, wait_for_server

CONTACT = {
    "channel": "phone", "contact_type": "tip", "received_at": "2026-11-30T10:00:00Z",
    "reporter_relation": "third_party", "urgency": 2, "region": "MA-06",
    "narrative": "A neighbour says a girl of fifteen works in the house next door and never goes out.",
}  # fmt: skip


@dataclass
class Load:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _client(port: int, until: float, load: Load, request: dict[str, object]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    mine: list[float] = []
    statuses: dict[int, int] = {}
    while time.perf_counter() < until:
        headers = dict(request["headers"])  # type: ignore[call-overload]
        if request["method"] == "POST":
            headers["Idempotency-Key"] = uuid.uuid4().hex
        started = time.perf_counter()
        try:
            connection.request(
                str(request["method"]), str(request["path"]), body=request["body"], headers=headers
            )  # type: ignore[arg-type]
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            status = 599
        mine.append((time.perf_counter() - started) * 1000)
        statuses[status] = statuses.get(status, 0) + 1
    connection.close()
    with load.lock:
        load.latencies.extend(mine)
        for status, count in statuses.items():
            load.statuses[status] = load.statuses.get(status, 0) + count


def _run(port: int, clients: int, seconds: float, request: dict[str, object]) -> tuple[Load, float]:
    load = Load()
    until = time.perf_counter() + seconds
    threads = [threading.Thread(target=_client, args=(port, until, load, request)) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return load, time.perf_counter() - started


def _prepare() -> tuple[Path, str, str]:
    """A fresh Sanad with a hotline and its token: (home, token, database engine)."""
    home = start_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sanad.accounts.models import Organisation
    from sanad.accounts.services import sync_default_roles
    from sanad.api.tokens import issue_token

    if Organisation.objects.exists():
        sys.exit(
            "bench_api: the database is not empty; give it an empty one (it writes thousands of contacts)."
        )
    sync_default_roles()
    commission = Organisation.objects.create(
        short_code="cnclt", name="Commission", type="commission", region="MA-04"
    )
    hotline = Organisation.objects.create(
        short_code="hotline", name="Hotline", type="hotline", region="MA-04"
    )
    admin = staff_user("admin", commission, "admin")
    _token, secret = issue_token(
        actor=admin, organisation=hotline, name="Hotline platform", roles=["hotline_operator"],
        scopes=["contacts:write"], days=1,
    )  # fmt: skip
    from django.db import connection

    engine = connection.vendor
    connection.close()
    return home, secret, engine


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()

    home, secret, engine = _prepare()
    port = free_port()
    environment = {
        **os.environ, "SANAD_HOME": str(home), "SANAD_ALLOWED_HOSTS": "127.0.0.1",
        "SANAD_API_REQUESTS_PER_MINUTE": "1000000000", "SANAD_LOG_LEVEL": "WARNING",
    }  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "sanad.wsgi:application", "--workers", str(args.workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--keep-alive", "30"],
        env=environment,
    )  # fmt: skip
    try:
        wait_for_server(port)
        bare = {"method": "GET", "path": "/healthz", "body": None, "headers": {}}
        api = {
            "method": "POST", "path": "/api/v1/contacts", "body": json.dumps(CONTACT),
            "headers": {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
        }  # fmt: skip
        _run(port, args.clients, 1.0, bare)  # warm every worker up
        bare_load, bare_elapsed = _run(port, args.clients, args.seconds, bare)
        api_load, api_elapsed = _run(port, args.clients, args.seconds, api)
    finally:
        server.terminate()
        server.wait(timeout=30)

    from sanad.hotline.models import Contact

    created = Contact.objects.count()
    bare_rate = len(bare_load.latencies) / bare_elapsed
    api_rate = len(api_load.latencies) / api_elapsed
    api_errors = sum(count for status, count in api_load.statuses.items() if status != 201)
    bare_errors = sum(count for status, count in bare_load.statuses.items() if status != 200)
    p95_api = percentile(sorted(api_load.latencies), 0.95)
    p95_bare = percentile(sorted(bare_load.latencies), 0.95)
    print(f"# API under gunicorn ({args.workers} workers, {args.clients} clients, {args.seconds:.0f} s each) "
          f"on {engine}")  # fmt: skip
    print(f"bare /healthz: {bare_rate:.0f} req/s, p95 {p95_bare:.1f} ms, errors {bare_errors}")
    print(f"POST /api/v1/contacts: {api_rate:.0f} req/s, p95 {p95_api:.1f} ms, statuses {api_load.statuses}, "
          f"contacts in the database {created} (answered 201: {api_load.statuses.get(201, 0)})")  # fmt: skip
    print(
        f"RESULT\tAPI contact creation / bare JSON throughput ({engine})\t{api_rate / bare_rate:.2f}\t\t0.5\thigher"
    )
    print(f"RESULT\tAPI contact creation p95 ({engine})\t{p95_api:.1f}\tms\t1000\tlower")
    lost = abs(created - api_load.statuses.get(201, 0))
    print(f"RESULT\tAPI errors and lost writes ({engine})\t{api_errors + bare_errors + lost}\t\t0\tlower")


if __name__ == "__main__":
    main()
