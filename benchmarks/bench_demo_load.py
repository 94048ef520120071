"""Time to migrate a fresh SQLite database and load the demo data set (300 persons, 3,000 hotline contacts, screenings, decisions)."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

home = Path(tempfile.mkdtemp(prefix="sanad-bench-"))
os.environ["SANAD_HOME"] = str(home)
os.environ["SANAD_DATABASE_URL"] = f"sqlite:///{home / 'bench.sqlite3'}"
# Production settings (Argon2 password hashing), with throwaway keys in a temporary home.
os.environ["DJANGO_SETTINGS_MODULE"] = "sanad.settings.base"
from sanad.crypto.keys import create_local_keys  # noqa: E402

create_local_keys(home)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

started = time.perf_counter()
call_command("migrate", verbosity=0)
migrated = time.perf_counter() - started
started = time.perf_counter()
call_command("demo", "--password", "benchmark password", stdout=open(os.devnull, "w"))  # noqa: SIM115
loaded = time.perf_counter() - started
print(f"RESULT\tmigrate fresh SQLite\t{migrated:.2f}\ts\t30\tlower")
print(f"RESULT\tload demo data (300 persons, 3,000 contacts)\t{loaded:.2f}\ts\t30\tlower")
