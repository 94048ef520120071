"""The tier history of a country as a chart, drawn from the placements printed in the table beside it."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from sanad.charts.builders import placement_steps
from sanad.charts.render import svg
from sanad.tip.messages import tier_label
from sanad.tip.selectors import TIER_ORDER


def history_chart(placements: list[tuple[int, str]]) -> SafeString | None:
    if not placements:
        return None
    rows = [{"year": year, "tier": tier_label(tier)} for year, tier in placements]
    return svg(
        placement_steps(
            rows,
            year="year",
            level="tier",
            levels=[tier_label(str(tier)) for tier in TIER_ORDER],
            year_title=_("Report year"),
            level_title=_("Placement"),
        )
    )
