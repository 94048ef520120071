"""A column among a set of ids, sent to the database as one parameter.

The counting reads follow a few thousand to a hundred thousand ids from one table to the next (candidates,
their records, their cases). Django's ``__in`` with a list writes one placeholder per id: at a million
cases, compiling and parsing those statements cost more than the reads. A subquery instead hides the size
of the set from PostgreSQL's planner, which then guesses tens of thousands of rows, hashes and scans whole
tables. One array parameter gives both: a short statement and a planner that knows how many ids it is
looking for (PostgreSQL ``= ANY(array)``; SQLite reads the ids from a JSON array with ``json_each``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import CharField, F, Func, Lookup
from django.db.models.sql.compiler import SQLCompiler


class Among(Lookup):
    """``Among("person_id", ids)``: a condition for ``filter``; combine with ``|`` and ``&`` like ``Q``.
    The ids are UUIDs, or their text as ``Key`` reads it.

    A lookup rather than a plain boolean expression: Django compares a plain one with ``= true`` in the WHERE
    clause of a database without a boolean type, and SQLite then scans the whole table instead of searching
    its index for each id."""

    prepare_rhs = False

    def __init__(self, column: str, ids: Iterable[Any]) -> None:
        super().__init__(F(column), list(ids))

    def as_sql(self, compiler: SQLCompiler, connection: Any) -> tuple[str, Any]:
        column, params = compiler.compile(self.lhs)
        if not self.rhs:
            return "1 = 0", ()
        if connection.vendor == "postgresql":
            if _holds_uuids(self.lhs.output_field):
                # One text literal: psycopg quotes a list element by element, which took 4 of the 50 s of
                # the national table set at a million cases under the profiler.
                literal = "{" + ",".join(map(str, self.rhs)) + "}"
                return f"{column} = ANY(%s::uuid[])", (*params, literal)
            return f"{column} = ANY(%s)", (*params, self.rhs)
        values = [value.hex if isinstance(value, uuid.UUID) else value for value in self.rhs]
        # The column is compiled by Django; the ids travel as a parameter.
        return f"{column} IN (SELECT value FROM json_each(%s))", (*params, json.dumps(values))  # noqa: S608


def _holds_uuids(field: Any) -> bool:
    """Whether the column holds UUIDs: a UUID field, or a foreign key to one."""
    target = getattr(field, "target_field", field)
    return bool(target.get_internal_type() == "UUIDField")


class Key(Func):
    """``Key("case_id")`` in ``values_list``: an id read to be compared and followed, never shown, as the
    text of the UUID. Building a UUID object per row, and hashing it in Python for every lookup, cost a
    fifth of the justice figures over 200,000 criminal cases on SQLite and a tenth of the victims counting at
    a million cases on PostgreSQL; a string hashes in C. ``Among`` takes the ids in this form. Within one
    database the text is always the same (SQLite's stored hex, PostgreSQL's canonical form): compare keys
    with keys, never with UUIDs read otherwise."""

    template = "%(expressions)s"
    output_field = CharField()

    def __init__(self, column: str | Any) -> None:
        super().__init__(F(column) if isinstance(column, str) else column)

    def as_postgresql(self, compiler: SQLCompiler, connection: Any, **extra: Any) -> tuple[str, Any]:
        return self.as_sql(compiler, connection, template="(%(expressions)s)::text", **extra)
