"""The attack disclosure control must withstand: a reader who takes a published table and its margins and
solves for every hidden cell by linear programming.

The attacker here is written from the published output alone (the displayed strings and the table's
``sums``), independently of the code under test: a published count is known exactly, "<k" means 1 to k-1,
"x" means at least 0, every margin holds. For each hidden count it computes the smallest and the largest
value the table allows; the interval must be at least the protection width (for a "<k" cell: the whole
range 1 to k-1, which is all that "<k" says), and it must contain the true value.
"""

from __future__ import annotations

import math
import random
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from sanad.statistics.disclosure import protection_width, publish_table
from sanad.statistics.periods import calendar_year
from sanad.statistics.table import CellRef, CellStatus, Column, Row, ShownTable, StatTable, Sum

Interval = tuple[float, float]


def attack(shown: ShownTable) -> dict[CellRef, Interval]:
    """Every hidden cell's [min, max] as a reader of the published table can compute it."""
    bounds: dict[CellRef, tuple[float, float | None]] = {}
    for row_index, row in enumerate(shown.display):
        for column_index, text in enumerate(row):
            if text.startswith("<"):
                bounds[(row_index, column_index)] = (1, int(text[1:]) - 1)
            elif text == "x":
                bounds[(row_index, column_index)] = (0, None)
    unknowns = sorted(bounds)
    position = {ref: index for index, ref in enumerate(unknowns)}
    equations, right_side = [], []
    for margin in shown.source.sums:
        equation = np.zeros(len(unknowns))
        constant = 0
        for ref, sign in [(margin.total, 1), *((part, -1) for part in margin.parts)]:
            if ref in position:
                equation[position[ref]] += sign
            else:
                text = shown.display[ref[0]][ref[1]]
                constant += sign * (0 if text == "—" else int(text))
        equations.append(equation)
        right_side.append(-constant)
    intervals = {}
    for ref in unknowns:
        objective = np.zeros(len(unknowns))
        objective[position[ref]] = 1
        problem: dict[str, Any] = {
            "A_eq": np.array(equations) if equations else None,
            "b_eq": np.array(right_side) if equations else None,
            "bounds": [bounds[unknown] for unknown in unknowns],
            "method": "highs",
        }
        lowest = linprog(objective, **problem)
        highest = linprog(-objective, **problem)
        assert lowest.status == 0, lowest.message
        assert highest.status in (0, 3, 4), highest.message  # 3 and 4: no upper bound at all
        intervals[ref] = (lowest.fun, -highest.fun if highest.status == 0 else math.inf)
    return intervals


def fully_hidden(shown: ShownTable) -> ShownTable:
    """The same table with every count hidden: the widest any suppression pattern can make an interval."""
    display = [
        [text if text.startswith("<") or text == "—" else "x" for text in row] for row in shown.display
    ]
    return ShownTable(
        source=shown.source, display=display, status=shown.status, published=True, threshold=shown.threshold
    )


def assert_withstands_the_attack(shown: ShownTable, width: int | None = None) -> None:
    width = protection_width() if width is None else width
    k = shown.threshold
    intervals = attack(shown)
    ceilings: dict[CellRef, Interval] | None = None
    for row_index, row in enumerate(shown.status):
        for column_index, status in enumerate(row):
            ref = (row_index, column_index)
            if status not in (CellStatus.PRIMARY, CellStatus.SECONDARY):
                continue
            lowest, highest = intervals[ref]
            truth = shown.source.value(ref)
            assert truth is not None
            assert lowest - 1e-6 <= truth <= highest + 1e-6, f"{ref}={truth} outside [{lowest}, {highest}]"
            needed: float = min(width, k - 2) if status == CellStatus.PRIMARY else width
            if highest - lowest < needed - 1e-6:
                # Some tables cap a cell whatever is hidden (a "<k" total caps its parts): the cell must
                # then be as wide as it would be with the whole table hidden.
                ceilings = ceilings or attack(fully_hidden(shown))
                needed = min(needed, ceilings[ref][1] - ceilings[ref][0])
            assert highest - lowest >= needed - 1e-6, (
                f"{ref} ({status}, true value {truth}) narrowed to [{lowest}, {highest}]:\n"
                + "\n".join(" ".join(f"{text:>5}" for text in line) for line in shown.display)
            )


def statistics_table(cells: list[list[int]], sums: list[Sum]) -> StatTable:
    return StatTable(
        code="attack",
        title="Persons by row and column",
        unit="persons",
        period=calendar_year(2024),
        region="",
        row_header="Row",
        columns=[Column(f"c{index}", f"Column {index}") for index in range(len(cells[0]))],
        rows=[Row(f"r{index}", f"Row {index}", list(row)) for index, row in enumerate(cells)],
        sums=sums,
    )


def with_margins(inner: list[list[int]]) -> StatTable:
    """Inner counts with a total column, a total row and the grand total."""
    columns = len(inner[0])
    cells = [[*row, sum(row)] for row in inner]
    cells.append([sum(row[column] for row in cells) for column in range(columns + 1)])
    last_row, last_column = len(inner), columns
    sums = [
        Sum((row, last_column), tuple((row, column) for column in range(columns)))
        for row in range(last_row + 1)
    ]
    sums += [
        Sum((last_row, column), tuple((row, column) for row in range(last_row)))
        for column in range(columns + 1)
    ]
    return statistics_table(cells, sums)


def forms_by_citizenship(groups: list[list[list[int]]]) -> StatTable:
    """Rows: all victims, then each form of exploitation followed by its split by citizenship; columns: sex
    and age groups, then the total. The citizenship rows add up to their form, the forms to all victims,
    every row's groups to its total."""
    width = len(groups[0][0])
    rows: list[list[int]] = [[]]
    sums: list[Sum] = []
    heads = []
    for members in groups:
        head = len(rows)
        heads.append(head)
        rows.append([sum(member[column] for member in members) for column in range(width)])
        member_rows = list(range(head + 1, head + 1 + len(members)))
        rows.extend(list(member) for member in members)
        sums += [
            Sum((head, column), tuple((member, column) for member in member_rows)) for column in range(width)
        ]
    rows[0] = [sum(rows[head][column] for head in heads) for column in range(width)]
    sums += [Sum((0, column), tuple((head, column) for head in heads)) for column in range(width)]
    cells = [[*row, sum(row)] for row in rows]
    sums += [Sum((row, width), tuple((row, column) for column in range(width))) for row in range(len(cells))]
    sums += [
        Sum((head, width), tuple((member, width) for member in range(head + 1, head + 1 + len(members))))
        for head, members in zip(heads, groups, strict=True)
    ]
    sums.append(Sum((0, width), tuple((head, width) for head in heads)))
    return statistics_table(cells, sums)


def primary_only(source: StatTable, k: int = 5) -> ShownTable:
    """What a table would look like if small counts were hidden and nothing else."""
    display = [
        [f"<{k}" if isinstance(value, int) and 0 < value < k else str(value) for value in row.cells]
        for row in source.rows
    ]
    status = [
        [CellStatus.PRIMARY if text.startswith("<") else CellStatus.SHOWN for text in row] for row in display
    ]
    return ShownTable(source=source, display=display, status=status, published=True, threshold=k)


MARGIN_TABLE = [[20, 31, 12, 40], [18, 3, 25, 30], [22, 27, 35, 19], [41, 16, 23, 28]]


def test_primary_suppression_alone_gives_the_small_count_back():
    source = with_margins(MARGIN_TABLE)

    intervals = attack(primary_only(source))

    # The row total minus the three shown cells of that row is the hidden count.
    assert intervals[(1, 1)] == pytest.approx((3, 3))


def test_primary_suppression_alone_fails_the_attack_check():
    with pytest.raises(AssertionError, match="narrowed"):
        assert_withstands_the_attack(primary_only(with_margins(MARGIN_TABLE)))


def test_one_small_count_in_a_table_with_margins():
    shown = publish_table(with_margins(MARGIN_TABLE))

    assert shown.display[1][1] == "<5"
    assert_withstands_the_attack(shown)
    # Protection must not be bought by hiding the table: the grand total and whole rows stay published.
    assert shown.status[4][4] == CellStatus.SHOWN
    assert all(status == CellStatus.SHOWN for status in shown.status[0])
    assert shown.hidden_count <= 9


def test_two_small_counts_in_the_same_row():
    inner = [[20, 31, 12, 40], [18, 3, 2, 30], [22, 27, 35, 19], [41, 16, 23, 28]]
    shown = publish_table(with_margins(inner))

    assert shown.display[1][1:3] == ["<5", "<5"]
    assert_withstands_the_attack(shown)
    assert shown.status[4][4] == CellStatus.SHOWN


def test_small_counts_in_a_corner_and_next_to_zeros():
    inner = [[1, 0, 0, 14], [0, 12, 9, 30], [2, 27, 0, 19], [0, 16, 23, 4]]
    shown = publish_table(with_margins(inner))

    assert_withstands_the_attack(shown)


def test_forms_by_citizenship_with_subtotal_rows():
    source = forms_by_citizenship(
        [
            [[14, 22, 3, 0], [6, 9, 0, 1], [2, 0, 0, 0]],  # sexual exploitation: nationals, foreign, unknown
            [[8, 31, 0, 2], [17, 40, 1, 6], [0, 3, 0, 0]],  # forced labour
            [[0, 0, 4, 7], [0, 2, 9, 12]],  # forced begging: nationals, foreign
        ]
    )

    shown = publish_table(source)

    assert_withstands_the_attack(shown)
    assert all(status == CellStatus.SHOWN for status in shown.status[0])  # all victims stay published


def test_one_total_split_two_ways():
    # Persons by sex and, separately, by citizenship: the same row total is the sum of either split, so a
    # small cell in one split can be recovered through the other unless both are protected.
    stages = [
        [12, 30, 35, 4, 3],
        [2, 19, 14, 7, 0],
        [1, 6, 3, 4, 0],
    ]  # female, male; national, foreign, unknown
    cells = [[*row, row[0] + row[1]] for row in stages]
    sums = []
    for index in range(len(cells)):
        sums.append(Sum((index, 5), ((index, 0), (index, 1))))
        sums.append(Sum((index, 5), ((index, 2), (index, 3), (index, 4))))

    shown = publish_table(statistics_table(cells, sums))

    assert_withstands_the_attack(shown)
    # Two "<5" adding up to 42 - 35 = 7 would each be 3 or 4: the nationals go too.
    assert shown.display[0] == ["12", "30", "x", "<5", "<5", "42"]


def test_a_larger_threshold(settings: Any) -> None:
    settings.SANAD_DISCLOSURE_THRESHOLD = 11
    settings.SANAD_DISCLOSURE_PROTECTION_WIDTH = 11
    inner = [[20, 31, 12, 40], [18, 3, 25, 30], [22, 27, 35, 9], [41, 16, 23, 28]]

    shown = publish_table(with_margins(inner))

    assert {shown.display[1][1], shown.display[2][3]} == {"<11"}
    assert_withstands_the_attack(shown, width=11)


def test_a_wider_protection_width_hides_more_cells(settings: Any) -> None:
    narrow = publish_table(with_margins(MARGIN_TABLE))
    settings.SANAD_DISCLOSURE_PROTECTION_WIDTH = 5

    wide = publish_table(with_margins(MARGIN_TABLE))

    assert_withstands_the_attack(narrow, width=3)
    assert_withstands_the_attack(wide, width=5)
    assert narrow.hidden_count < wide.hidden_count


def random_counts(rng: random.Random, rows: int, columns: int) -> list[list[int]]:
    def count() -> int:
        draw = rng.random()
        if draw < 0.1:
            return 0
        if draw < 0.22:
            return rng.randint(1, 4)
        return rng.randint(5, 80)

    return [[count() for _column in range(columns)] for _row in range(rows)]


@pytest.mark.parametrize("seed", range(12))
def test_random_tables_with_margins(seed: int) -> None:
    rng = random.Random(seed)
    source = with_margins(random_counts(rng, rng.randint(3, 12), rng.randint(3, 9)))

    assert_withstands_the_attack(publish_table(source))


@pytest.mark.parametrize("seed", range(8))
def test_random_tables_of_forms_by_citizenship(seed: int) -> None:
    rng = random.Random(1000 + seed)
    width = rng.randint(2, 6)
    groups = [random_counts(rng, rng.randint(1, 4), width) for _group in range(rng.randint(2, 5))]

    assert_withstands_the_attack(publish_table(forms_by_citizenship(groups)))


counts = st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 60))


@hypothesis_settings(max_examples=25, deadline=None, database=None, derandomize=True)
@given(
    st.integers(2, 6).flatmap(
        lambda columns: st.lists(st.lists(counts, min_size=columns, max_size=columns), min_size=2, max_size=6)
    )
)
def test_any_table_with_margins(inner: list[list[int]]) -> None:
    shown = publish_table(with_margins(inner))

    assert_withstands_the_attack(shown)
    for (row_index, column_index), value in with_margins(inner).count_cells():
        if 1 <= value <= 4:
            assert shown.display[row_index][column_index] == "<5"
