"""The shape every national table has, exact or published: what the counting module produces and what
disclosure control, the dashboards, the exports and the annual report consume.

A table knows its additive structure (``sums``: this cell is the sum of those cells) and which cells give
another cell back (``derived``: a rate gives its count back, a change gives both of its counts back). The
disclosure function needs both: hiding a small count is useless if the margin minus the other cells, or the
rate times the population, says what it was.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from sanad.statistics.periods import Period

CellRef = tuple[int, int]  # (row index, column index)
Number = int | Decimal


class ColumnKind:
    COUNT = "count"  # persons, cases, contacts: small values are hidden
    RATE = "rate"  # per 100,000: hidden with the count it is computed from
    SHARE = "share"  # a percentage
    DURATION = "duration"  # days
    CHANGE = "change"  # this period minus the previous one: hidden when either side is
    REFERENCE = "reference"  # a published reference figure (population): never hidden


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = ColumnKind.COUNT


@dataclass
class Row:
    key: str
    label: str
    cells: Sequence[Number | None]  # None: no value (not applicable, or not computable)
    level: int = 0  # indentation: 1 for a sub-form under its form
    kinds: list[str] | None = None  # per-cell kinds when a row differs from its columns (KPI tables)


@dataclass(frozen=True)
class Sum:
    """``total`` equals the sum of ``parts``: a margin an attacker can use."""

    total: CellRef
    parts: tuple[CellRef, ...]


@dataclass(frozen=True)
class Borrowed:
    table: StatTable
    cells: tuple[CellRef, ...]


@dataclass
class StatTable:
    code: str
    title: str
    unit: str  # what one is: "persons", "criminal cases", ... said in every header
    period: Period
    region: str  # "" for the whole country
    row_header: str
    columns: list[Column]
    rows: list[Row]
    sums: list[Sum] = field(default_factory=list)
    derived: Mapping[CellRef, tuple[CellRef, ...]] = field(default_factory=dict)
    # Cells that repeat, or add up, cells of another table published beside this one: hidden whenever one
    # of those is hidden there, so that two tables read together give back nothing either hides.
    borrowed: Mapping[CellRef, Borrowed] = field(default_factory=dict)
    # Disclosure control's result for this table, kept so that a table read by several others is solved once.
    published_cache: dict[tuple[int, int], ShownTable] = field(
        default_factory=dict, repr=False, compare=False
    )
    notes: list[str] = field(default_factory=list)

    def kind_of(self, ref: CellRef) -> str:
        row = self.rows[ref[0]]
        if row.kinds is not None:
            return row.kinds[ref[1]]
        return self.columns[ref[1]].kind

    def value(self, ref: CellRef) -> Number | None:
        return self.rows[ref[0]].cells[ref[1]]

    def cells(self) -> Iterator[tuple[CellRef, Number | None]]:
        for row_index, row in enumerate(self.rows):
            for column_index, value in enumerate(row.cells):
                yield (row_index, column_index), value

    def count_cells(self) -> Iterator[tuple[CellRef, int]]:
        for ref, value in self.cells():
            if self.kind_of(ref) == ColumnKind.COUNT and isinstance(value, int):
                yield ref, value

    def row_index(self, key: str) -> int:
        return next(index for index, row in enumerate(self.rows) if row.key == key)

    def column_index(self, key: str) -> int:
        return next(index for index, column in enumerate(self.columns) if column.key == key)

    def at(self, row_key: str, column_key: str) -> Number | None:
        return self.value((self.row_index(row_key), self.column_index(column_key)))


class CellStatus:
    SHOWN = "shown"
    PRIMARY = "primary"  # a small count: shown as "<k"
    SECONDARY = "secondary"  # hidden so that no primary cell can be recomputed: shown as "x"
    DERIVED = "derived"  # a rate or change whose source is hidden


@dataclass
class ShownTable:
    """A table as it is shown or leaves the system: every cell a string, with its status."""

    source: StatTable
    display: list[list[str]]
    status: list[list[str]]
    published: bool  # True: disclosure control applied; False: the exact internal view
    threshold: int

    @property
    def lines(self) -> list[tuple[Row, list[tuple[str, str, str]]]]:
        """Each row with its cells as (text, status, column key): what a template walks through."""
        keys = [column.key for column in self.source.columns]
        return [
            (row, list(zip(texts, statuses, keys, strict=True)))
            for row, texts, statuses in zip(self.source.rows, self.display, self.status, strict=True)
        ]

    @property
    def hidden_count(self) -> int:
        return sum(1 for row in self.status for status in row if status != CellStatus.SHOWN)
