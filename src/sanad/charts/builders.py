"""The chart shapes Sanad uses. Each takes plain rows (the same rows as the table printed beside it) and
returns an Altair chart; ``sanad.charts.render.svg`` turns it into SVG."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import altair as alt

# Colour per measure status, fixed so that the same status always has the same colour on every chart.
STATUS_COLOURS = {
    "not_started": "#9e9e9e",
    "on_track": "#2e7d32",
    "delayed": "#e65100",
    "done": "#1565c0",
    "cancelled": "#6d4c41",
    "not_reported": "#d7ccc8",
}


def _data(rows: Sequence[dict[str, Any]]) -> alt.Data:
    return alt.Data(values=[dict(row) for row in rows])


def bar_chart(
    rows: Sequence[dict[str, Any]], *, category: str, value: str, category_title: str, value_title: str,
    width: int = 420,
) -> alt.Chart:  # fmt: skip
    """Horizontal bars, one per category, in the order of ``rows``."""
    order = [row[category] for row in rows]
    return (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            y=alt.Y(f"{category}:N", title=category_title, sort=order),
            x=alt.X(f"{value}:Q", title=value_title),
            tooltip=[f"{category}:N", f"{value}:Q"],
        )
        .properties(width=width)
    )


def stacked_shares(
    rows: Sequence[dict[str, Any]], *, category: str, series: str, series_label: str, value: str,
    category_title: str, value_title: str, colours: dict[str, str] | None = None, width: int = 420,
) -> alt.Chart:  # fmt: skip
    """Horizontal bars stacked to 100 %: one bar per category, one segment per series."""
    colours = colours or {}
    present = list(dict.fromkeys(row[series] for row in rows))
    labels = {row[series]: row[series_label] for row in rows}
    scale = (
        alt.Scale(domain=[labels[code] for code in present], range=[colours[code] for code in present])
        if all(code in colours for code in present)
        else alt.Undefined
    )
    return (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            y=alt.Y(
                f"{category}:N", title=category_title, sort=list(dict.fromkeys(r[category] for r in rows))
            ),
            x=alt.X(f"sum({value}):Q", stack="normalize", title=value_title, axis=alt.Axis(format="%")),
            color=alt.Color(f"{series_label}:N", title=None, scale=scale, sort=[labels[c] for c in present]),
            tooltip=[f"{category}:N", f"{series_label}:N", f"{value}:Q"],
        )
        .properties(width=width)
    )


def grouped_bars(
    rows: Sequence[dict[str, Any]], *, category: str, series: str, value: str, category_title: str,
    value_title: str, width: int = 420,
) -> alt.Chart:  # fmt: skip
    """Vertical bars per category, one bar per series side by side (for example planned beside spent)."""
    return (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            x=alt.X(
                f"{category}:N", title=category_title, sort=list(dict.fromkeys(r[category] for r in rows))
            ),
            xOffset=alt.XOffset(f"{series}:N", sort=list(dict.fromkeys(r[series] for r in rows))),
            y=alt.Y(f"{value}:Q", title=value_title),
            color=alt.Color(f"{series}:N", title=None, sort=list(dict.fromkeys(r[series] for r in rows))),
            tooltip=[f"{category}:N", f"{series}:N", f"{value}:Q"],
        )
        .properties(width=width)
    )


def timeline(
    rows: Sequence[dict[str, Any]], *, label: str, start: str, end: str, status: str, status_label: str,
    today: date, width: int = 520,
) -> alt.LayerChart:  # fmt: skip
    """One bar per row from ``start`` to ``end`` (ISO dates), coloured by status, with a rule at today."""
    present = list(dict.fromkeys(row[status] for row in rows))
    labels = {row[status]: row[status_label] for row in rows}
    scale = alt.Scale(
        domain=[labels[code] for code in present],
        range=[STATUS_COLOURS.get(code, "#757575") for code in present],
    )
    bars = (
        alt.Chart(_data(rows))
        .mark_bar(height=10)
        .encode(
            y=alt.Y(f"{label}:N", title=None, sort=[row[label] for row in rows]),
            x=alt.X(f"{start}:T", title=None),
            x2=f"{end}:T",
            color=alt.Color(f"{status_label}:N", title=None, scale=scale),
            tooltip=[f"{label}:N", f"{start}:T", f"{end}:T", f"{status_label}:N"],
        )
    )
    rule = (
        alt.Chart(alt.Data(values=[{"today": today.isoformat()}]))
        .mark_rule(color="#c62828")
        .encode(x="today:T")
    )
    return alt.LayerChart(layer=[bars, rule], width=width)


def placement_steps(
    rows: Sequence[dict[str, Any]], *, year: str, level: str, levels: Sequence[str], year_title: str,
    level_title: str, width: int = 560,
) -> alt.LayerChart:  # fmt: skip
    """A ranking over the years as a step line with a point per year: ``levels`` lists the ranks from the
    top of the axis down (Tier 1 first), so that a move down the chart is a move down the ranking."""
    base = alt.Chart(_data(rows)).encode(
        x=alt.X(f"{year}:O", title=year_title, axis=alt.Axis(labelAngle=-45)),
        y=alt.Y(f"{level}:N", title=level_title, sort=list(levels), scale=alt.Scale(domain=list(levels))),
        tooltip=[f"{year}:O", f"{level}:N"],
    )
    return alt.LayerChart(
        layer=[base.mark_line(interpolate="step", color="#90a4ae"), base.mark_point(filled=True, size=60)],
        width=width,
    )
