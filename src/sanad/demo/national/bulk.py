"""Rows inserted in bulk, bypassing the ORM's per-object work: COPY on PostgreSQL, executemany on SQLite.

Only the national-scale generator uses this: it writes millions of synthetic rows into a database it has just
migrated, where the services' audit rows and checks would only slow it down. Identity fields are still
encrypted (the generator encrypts them with ``sanad.crypto.ring.text_encryptor`` before they reach a sink).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from django.db import connection, models, transaction


class Sink:
    """Rows of one table waiting to be inserted. Each row gives ``columns`` in order; every other column gets
    ``fixed`` or the field's default, adapted once for the database."""

    def __init__(
        self,
        model: type[models.Model],
        columns: tuple[str, ...],
        *,
        now: datetime,
        fixed: dict[str, Any] | None,
    ) -> None:
        fields = {field.attname: field for field in model._meta.concrete_fields}
        unknown = [name for name in (*columns, *(fixed or {})) if name not in fields]
        if unknown:
            raise ValueError(f"{model.__name__} has no column {', '.join(unknown)}")
        constants = dict(fixed or {})
        for name, field in fields.items():
            if name in columns or name in constants:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                constants[name] = connection.ops.adapt_datetimefield_value(now)
            elif field.has_default() or not field.null:
                default = field.get_default()  # "" for text without a default
                if default is None:
                    raise ValueError(f"{model.__name__}.{name} needs a value")
                constants[name] = (
                    json.dumps(default)
                    if isinstance(field, models.JSONField)
                    else field.get_db_prep_save(default, connection)
                )
        names = [*columns, *constants]
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        column_list = ", ".join(quote(fields[name].column or name) for name in names)
        self.model = model
        self.tail = tuple(constants.values())
        self.rows: list[tuple[Any, ...]] = []
        self.count = 0
        if connection.vendor == "postgresql":
            self.statement = f"COPY {table} ({column_list}) FROM STDIN"
        else:
            marks = ", ".join("?" for _name in names)
            self.statement = f"INSERT INTO {table} ({column_list}) VALUES ({marks})"  # noqa: S608

    def add(self, *row: Any) -> None:
        self.rows.append(row)

    def flush(self, cursor: Any) -> None:
        """Insert the waiting rows with ``cursor``, the database driver's own cursor."""
        tail = self.tail
        if self.statement.startswith("COPY"):
            with cursor.copy(self.statement) as copy:
                for row in self.rows:
                    copy.write_row(row + tail)
        else:
            cursor.executemany(self.statement, [row + tail for row in self.rows])
        self.count += len(self.rows)
        self.rows.clear()


class Sinks:
    """The sinks of one stage, flushed together in one transaction, parents before children."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.sinks: list[Sink] = []

    def __call__(
        self, model: type[models.Model], columns: tuple[str, ...], fixed: dict[str, Any] | None = None
    ) -> Sink:
        made = Sink(model, columns, now=self.now, fixed=fixed)
        self.sinks.append(made)
        return made

    def flush(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            for sink in self.sinks:
                sink.flush(cursor.cursor)

    def waiting(self) -> int:
        return sum(len(sink.rows) for sink in self.sinks)


def moment_adapter(vendor: str) -> Callable[[datetime | None], Any]:
    """Aware datetimes as the ``vendor``'s driver takes them: as they are on PostgreSQL; on SQLite the naive UTC
    text Django's SQLite backend writes (its own adapter costs more than generating the row)."""
    if vendor == "postgresql":
        return lambda moment: moment

    def as_text(moment: datetime | None) -> str | None:
        if moment is None:
            return None
        return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")

    return as_text


def adapt_uuid(value: Any) -> Any:
    """A UUID as the database stores it: native on PostgreSQL, 32 hex digits on SQLite."""
    return value if connection.features.has_native_uuid_field else value.hex


@contextmanager
def fast_sqlite() -> Iterator[None]:
    """For a bulk load only: no fsync, the rollback journal in memory, a large page cache. Inside a transaction
    (a test's) SQLite refuses to change them: the load runs as it is."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous = OFF")
        cursor.execute("PRAGMA journal_mode = MEMORY")
        cursor.execute("PRAGMA cache_size = -1000000")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA journal_mode = DELETE")


def refresh_planner_statistics() -> None:
    """What autovacuum (PostgreSQL) or a periodic ANALYZE (SQLite) would give a production database."""
    # VACUUM (which sets the visibility map index-only scans rely on) cannot run inside a
    # transaction; inside one - a test, a caller's atomic block - the planner still gets ANALYZE.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
