"""Backup and restore of the large demo data set (3,000 persons, 30,000 hotline contacts: ten times the
default demo). SQLite, or PostgreSQL when SANAD_DATABASE_URL names a server (two databases are created
beside the one named, and dropped at the end).

The backup runs in this process; the restore runs as an administrator would run it, `sanad restore` in a
process of its own, into a new instance holding the same keys, after `sanad migrate`.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from benchkit import start_django

PERSONS, CONTACTS = 3000, 30000


def _postgres_copies(url: str) -> tuple[str, str]:
    """Two new databases on the server of ``url`` (source, target), dropped when the benchmark ends."""
    import psycopg

    parsed = urlparse(url)
    base = parsed.path.lstrip("/")
    names = (f"{base}_bench_backup_source", f"{base}_bench_backup_target")
    server = {
        "host": parsed.hostname,
        "port": parsed.port or 5432,
        "user": parsed.username,
        "password": parsed.password,
        "dbname": "postgres",
    }

    def drop() -> None:
        with psycopg.connect(**server, autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    drop()
    with psycopg.connect(**server, autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    atexit.register(drop)
    source, target = (urlunparse(parsed._replace(path=f"/{name}")) for name in names)
    return source, target


configured = os.environ.get("SANAD_DATABASE_URL", "")
target_url = ""
if configured.startswith(("postgres://", "postgresql://")):
    os.environ["SANAD_DATABASE_URL"], target_url = _postgres_copies(configured)
home = start_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from sanad.backup.services import write_backup  # noqa: E402

call_command("migrate", verbosity=0)
started = time.perf_counter()
call_command(
    "demo",
    "--persons",
    str(PERSONS),
    "--contacts",
    str(CONTACTS),
    "--password",
    "benchmark password",
    stdout=open(os.devnull, "w"),  # noqa: SIM115
)
loaded = time.perf_counter() - started
engine = connection.vendor
if engine == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        database_bytes = cursor.fetchone()[0]
else:
    database_bytes = Path(connection.settings_dict["NAME"]).stat().st_size

archive = home / "bench.sanad-backup"
report = write_backup(out=archive)
connection.close()

target = Path(tempfile.mkdtemp(prefix="sanad-bench-restore-"))
atexit.register(shutil.rmtree, target, ignore_errors=True)
for name in ("field_keys.json", "secret_key", "backup_key"):
    shutil.copy2(home / name, target / name)
environment = {
    **os.environ,
    "SANAD_HOME": str(target),
    "SANAD_DATABASE_URL": target_url or f"sqlite:///{target / 'sanad.sqlite3'}",
}


def sanad(*arguments: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sanad", *arguments],
        env=environment,
        cwd=target,
        check=True,
        capture_output=True,
        timeout=1800,
    )
    return time.perf_counter() - started


migrated = sanad("migrate", "--no-input", "-v", "0")
verified = sanad("restore", "--verify-only", str(archive))
restored = sanad("restore", str(archive))

print(f"demo set: {PERSONS:,} persons, {CONTACTS:,} contacts, loaded in {loaded:.0f} s on {engine}")
print(f"database: {database_bytes / 1e6:.1f} MB; {report.total_rows:,} rows in {len(report.rows)} tables")
print(f"archive: {report.size / 1e6:.1f} MB with {report.files} evidence files")
print(f"migrate of the new instance (not part of the restore figure): {migrated:.1f} s")
label = f"{PERSONS:,} persons, {CONTACTS:,} contacts; {engine}"
print(f"RESULT\tbackup of the large demo set ({label})\t{report.seconds:.2f}\ts\t60\tlower")
print(f"RESULT\tverify a backup, writing nothing ({label})\t{verified:.2f}\ts\t60\tlower")
print(f"RESULT\trestore into a new empty instance ({label})\t{restored:.2f}\ts\t120\tlower")
