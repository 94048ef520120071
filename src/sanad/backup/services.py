"""Writing a backup, verifying one, restoring one.

A backup reads every table in one consistent snapshot (PostgreSQL: a read-only repeatable-read transaction;
SQLite: one transaction, which makes writers wait until the backup is done), then the encrypted folders,
writes them through ``contents`` into an ``archive`` under the backup key, and audits itself.

A restore reads the archive twice. The first pass checks everything and writes nothing: the envelope (key,
integrity, truncation), the manifest, and whether this instance can take the backup (database engine,
migrations, field and blind-index keys, an empty target). The second pass writes the rows and files in one
transaction, which also holds the audit event of the restore: all or nothing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import django
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.backup.archive import DEFAULT_PART_SIZE, ArchiveWriter, read_archive
from sanad.backup.codec import decode_row, encode_row
from sanad.backup.contents import (
    ContentWriter,
    FilePiece,
    FileStart,
    Header,
    Manifest,
    TableStart,
    read_contents,
)
from sanad.backup.errors import BackupError
from sanad.backup.folders import StagedFolders, folder_files, folders_holding_files
from sanad.backup.keys import BackupKey, KeyUsage, load_backup_key
from sanad.backup.state import (
    CONTENT_FORMAT,
    applied_migrations,
    header_problems,
    instance_key_ids,
    key_problems,
    sanad_version,
)
from sanad.backup.tables import (
    Table,
    backup_tables,
    count_rows,
    delete_rows,
    insert_rows,
    read_rows,
    reset_sequences,
    rows_per_insert,
    table_columns,
    tables_holding_data,
)
from sanad.crypto.files import encrypted_folders
from sanad.crypto.ring import active_key_ring

# (stage, done, total): stage is "backup", "verify" or "restore"; done and total count rows and files.
Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 2000
SUFFIX = ".sanad-backup"


@dataclass(frozen=True)
class BackupReport:
    path: Path
    size: int
    sha256: str
    rows: dict[str, int]
    files: int
    seconds: float
    undecryptable_values: int

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


@dataclass
class Verification:
    """What the first pass over an archive found: its manifest, members, and what keeps it from this
    instance (empty when it can be restored here, the target's emptiness aside)."""

    path: Path
    header: dict[str, Any] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)
    tables: list[TableStart] = field(default_factory=list)
    files: list[FileStart] = field(default_factory=list)
    rows: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RestoreReport:
    path: Path
    created_at: str
    rows: int
    tables: int
    files: int
    seconds: float
    migrated: bool
    replaced: bool


def _output_path(out: Path) -> Path:
    if out.is_dir():
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        return out / f"sanad-{stamp}{SUFFIX}"
    return out


@contextmanager
def _consistent_snapshot() -> Iterator[None]:
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def write_backup(
    *, out: Path, progress: Progress | None = None, part_size: int = DEFAULT_PART_SIZE
) -> BackupReport:
    """Write an archive of the database and the encrypted folders to ``out`` (a file, or a folder to put a
    dated file in). Never overwrites: the archive is written beside as ``.partial`` and renamed when whole.
    """
    key = load_backup_key()
    started = time.monotonic()
    target = _output_path(out)
    partial = target.with_name(target.name + ".partial")
    for path in (target, partial):
        if path.exists():
            raise BackupError(_("%(path)s already exists: choose another file name.") % {"path": path})
    if not target.parent.is_dir():
        raise BackupError(_("The folder %(path)s does not exist.") % {"path": target.parent})
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as sink:
            archive = ArchiveWriter(sink, key, part_size=part_size)
            with _consistent_snapshot():
                manifest = _write_contents(ContentWriter(archive), progress)
            archive.close()
            sink.flush()
            os.fsync(sink.fileno())
        os.rename(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    rows = {m["member"].removeprefix("table:"): m["rows"] for m in manifest["members"] if "rows" in m}
    report = BackupReport(
        path=target,
        size=archive.bytes_written,
        sha256=archive.sha256.hexdigest(),
        rows=rows,
        files=sum(1 for m in manifest["members"] if "bytes" in m),
        seconds=time.monotonic() - started,
        undecryptable_values=manifest["undecryptable_values"],
    )
    with transaction.atomic():
        record_event(
            action=AuditAction.BACKUP,
            actor_label="system:backup",
            target_label=target.name[:120],
            detail={
                "file": target.name,
                "bytes": report.size,
                "sha256": report.sha256,
                "rows": report.total_rows,
                "rows_per_table": {name: count for name, count in rows.items() if count},
                "files": report.files,
                "seconds": round(report.seconds, 1),
            },
        )
    return report


def _write_contents(writer: ContentWriter, progress: Progress | None) -> dict[str, Any]:
    ring = active_key_ring()
    usage = KeyUsage(ring.field_keys)
    field_ids, index_id = instance_key_ids()
    tables = backup_tables()
    files = {name: list(folder_files(folder)) for name, folder in sorted(encrypted_folders().items())}
    total = sum(count_rows(table.name) for table in tables) + sum(len(paths) for paths in files.values())
    writer.header(
        {
            "format": CONTENT_FORMAT,
            "created_at": timezone.now().isoformat(),
            "sanad_version": sanad_version(),
            "django_version": django.get_version(),
            "vendor": connection.vendor,
            "migrations": applied_migrations(),
            "field_keys": field_ids,
            "blind_index_key": index_id,
            "expected_rows_and_files": total,
        }
    )
    done = 0
    for table in tables:
        columns = table_columns(table.name)
        writer.begin_table(name=table.name, model=table.label, columns=columns)
        encrypted = [position for position, column in enumerate(columns) if column in table.encrypted_columns]
        for row in read_rows(table, columns):
            for position in encrypted:
                usage.count(row[position])
            writer.row(encode_row(row, table=table.name, columns=columns))
            done += 1
            if progress and done % PROGRESS_EVERY == 0:
                progress("backup", done, total)
    for folder, paths in files.items():
        for path in paths:
            content = path.read_bytes()
            usage.count(content)
            writer.begin_file(folder=folder, name=path.name)
            writer.file_data(content)
            done += 1
            if progress:
                progress("backup", done, total)
    if progress:
        progress("backup", done, total)
    return writer.finish({"field_keys": usage.as_manifest(), "undecryptable_values": usage.unknown})


def _read_verified(path: Path, key: BackupKey, *, strict: bool, progress: Progress | None) -> Verification:
    """The first pass: every check, no write. ``strict`` raises at the first problem of compatibility."""
    found = Verification(path=path)

    def problem(message: str) -> None:
        if strict:
            raise BackupError(message)
        found.problems.append(message)

    total = 0
    try:
        source = path.open("rb")
    except OSError as error:
        raise BackupError(_("Cannot read %(path)s: %(error)s") % {"path": path, "error": error}) from error
    with source:
        for record in read_contents(read_archive(source, key)):
            if isinstance(record, bytes):
                found.rows += 1
                if progress and found.rows % PROGRESS_EVERY == 0:
                    progress("verify", found.rows + len(found.files), total)
            elif isinstance(record, Header):
                found.header = record.values
                total = int(record.values.get("expected_rows_and_files") or 0)
                for message in header_problems(record.values):
                    problem(message)
            elif isinstance(record, TableStart):
                found.tables.append(record)
            elif isinstance(record, FileStart):
                found.files.append(record)
            elif isinstance(record, Manifest):
                found.manifest = record.values
    if progress:
        progress("verify", found.rows + len(found.files), found.rows + len(found.files))
    for message in key_problems(found.manifest):
        problem(message)
    for unknown in sorted({file.folder for file in found.files} - set(encrypted_folders())):
        problem(
            _("The backup holds files of a folder (%(folder)s) this version of Sanad does not have.")
            % {"folder": unknown}
        )
    return found


def verify_backup(*, path: Path, progress: Progress | None = None) -> Verification:
    """Check an archive completely without writing anything; ``problems`` lists what would stop a restore
    into this instance (besides data already there)."""
    return _read_verified(path, load_backup_key(), strict=False, progress=progress)


def _pending_migrations() -> bool:
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _check_target(found: Verification, *, replace: bool) -> bool:
    """Refuse a target that cannot take the backup; True when the database has no tables yet (fresh)."""
    tables = backup_tables()
    fresh = not tables
    if not fresh and _pending_migrations():
        raise BackupError(
            _("This database is not fully migrated: run `sanad migrate` first, then restore into it.")
        )
    if not replace:
        holding = {} if fresh else tables_holding_data(tables)
        files = folders_holding_files()
        if holding or files:
            raise _not_empty(holding, files)
    if not fresh:
        _check_columns(found, tables)
    return fresh


def _not_empty(holding: dict[str, int], files: dict[str, int]) -> BackupError:
    """The refusal naming what the instance holds: folders of files, then the largest tables."""
    found = [
        ngettext("%(folder)s folder (%(count)s file)", "%(folder)s folder (%(count)s files)", count)
        % {"folder": name, "count": count}
        for name, count in files.items()
    ]
    found += [
        ngettext("%(table)s (%(count)s row)", "%(table)s (%(count)s rows)", count)
        % {"table": name, "count": count}
        for name, count in sorted(holding.items(), key=lambda item: (-item[1], item[0]))
    ]
    shown = ", ".join(found[:8])
    if len(found) > 8:
        shown += _(" and %(count)s more") % {"count": len(found) - 8}
    return BackupError(
        _(
            "This instance is not empty: %(found)s. Restore into an empty instance, or pass --replace to "
            "delete all of its data and put the backup's in its place."
        )
        % {"found": shown}
    )


def _check_columns(found: Verification, tables: list[Table]) -> None:
    here = {table.name for table in tables}
    for table in found.tables:
        if table.name not in here:
            raise BackupError(
                _("The backup holds a table (%(table)s) this instance does not have.") % {"table": table.name}
            )
        columns = table_columns(table.name)
        if set(columns) != set(table.columns):
            raise BackupError(
                _("The columns of %(table)s differ between the backup and this database.")
                % {"table": table.name}
            )


def restore_backup(*, path: Path, replace: bool = False, progress: Progress | None = None) -> RestoreReport:
    """Restore an archive into this instance, all or nothing. Refuses a non-empty instance unless
    ``replace``. A database without tables is migrated first."""
    key = load_backup_key()
    started = time.monotonic()
    found = _read_verified(path, key, strict=True, progress=progress)
    fresh = _check_target(found, replace=replace)
    if fresh:
        call_command("migrate", interactive=False, verbosity=0)
        migrated = backup_tables()
        _check_columns(found, migrated)
        # Only the tables migrate fills may hold rows now (a table missing from SEEDED_BY_MIGRATE stops here).
        if not replace and (holding := tables_holding_data(migrated)):
            raise _not_empty(holding, {})
    tables = backup_tables()
    total = found.rows + len(found.files)
    staged = StagedFolders()
    try:
        with transaction.atomic():
            delete_rows([table.name for table in tables])
            _write_records(path, key, staged, total, progress)
            reset_sequences(tables)
            record_event(
                action=AuditAction.RESTORE,
                actor_label="system:restore",
                target_label=path.name[:120],
                detail={
                    "file": path.name,
                    "bytes": path.stat().st_size,
                    "backup_created_at": found.header.get("created_at"),
                    "backup_sanad_version": found.header.get("sanad_version"),
                    "rows": found.rows,
                    "tables": len(found.tables),
                    "files": len(found.files),
                    "replaced_existing_data": replace,
                },
            )
            staged.swap_in()
    except DatabaseError as error:
        staged.undo()
        raise BackupError(
            _("The restore failed and was rolled back, nothing was changed: %(error)s") % {"error": error}
        ) from error
    except BaseException:
        staged.undo()
        raise
    staged.finish()
    ContentType.objects.clear_cache()
    return RestoreReport(
        path=path,
        created_at=str(found.header.get("created_at")),
        rows=found.rows,
        tables=len(found.tables),
        files=len(found.files),
        seconds=time.monotonic() - started,
        migrated=fresh,
        replaced=replace,
    )


class _Inserter:
    """Rows of the current table, inserted a batch at a time."""

    def __init__(self) -> None:
        self.table: TableStart | None = None
        self._rows: list[list[Any]] = []
        self._batch = 1

    def start(self, table: TableStart | None) -> None:
        self.flush()
        self.table = table
        self._batch = rows_per_insert(len(table.columns)) if table else 1

    def add(self, line: bytes) -> None:
        self._rows.append(decode_row(line))
        if len(self._rows) >= self._batch:
            self.flush()

    def flush(self) -> None:
        if self.table is not None and self._rows:
            try:
                insert_rows(self.table.name, self.table.columns, self._rows)
            except DatabaseError as error:
                raise DatabaseError(f"{self.table.name}: {error}") from error
        self._rows.clear()


def _write_records(
    path: Path, key: BackupKey, staged: StagedFolders, total: int, progress: Progress | None
) -> None:
    """The second pass: insert the rows and stage the files, as the archive gives them."""
    inserter = _Inserter()
    handle: BinaryIO | None = None
    done = 0
    with path.open("rb") as source:
        try:
            for record in read_contents(read_archive(source, key)):
                if isinstance(record, bytes):
                    inserter.add(record)
                elif isinstance(record, FilePiece):
                    assert handle is not None
                    handle.write(record.data)
                    continue
                else:
                    inserter.start(record if isinstance(record, TableStart) else None)
                    if handle is not None:
                        handle.close()
                        handle = None
                    if not isinstance(record, FileStart):
                        continue
                    handle = staged.create(record.folder, record.name)
                done += 1
                if progress and done % PROGRESS_EVERY == 0:
                    progress("restore", done, total)
        finally:
            if handle is not None:
                handle.close()
    if progress:
        progress("restore", done, total)
