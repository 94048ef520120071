"""Time to migrate a fresh SQLite database and load the demo data set (300 persons, 3,000 hotline contacts, screenings, decisions)."""

from __future__ import annotations

import os
import time

from benchkit import start_django

start_django(database_from_environment=False)

from django.core.management import call_command  # noqa: E402

started = time.perf_counter()
call_command("migrate", verbosity=0)
migrated = time.perf_counter() - started
started = time.perf_counter()
call_command("demo", "--password", "benchmark password", stdout=open(os.devnull, "w"))  # noqa: SIM115
loaded = time.perf_counter() - started
print(f"RESULT\tmigrate fresh SQLite\t{migrated:.2f}\ts\t30\tlower")
print(f"RESULT\tload demo data (300 persons, 3,000 contacts)\t{loaded:.2f}\ts\t30\tlower")
