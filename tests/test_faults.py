"""Faults a production server meets: the import process killed mid-way, a database that cannot be reached, and
database connections cut under a running server (what a PostgreSQL restart does to them).

The faults are real and so are the processes (the ``sanad`` command, gunicorn, on production settings); the
error handlers' choice between 503 and 500 is also checked in-process. The long version, PostgreSQL restarted
under a load of 50 signed-in users, is benchmarks/soak.py (``make soak``).
"""

from __future__ import annotations

import csv
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlparse

import psycopg
import pytest
from django.db import connection
from django.db.utils import ConnectionHandler
from django.http import HttpResponse
from django.test import Client
from django.urls import path
from psycopg import sql

from sanad import urls as sanad_urls
from sanad.cases.imports import COLUMNS
from tests.cast import Cast

PYTHON = sys.executable
ROWS = 600
# Rows written inside the import's transaction when it is killed: well past the first, well before the last.
KILL_AFTER = 200


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _postgres_server() -> dict[str, str] | None:
    """The server of SANAD_DATABASE_URL when the suite runs on PostgreSQL."""
    url = os.environ.get("SANAD_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    parsed = urlparse(url)
    return {
        "host": parsed.hostname or "127.0.0.1",
        "port": str(parsed.port or 5432),
        "user": parsed.username or "",
        "password": parsed.password or "",
    }


def _postgres_url(server: dict[str, str], name: str) -> str:
    credentials = quote(server["user"]) + (f":{quote(server['password'])}" if server["password"] else "")
    return f"postgres://{credentials}@{server['host']}:{server['port']}/{name}"


def _clean_environment(home: Path, database_url: str) -> dict[str, str]:
    """The environment of an operator's shell: production settings and this Sanad's home, none of the test
    suite's keys or settings."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("SANAD_") and name != "DJANGO_SETTINGS_MODULE"
    }
    return kept | {
        "SANAD_HOME": str(home),
        "SANAD_DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "sanad.settings.base",
        "SANAD_LOG_LEVEL": "WARNING",
    }


def _sanad(environment: dict[str, str], *arguments: str, timeout: float = 300) -> str:
    result = subprocess.run(
        [PYTHON, "-m", "sanad", *arguments],
        env=environment, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    assert result.returncode == 0, (arguments, result.stdout, result.stderr)
    return result.stdout


@pytest.fixture
def fresh_sanad(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A Sanad of its own, as an operator installs one: keys from ``sanad init-keys``, an empty database
    (a SQLite file, or a new database on the suite's PostgreSQL server) migrated by ``sanad migrate``."""
    home = tmp_path / "home"
    server = _postgres_server()
    name = f"sanad_fault_{uuid.uuid4().hex[:12]}"
    if server is None:
        database_url = f"sqlite:///{home / 'sanad.sqlite3'}"
    else:
        database_url = _postgres_url(server, name)
        with psycopg.connect(**server, dbname="postgres", autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    environment = _clean_environment(home, database_url)
    try:
        _sanad(environment, "init-keys", str(home))
        _sanad(environment, "migrate", "--no-input", "-v", "0")
        yield environment
    finally:
        if server is not None:
            with psycopg.connect(**server, dbname="postgres", autocommit=True) as admin:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


CREATE_IMPORTER = """
from sanad.accounts.models import Membership, Organisation, Role, User
from sanad.accounts.services import sync_default_roles
sync_default_roles()
unit = Organisation.objects.create(short_code="unit", name="Unit", type="social_services", region="MA-06")
importer = User.objects.create(username="importer", is_active=True)
Membership.objects.create(user=importer, organisation=unit).roles.set(Role.objects.filter(code="case_worker"))
"""

# What an operator looking at the database sees: persons, cases, their audit rows, the references.
STORED = """
import json
from sanad.audit.models import AuditAction, AuditEvent
from sanad.cases.models import Case
from sanad.people.models import Person
created = AuditEvent.objects.filter(action=AuditAction.CREATE)
print(json.dumps({
    "persons": Person.objects.count(),
    "cases": Case.objects.count(),
    "person_audit": created.filter(object_type="people.person").count(),
    "case_audit": created.filter(object_type="cases.case").count(),
    "references": sorted(Case.objects.values_list("external_reference", flat=True)),
    "persons_without_case": Person.objects.filter(cases__isnull=True).count(),
}))
"""


def _stored(environment: dict[str, str]) -> dict[str, object]:
    return dict(json.loads(_sanad(environment, "shell", "-c", STORED).strip().splitlines()[-1]))


def _import_file(folder: Path) -> tuple[Path, list[str]]:
    references = [f"KILL-{number:05d}" for number in range(ROWS)]
    path = folder / "cases.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for number, reference in enumerate(references):
            writer.writerow([
                reference, "Amina", "Benziane", "أمينة", "بن زيان", "female", "2003", "MAR", "+212612345678",
                "cin", f"BK{number:06d}", "2026-03-14", "MA-06", "forced_labour",
            ])  # fmt: skip
    return path, references


def test_an_import_killed_mid_way_leaves_nothing_and_the_same_import_then_succeeds(
    fresh_sanad: dict[str, str], tmp_path: Path
) -> None:
    environment = fresh_sanad
    _sanad(environment, "shell", "-c", CREATE_IMPORTER)
    data, references = _import_file(tmp_path)
    command = [PYTHON, "-m", "sanad", "import", "cases", str(data), "--as", "importer"]

    importing = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, text=True)
    assert importing.stdout is not None
    written = 0
    seen: list[str] = []
    for line in importing.stdout:
        seen.append(line)
        if progress := re.match(r"(\d+) of (\d+) rows written", line):
            written = int(progress[1])
            if written >= KILL_AFTER:
                os.kill(importing.pid, signal.SIGKILL)
                break
    importing.wait(timeout=60)
    assert importing.returncode == -signal.SIGKILL, f"the import ended before it could be killed: {seen}"
    assert KILL_AFTER <= written < ROWS

    after_kill = _stored(environment)
    assert after_kill == {
        "persons": 0, "cases": 0, "person_audit": 0, "case_audit": 0, "references": [],
        "persons_without_case": 0,
    }, f"the killed import left {after_kill['persons']} persons and {after_kill['cases']} cases"  # fmt: skip

    again = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300, check=False)
    assert again.returncode == 0, again.stderr
    assert f"created {ROWS} cases with their persons; 0 already imported" in again.stdout
    stored = _stored(environment)
    assert stored["references"] == references  # every row, once
    assert (stored["persons"], stored["cases"], stored["persons_without_case"]) == (ROWS, ROWS, 0)
    assert (stored["person_audit"], stored["case_audit"]) == (ROWS, ROWS)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str

    def json(self) -> dict[str, object]:
        return dict(json.loads(self.body))


def _ask(port: int, method: str, url: str, headers: dict[str, str] | None = None, body: str = "") -> Answer:
    connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection_.request(method, url, body=body or None, headers=headers or {})
        response = connection_.getresponse()
        return Answer(
            response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode()
        )
    finally:
        connection_.close()


@contextmanager
def _gunicorn(environment: dict[str, str]) -> Iterator[int]:
    """Sanad under gunicorn, one sync worker (each request meets the same database connection)."""
    port = _free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "sanad.wsgi:application", "--workers", "1", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        env=environment | {"SANAD_ALLOWED_HOSTS": "127.0.0.1", "SANAD_LOG_LEVEL": "WARNING"},
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _ask(port, "GET", "/healthz")
                break
            except OSError:
                assert server.poll() is None, "gunicorn did not start"
                assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _unreachable(kind: str, home: Path) -> str:
    if kind == "postgresql":
        return f"postgres://sanad@127.0.0.1:{_free_port()}/sanad"  # nothing listens there
    return f"sqlite:///{home / 'missing-volume' / 'sanad.sqlite3'}"  # a folder that does not exist


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_while_the_database_cannot_be_reached_pages_are_clean_503s(kind: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    environment = _clean_environment(home, _unreachable(kind, home))
    _sanad(environment, "init-keys", str(home))
    with _gunicorn(environment) as port:
        health = _ask(port, "GET", "/healthz")
        assert (health.status, health.json()) == (503, {"status": "unavailable", "database": "unavailable"})
        assert health.headers["retry-after"] == "10"

        # A signed-in user's next page: her session is read from the database.
        page = _ask(
            port,
            "GET",
            "/cases/",
            {"Cookie": "sessionid=4l8qoxm7x1v5gq0tq5h2k3x9c1z7w2e4", "Accept-Language": "en"},
        )
        assert page.status == 503 and page.headers["content-type"].startswith("text/html")
        assert page.headers["retry-after"] == "10" and "no-cache" in page.headers["cache-control"]
        assert "Sanad is briefly unavailable" in page.body and "Nothing is half-saved" in page.body
        assert 'lang="en" dir="ltr"' in page.body and 'class="topbar"' in page.body
        assert page.headers["x-request-id"] in page.body  # the request id to quote to the administrator
        assert "Traceback" not in page.body and "Error" not in page.body
        arabic = _ask(
            port,
            "GET",
            "/cases/",
            {"Cookie": "sessionid=4l8qoxm7x1v5gq0tq5h2k3x9c1z7w2e4", "Accept-Language": "ar"},
        )
        assert arabic.status == 503 and 'lang="ar" dir="rtl"' in arabic.body

        # Signing in: the form needs no database, the password check does.
        form = _ask(port, "GET", "/accounts/login/", {"Accept-Language": "en"})
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
        cookie = re.search(r"csrftoken=([^;]+)", form.headers.get("set-cookie", ""))
        assert form.status == 200 and token and cookie, form.status
        sign_in = _ask(
            port, "POST", "/accounts/login/",
            {"Cookie": f"csrftoken={cookie[1]}", "Content-Type": "application/x-www-form-urlencoded",
             "Referer": f"http://127.0.0.1:{port}/accounts/login/", "Host": f"127.0.0.1:{port}",
             "Accept-Language": "en"},
            f"login=caseworker&password=x&csrfmiddlewaretoken={token[1]}",
        )  # fmt: skip
        assert sign_in.status == 503 and "Sanad is briefly unavailable" in sign_in.body

        api = _ask(port, "GET", "/api/v1/cases", {"Authorization": "Bearer sanad_abcd_efgh"})
        assert api.status == 503 and api.headers["content-type"] == "application/json"
        assert api.json()["code"] == "unavailable" and api.headers["retry-after"] == "10"


def _server_backends() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.postgres_only
def test_a_running_server_survives_its_database_connections_being_cut(transactional_cast: Cast) -> None:
    # What a PostgreSQL restart does to a server's kept connections, without the restart: the suite's own
    # server stays up for the other tests.
    server = _postgres_server()
    assert server is not None
    environment = os.environ | {
        "SANAD_DATABASE_URL": _postgres_url(server, connection.settings_dict["NAME"]),
        "DJANGO_SETTINGS_MODULE": "sanad.settings.base",
    }
    browser = Client()
    browser.force_login(transactional_cast.caseworker)
    session = {"Cookie": f"sessionid={browser.cookies['sessionid'].value}", "Accept-Language": "en"}
    with _gunicorn(dict(environment)) as port:
        assert _ask(port, "GET", "/cases/", session).status == 200
        kept = _server_backends()
        assert kept, "the server keeps no connection between requests (CONN_MAX_AGE)"
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM unnest(%s::int[]) AS pid", [list(kept)])
        deadline = time.monotonic() + 10
        while _server_backends() & kept and time.monotonic() < deadline:
            time.sleep(0.05)

        # The very next requests succeed: the dead connection is noticed and replaced, not used.
        page = _ask(port, "GET", "/cases/", session)
        assert page.status == 200, page.body[:500]
        assert transactional_cast.case_a.reference in page.body
        assert _ask(port, "GET", "/healthz").json() == {"status": "ok", "database": "ok"}
        assert _server_backends() and not (_server_backends() & kept)


# In-process: the error handler tells a database that cannot be reached from a query that is wrong.
def _refused(request):  # type: ignore[no-untyped-def]
    closed = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "sanad", "USER": "sanad",
                     "HOST": "127.0.0.1", "PORT": str(_free_port())}}
    )  # fmt: skip
    closed["default"].ensure_connection()


def _wrong_query(request):  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM sanad_no_such_table")


def _broken_code(request):  # type: ignore[no-untyped-def]
    from django.db import IntegrityError

    raise IntegrityError("a constraint this code should have respected")


def _database_lost_mid_request(request):  # type: ignore[no-untyped-def]
    # The session was read on the way in; the database goes away before it is saved on the way out.
    connection.close()
    if connection.vendor == "postgresql":
        connection.settings_dict["PORT"] = str(_free_port())
    else:
        connection.settings_dict["NAME"] = str(Path(connection.settings_dict["NAME"]).parent / "gone" / "db")
    return HttpResponse("saved?")


urlpatterns = [
    path("refused/", _refused),
    path("wrong/", _wrong_query),
    path("broken/", _broken_code),
    path("lost/", _database_lost_mid_request),
]
# A test URLconf has Django's default handlers otherwise.
handler400, handler500 = sanad_urls.handler400, sanad_urls.handler500


@pytest.mark.urls("tests.test_faults")
@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/refused/", 503, "Sanad is briefly unavailable"),
        # On SQLite a missing table is an OperationalError too: still a bug, shown as one.
        ("/wrong/", 500, "Something went wrong"),
        ("/broken/", 500, "Something went wrong"),
    ],
)
def test_only_an_unreachable_database_is_a_503_a_wrong_query_stays_a_500(
    db: None, url: str, status: int, words: str
) -> None:
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == status and words in response.content.decode()
    assert ("Retry-After" in response) == (status == 503)


@pytest.mark.urls("tests.test_faults")
def test_a_database_lost_while_the_session_is_saved_is_a_503_not_a_bad_request(
    transactional_db: None,
) -> None:
    # Django reports a session it cannot save as SessionInterrupted, a 400 that would tell the user her
    # request was wrong.
    from sanad.accounts.models import Membership, Organisation, Role, User
    from sanad.accounts.services import sync_default_roles

    sync_default_roles()
    commission = Organisation.objects.create(
        short_code="cnclt", name="Commission", type="commission", region="MA-04"
    )
    analyst = User.objects.create(username="analyst", is_active=True)
    Membership.objects.create(user=analyst, organisation=commission).roles.set(
        Role.objects.filter(code="analyst")
    )
    browser = Client(raise_request_exception=False)
    browser.force_login(analyst)
    kept = dict(connection.settings_dict)
    try:
        response = browser.get("/lost/")
    finally:
        connection.close()
        connection.settings_dict.update(kept)
    assert response.status_code == 503, response.content[:300]
    assert "Sanad is briefly unavailable" in response.content.decode()
