"""Dashboard charts of the national tables: built from the cells the page shows, never from hidden ones, so
a chart cannot reveal what the table beside it suppresses."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from sanad.charts.builders import bar_chart
from sanad.charts.render import svg
from sanad.statistics.table import CellStatus, ShownTable


def shown_number(shown: ShownTable, row: int, column: int) -> int | None:
    if shown.status[row][column] != CellStatus.SHOWN:
        return None
    try:
        return int(shown.display[row][column])
    except ValueError:
        return None


def column_bars(
    shown: ShownTable, *, column_key: str, row_keys: list[str], value_title: str
) -> SafeString | None:
    """Bars of one column for the rows named, in that order; rows whose cell is hidden are left out."""
    table = shown.source
    column = table.column_index(column_key)
    rows = []
    for key in row_keys:
        index = table.row_index(key)
        value = shown_number(shown, index, column)
        if value is not None:
            rows.append({"label": table.rows[index].label, "value": value})
    if not rows:
        return None
    return svg(
        bar_chart(
            rows, category="label", value="value", category_title=table.row_header, value_title=value_title
        )
    )


def victims_by_form_chart(shown: ShownTable) -> SafeString | None:
    keys = ["all", "form:sexual_exploitation", "form:forced_labour", "form:other", "form:none"]
    return column_bars(shown, column_key="total", row_keys=keys, value_title=_("Detected victims (persons)"))


def justice_chart(shown: ShownTable) -> SafeString | None:
    keys = ["investigated", "prosecuted", "convicted"]
    return column_bars(shown, column_key="total", row_keys=keys, value_title=_("Persons"))


def trend_chart(series: list[tuple[int, str, int | None]]) -> SafeString | None:
    rows = [{"label": str(year), "value": value} for year, _shown, value in series if value is not None]
    if not rows:
        return None
    return svg(
        bar_chart(
            rows, category="label", value="value", category_title=_("Year"), value_title=_("Detected victims")
        )
    )
