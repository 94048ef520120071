"""Backups: a round trip into an empty instance gives back every row and file; a damaged, cut, foreign or
misfitting archive is refused before anything is written; no identity is ever in clear in an archive."""

from __future__ import annotations

import base64
import datetime
import decimal
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
import uuid
import zlib
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core import checks
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

import sanad
from sanad.audit.models import AuditAction, AuditEvent
from sanad.backup.archive import ArchiveWriter, read_archive
from sanad.backup.codec import decode_row, encode_row
from sanad.backup.contents import ContentWriter
from sanad.backup.errors import BackupError
from sanad.backup.keys import create_backup_key, field_key_id, load_backup_key
from sanad.backup.services import restore_backup, verify_backup, write_backup
from sanad.backup.state import applied_migrations, instance_key_ids
from sanad.backup.tables import backup_tables, table_columns
from sanad.crypto.fields import encrypted_fields_by_model
from sanad.crypto.keys import create_local_keys, write_key_file
from sanad.crypto.ring import active_key_ring, decrypt_text, use_key_ring
from sanad.people.models import Person
from tests.cast import Cast
from tests.test_plaintext_at_rest import _assert_absent, _demo_names

SMALL_PARTS = 1024  # many parts even for a small archive, so a damaged middle part can be tested


@pytest.fixture(autouse=True)
def backup_key(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SANAD_BACKUP_KEY_FILE", raising=False)
    path = Path(settings.SANAD_HOME) / "backup_key"
    create_backup_key(path)
    return path


@pytest.fixture
def restore_ring() -> Iterator[None]:
    yield
    use_key_ring(None)


def _evidence() -> dict[str, bytes]:
    folder = Path(settings.SANAD_HOME) / "evidence"
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())} if folder.is_dir() else {}


def _names() -> dict[str, tuple[str, str, str, str]]:
    return {
        str(p.pk): (p.given_name_ar, p.family_name_ar, p.given_name_latin, p.family_name_latin)
        for p in Person.objects.all()
    }


def _counts() -> dict[str, int]:
    return {table.name: table.model._base_manager.count() for table in backup_tables()}


def _demo() -> None:
    call_command("demo", "--persons", "30", "--contacts", "60", "--password", "pw", stdout=io.StringIO())


# --- the round trip, on the database the suite runs on ------------------------------------------------------


def _rows_by_table(cursor: Any, tables: list[str]) -> dict[str, list[tuple[tuple[str, Any], ...]]]:
    found = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the catalogue
        names = [column[0] for column in cursor.description]
        rows = [tuple(sorted(zip(names, row, strict=True))) for row in cursor.fetchall()]
        found[table] = sorted(rows, key=repr)
    return found


def _sqlite_rows(path: str) -> dict[str, list[tuple[tuple[str, Any], ...]]]:
    """Every row as SQLite stored it, read without Django (no type conversion)."""
    with closing(sqlite3.connect(path)) as database:
        cursor = database.cursor()
        tables = [
            name
            for (name,) in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
        ]
        return _rows_by_table(cursor, [t for t in tables if t != "django_migrations"])


def _postgres_parameters() -> dict[str, Any]:
    settings_dict = connection.settings_dict
    return {
        "host": settings_dict["HOST"],
        "port": settings_dict["PORT"] or 5432,
        "user": settings_dict["USER"],
        "password": settings_dict["PASSWORD"] or None,
    }


def _postgres_rows(database: str) -> dict[str, list[tuple[tuple[str, Any], ...]]]:
    import psycopg

    with psycopg.connect(**_postgres_parameters(), dbname=database) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
            "AND table_type = 'BASE TABLE' AND table_name <> 'django_migrations'"
        )
        return _rows_by_table(cursor, [name for (name,) in cursor.fetchall()])


def _without_backup_and_restore_events(
    rows: dict[str, list[tuple[tuple[str, Any], ...]]],
) -> dict[str, list[tuple[tuple[str, Any], ...]]]:
    events = [row for row in rows["audit_auditevent"] if dict(row)["action"] not in ("backup", "restore")]
    return {**rows, "audit_auditevent": events}


def _run_sanad(home: Path, database_url: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    """``sanad`` in a process of its own: a fresh instance with its own home, database and key files."""
    source = str(Path(sanad.__file__).resolve().parent.parent)
    left_out = {"SANAD_FIELD_KEYS", "SANAD_BLIND_INDEX_KEY", "SANAD_SECRET_KEY", "SANAD_BACKUP_KEY_FILE"}
    environment = {name: value for name, value in os.environ.items() if name not in left_out}
    environment.update(
        {
            "PYTHONPATH": os.pathsep.join([source, os.environ.get("PYTHONPATH", "")]),
            "DJANGO_SETTINGS_MODULE": "sanad.settings.base",
            "SANAD_HOME": str(home),
            "SANAD_DATABASE_URL": database_url,
            "SANAD_KEY_FILE": str(home / "field_keys.json"),
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "sanad", *arguments],
        cwd=home, env=environment, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def _empty_instance(home: Path, backup_key: Path) -> None:
    """A new home holding the same field and backup keys, and nothing else."""
    ring = active_key_ring()
    write_key_file(
        home / "field_keys.json", field_keys=list(ring.field_keys), blind_index_key=ring.blind_index_key.hex()
    )
    create_local_keys(home)  # a secret key of its own; the backup key is replaced below
    (home / "backup_key").write_bytes(backup_key.read_bytes())


def _sequences_behind(home: Path, postgres_database: str | None) -> list[str]:
    """Tables whose next automatic key would be one already taken (sequences not moved past the rows)."""
    if postgres_database is None:
        with closing(sqlite3.connect(home / "sanad.sqlite3")) as database:
            sequences = dict(database.execute("SELECT name, seq FROM sqlite_sequence").fetchall())
            behind = []
            for table, seq in sequences.items():
                (highest,) = database.execute(f'SELECT MAX(rowid) FROM "{table}"').fetchone()  # noqa: S608
                if highest is not None and seq < highest:
                    behind.append(table)
            return behind
    import psycopg

    with psycopg.connect(**_postgres_parameters(), dbname=postgres_database) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, pg_get_serial_sequence(quote_ident(table_name), 'id') FROM "
            "information_schema.columns WHERE table_schema = 'public' AND column_name = 'id' "
            "AND data_type IN ('integer', 'bigint')"
        )
        behind = []
        for table, sequence in cursor.fetchall():
            if sequence is None:
                continue
            cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608
            last_value, is_called = cursor.fetchone()
            cursor.execute(f'SELECT MAX(id) FROM "{table}"')  # noqa: S608
            (highest,) = cursor.fetchone()
            next_value = last_value + 1 if is_called else last_value
            if highest is not None and next_value <= highest:
                behind.append(table)
        return behind


def test_round_trip_into_an_empty_instance_gives_back_every_row_and_file(
    transactional_db: None, backup_key: Path, tmp_path: Path
) -> None:
    _demo()
    source_names = _names()
    source_files = _evidence()
    assert source_names and source_files, "the demo made no persons or no evidence files"
    archive = tmp_path / "demo.sanad-backup"
    report = write_backup(out=archive)
    assert report.rows["people_person"] == len(source_names) and report.files == len(source_files)

    home = tmp_path / "restored"
    home.mkdir(mode=0o700)
    _empty_instance(home, backup_key)
    on_postgres = connection.vendor == "postgresql"
    if on_postgres:
        import psycopg

        target = f"{connection.settings_dict['NAME']}_restored_{os.getpid()}"
        parameters = _postgres_parameters()
        with psycopg.connect(**parameters, dbname="postgres", autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{target}"')
            server.execute(f'CREATE DATABASE "{target}"')
        password = quote(parameters["password"] or "")
        credentials = quote(parameters["user"]) + (f":{password}" if password else "")
        url = f"postgres://{credentials}@{parameters['host']}:{parameters['port']}/{target}"
    else:
        url = f"sqlite:///{home / 'sanad.sqlite3'}"
    try:
        restored = _run_sanad(home, url, "restore", str(archive))
        assert restored.returncode == 0, restored.stderr
        assert f"{report.total_rows:,}" in restored.stdout  # the figures (the words may be translated)

        if on_postgres:
            before, after = _postgres_rows(connection.settings_dict["NAME"]), _postgres_rows(target)
        else:
            before, after = (
                _sqlite_rows(connection.settings_dict["NAME"]),
                _sqlite_rows(str(home / "sanad.sqlite3")),
            )
        restore_events = [row for row in after["audit_auditevent"] if dict(row)["action"] == "restore"]
        assert len(restore_events) == 1
        assert set(before) == set(after)
        before, after = _without_backup_and_restore_events(before), _without_backup_and_restore_events(after)
        differing = [table for table in before if before[table] != after[table]]
        assert not differing, f"tables restored differently: {differing}"
        assert len(before) > 50 and len(after["people_person"]) == len(source_names)

        # The identity restored is the ciphertext of the source: the same keys read the same names.
        people = {str(uuid.UUID(str(dict(row)["id"]))): dict(row) for row in after["people_person"]}
        for pk, names in source_names.items():
            row = people[pk]
            columns = ("given_name_ar", "family_name_ar", "given_name_latin", "family_name_latin")
            assert tuple(decrypt_text(row[c]) if row[c] else "" for c in columns) == names
        assert _sequences_behind(home, target if on_postgres else None) == []
        restored_files = {path.name: path.read_bytes() for path in (home / "evidence").iterdir()}
        assert restored_files == source_files
        assert stat.S_IMODE((home / "evidence").stat().st_mode) == 0o700

        again = _run_sanad(home, url, "restore", str(archive))
        assert again.returncode != 0 and "evidence" in again.stderr and "--replace" in again.stderr
    finally:
        if on_postgres:
            with psycopg.connect(**_postgres_parameters(), dbname="postgres", autocommit=True) as server:
                server.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')


# --- what an archive holds ----------------------------------------------------------------------------------


def _inner_content(archive: Path) -> bytes:
    """The archive decrypted and decompressed: what a thief holding the backup key would read."""
    with archive.open("rb") as source:
        compressed = b"".join(read_archive(source, load_backup_key()))
    return zlib.decompress(compressed)


def test_archive_holds_no_plaintext_identity_even_once_decrypted(db: None, tmp_path: Path) -> None:
    _demo()
    names = _demo_names()
    archive = tmp_path / "demo.sanad-backup"
    write_backup(out=archive)
    blob = archive.read_bytes()
    _assert_absent(blob, names)
    assert b"people_person" not in blob  # the envelope hides even the table names

    inner = _inner_content(archive)
    assert b'"name":"people_person"' in inner  # we decrypted the right thing
    _assert_absent(inner, names)
    # Identity is in the archive as the database holds it: field ciphertext, which the field keys open.
    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name_latin FROM people_person WHERE given_name_latin <> ''")
        stored = [value for (value,) in cursor.fetchall()]
    assert stored and all(value.encode() in inner for value in stored)

    # The manifest counts, per field key, the stored values it encrypts: every non-empty one, and the files.
    manifest = json.loads(inner.rstrip(b"\n").rsplit(b"\n", 1)[-1])
    expected = len(_evidence())
    with connection.cursor() as cursor:
        for model, fields in encrypted_fields_by_model().items():
            for field in fields:
                cursor.execute(
                    f'SELECT COUNT(*) FROM "{model._meta.db_table}" WHERE "{field.column}" <> \'\''  # noqa: S608
                )
                expected += cursor.fetchone()[0]
    ids, _index_id = instance_key_ids()
    assert manifest["field_keys"] == [{"id": ids[0], "position": 1, "values": expected}]
    assert manifest["undecryptable_values"] == 0


# --- refusals: nothing is written --------------------------------------------------------------------------


def _state() -> tuple[dict[str, int], dict[str, tuple[str, str, str, str]], dict[str, bytes]]:
    return _counts(), _names(), _evidence()


def _written(cast: Cast, tmp_path: Path, **options: Any) -> Path:
    archive = tmp_path / "cast.sanad-backup"
    write_backup(out=archive, **options)
    return archive


def _header_end(content: bytes) -> int:
    return 12 + int.from_bytes(content[8:12], "big")


def test_a_changed_byte_anywhere_is_refused_and_nothing_changes(cast: Cast, tmp_path: Path) -> None:
    archive = _written(cast, tmp_path, part_size=SMALL_PARTS)
    content = archive.read_bytes()
    assert len(content) > 6 * SMALL_PARTS
    before = _state()
    header_end = _header_end(content)
    salt = content.index(b'"salt": "') + len(b'"salt": "')
    for position, replacement, message in [
        (12, b"[", "header of the backup archive is damaged"),  # the header's JSON
        # Another salt (still valid hexadecimal), or part size, derives another key: part 1 fails.
        (salt, b"1" if content[salt : salt + 1] == b"0" else b"0", "failed its integrity check at part 1"),
        (header_end + 5, None, "failed its integrity check at part 1"),
        (header_end + 3 * (SMALL_PARTS + 16) + 100, None, "failed its integrity check at part 4"),
        (len(content) - 1, None, "failed its integrity check"),  # the tag of the last part
    ]:
        damaged = bytearray(content)
        damaged[position : position + 1] = replacement or bytes([content[position] ^ 0x01])
        archive.write_bytes(bytes(damaged))
        with pytest.raises(BackupError, match=message):
            restore_backup(path=archive, replace=True)
        assert _state() == before
    assert not AuditEvent.objects.filter(action=AuditAction.RESTORE).exists()


def test_a_cut_archive_is_refused(cast: Cast, tmp_path: Path) -> None:
    archive = _written(cast, tmp_path, part_size=SMALL_PARTS)
    content = archive.read_bytes()
    header_end = _header_end(content)
    before = _state()
    for length, message in [
        (header_end + 2 * (SMALL_PARTS + 16), "cut short: it ends after part 2, before its last part"),
        (header_end + 2 * (SMALL_PARTS + 16) + 300, "failed its integrity check at part 3"),
        (len(content) - 1, "failed its integrity check"),
        (header_end, "holds no data after its header"),
        (10, "header is incomplete"),
    ]:
        archive.write_bytes(content[:length])
        with pytest.raises(BackupError, match=message):
            restore_backup(path=archive, replace=True)
    archive.write_bytes(content + content[-100:])  # a tail added is refused as well
    with pytest.raises(BackupError, match="integrity check"):
        restore_backup(path=archive, replace=True)
    assert _state() == before


def test_another_backup_key_is_refused_naming_both_keys(cast: Cast, tmp_path: Path, backup_key: Path) -> None:
    archive = _written(cast, tmp_path)
    written_with = load_backup_key().key_id
    backup_key.unlink()
    with pytest.raises(BackupError, match=r"No backup key: .*SANAD_BACKUP_KEY_FILE"):
        restore_backup(path=archive)
    create_backup_key(backup_key)
    before = _state()
    with pytest.raises(BackupError, match=f"backup key {written_with}, and the configured .* is "):
        restore_backup(path=archive, replace=True)
    with pytest.raises(BackupError, match="encrypted with the backup key"):
        verify_backup(path=archive)
    assert _state() == before
    backup_key.chmod(0o644)
    with pytest.raises(BackupError, match="can be read by others"):
        restore_backup(path=archive)


def test_a_non_empty_instance_is_refused_naming_what_it_holds(cast: Cast, tmp_path: Path) -> None:
    archive = _written(cast, tmp_path)
    before = _state()
    with pytest.raises(
        BackupError, match=r"not empty: evidence folder \(1 file\), \w+ \(\d+ rows\)"
    ) as refused:
        restore_backup(path=archive)
    assert "--replace" in str(refused.value)
    assert _state() == before
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())


def test_an_instance_missing_a_field_key_is_refused_naming_it(
    cast: Cast, tmp_path: Path, restore_ring: None
) -> None:
    archive = _written(cast, tmp_path)
    ring = active_key_ring()
    old_id = field_key_id(ring.field_keys[0])
    before = _state()
    use_key_ring(replace(ring, field_keys=(Fernet.generate_key().decode(),)))
    with pytest.raises(BackupError, match=f"needs the key\\(s\\) {old_id} \\(#1\\)"):
        restore_backup(path=archive, replace=True)
    use_key_ring(ring)
    assert _state() == before
    # A ring that still holds the old key after a new one can take the backup.
    use_key_ring(replace(ring, field_keys=(Fernet.generate_key().decode(), *ring.field_keys)))
    assert verify_backup(path=archive).problems == []
    use_key_ring(replace(ring, blind_index_key=os.urandom(32)))
    assert any("blind-index key" in problem for problem in verify_backup(path=archive).problems)


def _crafted(tmp_path: Path, members: Callable[[ContentWriter], None] | None = None, **header: Any) -> Path:
    """An archive written with the real envelope and content writer, around a header and members of our
    choosing."""
    field_ids, index_id = instance_key_ids()
    path = tmp_path / "crafted.sanad-backup"
    with path.open("wb") as sink:
        archive = ArchiveWriter(sink, load_backup_key())
        writer = ContentWriter(archive)
        writer.header(
            {
                "format": 1,
                "created_at": "2025-01-01T00:00:00+00:00",
                "vendor": connection.vendor,
                "migrations": applied_migrations(),
                "field_keys": field_ids,
                "blind_index_key": index_id,
                **header,
            }
        )
        if members:
            members(writer)
        writer.finish({"field_keys": [], "undecryptable_values": 0})
        archive.close()
    return path


def test_another_migration_state_or_database_engine_is_refused(cast: Cast, tmp_path: Path) -> None:
    before = _state()
    migrations = applied_migrations()
    older = {**migrations, "people": migrations["people"][:-1]}
    with pytest.raises(BackupError, match="the migrations of people \\(backup: "):
        restore_backup(path=_crafted(tmp_path, migrations=older), replace=True)
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    (tmp_path / "crafted.sanad-backup").unlink()
    with pytest.raises(BackupError, match=f"comes from a {other} database"):
        restore_backup(path=_crafted(tmp_path, vendor=other), replace=True)
    assert _state() == before


def test_a_failure_half_way_through_the_writes_changes_nothing(cast: Cast, tmp_path: Path) -> None:
    """Every check passes, then the database refuses a row after the old rows were deleted and a file was
    staged: the transaction and the staged folder are rolled back."""
    before = _state()

    def members(writer: ContentWriter) -> None:
        writer.begin_file(folder="evidence", name="staged-then-dropped")
        writer.file_data(b"content")
        columns = table_columns("people_person")
        writer.begin_table(name="people_person", model="people.Person", columns=columns)
        writer.row(encode_row([None] * len(columns), table="people_person", columns=columns))

    with pytest.raises(BackupError, match="rolled back, nothing was changed: people_person: "):
        restore_backup(path=_crafted(tmp_path, members), replace=True)
    assert _state() == before
    assert not AuditEvent.objects.filter(action=AuditAction.RESTORE).exists()
    assert not list(Path(settings.SANAD_HOME).glob(".evidence*"))  # no staged folder left behind

    def elsewhere(writer: ContentWriter) -> None:
        writer.begin_file(folder="elsewhere", name="file")
        writer.file_data(b"content")

    (tmp_path / "crafted.sanad-backup").unlink()
    with pytest.raises(BackupError, match=r"a folder \(elsewhere\) this version of Sanad does not have"):
        restore_backup(path=_crafted(tmp_path, elsewhere), replace=True)


# --- restoring over data, audit ----------------------------------------------------------------------------


def test_replace_puts_back_the_state_of_the_backup_and_audits_it(cast: Cast, tmp_path: Path) -> None:
    archive = _written(cast, tmp_path)
    counts, names, files = _state()
    backup_event = AuditEvent.objects.get(action=AuditAction.BACKUP)
    assert (
        backup_event.detail["file"] == archive.name and backup_event.detail["bytes"] == archive.stat().st_size
    )
    assert backup_event.detail["rows_per_table"]["people_person"] == len(names)
    detail = json.dumps(backup_event.detail, ensure_ascii=False)
    assert not [name for person in names.values() for name in person if name and name in detail]

    person = Person.objects.first()
    assert person is not None
    person.given_name_latin = "Changed After The Backup"
    person.save()
    (Path(settings.SANAD_HOME) / "evidence" / "added-after").write_bytes(b"not in the backup")
    restore_backup(path=archive, replace=True)

    assert _names() == names and _evidence() == files
    after = _counts()
    assert after.pop("audit_auditevent") == counts.pop("audit_auditevent")  # - backup event + restore event
    assert after == counts
    event = AuditEvent.objects.get(action=AuditAction.RESTORE)
    assert event.detail["replaced_existing_data"] is True and event.detail["file"] == archive.name
    assert not AuditEvent.objects.filter(action=AuditAction.BACKUP).exists()  # written after the archive


def test_backup_command_prints_figures_and_never_overwrites(cast: Cast, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("backup", "--out", str(tmp_path), stdout=out)
    written = list(tmp_path.glob("sanad-*.sanad-backup"))
    assert len(written) == 1 and stat.S_IMODE(written[0].stat().st_mode) == 0o600
    assert "Backup written to" in out.getvalue() and "SHA-256 of the archive" in out.getvalue()
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", "--out", str(written[0]), stdout=io.StringIO())
    verified = io.StringIO()
    call_command("restore", "--verify-only", str(written[0]), stdout=verified)
    assert "is intact" in verified.getvalue() and "has the keys" in verified.getvalue()


# --- keys, checks, helpers ---------------------------------------------------------------------------------


def _backup_checks() -> list[str]:
    found = checks.run_checks(tags=[checks.Tags.security], include_deployment_checks=True)
    return sorted(message.id for message in found if message.id and message.id.startswith("sanad.B"))


def test_deploy_check_wants_a_backup_key_of_its_own(backup_key: Path) -> None:
    assert _backup_checks() == []
    backup_key.unlink()
    assert _backup_checks() == ["sanad.B001"]
    ring = active_key_ring()
    for shared in (base64.urlsafe_b64decode(ring.field_keys[0]).hex(), ring.blind_index_key.hex()):
        backup_key.write_text(shared + "\n")
        backup_key.chmod(0o600)
        assert _backup_checks() == ["sanad.B002"]
    backup_key.write_text("not hexadecimal\n")
    assert _backup_checks() == ["sanad.B001"]


def test_the_backup_key_file_setting_names_the_key(
    backup_key: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "keys" / "sanad-backup.key"
    create_backup_key(elsewhere)
    monkeypatch.setenv("SANAD_BACKUP_KEY_FILE", str(elsewhere))
    assert load_backup_key().path == elsewhere
    assert load_backup_key().secret == bytes.fromhex(elsewhere.read_text())
    assert load_backup_key().secret != bytes.fromhex(backup_key.read_text())
    elsewhere.unlink()
    with pytest.raises(BackupError, match=f"{elsewhere} does not exist. Set SANAD_BACKUP_KEY_FILE"):
        load_backup_key()


def test_init_keys_adds_the_backup_key_and_leaves_existing_keys_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = create_local_keys(home)
    assert {path.name for path in first} == {"field_keys.json", "secret_key", "backup_key"}
    existing = {name: (home / name).read_bytes() for name in ("field_keys.json", "secret_key")}
    (home / "backup_key").unlink()  # an installation from before backups
    assert create_local_keys(home) == [home / "backup_key"]
    assert {name: (home / name).read_bytes() for name in existing} == existing
    assert stat.S_IMODE((home / "backup_key").stat().st_mode) == 0o600
    assert len(bytes.fromhex((home / "backup_key").read_text())) == 32
    assert create_local_keys(home) == []


def test_values_of_every_type_come_back_exactly() -> None:
    aware = datetime.datetime(2025, 3, 1, 12, 30, 5, 120, tzinfo=datetime.UTC)
    row = [
        "نص",
        7,
        1.5,
        True,
        None,
        aware,
        datetime.date(2025, 3, 1),
        datetime.time(8, 0, 1),
        decimal.Decimal("12.30"),
        uuid.UUID(int=5),
        b"\x00\xff",
        datetime.timedelta(days=2, seconds=3, microseconds=4),
        ["a", 1],
    ]
    line = encode_row(row, table="t", columns=[str(i) for i in range(len(row))])
    assert b"\n" not in line
    assert decode_row(line) == row
    with pytest.raises(BackupError, match=r"t\.c holds a value of type object"):
        encode_row([object()], table="t", columns=["c"])
