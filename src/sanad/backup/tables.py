"""The database as a backup sees it: every table of a concrete model, read and written with raw values.

Raw means as stored: encrypted identity stays ciphertext, and no model code (``save``, field conversion,
signals) runs on the way in or out. Tables come in dependency order (a table after those it points to);
foreign keys are checked at commit anyway (Django creates them deferrable), so a cycle does no harm.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models

from sanad.crypto.fields import EncryptedTextField

# Tables that ``migrate`` itself fills (content types and permissions after every migration, and the data
# migrations' catalogues): rows there do not make an instance "not empty". A restore replaces them with the
# backup's. tests/test_backup.py checks that a freshly migrated database holds rows in no other table.
SEEDED_BY_MIGRATE = frozenset(
    {
        "django_content_type",
        "auth_permission",
        "accounts_role",
        "identification_identificationguide",
        "justice_offencearticle",
        "tip_tierplacement",
        "tip_waiver",
    }
)
FETCH_ROWS = 2000
MAX_ROWS_PER_INSERT = 500
ROWS_PER_COPY = 5000
MAX_PARAMETERS = 32_000


@dataclass(frozen=True)
class Table:
    name: str
    model: type[models.Model]
    pk_column: str
    encrypted_columns: frozenset[str]

    @property
    def label(self) -> str:
        return self.model._meta.label


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def _concrete_models() -> dict[str, type[models.Model]]:
    found: dict[str, type[models.Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped:
            continue
        found.setdefault(meta.db_table, model)
    return found


def _dependency_order(by_table: dict[str, type[models.Model]]) -> list[str]:
    """Tables sorted so that each comes after the tables its foreign keys point to (cycles broken by name)."""
    needs: dict[str, set[str]] = {}
    for table, model in by_table.items():
        targets = {
            field.related_model._meta.db_table
            for field in model._meta.concrete_fields
            if field.is_relation
            and field.related_model is not None
            and not isinstance(field.related_model, str)
        }
        needs[table] = {target for target in targets if target in by_table and target != table}
    ordered: list[str] = []
    remaining = dict(needs)
    while remaining:
        ready = sorted(table for table, deps in remaining.items() if not deps - set(ordered))
        if not ready:  # a cycle: take the first by name, its constraints are checked at commit
            ready = [min(remaining)]
        for table in ready:
            ordered.append(table)
            del remaining[table]
    return ordered


def backup_tables() -> list[Table]:
    """The tables of every concrete model that exist in the database, in dependency order."""
    by_table = _concrete_models()
    existing = set(connection.introspection.table_names())
    tables = []
    for name in _dependency_order(by_table):
        if name not in existing:
            continue
        model = by_table[name]
        encrypted = frozenset(
            str(field.column)
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField)
        )
        tables.append(Table(name, model, str(model._meta.pk.column), encrypted))
    return tables


def table_columns(table: str) -> list[str]:
    """The columns of ``table`` as the database has them (not as the model says)."""
    with connection.cursor() as cursor:
        return [column.name for column in connection.introspection.get_table_description(cursor, table)]


def count_rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {_quoted(table)}")  # noqa: S608 - names from the models
        (count,) = cursor.fetchone()
    return int(count)


def read_rows(table: Table, columns: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    """Every row of ``table``, raw, ordered by primary key, fetched in batches."""
    if connection.vendor == "sqlite":
        # Django asks SQLite to convert columns declared bool, date or datetime into Python objects. "+x"
        # is the same value without its declared type, so SQLite gives the stored value itself.
        selected = ", ".join(f"+{_quoted(column)}" for column in columns)
    else:
        selected = ", ".join(_quoted(column) for column in columns)
    query = f"SELECT {selected} FROM {_quoted(table.name)} ORDER BY {_quoted(table.pk_column)}"  # noqa: S608
    with connection.chunked_cursor() as cursor:
        cursor.execute(query)
        while batch := cursor.fetchmany(FETCH_ROWS):
            yield from batch


def rows_per_insert(column_count: int) -> int:
    if connection.vendor == "postgresql":
        return ROWS_PER_COPY
    limit = connection.features.max_query_params or MAX_PARAMETERS
    return max(1, min(MAX_ROWS_PER_INSERT, min(limit, MAX_PARAMETERS) // max(1, column_count)))


def insert_rows(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    if not rows:
        return
    names = ", ".join(_quoted(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: the server takes the rows in bulk, and psycopg need not parse a query of thousands of
            # placeholders for each batch (five times slower on the benchmark).
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {_quoted(table)} ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
        query = f"INSERT INTO {_quoted(table)} ({names}) VALUES " + ", ".join([placeholders] * len(rows))  # noqa: S608
        cursor.execute(query, [value for row in rows for value in row])


def delete_rows(tables: Sequence[str]) -> None:
    """Empty ``tables``, dependents first (constraints are checked at commit in any case)."""
    with connection.cursor() as cursor:
        for table in reversed(tables):
            cursor.execute(f"DELETE FROM {_quoted(table)}")  # noqa: S608 - names from the models


def reset_sequences(tables: Sequence[Table]) -> None:
    """Set each sequence past the highest key restored (PostgreSQL; SQLite's AUTOINCREMENT follows alone)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [table.model for table in tables])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def tables_holding_data(tables: Sequence[Table]) -> dict[str, int]:
    """Row counts of the tables that hold rows not put there by ``migrate``."""
    counts = {table.name: count_rows(table.name) for table in tables if table.name not in SEEDED_BY_MIGRATE}
    return {name: count for name, count in counts.items() if count}
