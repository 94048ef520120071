"""The database on disk holds no demo person's name in clear: the raw SQLite file and a pg_dump."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from sanad.people.models import Person
from tests.conftest import require_component

DEMO_PERSONS = 60


def _demo_names() -> set[str]:
    """Every stored identity value, less those that are also words of non-personal text in the database
    (the given name هاجر is also inside the organisation name المهاجرين)."""
    from sanad.accounts.models import Organisation, Role

    public_text = " ".join(
        [*(f"{o.name} {o.name_ar}" for o in Organisation.objects.all()),
         *(f"{r.label_fr} {r.label_ar} {r.label_en}" for r in Role.objects.all())]
    )  # fmt: skip
    names: set[str] = set()
    for person in Person.objects.all():
        for part in (person.given_name_ar, person.family_name_ar):
            if len(part) >= 3:
                names.add(part)
        # Short Latin strings ("Awa", "Eze", even "Uddin") turn up by chance inside base64 ciphertext: a
        # five-letter one about once in a billion positions, and the file holds millions. Look for names
        # of six letters or more and for every full name instead.
        for part in (person.given_name_latin, person.family_name_latin):
            if len(part) >= 6:
                names.add(part)
        if len(person.latin_name) >= 7:
            names.add(person.latin_name)
        for value in (person.phone, person.document_number):
            if value:
                names.add(value)
    from sanad.hotline.models import Contact

    # Callback numbers and narratives of hotline contacts are identity data too.
    for number, narrative in Contact.objects.values_list("callback_number", "narrative"):
        if number:
            names.add(number)
        if len(narrative) >= 20:
            names.add(narrative)
    return {name for name in names if name not in public_text}


def _assert_absent(blob: bytes, names: set[str]) -> None:
    assert names, "the demo created no names to look for"
    leaked = sorted(name for name in names if name.encode("utf-8") in blob)
    assert not leaked, f"plaintext identity found on disk: {leaked[:5]}"


@pytest.mark.sqlite_only
def test_raw_sqlite_file_holds_no_plaintext_names(transactional_db: None) -> None:
    call_command("demo", "--persons", str(DEMO_PERSONS), "--password", "demo password for tests")
    names = _demo_names()
    path = Path(connection.settings_dict["NAME"])
    assert path.is_file(), "the test database must be a file for this test"
    connection.close()  # flush and release the file
    blob = path.read_bytes()
    for suffix in ("-wal", "-journal"):
        extra = Path(str(path) + suffix)
        if extra.exists():
            blob += extra.read_bytes()
    assert b"people_person" in blob  # we are reading the right file
    _assert_absent(blob, names)


def _pg_dump() -> str | None:
    for candidate in ("/usr/lib/postgresql/15/bin/pg_dump", shutil.which("pg_dump")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.mark.postgres_only
def test_postgresql_dump_holds_no_plaintext_names(transactional_db: None) -> None:
    pg_dump = _pg_dump()
    require_component(pg_dump is not None, "pg_dump")
    call_command("demo", "--persons", str(DEMO_PERSONS), "--password", "demo password for tests")
    names = _demo_names()
    settings = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    dump = subprocess.run(
        [
            str(pg_dump), "--no-owner", "-h", settings["HOST"], "-p", str(settings["PORT"] or 5432),
            "-U", settings["USER"], settings["NAME"],
        ],
        env=env, capture_output=True, check=True, timeout=300,
    ).stdout  # fmt: skip
    assert b"COPY public.people_person" in dump
    _assert_absent(dump, names)
