"""The plan dashboard's charts, built from the same rows as the tables printed beside them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from sanad.charts import builders, render
from sanad.plans.progress import PlanProgress, budget_rows, status_rows, timeline_rows


def implementation_chart(
    progress: PlanProgress, output: Callable[[Any], SafeString] = render.svg
) -> SafeString:
    return output(
        builders.stacked_shares(
            status_rows(progress.axes),
            category="axis",
            series="status",
            series_label="status_label",
            value="measures",
            category_title=_("Axis"),
            value_title=_("Share of measures"),
            colours=builders.STATUS_COLOURS,
        )
    )


def budget_chart(progress: PlanProgress, output: Callable[[Any], SafeString] = render.svg) -> SafeString:
    rows = budget_rows(progress.axes, planned=_("Planned"), spent=_("Spent"))
    return output(
        builders.grouped_bars(
            rows,
            category="axis",
            series="series",
            value="amount",
            category_title=_("Axis"),
            value_title=_("Amount (%(currency)s)") % {"currency": progress.plan.currency},
        )
    )


def timeline_chart(progress: PlanProgress) -> SafeString | None:
    rows = timeline_rows(progress.measures)
    if not rows:
        return None
    return render.svg(
        builders.timeline(
            rows,
            label="measure",
            start="start",
            end="end",
            status="status",
            status_label="status_label",
            today=progress.today,
        )
    )
