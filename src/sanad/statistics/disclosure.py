"""Disclosure control: the one place where small counts are hidden before anything is shown or leaves.

Single figures go through ``publish_count``: counts from 1 to k-1 are shown as "<k". Whole tables go through
``publish_table``, which adds what a table needs on top of that:

* primary suppression: a count from 1 to k-1 is shown as "<k";
* secondary suppression: further counts are shown as "x" until no hidden count can be narrowed down by an
  attacker who solves the table's margins as a linear programme (every published count exactly, every
  ``Sum`` of the table, "<k" meaning 1 to k-1, "x" meaning at least 0). Each hidden count's interval must
  be at least the protection width wide (a "<k" cell: its whole range 1 to k-1 when the width is k-2 or
  more, as "<k" says no more than that), unless no pattern could do better: a "<k" total, for one, caps
  its parts however much else is hidden;
* derived cells: a rate, share or change computed from a hidden cell is hidden as well, since it would give
  its source back.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from django.conf import settings
from scipy.optimize import linprog

from sanad.statistics.table import CellRef, CellStatus, ColumnKind, Number, ShownTable, StatTable

DEFAULT_THRESHOLD = 5
NO_VALUE = "—"
HIDDEN = "x"

# The attacker's bounds come from floating-point solutions of integer problems.
_TOLERANCE = 1e-6


@dataclass(frozen=True)
class PublishedCount:
    value: int | None
    display: str

    @property
    def suppressed(self) -> bool:
        return self.value is None


def publish_count(count: int, *, threshold: int = DEFAULT_THRESHOLD) -> PublishedCount:
    if 0 < count < threshold:
        return PublishedCount(value=None, display=f"<{threshold}")
    return PublishedCount(value=count, display=str(count))


def shown_count(count: int, *, exact: bool, threshold: int = DEFAULT_THRESHOLD) -> str:
    """A count as a page shows it: exact for the roles that hold the right, else after suppression."""
    return str(count) if exact else publish_count(count, threshold=threshold).display


def shown_share(numerator: int, denominator: int, *, exact: bool, threshold: int = DEFAULT_THRESHOLD) -> str:
    """A percentage; after disclosure control it is hidden when either part or its complement is a small
    count, because the share and a published total would give the hidden count back."""
    if not denominator:
        return "—"
    if not exact and any(0 < part < threshold for part in (numerator, denominator - numerator, denominator)):
        return f"<{threshold}"
    return f"{round(100 * numerator / denominator)} %"


def _threshold_setting() -> int:
    return int(getattr(settings, "SANAD_DISCLOSURE_THRESHOLD", DEFAULT_THRESHOLD))


# ``publish_table`` takes a ``threshold`` argument, which hides the public function inside it.
def threshold() -> int:
    """k: counts from 1 to k-1 are never published."""
    return _threshold_setting()


def _width_setting(k: int) -> int:
    # "<k" already says 1 to k-1: a width of k-2 means the margins may not narrow that down.
    return int(getattr(settings, "SANAD_DISCLOSURE_PROTECTION_WIDTH", k - 2))


def protection_width() -> int:
    """The narrowest interval (max - min) an attacker may be able to compute for a hidden count."""
    return _width_setting(_threshold_setting())


def _fixed(value: Number, places: int) -> str:
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    # Rounding a small negative value must not print "-0.0".
    return str(abs(rounded) if rounded == 0 else rounded)


def format_value(value: Number | None, kind: str) -> str:
    """One cell as every table shows it, exact or published: the column's kind sets the decimals, whether
    the value is an int or a Decimal."""
    if value is None:
        return NO_VALUE
    if kind == ColumnKind.CHANGE:
        text = str(value) if isinstance(value, int) else _fixed(value, 1)
        return f"+{text}" if value > 0 else text
    if kind == ColumnKind.RATE:
        return _fixed(value, 2)
    if kind == ColumnKind.SHARE:
        return f"{_fixed(value, 1)} %"
    if kind == ColumnKind.DURATION:
        return _fixed(value, 1)
    return str(value)


def exact_table(table: StatTable) -> ShownTable:
    """The internal view for the roles that may see exact figures: nothing hidden."""
    display = [
        [
            format_value(value, table.kind_of((row_index, column_index)))
            for column_index, value in enumerate(row.cells)
        ]
        for row_index, row in enumerate(table.rows)
    ]
    status = [[CellStatus.SHOWN] * len(row.cells) for row in table.rows]
    return ShownTable(source=table, display=display, status=status, published=False, threshold=threshold())


def shown_table(table: StatTable, *, exact: bool) -> ShownTable:
    return exact_table(table) if exact else publish_table(table)


def publish_table(table: StatTable, *, threshold: int | None = None, width: int | None = None) -> ShownTable:
    """The table as it may leave the system: every table passes here before it is shown to a reader without
    the right to exact figures, exported or printed.

    ``width`` is the narrowest interval an attacker may compute for a hidden count. A "<k" cell cannot be
    wider than its own range 1 to k-1, so for those the rule is that the attacker learns nothing beyond
    "<k" (the full range) when ``width`` is k-2 or more.
    """
    k = _threshold_setting() if threshold is None else threshold
    required = _width_setting(k) if width is None else width
    if (k, required) not in table.published_cache:
        table.published_cache[(k, required)] = _published(table, k=k, required=required)
    return table.published_cache[(k, required)]


def _published(table: StatTable, *, k: int, required: int) -> ShownTable:
    pattern = _Pattern(table, k=k, width=required)
    pattern.run()
    status = [[CellStatus.SHOWN] * len(row.cells) for row in table.rows]
    for (row_index, column_index), cell_status in pattern.hidden.items():
        status[row_index][column_index] = cell_status
    _hide_borrowed(table, status)
    _hide_derived(table, status)
    display = []
    for row_index, row in enumerate(table.rows):
        shown_row = []
        for column_index, value in enumerate(row.cells):
            cell_status = status[row_index][column_index]
            if cell_status == CellStatus.PRIMARY:
                shown_row.append(f"<{k}")
            elif cell_status == CellStatus.SHOWN:
                shown_row.append(format_value(value, table.kind_of((row_index, column_index))))
            else:
                shown_row.append(HIDDEN)
        display.append(shown_row)
    return ShownTable(source=table, display=display, status=status, published=True, threshold=k)


def _hide_borrowed(table: StatTable, status: list[list[str]]) -> None:
    """A cell that repeats or adds up cells of another published table is hidden when any of them is
    hidden there. Each other table is published once, with its own pattern."""
    published: dict[int, ShownTable] = {}
    for (row_index, column_index), borrowed in table.borrowed.items():
        if status[row_index][column_index] != CellStatus.SHOWN:
            continue
        key = id(borrowed.table)
        if key not in published:
            published[key] = publish_table(borrowed.table)
        other = published[key].status
        if any(other[row][column] != CellStatus.SHOWN for row, column in borrowed.cells):
            status[row_index][column_index] = CellStatus.DERIVED


def _hide_derived(table: StatTable, status: list[list[str]]) -> None:
    # A derived cell may itself be the source of another (the change of a rate): repeat until nothing moves.
    changed = True
    while changed:
        changed = False
        for (row_index, column_index), sources in table.derived.items():
            if status[row_index][column_index] != CellStatus.SHOWN:
                continue
            if table.value((row_index, column_index)) is None:
                continue
            if any(status[source[0]][source[1]] != CellStatus.SHOWN for source in sources):
                status[row_index][column_index] = CellStatus.DERIVED
                changed = True


def _count_value(table: StatTable, ref: CellRef) -> int | None:
    """The integer a count cell stands for in a margin; None when it is not one."""
    value = table.value(ref)
    if value is None:
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return None


Relation = tuple[tuple[CellRef, int], ...]  # (cell, +1 for the total, -1 for a part): the terms add to 0


def _relations(table: StatTable) -> list[Relation]:
    """The table's margins over counts, as equations an attacker can use."""
    relations: list[Relation] = []
    for margin in table.sums:
        cells = (margin.total, *margin.parts)
        # Rates, shares and changes are protected through ``derived``; only counts are hidden by margins.
        if any(table.kind_of(ref) != ColumnKind.COUNT for ref in cells):
            continue
        coefficients: dict[CellRef, int] = defaultdict(int)
        coefficients[margin.total] += 1
        for part in margin.parts:
            coefficients[part] -= 1
        terms = tuple(sorted((ref, coefficient) for ref, coefficient in coefficients.items() if coefficient))
        values = [_count_value(table, ref) for ref, _coefficient in terms]
        if not terms or any(value is None for value in values):
            continue
        balance = sum(
            coefficient * (value or 0) for (_ref, coefficient), value in zip(terms, values, strict=True)
        )
        if balance:
            if any(table.value(ref) is None for ref, _coefficient in terms):
                # A missing value stands for an unknown amount here: the margin tells an attacker nothing.
                continue
            raise ValueError(
                f"Table {table.code}: cell {margin.total} is not the sum of {margin.parts}; "
                "a margin that does not add up cannot be protected."
            )
        relations.append(terms)
    return relations


@dataclass
class _Program:
    """The attacker's linear programme for one suppression pattern: one variable per hidden count."""

    cells: list[CellRef]
    position: dict[CellRef, int]
    equations: np.ndarray | None
    right_side: np.ndarray | None
    bounds: np.ndarray


class _Pattern:
    """Primary suppression, then secondary suppression until every hidden count is protected.

    Greedy, one cell at a time. First, while some hidden cell is the only hidden one in a margin (the
    margin gives it back exactly), hide one more cell of such a margin. Then solve the attacker's programme
    for the hidden cells in reading order; at the first one that is too narrow, hide one more cell of its
    margins, and start again. Which cell: see ``_cost``. A cell is protected when its interval is at least
    the required width, or as wide as it would be with the whole table hidden.
    """

    def __init__(self, table: StatTable, *, k: int, width: int) -> None:
        self.k = k
        self.width = width
        self.values: dict[CellRef, int] = {
            ref: value
            for ref, value in table.count_cells()
            if not isinstance(value, bool) and value >= 0  # a negative count is no count: never hidden
        }
        self.relations = _relations(table)
        self.known = {
            ref: _count_value(table, ref) or 0 for terms in self.relations for ref, _coefficient in terms
        }
        self.relations_of: dict[CellRef, list[int]] = defaultdict(list)
        for index, terms in enumerate(self.relations):
            for ref, _coefficient in terms:
                self.relations_of[ref].append(index)
        self.level = self._levels()
        self.hidden: dict[CellRef, str] = {
            ref: CellStatus.PRIMARY for ref in sorted(self.values) if self._small(ref)
        }
        self.hidden_in = [
            sum(1 for ref, _coefficient in terms if ref in self.hidden) for terms in self.relations
        ]
        # Componentwise range over the feasible points found so far (the true table is one of them).
        self.lowest: dict[CellRef, float] = {ref: float(self.values[ref]) for ref in self.hidden}
        self.highest: dict[CellRef, float] = dict(self.lowest)
        self.protected: set[CellRef] = set()
        self.narrow: set[CellRef] = set()  # found too narrow, and nothing tied to them hidden since
        self.hopeless: set[CellRef] = set()  # too narrow with nothing left to hide around them
        # The same for the table with every count hidden, computed only if some cell stays too narrow.
        self.everything: _Program | None = None
        self.ceiling_lowest: dict[CellRef, float] = {}
        self.ceiling_highest: dict[CellRef, float] = {}

    def _levels(self) -> dict[CellRef, int]:
        """How many margins deep each cell adds up: 0 for an inner cell, 1 for a subtotal, 2 for the total of
        subtotals... The deeper, the more a reader loses when it is hidden."""
        level: dict[CellRef, int] = defaultdict(int)
        # As many passes as margins at most, so that a circular declaration cannot loop for ever.
        for _pass in self.relations:
            changed = False
            for terms in self.relations:
                below = 1 + max((level[ref] for ref, coefficient in terms if coefficient < 0), default=0)
                for ref, coefficient in terms:
                    if coefficient > 0 and level[ref] < below:
                        level[ref] = below
                        changed = True
            if not changed:
                break
        return level

    def run(self) -> None:
        # Hiding one more cell turns a known constant into a variable: every attacker interval can only
        # widen, so a protected cell stays protected and is never looked at again.
        while True:
            exposed = [
                ref
                for ref in sorted(self.hidden)
                if ref not in self.hopeless and self._required(ref) > _TOLERANCE and self._exposing(ref)
            ]
            if exposed:
                # A cell alone in a margin is given back exactly: no programme needed to see that.
                candidates = self._open_cells(index for ref in exposed for index in self._exposing(ref))
                if candidates:
                    self._hide(min(candidates, key=self._cost))
                else:
                    self.hopeless.update(exposed)
                continue
            target = self._first_narrow()
            if target is None:
                return
            cell = self._next_cell(target)
            if cell is None:
                self.hopeless.add(target)
            else:
                self._hide(cell)

    def _hide(self, cell: CellRef) -> None:
        self.hidden[cell] = CellStatus.SECONDARY
        self.lowest[cell] = self.highest[cell] = float(self.values[cell])
        for index in self.relations_of[cell]:
            self.hidden_in[index] += 1
        self.narrow -= self._component({cell})

    def _component(self, start: set[CellRef]) -> set[CellRef]:
        """The hidden cells tied to ``start`` through margins: the only ones whose intervals can move."""
        seen = set(start)
        queue = list(start)
        while queue:
            ref = queue.pop()
            for index in self.relations_of[ref]:
                for other, _coefficient in self.relations[index]:
                    if other in self.hidden and other not in seen:
                        seen.add(other)
                        queue.append(other)
        return seen

    def _first_narrow(self) -> CellRef | None:
        """The first hidden cell, in reading order, an attacker can narrow down too far."""
        program: _Program | None = None
        for ref in sorted(self.hidden):
            if ref in self.protected or ref in self.hopeless:
                continue
            if ref in self.narrow:
                return ref
            if program is None:
                program = self._program(set(self.hidden))
            if self._is_protected(ref, program):
                self.protected.add(ref)
            else:
                self.narrow.add(ref)
                return ref
        return None

    def _required(self, ref: CellRef) -> float:
        if self.hidden[ref] == CellStatus.PRIMARY:
            return float(min(self.width, self.k - 2))
        return float(self.width)

    def _exposing(self, ref: CellRef) -> list[int]:
        """The margins in which ``ref`` is the only hidden cell: each gives it back exactly."""
        return [index for index in self.relations_of[ref] if self.hidden_in[index] == 1]

    def _is_protected(self, ref: CellRef, program: _Program) -> bool:
        need = self._required(ref) - _TOLERANCE
        if need <= 0:
            return True
        if self._exposing(ref):
            return False
        if not self.relations_of[ref]:
            return True  # in no margin: only its own range bounds it, and the requirement allows for that
        for maximise in (True, False):
            if self.highest[ref] - self.lowest[ref] >= need:
                return True
            value, point = self._solve(program, ref, maximise=maximise)
            if value is not None:
                self._widen(program, ref, (value, point), (self.lowest, self.highest))
        width = self.highest[ref] - self.lowest[ref]
        return width >= need or self._within_ceiling(ref, width)

    def _within_ceiling(self, ref: CellRef, width: float) -> bool:
        """Whether ``width`` is as wide as ``ref`` could be if every count of the table were hidden: no
        pattern does better. A "<k" total caps its parts, for one, however much else is hidden."""
        if self.everything is None:
            self.everything = self._program(set(self.values))
            # Every table the pattern allows is one the fully hidden table allows.
            self.ceiling_lowest = {
                ref: self.lowest.get(ref, float(value)) for ref, value in self.values.items()
            }
            self.ceiling_highest = {
                ref: self.highest.get(ref, float(value)) for ref, value in self.values.items()
            }
        for maximise in (True, False):
            if self.ceiling_highest[ref] - self.ceiling_lowest[ref] > width + _TOLERANCE:
                return False
            value, point = self._solve(self.everything, ref, maximise=maximise)
            if value is None:
                return False
            self._widen(self.everything, ref, (value, point), (self.ceiling_lowest, self.ceiling_highest))
        return self.ceiling_highest[ref] - self.ceiling_lowest[ref] <= width + _TOLERANCE

    @staticmethod
    def _widen(
        program: _Program,
        ref: CellRef,
        bound: tuple[float, np.ndarray | None],
        ranges: tuple[dict[CellRef, float], dict[CellRef, float]],
    ) -> None:
        """Records a table the attacker cannot rule out: each cell can take at least its value there."""
        value, point = bound
        lowest, highest = ranges
        if value == math.inf:
            highest[ref] = math.inf
        if point is not None:
            for cell, coordinate in zip(program.cells, point, strict=True):
                lowest[cell] = min(lowest[cell], coordinate)
                highest[cell] = max(highest[cell], coordinate)

    def _program(self, hidden: set[CellRef]) -> _Program:
        cells = sorted(hidden)
        position = {ref: index for index, ref in enumerate(cells)}
        rows: list[int] = []
        columns: list[int] = []
        entries: list[float] = []
        right_side: list[float] = []
        for terms in self.relations:
            if not any(ref in position for ref, _coefficient in terms):
                continue
            constant = 0
            for ref, coefficient in terms:
                if ref in position:
                    rows.append(len(right_side))
                    columns.append(position[ref])
                    entries.append(float(coefficient))
                else:
                    constant += coefficient * self.known[ref]
            right_side.append(float(-constant))
        # Every small count is hidden as "<k" from the start, so the small ones are exactly the "<k" cells.
        bounds = np.array([(1.0, self.k - 1.0) if self._small(ref) else (0.0, np.inf) for ref in cells])
        if not right_side:
            return _Program(cells, position, None, None, bounds)
        # Dense: a few dozen margins by a few dozen hidden cells, and linprog spends longer converting a
        # sparse matrix than solving the programme.
        equations = np.zeros((len(right_side), len(cells)))
        equations[rows, columns] = entries
        return _Program(cells, position, equations, np.array(right_side), bounds)

    def _small(self, ref: CellRef) -> bool:
        return 1 <= self.values[ref] <= self.k - 1

    @staticmethod
    def _solve(program: _Program, ref: CellRef, *, maximise: bool) -> tuple[float | None, np.ndarray | None]:
        """The attacker's bound on ``ref`` and the table that reaches it; None where the solver gave up."""
        objective = np.zeros(len(program.cells))
        objective[program.position[ref]] = -1.0 if maximise else 1.0
        result = linprog(
            objective, A_eq=program.equations, b_eq=program.right_side, bounds=program.bounds, method="highs"
        )
        # The true table is a feasible point, so "unbounded or infeasible" (4) can only mean unbounded.
        if maximise and result.status in (3, 4):
            return math.inf, None
        if result.status != 0:
            # No knowledge: the cell counts as narrow, which errs on the side of hiding more.
            return None, None
        value = float(result.x[program.position[ref]])
        return value, result.x

    def _next_cell(self, target: CellRef) -> CellRef | None:
        candidates = self._open_cells(self.relations_of[target])
        if not candidates:
            linked = self._component({target})
            candidates = self._open_cells(index for ref in linked for index in self.relations_of[ref])
        if not candidates:
            return None
        return min(candidates, key=self._cost)

    def _open_cells(self, margins: Iterable[int]) -> set[CellRef]:
        return {
            ref
            for index in margins
            for ref, _coefficient in self.relations[index]
            if ref in self.values and ref not in self.hidden
        }

    def _cost(self, ref: CellRef) -> tuple[bool, int, int, int, CellRef]:
        """Which cell to hide next: a zero only helps one way; a total is worth more to a reader than its
        parts; a cell that would be the only hidden one in another margin is given back at once by it; then
        the smallest value, then the first in reading order."""
        value = self.values[ref]
        exposed = sum(1 for index in self.relations_of[ref] if not self.hidden_in[index])
        return (value == 0, self.level[ref], exposed, value, ref)
