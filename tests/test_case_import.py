"""Bulk import of persons with their cases: a dry run that stores nothing, an all-or-nothing import, a
re-run that creates nothing new, and bad input that is refused with errors naming the row and the column."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import Workbook, load_workbook

from sanad.audit.models import AuditAction, AuditEvent
from sanad.cases.imports import COLUMNS, ImportReport, import_cases, template
from sanad.cases.models import Case
from sanad.people.models import Person
from tests.cast import Cast

pytestmark = pytest.mark.django_db
GOOD = [
    ["HOT-1", "Amina", "Benziane", "أمينة", "بن زيان", "female", "2003", "MAR", "+212 612 34 56 78", "cin",
     "BK123456", "2026-03-14", "MA-06", "forced_labour"],
    ["HOT-2", "", "", "خديجة", "العلوي", "female", "~1999", "MAR", "", "", "", "14/03/2026", "MA-06", ""],
    ["HOT-3", "Blessing", "Okafor", "", "", "female", "2001-05", "NGA", "", "passport", "A0912345",
     "2026-02-01", "MA-01", "sexual_exploitation;forced_labour"],
]  # fmt: skip


def _csv(rows: list[list[str]], *, header: tuple[str, ...] = COLUMNS, encoding: str = "utf-8-sig") -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def _import(cast: Cast, content: bytes, *, dry_run: bool = False, name: str = "cases.csv") -> ImportReport:
    return import_cases(actor=cast.caseworker, content=content, filename=name, dry_run=dry_run)


def test_a_dry_run_stores_nothing_and_the_import_creates_every_case_once(cast: Cast) -> None:
    cases, persons = Case.objects.count(), Person.objects.count()
    dry = _import(cast, _csv(GOOD), dry_run=True)
    assert (dry.rows, len(dry.to_create), dry.errors) == (3, 3, [])
    assert (Case.objects.count(), Person.objects.count()) == (cases, persons)

    done = _import(cast, _csv(GOOD))
    assert done.created == 3
    amina = Case.objects.get(external_reference="HOT-1")
    assert amina.owning_organisation == cast.organisations["unit_a"]
    assert (amina.person.family_name_ar, amina.person.birth_date_precision) == ("بن زيان", "year")
    assert amina.person.phone_index and amina.forms_of_exploitation == ["forced_labour"]
    estimated = Case.objects.get(external_reference="HOT-2").person
    assert (estimated.birth_date_precision, estimated.birth_date.year) == ("estimated", 1999)
    assert Case.objects.get(external_reference="HOT-3").person.birth_date_precision == "year_month"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="cases.case").count() >= 3

    again = _import(cast, _csv(GOOD))
    assert (again.created, sorted(again.already_imported)) == (0, ["HOT-1", "HOT-2", "HOT-3"])
    assert Case.objects.count() == cases + 3


@pytest.mark.parametrize(
    ("change", "row", "column", "words"),
    [
        (lambda r: r.__setitem__(12, "MA-99"), 3, "region", "Unknown region code"),
        (lambda r: r.__setitem__(7, "MAR;XYZ"), 3, "nationalities", "XYZ"),
        (lambda r: r.__setitem__(13, "begging"), 3, "forms_of_exploitation", "begging"),
        (lambda r: r.__setitem__(11, "2026-02-30"), 3, "opened_on", "not a date"),
        (lambda r: r.__setitem__(11, "2099-01-01"), 3, "opened_on", "in the future"),
        (lambda r: r.__setitem__(6, "31/31/2001"), 3, "birth_date", "not a date of birth"),
        (lambda r: r.__setitem__(5, "f"), 3, "sex", "female, male"),
        (lambda r: r.__setitem__(6, "0000"), 3, "birth_date", "not a date of birth"),
        (lambda r: r.__setitem__(0, "X" * 65), 3, "external_reference", "Longer than 64"),
        (lambda r: r.__setitem__(1, "=HYPERLINK(\"http://x\")"), 3, "given_name_latin", "formula"),
        (lambda r: r.__setitem__(0, ""), 3, "external_reference", "required"),
    ],
)  # fmt: skip
def test_one_bad_cell_names_its_row_and_column_and_nothing_is_stored(
    cast: Cast, change: Callable[[list[str]], None], row: int, column: str, words: str
) -> None:
    rows = [list(r) for r in GOOD]
    change(rows[1])
    cases = Case.objects.count()
    report = _import(cast, _csv(rows))
    assert report.created == 0 and Case.objects.count() == cases
    [error] = report.errors
    assert (error.row, error.column) == (row, column) and words in error.message


def test_duplicate_rows_blank_lines_and_a_byte_order_mark(cast: Cast) -> None:
    content = _csv([GOOD[0], [], GOOD[1], GOOD[0]])
    report = _import(cast, content)
    assert [(e.row, e.column) for e in report.errors] == [(5, "external_reference")]
    assert "already on row 2" in report.errors[0].message
    assert _import(cast, _csv([GOOD[0], [], GOOD[1]])).created == 2


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (_csv(GOOD, encoding="cp1256"), "not encoded in UTF-8"),
        (_csv(GOOD, encoding="utf-16"), "UTF-16"),
        (_csv(GOOD, header=(*COLUMNS[:-1], "colour")), "Unknown columns: colour"),
        (b"", "empty"),
        (b"x" * (50 * 1024 * 1024), "larger than"),
    ],
)  # fmt: skip
def test_unreadable_files_say_why_and_store_nothing(cast: Cast, content: bytes, words: str) -> None:
    cases = Case.objects.count()
    report = _import(cast, content)
    assert report.errors and report.errors[0].row == 0 and words in report.errors[0].message
    assert Case.objects.count() == cases


def test_an_xlsx_file_and_the_templates(cast: Cast, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    for row in GOOD:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    assert _import(cast, output.getvalue(), name="cases.xlsx").created == 3

    xlsx = load_workbook(io.BytesIO(template(as_xlsx=True))).active
    assert xlsx is not None and [cell.value for cell in xlsx[1]] == list(COLUMNS)
    csv_template = template(as_xlsx=False)
    assert csv_template.startswith(b"\xef\xbb\xbf")
    out = tmp_path / "cases-template.csv"
    call_command("import_data", "template", "cases", "--out", str(out))
    assert out.read_bytes() == csv_template


def test_the_command_reports_and_refuses_all_or_nothing(
    cast: Cast, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.csv"
    good.write_bytes(_csv(GOOD))
    call_command("import_data", "cases", str(good), "--as", "caseworker", "--dry-run")
    assert "would create 3 cases" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv([GOOD[0], [*GOOD[1][:12], "MA-99", ""]]))
    cases = Case.objects.count()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_data", "cases", str(bad), "--as", "caseworker")
    assert "Row 3, column region" in capsys.readouterr().err
    assert Case.objects.count() == cases


def test_the_import_page_checks_then_imports_and_lists_row_errors(cast: Cast, client: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(cast.caseworker)
    template_file = client.get(reverse("cases:import_template"))
    assert template_file.status_code == 200 and template_file.content.startswith(b"PK")
    cases = Case.objects.count()
    checked = client.post(
        reverse("cases:import"), {"file": SimpleUploadedFile("c.csv", _csv(GOOD)), "dry_run": "on"}
    )
    assert checked.status_code == 200 and "3 cases would be created" in checked.text
    assert Case.objects.count() == cases
    done = client.post(reverse("cases:import"), {"file": SimpleUploadedFile("c.csv", _csv(GOOD))})
    assert "3 cases created" in done.text and Case.objects.count() == cases + 3
    bad = client.post(
        reverse("cases:import"), {"file": SimpleUploadedFile("c.csv", _csv([[*GOOD[0][:12], "MA-99", ""]]))}
    )
    assert bad.status_code == 400 and "Row 2, column region" in bad.text
