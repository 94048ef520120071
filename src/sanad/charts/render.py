"""Rendering a Vega-Lite spec to SVG with vl-convert, in process and without network access."""

from __future__ import annotations

from typing import Any

import vl_convert
from django.utils.safestring import SafeString, mark_safe

# Arabic labels need a font with Arabic glyphs; the first installed one of these is used.
FONT_FAMILY = "Noto Sans, Noto Sans Arabic, DejaVu Sans, sans-serif"


def themed(spec: dict[str, Any]) -> dict[str, Any]:
    config = spec.setdefault("config", {})
    config.setdefault("font", FONT_FAMILY)
    config.setdefault("view", {"stroke": None})
    config.setdefault("axis", {"labelFontSize": 11, "titleFontSize": 12})
    config.setdefault("legend", {"labelFontSize": 11, "titleFontSize": 12})
    return spec


def svg(chart: Any) -> SafeString:
    """The chart as an SVG document fragment, safe to place in a page: vl-convert escapes every label and
    the output holds no script."""
    spec = chart.to_dict() if hasattr(chart, "to_dict") else chart
    rendered = vl_convert.vegalite_to_svg(themed(spec))
    return mark_safe(rendered)  # noqa: S308 - generated SVG, labels escaped by the renderer
