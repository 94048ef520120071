"""The register import as the prosecution office's officer uses it: check, import, read the errors."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sanad.justice.models import CriminalCase
from tests.cast import Cast
from tests.test_justice_import import GOOD, csv_bytes, stored

pytestmark = pytest.mark.django_db


def _upload(client: Client, content: bytes, button: str) -> tuple[str, int]:
    response = client.post(
        reverse("justice:import"), {"register": SimpleUploadedFile("registre.csv", content), button: ""}
    )
    return response.content.decode(), response.status_code


def test_check_then_import_from_the_page(cast: Cast, client: Client) -> None:
    client.force_login(cast.prosecutor)
    before = stored()
    page, status = _upload(client, csv_bytes(GOOD), "check")
    assert status == 200 and "Check passed: nothing stored yet" in page
    assert stored() == before
    page, status = _upload(client, csv_bytes(GOOD), "import")
    assert status == 200 and "Imported" in page
    assert stored() != before
    assert CriminalCase.objects.filter(prosecution_office=cast.organisations["prosecution"]).count() > 1


def test_the_page_lists_each_rejected_row_and_stores_nothing(cast: Cast, client: Client) -> None:
    client.force_login(cast.prosecutor)
    bad = [dict(GOOD[0], article="PC-999"), *GOOD[1:]]
    before = stored()
    page, status = _upload(client, csv_bytes(bad), "import")
    assert status == 400
    assert "Nothing was stored" in page and "PC-999" in page and "Row 2" in page
    assert stored() == before


def test_the_template_has_the_expected_header(cast: Cast, client: Client) -> None:
    client.force_login(cast.prosecutor)
    response = client.get(reverse("justice:import_template"))
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("case_reference;investigating_unit;region;opened_on")
