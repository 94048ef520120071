"""The plan progress report exported as XLSX and as PDF in French and Arabic, opened and read back."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from sanad.audit.models import AuditAction, AuditEvent
from sanad.plans import services
from sanad.plans.export_views import progress_pdf_bytes
from tests.cast import Cast


def _fonts(reader: PdfReader) -> set[str]:
    names: set[str] = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object().get("/BaseFont", "")))
    return names


def test_the_xlsx_export_holds_the_axes_measures_indicators_and_reports(cast: Cast, client: Client) -> None:
    services.approve_report(actor=cast.coordinator, report=cast.report, expected_version=None)
    client.force_login(cast.analyst)
    response = client.get(reverse("plans:export_xlsx", kwargs={"plan_id": cast.plan.pk}))
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Axes", "Measures", "Indicators", "Reports"]
    measures = list(book["Measures"].iter_rows(values_only=True))
    assert measures[0][:4] == ("Axis", "Objective", "Measure", "Title")
    row = measures[1]
    assert row[2:5] == ("1.1.1", "Train labour inspectors", "Org ministry")
    assert row[7:9] == ("On track", 20)
    assert row[10:12] == (1_000_000.0, 150_000.0)
    axes = {r[0]: r for r in book["Axes"].iter_rows(min_row=2, values_only=True)}
    assert axes["Prevention"][1] == 1 and axes["Protection"][1] == 0
    indicators = list(book["Indicators"].iter_rows(min_row=2, values_only=True))
    assert {r[1] for r in indicators} == {"Sessions held", "Victims identified"}
    reports = list(book["Reports"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[3]) for r in reports] == [("1.1.1", "Approved"), ("1.1.1", "Draft")]
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT, actor=cast.analyst, detail__format="xlsx", object_id=str(cast.plan.pk)
    ).exists()


def test_a_text_cell_that_looks_like_a_formula_stays_text(cast: Cast, client: Client) -> None:
    services.update_measure(
        actor=cast.coordinator, measure=cast.measure, expected_version=None, title='=HYPERLINK("x")'
    )
    client.force_login(cast.coordinator)
    response = client.get(reverse("plans:export_xlsx", kwargs={"plan_id": cast.plan.pk}))
    book = load_workbook(BytesIO(response.content))
    cell = book["Measures"]["D2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("x")' and cell.quotePrefix


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["Rapport d'avancement du plan", "Prévention", "Train labour inspectors"]),
        ("en", ["Plan progress report", "Prevention", "Train labour inspectors"]),
    ],
)
def test_the_pdf_opens_and_reads_in_its_language(cast: Cast, language: str, expected: list[str]) -> None:
    reader = PdfReader(BytesIO(progress_pdf_bytes(cast.plan, language=language, exact=True)))
    assert len(reader.pages) >= 2  # the cover, then the figures
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for fragment in expected:
        assert fragment in text, fragment


def test_the_arabic_pdf_is_right_to_left_with_an_arabic_font(cast: Cast) -> None:
    reader = PdfReader(BytesIO(progress_pdf_bytes(cast.plan, language="ar", exact=True)))
    fonts = _fonts(reader)
    assert any("Arabic" in font for font in fonts), fonts
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Train labour" in text  # user content stays as written
    assert any("\u0600" <= char <= "\u06ff" for char in text)  # the Arabic headings are there


def test_the_pdf_download_is_audited_and_an_unknown_language_is_not_found(cast: Cast, client: Client) -> None:
    client.force_login(cast.focal)
    response = client.get(reverse("plans:export_pdf", kwargs={"plan_id": cast.plan.pk, "language": "fr"}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    exports = AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=cast.focal)
    assert exports.filter(detail__language="fr", detail__format="pdf").exists()
    response = client.get(reverse("plans:export_pdf", kwargs={"plan_id": cast.plan.pk, "language": "de"}))
    assert response.status_code == 404
