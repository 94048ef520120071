"""PDFs are rendered offline: embedded chart images are read, any other URL stops the rendering."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from sanad.charts.builders import bar_chart
from sanad.charts.render import printable
from sanad.documents.pdf import render_pdf


def test_an_embedded_chart_renders_and_a_remote_image_stops_the_pdf() -> None:
    chart = printable(
        bar_chart([{"l": "العمل القسري", "v": 5}], category="l", value="v", category_title="", value_title="")
    )
    pdf = render_pdf(f"<html><body><p>Victimes</p><figure>{chart}</figure></body></html>")
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert "Victimes" in page.extract_text()
    assert page.images  # the chart is in the page as an image

    with pytest.raises(BaseException, match="Error fetching"):
        render_pdf('<html><body><img src="http://192.0.2.1/tracker.png"></body></html>')
