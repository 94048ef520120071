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
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import BooleanField, Expression, F
from django.db.models.sql.compiler import SQLCompiler


class Among(Expression):
    """``Among("person_id", ids)``: a condition for ``filter``; combine with ``|`` and ``&`` like ``Q``."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, column: str, ids: Iterable[Any]) -> None:
        super().__init__()
        self.column: Any = F(column)
        self.ids = list(ids)

    def get_source_expressions(self) -> list[Any]:
        return [self.column]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.column,) = exprs

    def as_sql(self, compiler: SQLCompiler, connection: Any) -> tuple[str, Any]:
        column, params = compiler.compile(self.column)
        if not self.ids:
            return "1 = 0", ()
        if connection.vendor == "postgresql":
            return f"{column} = ANY(%s)", (*params, self.ids)
        values = [value.hex if isinstance(value, uuid.UUID) else value for value in self.ids]
        # The column is compiled by Django; the ids travel as a parameter.
        return f"{column} IN (SELECT value FROM json_each(%s))", (*params, json.dumps(values))  # noqa: S608
