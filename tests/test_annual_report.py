"""The annual national report: the PDF in French and Arabic read back, the narrative editor, the command."""

from __future__ import annotations

import itertools
import re
import unicodedata
from datetime import date
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from sanad.audit.models import AuditAction, AuditEvent
from sanad.cases.models import Case
from sanad.concurrency import StaleEditError
from sanad.identification.models import StatusDecision
from sanad.people.models import BirthDatePrecision, Person
from sanad.reports import services
from sanad.reports.models import NarrativeSection, Section
from sanad.reports.pdf import annual_report_html, annual_report_pdf
from sanad.statistics.disclosure import publish_table
from sanad.statistics.periods import calendar_year
from sanad.statistics.tables import compute_table
from tests.cast import Cast
from tests.pdf_reading import pdf_text

YEAR = 2024
INTRODUCTION_AR = "قدمت اللجنة الوطنية حصيلة سنة مليئة بالتحديات"
PROSECUTION_FR = "Les parquets ont ouvert davantage de poursuites contre les réseaux de traite."
_references = itertools.count(1)


def _victim(owner: Any, authority: Any, *, sex: str, born: date, form: str) -> None:
    person = Person.objects.create(
        owning_organisation=owner,
        sex=sex,
        birth_date=born,
        birth_date_precision=BirthDatePrecision.FULL,
        nationalities=["MAR"],
    )
    case = Case.objects.create(
        reference=f"AR-{next(_references)}",
        person=person,
        owning_organisation=owner,
        opened_on=date(YEAR, 1, 10),
        region="MA-06",
        forms_of_exploitation=[form],
    )
    StatusDecision.objects.create(
        case=case,
        status="identified",
        decided_on=date(YEAR, 6, 1),
        decided_by_organisation=authority,
        legal_basis="Law 27-14",
    )


def build_victims(cast: Cast) -> None:
    """Victims of forced labour detected in 2024: 7 adult women (published), 2 adult men and 3 boys (both
    below k = 5, shown as "<5"; together they hide each other, so the 7 needs no secondary suppression)."""
    owner, authority = cast.organisations["unit_a"], cast.organisations["prosecution"]
    for _ in range(7):
        _victim(owner, authority, sex="female", born=date(1990, 3, 1), form="forced_labour")
    for _ in range(2):
        _victim(owner, authority, sex="male", born=date(1985, 3, 1), form="forced_labour")
    for _ in range(3):
        _victim(owner, authority, sex="male", born=date(2010, 3, 1), form="forced_labour")


def _flat(text: str) -> str:
    # Arabic may come out of the PDF as presentation forms: NFKC folds them back to the letters typed.
    return " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.fixture
def victims(cast: Cast) -> Cast:
    build_victims(cast)
    return cast


def _in(language: str, message: str, **values: Any) -> str:
    """A message as the report prints it in ``language``, translated or still in English."""
    with translation.override(language):
        text = gettext(message)
    return text % values if values else text


def _section_title(language: str, section: Section) -> str:
    with translation.override(language):
        return str(section.label)


def _row_label(language: str, row_key: str) -> str:
    with translation.override(language):
        table = compute_table("victims", period=calendar_year(YEAR))
    return table.rows[table.row_index(row_key)].label


def _row_cells(text: str, label: str) -> list[str]:
    """The cells of the first table row that starts with ``label`` followed by its 13 cells."""
    pattern = re.compile(rf"^\s*{re.escape(label)}\s+((?:(?:<\d+|\d+|x|—)\s+){{12}}(?:<\d+|\d+|x|—))", re.M)
    match = pattern.search(text)
    assert match, f"no row {label!r} with 13 cells in the text"
    return match.group(1).split()


def test_the_published_victims_table_shows_7_and_hides_the_small_counts(victims: Cast) -> None:
    table = compute_table("victims", period=calendar_year(YEAR))
    shown = publish_table(table)
    row = table.row_index("form:forced_labour")
    display = dict(zip([column.key for column in table.columns], shown.display[row], strict=True))
    assert display["female:adult"] == "7"
    assert display["male:adult"] == "<5"
    assert display["male:child"] == "<5"
    assert display["total"] == "12"


def test_the_french_pdf_holds_the_narrative_the_published_figures_and_the_methods(victims: Cast) -> None:
    services.save_narrative(
        actor=victims.coordinator, year=YEAR, language="fr", section="prosecution", text=PROSECUTION_FR,
        version=0,
    )  # fmt: skip
    content = annual_report_pdf(YEAR, "fr")
    assert len(PdfReader(BytesIO(content)).pages) >= 6
    text = pdf_text(content)
    flat = _flat(text)
    expected = [
        "Poursuites", "Protection", "Prévention", "Partenariat", "Année civile 2024", PROSECUTION_FR,
        _in("fr", "Annual national report on trafficking in persons"),
        *(_section_title("fr", section) for section in Section),
        # The empty sections say so.
        _in("fr", "The commission has not written this section of the %(year)s report.", year=YEAR),
        _in("fr", "Methods annex"),
        _in("fr", "Detected victims by sex, age group, form of exploitation and citizenship"),
    ]  # fmt: skip
    for fragment in expected:
        assert _flat(fragment) in flat, fragment
    # Forced labour: 7 women published, the 2 men and the 3 boys shown as "<5", 12 in all; never 2 or 3.
    cells = _row_cells(text, _row_label("fr", "form:forced_labour"))
    assert sorted(cells) == sorted(["<5", "<5", "7", "12", *["0"] * 9]), cells


def test_the_methods_annex_states_the_suppression_rule_and_the_counting_units(victims: Cast) -> None:
    flat = _flat(pdf_text(annual_report_pdf(YEAR, "en")))
    for fragment in (
        'No count from 1 to 4 is published: such a count is shown as "<5"',
        "secondary suppression",
        "Persons (detected victims, defendants), criminal cases, referrals and hotline contacts",
        "runs from 1 April to 31 March",
        "first presumed or identified status decision",
        "Age is her age on the date of that decision",
        "Forms of exploitation are multi-valued",
        "linked as one person count once",
        "they measure detection, not prevalence",
        "general census figures of the Haut-Commissariat au Plan",
        "Left out because the figure is hidden by disclosure control",
    ):
        assert fragment in flat, fragment


def test_the_arabic_pdf_is_right_to_left_and_holds_the_arabic_narrative(victims: Cast) -> None:
    services.save_narrative(
        actor=victims.coordinator, year=YEAR, language="ar", section="introduction", text=INTRODUCTION_AR,
        version=0,
    )  # fmt: skip
    html = annual_report_html(YEAR, "ar")
    assert '<html lang="ar" dir="rtl">' in html
    assert "Noto Naskh Arabic" in html
    content = annual_report_pdf(YEAR, "ar")
    flat = _flat(pdf_text(content))
    for fragment in (
        INTRODUCTION_AR,
        "الملاحقة القضائية",  # Prosecution
        _section_title("ar", Section.PREVENTION),
        _in("ar", "Annual national report on trafficking in persons"),
    ):
        assert _flat(fragment) in flat, fragment
    assert "<5" in flat  # numbers read left to right inside the Arabic text


def test_every_table_of_the_report_is_published_never_exact(victims: Cast) -> None:
    html = annual_report_html(YEAR, "en")
    # The exact view of the forced-labour row would print the 2 and the 3 of the men and boys.
    row = re.search(r"<th scope=\"row\" class=\"level-0\">Forced labour</th>(.*?)</tr>", html, re.S)
    assert row
    cells = re.findall(r'<span dir="ltr">([^<]*|&lt;\d+)</span>', row.group(1))
    assert cells.count("&lt;5") == 2 and "2" not in cells and "3" not in cells


def test_the_coordinator_writes_the_narrative_and_a_stale_page_is_refused(cast: Cast, client: Client) -> None:
    client.force_login(cast.coordinator)
    url = reverse("reports:narrative", kwargs={"year": YEAR, "language": "fr"})
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="version_introduction"' in page.content.decode()
    blank = dict.fromkeys(Section.values, "") | {f"version_{code}": "0" for code in Section.values}
    response = client.post(url, {**blank, "introduction": "Une année de consolidation."})
    assert response.status_code == 302 and response["Location"] == reverse("reports:index")
    saved = NarrativeSection.objects.get(year=YEAR, language="fr", section="introduction")
    assert saved.text == "Une année de consolidation." and saved.version == 1
    assert saved.updated_by == cast.coordinator
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, actor=cast.coordinator, object_id=str(saved.pk)
    ).exists()

    # A second page opened before that save still carries version 0: it is refused, nothing is lost.
    response = client.post(url, {**blank, "introduction": "Texte écrit en parallèle."})
    assert response.status_code == 400
    assert "Someone else changed this record" in response.content.decode()
    saved.refresh_from_db()
    assert saved.text == "Une année de consolidation." and saved.version == 1

    response = client.post(
        url, {**blank, "version_introduction": "1", "introduction": "Une année de consolidation, enfin."}
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.version == 2 and saved.text.endswith("enfin.")


def test_the_service_refuses_a_stale_version_and_a_reader(cast: Cast) -> None:
    first = services.save_narrative(
        actor=cast.coordinator, year=YEAR, language="ar", section="outlook", text="نص أول", version=0
    )
    services.save_narrative(
        actor=cast.coordinator, year=YEAR, language="ar", section="outlook", text="نص ثان", version=1
    )
    with pytest.raises(StaleEditError):
        services.save_narrative(
            actor=cast.coordinator, year=YEAR, language="ar", section="outlook", text="نص ثالث", version=1
        )
    with pytest.raises(StaleEditError):  # created by someone else since the page was opened
        services.save_narrative(
            actor=cast.coordinator, year=YEAR, language="ar", section="outlook", text="نص", version=0
        )
    with pytest.raises(PermissionDenied):
        services.save_narrative(
            actor=cast.analyst, year=YEAR, language="ar", section="outlook", text="نص", version=2
        )
    first.refresh_from_db()
    assert first.text == "نص ثان" and first.version == 2


def test_the_analyst_reads_the_overview_but_cannot_write(cast: Cast, client: Client) -> None:
    client.force_login(cast.analyst)
    page = client.get(reverse("reports:index"))
    assert page.status_code == 200
    assert 'data-testid="generate"' not in page.content.decode()
    url = reverse("reports:narrative", kwargs={"year": YEAR, "language": "fr"})
    assert client.get(url).status_code == 403
    response = client.post(reverse("reports:generate"), {"year": YEAR, "language": "fr"})
    assert response.status_code == 403
    client.force_login(cast.caseworker)
    assert client.get(reverse("reports:index")).status_code == 403


def test_an_unknown_language_or_year_is_not_found(cast: Cast, client: Client) -> None:
    client.force_login(cast.coordinator)
    assert (
        client.get(reverse("reports:narrative", kwargs={"year": YEAR, "language": "de"})).status_code == 404
    )
    assert (
        client.get(reverse("reports:narrative", kwargs={"year": 1999, "language": "fr"})).status_code == 404
    )


def test_the_command_writes_the_report(victims: Cast, tmp_path: Path) -> None:
    out = tmp_path / "rapport-2024.pdf"
    stdout = StringIO()
    call_command("report", "annual", "--year", str(YEAR), "--lang", "fr", "--out", str(out), stdout=stdout)
    content = out.read_bytes()
    assert content.startswith(b"%PDF-") and len(PdfReader(BytesIO(content)).pages) >= 6
    printed = stdout.getvalue()
    assert "100 %" in printed and f"wrote {out} ({len(content)} bytes)" in printed
    assert not list(tmp_path.glob(".rapport-2024.pdf.*"))  # no temporary file left behind
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, actor_label="command line")
    assert event.detail["year"] == YEAR and event.detail["language"] == "fr"


def test_the_command_refuses_a_missing_folder(cast: Cast, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="does not exist"):
        call_command(
            "report", "annual", "--year", str(YEAR), "--lang", "ar", "--out", str(tmp_path / "no" / "x.pdf")
        )
