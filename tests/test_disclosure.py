"""Disclosure control on whole tables: what a reader of a published table sees, cell by cell."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pytest

from sanad.statistics.disclosure import (
    exact_table,
    format_value,
    protection_width,
    publish_count,
    publish_table,
    shown_count,
    shown_share,
    shown_table,
    threshold,
)
from sanad.statistics.periods import calendar_year
from sanad.statistics.table import CellRef, CellStatus, Column, ColumnKind, Number, Row, StatTable, Sum


def table(
    rows: Sequence[Sequence[Number | None]],
    *,
    kinds: list[str] | None = None,
    sums: list[Sum] | None = None,
    derived: dict[CellRef, tuple[CellRef, ...]] | None = None,
) -> StatTable:
    width = len(rows[0])
    kinds = kinds or [ColumnKind.COUNT] * width
    return StatTable(
        code="test",
        title="Test table",
        unit="persons",
        period=calendar_year(2024),
        region="",
        row_header="Row",
        columns=[Column(f"c{index}", f"Column {index}", kind) for index, kind in enumerate(kinds)],
        rows=[Row(f"r{index}", f"Row {index}", list(cells)) for index, cells in enumerate(rows)],
        sums=sums or [],
        derived=derived or {},
    )


def row_total_table(parts: list[int]) -> StatTable:
    """One row of counts followed by their total."""
    last = len(parts)
    return table([[*parts, sum(parts)]], sums=[Sum((0, last), tuple((0, column) for column in range(last)))])


def test_counts_from_one_to_four_are_shown_as_below_five_and_zero_and_five_are_shown():
    shown = publish_table(table([[0, 1, 2, 3, 4, 5, 6, 120]]))

    assert shown.display == [["0", "<5", "<5", "<5", "<5", "5", "6", "120"]]
    assert shown.status[0][1:5] == [CellStatus.PRIMARY] * 4
    assert shown.status[0][0] == shown.status[0][5] == CellStatus.SHOWN
    assert shown.published
    assert shown.threshold == 5


def test_a_rate_computed_from_a_hidden_count_is_hidden_with_it():
    rate = Decimal("2.54")
    source = table(
        [[3, 118_000, rate], [40, 118_000, Decimal("33.90")]],
        kinds=[ColumnKind.COUNT, ColumnKind.COUNT, ColumnKind.RATE],
        derived={(0, 2): ((0, 0),), (1, 2): ((1, 0),)},
    )

    shown = publish_table(source)

    assert shown.display[0] == ["<5", "118000", "x"]
    assert shown.status[0][2] == CellStatus.DERIVED
    assert shown.display[1] == ["40", "118000", "33.90"]


def test_a_change_is_hidden_when_either_period_is_hidden():
    source = table(
        [[2, 40, 38], [40, 3, -37], [40, 52, 12], [0, 0, 0]],
        kinds=[ColumnKind.COUNT, ColumnKind.COUNT, ColumnKind.CHANGE],
        derived={(row, 2): ((row, 0), (row, 1)) for row in range(4)},
    )

    shown = publish_table(source)

    assert [row[2] for row in shown.display] == ["x", "x", "+12", "0"]
    assert [row[2] for row in shown.status] == [
        CellStatus.DERIVED,
        CellStatus.DERIVED,
        CellStatus.SHOWN,
        CellStatus.SHOWN,
    ]


def test_a_cell_derived_from_a_derived_hidden_cell_is_hidden_too():
    # A change of a rate: the rate is hidden with its count, so the change must be hidden with the rate.
    source = table(
        [[3, Decimal("2.50"), Decimal("4.00"), Decimal("1.50")]],
        kinds=[ColumnKind.COUNT, ColumnKind.RATE, ColumnKind.RATE, ColumnKind.CHANGE],
        derived={(0, 1): ((0, 0),), (0, 3): ((0, 2), (0, 1))},
    )

    assert publish_table(source).display == [["<5", "x", "4.00", "x"]]


def test_a_share_in_an_indicator_table_is_hidden_with_the_counts_it_is_computed_from():
    def indicators(answered: int, accepted: int) -> StatTable:
        source = table([[answered], [accepted], [Decimal(100 * accepted) / answered]])
        source.rows[2].kinds = [ColumnKind.SHARE]
        source.derived = {(2, 0): ((0, 0), (1, 0))}
        return source

    assert publish_table(indicators(40, 3)).display == [["40"], ["<5"], ["x"]]
    assert publish_table(indicators(40, 30)).display == [["40"], ["30"], ["75.0 %"]]


def test_the_exact_view_shows_every_cell():
    source = table(
        [[3, 1, 40, Decimal("12.345"), None], [0, 4, 17, Decimal("0.5"), 2]],
        kinds=[ColumnKind.COUNT, ColumnKind.COUNT, ColumnKind.COUNT, ColumnKind.RATE, ColumnKind.CHANGE],
        derived={(0, 3): ((0, 0),)},
    )

    for shown in (exact_table(source), shown_table(source, exact=True)):
        assert shown.display == [["3", "1", "40", "12.35", "—"], ["0", "4", "17", "0.50", "+2"]]
        assert not shown.published
        assert shown.hidden_count == 0

    assert shown_table(source, exact=False).display[0][:2] == ["<5", "<5"]


def test_the_threshold_comes_from_the_settings(settings: Any) -> None:
    source = table([[3, 7, 10, 11]])
    assert publish_table(source).display == [["<5", "7", "10", "11"]]

    settings.SANAD_DISCLOSURE_THRESHOLD = 11

    assert threshold() == 11
    shown = publish_table(source)
    assert shown.display == [["<11", "<11", "<11", "11"]]
    assert shown.threshold == 11


def test_the_protection_width_has_its_own_setting(settings: Any) -> None:
    settings.SANAD_DISCLOSURE_PROTECTION_WIDTH = 2

    assert threshold() == 5
    assert protection_width() == 2


def test_a_table_without_margins_or_small_counts_is_published_as_it_is():
    source = table(
        [[12, 40, Decimal("3.25"), Decimal("41.7")], [0, 9, Decimal("0.50"), Decimal("100.0")]],
        kinds=[ColumnKind.COUNT, ColumnKind.COUNT, ColumnKind.RATE, ColumnKind.SHARE],
        derived={(0, 2): ((0, 0),), (1, 2): ((1, 0),)},
    )

    shown = publish_table(source)

    assert shown.display == exact_table(source).display
    assert shown.display == [["12", "40", "3.25", "41.7 %"], ["0", "9", "0.50", "100.0 %"]]
    assert shown.hidden_count == 0


def test_a_small_count_next_to_its_row_total_takes_another_cell_with_it():
    shown = publish_table(row_total_table([3, 40, 52, 17]))

    # Alone, the "<5" would be the total minus the shown cells. The smallest other cell goes with it: the
    # attacker learns only that the two add up to 20, so each moves over the whole range of the "<5".
    assert shown.display == [["<5", "40", "52", "x", "112"]]
    assert shown.status[0][3] == CellStatus.SECONDARY


def test_a_wider_protection_width_takes_a_third_cell(settings: Any) -> None:
    settings.SANAD_DISCLOSURE_PROTECTION_WIDTH = 5

    shown = publish_table(row_total_table([3, 40, 52, 17]))

    # With two hidden cells the "x" moves only as far as the "<5" can (4 - 1 = 3 < 5).
    assert shown.display == [["<5", "x", "52", "x", "112"]]


def test_zero_counts_are_shown_and_the_margin_is_not_touched_when_nothing_is_small():
    shown = publish_table(row_total_table([0, 40, 0, 17]))

    assert shown.display == [["0", "40", "0", "17", "57"]]


def test_the_same_table_gives_the_same_pattern_every_time():
    inner = [[12, 3, 40, 25], [31, 18, 2, 44], [7, 29, 33, 1], [50, 16, 21, 38]]
    rows = [[*cells, sum(cells)] for cells in inner]
    rows.append([sum(row[column] for row in rows) for column in range(5)])
    sums = [Sum((row, 4), tuple((row, column) for column in range(4))) for row in range(5)]
    sums += [Sum((4, column), tuple((row, column) for row in range(4))) for column in range(5)]

    source = table(rows, sums=sums)
    first = publish_table(source)
    again = publish_table(source)
    # The order in which the margins are declared does not matter either.
    second = publish_table(table([list(row) for row in rows], sums=list(reversed(sums))))

    assert first.status == again.status == second.status
    assert first.display == second.display
    assert sum(row.count(CellStatus.SECONDARY) for row in first.status) > 0


def test_a_margin_that_does_not_add_up_is_refused():
    source = table([[3, 40, 50]], sums=[Sum((0, 2), ((0, 0), (0, 1)))])

    with pytest.raises(ValueError, match="not the sum"):
        publish_table(source)


def test_a_missing_value_is_shown_as_a_dash_and_never_hidden():
    shown = publish_table(table([[None, 3, 8]]))

    assert shown.display == [["—", "<5", "8"]]
    assert shown.status[0][0] == CellStatus.SHOWN


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (None, ColumnKind.COUNT, "—"),
        (12345, ColumnKind.COUNT, "12345"),
        (0, ColumnKind.COUNT, "0"),
        (Decimal("2.345"), ColumnKind.RATE, "2.35"),
        (Decimal("2"), ColumnKind.RATE, "2.00"),
        (Decimal("41.66"), ColumnKind.SHARE, "41.7 %"),
        (Decimal("12.25"), ColumnKind.DURATION, "12.3"),
        (3, ColumnKind.CHANGE, "+3"),
        (-2, ColumnKind.CHANGE, "-2"),
        (0, ColumnKind.CHANGE, "0"),
        (Decimal("-0.5"), ColumnKind.CHANGE, "-0.5"),
        (Decimal("-0.04"), ColumnKind.CHANGE, "0.0"),
    ],
)
def test_format_value(value: Number | None, kind: str, text: str) -> None:
    assert format_value(value, kind) == text


def test_the_single_figure_functions_are_unchanged():
    assert publish_count(3).display == "<5"
    assert publish_count(3).suppressed
    assert publish_count(0).display == "0"
    assert shown_count(3, exact=True) == "3"
    assert shown_count(3, exact=False) == "<5"
    assert shown_share(3, 10, exact=False) == "<5"
    assert shown_share(30, 60, exact=False) == "50 %"
