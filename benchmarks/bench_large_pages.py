"""The busiest pages on the national-scale data set (``sanad demo --scale``), served by gunicorn: case list
filtered and paginated, case detail, hotline operator queue. Goals (issue 12, PostgreSQL): p95 of 150, 100
and 100 ms.

What it does:
1. without ``--home``: a throwaway Sanad home, migrated and loaded with ``sanad demo --scale SCALE`` (medium
   by default: 100,000 cases; ``--scale large``: 1,000,000, about ten minutes to load), on SQLite and on a
   throwaway PostgreSQL 15 (``--databases``); with ``--home DIR`` (and SANAD_DATABASE_URL for PostgreSQL), an
   existing data set loaded the same way, measured as it is;
2. serves it with gunicorn (``--workers``, default 2: the machine's cores) on loopback, production settings;
3. signs in over HTTP as the demo's case worker and operator (password, then the authenticator code);
4. requests each page ``--rounds`` times one after another, varying the filters, pages and cases, after a
   warm-up round, and reports the median and the 95th percentile of the time from sending the request to
   having read the whole answer: server time plus a loopback round trip.

The case worker's organisation owns about 1 case in 8 of the set (125,000 at the large scale); her list is
filtered by region, year or status and paged; the case detail opens cases of her organisation at random.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchkit import free_port, percentile, throwaway_postgres, totp, wait_for_server

GOALS_MS = {"case list, filtered and paged": 150, "case detail": 100, "operator queue": 100}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE_LINK = re.compile(r'href="/cases/([0-9a-f-]{36})/"')


def _sanad(environment: dict[str, str], *arguments: str) -> None:
    subprocess.run([sys.executable, "-m", "sanad", *arguments], env=environment, check=True)


def _load(environment: dict[str, str], scale: str, password: str) -> float:
    started = time.perf_counter()
    _sanad(environment, "migrate", "--no-input", "-v", "0")
    _sanad(environment, "demo", "--scale", scale, "--password", password)
    return time.perf_counter() - started


@contextmanager
def _gunicorn(environment: dict[str, str], workers: int, home: Path) -> Iterator[str]:
    port = free_port()
    log = (home / "bench-gunicorn.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "sanad.wsgi:application", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "120"],
        env={**environment, "SANAD_ALLOWED_HOSTS": "127.0.0.1"}, stdout=log, stderr=log,
    )  # fmt: skip
    try:
        wait_for_server(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _signed_in(base: str, username: str, password: str, secret: str) -> requests.Session:
    session = requests.Session()
    form = session.get(f"{base}/accounts/login/")
    answer = session.post(
        f"{base}/accounts/login/",
        data={"login": username, "password": password, "csrfmiddlewaretoken": CSRF.findall(form.text)[0]},
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
    )
    if answer.headers.get("Location", "").endswith("/2fa/authenticate/"):
        form = session.get(f"{base}/accounts/2fa/authenticate/")
        answer = session.post(
            f"{base}/accounts/2fa/authenticate/",
            data={"code": totp(secret, time.time()), "csrfmiddlewaretoken": CSRF.findall(form.text)[0]},
            headers={"Referer": f"{base}/accounts/2fa/authenticate/"},
            allow_redirects=False,
        )
    if answer.status_code != 302 or answer.headers.get("Location") != "/":
        raise SystemExit(f"bench: {username} could not sign in ({answer.status_code})")
    return session


def _timed(session: requests.Session, urls: list[str]) -> list[float]:
    session.get(urls[0])  # warm-up: the worker's first request loads templates and catalogues
    times = []
    for url in urls:
        started = time.perf_counter()
        answer = session.get(url)
        times.append((time.perf_counter() - started) * 1000)
        if answer.status_code != 200:
            raise SystemExit(f"bench: {url} answered {answer.status_code}")
    return sorted(times)


def _case_ids(session: requests.Session, base: str, rng: random.Random, wanted: int) -> list[str]:
    """Cases the case worker may open, gathered from her list's pages as she would find them."""
    found: list[str] = []
    for page in range(1, 40):
        year = rng.choice(range(2016, 2027))
        found += CASE_LINK.findall(session.get(f"{base}/cases/?year={year}&page={page}").text)
        if len(found) >= wanted:
            break
    return rng.sample(found, min(wanted, len(found)))


def measure(base: str, home: Path, password: str, rounds: int, label: str) -> None:
    secret = (home / "demo_totp_secret").read_text().strip()
    rng = random.Random(11)
    caseworker = _signed_in(base, "caseworker", password, secret)
    operator = _signed_in(base, "operator", password, secret)
    regions = [f"MA-{number:02d}" for number in range(1, 13)]
    filters = [
        lambda: f"region={rng.choice(regions)}",
        lambda: f"year={rng.randint(2016, 2026)}",
        lambda: "status=open",
        lambda: f"region={rng.choice(regions)}&status=closed&year={rng.randint(2016, 2025)}",
    ]
    list_urls = [f"{base}/cases/?{rng.choice(filters)()}&page={rng.randint(1, 20)}" for _ in range(rounds)]
    cases = _case_ids(caseworker, base, rng, rounds)
    detail_urls = [f"{base}/cases/{case}/" for case in cases]
    queue_urls = [f"{base}/hotline/?page={rng.randint(1, 3)}" for _ in range(rounds)]
    for name, session, urls in (
        ("case list, filtered and paged", caseworker, list_urls),
        ("case detail", caseworker, detail_urls),
        ("operator queue", operator, queue_urls),
    ):
        times = _timed(session, urls)
        median, p95 = statistics.median(times), percentile(times, 0.95)
        print(
            f"#   {name}: {len(times)} requests, median {median:.0f} ms, p95 {p95:.0f} ms, max {times[-1]:.0f} ms"
        )
        print(f"RESULT\t{name} p95 ({label})\t{p95:.1f}\tms\t{GOALS_MS[name]}\tlower", flush=True)


def run_on(url: str | None, args: argparse.Namespace) -> None:
    home = args.home or Path(tempfile.mkdtemp(prefix="sanad-bench-large-"))
    try:
        environment = {
            **os.environ,
            "SANAD_HOME": str(home),
            "DJANGO_SETTINGS_MODULE": "sanad.settings.base",
            "SANAD_LOG_LEVEL": "WARNING",
            "SANAD_CACHE": "database",
        }
        if url:
            environment["SANAD_DATABASE_URL"] = url
        else:
            environment.pop("SANAD_DATABASE_URL", None)
        engine = "postgresql" if url else "sqlite"
        if args.home is None:
            _sanad(environment, "init-keys", str(home))
            seconds = _load(environment, args.scale, args.password)
            print(f"# {engine}: loaded `sanad demo --scale {args.scale}` in {seconds:,.0f} s", flush=True)
            print(
                f"RESULT\tsanad demo --scale {args.scale} ({engine})\t{seconds:.0f}\ts\t600\tlower",
                flush=True,
            )
        _sanad(environment, "createcachetable")  # SANAD_CACHE=database, as docs/deployment.md sets it up
        with _gunicorn(environment, args.workers, home) as base:
            measure(
                base, home, args.password, args.rounds, f"{args.scale} set, {engine}, gunicorn {args.workers}"
            )
    finally:
        if args.home is None:
            shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--scale", default=os.environ.get("SANAD_BENCH_SCALE", "medium"), help="medium or large"
    )
    parser.add_argument(
        "--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql"
    )
    parser.add_argument("--home", type=Path, help="an existing Sanad home loaded with `sanad demo --scale`")
    parser.add_argument("--password", default="bench-large-pages", help="the demo users' password")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--rounds", type=int, default=200, help="requests per page")
    args = parser.parse_args()
    print(
        f"# busiest pages on the {args.scale} national-scale set, gunicorn {args.workers} workers", flush=True
    )
    if args.home is not None:
        run_on(os.environ.get("SANAD_DATABASE_URL"), args)
        return
    wanted = {name.strip() for name in args.databases.split(",") if name.strip()}
    if "sqlite" in wanted:
        run_on(None, args)
    if "postgresql" in wanted:
        with throwaway_postgres() as url:
            run_on(url, args)


if __name__ == "__main__":
    main()
