"""Rendering a Vega-Lite spec to SVG with vl-convert, in process and without network access."""

from __future__ import annotations

import base64
import json
from functools import lru_cache
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
    return mark_safe(_rendered(json.dumps(themed(spec), sort_keys=True)))  # noqa: S308 - escaped by the renderer


@lru_cache(maxsize=256)
def _rendered(spec_json: str) -> str:
    # Rendering takes 0.1-0.5 s; the same data gives the same spec, so a page reloaded while nothing changed
    # costs nothing. The spec holds only the aggregates the page already shows.
    return str(vl_convert.vegalite_to_svg(json.loads(spec_json)))


def printable(chart: Any) -> SafeString:
    """The chart as a PNG image for PDFs. WeasyPrint draws SVG text glyph by glyph, without joining or
    ordering Arabic letters; vl-convert's PNG renderer shapes them, so Arabic labels read correctly."""
    spec = chart.to_dict() if hasattr(chart, "to_dict") else chart
    encoded = _printed(json.dumps(themed(spec), sort_keys=True))
    return mark_safe(f'<img class="chart" alt="" src="data:image/png;base64,{encoded}">')  # noqa: S308 - base64 only


@lru_cache(maxsize=64)
def _printed(spec_json: str) -> str:
    return base64.b64encode(vl_convert.vegalite_to_png(json.loads(spec_json), scale=2)).decode("ascii")
