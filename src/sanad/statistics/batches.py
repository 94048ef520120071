"""Reading many rows by id: IN lists cut to a size both databases accept."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

ID_CHUNK = 30000  # ids per IN list: below SQLite's 32,766 and PostgreSQL's 65,535 query parameters; fewer
# chunks mean fewer passes over each table


def chunks(ids: Iterable[Any]) -> list[list[Any]]:
    ordered = sorted(ids, key=str)
    return [ordered[index : index + ID_CHUNK] for index in range(0, len(ordered), ID_CHUNK)]
