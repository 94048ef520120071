"""Bulk import of a prosecution register: what a good file creates, all-or-nothing on any error, dry runs,
idempotence, filling in later information, contradictions, file problems and formulas."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from openpyxl import Workbook

from sanad.accounts.models import Organisation
from sanad.audit.models import AuditAction, AuditEvent
from sanad.justice import register_rows
from sanad.justice.models import (
    Charge,
    CriminalCase,
    Defendant,
    OffenceArticle,
    RegisterImport,
    Sentence,
    Verdict,
)
from sanad.justice.register import REGISTER_COLUMNS, ImportReport, RowError, import_register
from sanad.justice.services import document_index
from tests.cast import SUSPECT_DOCUMENT, SUSPECT_NAME, Cast

NAME_1 = "Rachid Bennani"
NAME_2 = "سلمى العمراني"

# Case PR-100: defendant 1 charged under two articles (convicted on one, acquitted on the other) and
# sentenced; defendant 2 awaiting trial. Case PR-101: one defendant convicted at first instance and on appeal.
CASE_100 = {
    "case_reference": "PR-2025-0100", "investigating_unit": "police", "region": "MA-04",
    "opened_on": "2025-01-10", "origin": "victim_complaint",
    "forms_of_exploitation": "sexual_exploitation;forced_labour", "court": "court",
}  # fmt: skip
DEFENDANT_1 = {
    "defendant_number": "1", "defendant_name": NAME_1, "defendant_document": "AB123456", "sex": "male",
    "nationality": "MAR", "age": "45", "role": "recruiter", "public_official": "no",
    "arrested_on": "2025-01-12", "prison_months": "60", "suspended_months": "12", "fine_mad": "20000",
    "restitution_mad": "50000", "confiscation": "yes",
}  # fmt: skip
ROW_1 = {
    **CASE_100, **DEFENDANT_1, "article": "PC-448-2", "charged_on": "2025-01-20",
    "first_instance_outcome": "convicted", "first_instance_on": "2025-06-02",
}  # fmt: skip
ROW_2 = {
    **CASE_100, **DEFENDANT_1, "article": "PC-467-2", "charged_on": "2025-01-20",
    "first_instance_outcome": "acquitted", "first_instance_on": "2025-06-02",
}  # fmt: skip
ROW_3 = {
    **CASE_100, "defendant_number": "2", "defendant_name": NAME_2, "sex": "F", "nationality": "mar",
    "role": "harbourer", "public_official": "oui", "article": "PC-448-3", "charged_on": "02/02/2025",
    "first_instance_outcome": "pending",
}  # fmt: skip
ROW_4 = {
    "case_reference": "PR-2025-0101", "investigating_unit": "gendarmerie", "region": "MA-06",
    "opened_on": "2024-11-03", "origin": "labour_inspection", "defendant_number": "1",
    "defendant_name": "Omar Alami", "sex": "male", "role": "exploiter", "article": "PC-448-2",
    "charged_on": "2024-11-20", "first_instance_outcome": "convicted", "first_instance_on": "2025-03-04",
    "appeal_outcome": "convicted", "appeal_on": "2025-09-15", "prison_months": "36", "fine_mad": "1 500",
}  # fmt: skip
GOOD = [ROW_1, ROW_2, ROW_3, ROW_4]
GOOD_COUNTS = {
    "cases_created": 2, "cases_updated": 0, "defendants_created": 3, "defendants_updated": 0,
    "charges_created": 4, "verdicts_created": 4, "sentences_created": 2, "rows_unchanged": 0,
}  # fmt: skip

# The cast's case PJ-2025-0001 as a register would describe it.
CAST_ROW = {
    "case_reference": "PJ-2025-0001", "investigating_unit": "police", "region": "MA-06",
    "opened_on": "2025-02-01", "origin": "hotline_alert", "forms_of_exploitation": "forced_labour",
    "defendant_number": "1", "defendant_name": SUSPECT_NAME, "defendant_document": SUSPECT_DOCUMENT,
    "sex": "male", "nationality": "MAR", "age": "41", "role": "exploiter", "arrested_on": "2025-02-03",
    "article": "PC-448-2", "charged_on": "2025-03-01",
}  # fmt: skip


def csv_bytes(
    rows: list[dict[str, str]],
    *,
    delimiter: str = ";",
    columns: tuple[str, ...] | list[str] = REGISTER_COLUMNS,
    bom: bool = True,
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode()


def xlsx_bytes(rows: list[dict[str, Any]], *, columns: tuple[str, ...] = REGISTER_COLUMNS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(columns))
    for row in rows:
        sheet.append([row.get(column) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(
    cast: Cast, content: bytes, *, filename: str = "register.csv", dry_run: bool = False, actor: Any = None
) -> ImportReport:
    return import_register(
        actor=actor or cast.prosecutor, content=content, filename=filename, dry_run=dry_run
    )


def stored() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (CriminalCase, Defendant, Charge, Verdict, Sentence, RegisterImport, AuditEvent)
    }


def cast_case(cast: Cast) -> CriminalCase:
    assert cast.criminal_case is not None
    return cast.criminal_case


def cast_defendant(cast: Cast) -> Defendant:
    assert cast.defendant is not None
    return cast.defendant


def only_error(report: ImportReport) -> RowError:
    assert len(report.errors) == 1, report.errors
    return report.errors[0]


def error_at(report: ImportReport, row: int, column: str) -> RowError:
    found = [error for error in report.errors if error.row == row and error.column == column]
    assert found, report.errors
    return found[0]


# ---- good files ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("delimiter", "bom"), [(";", True), (",", False), (",", True)])
def test_a_good_csv_creates_the_cases_it_describes(cast: Cast, delimiter: str, bom: bool) -> None:
    report = run(cast, csv_bytes(GOOD, delimiter=delimiter, bom=bom))

    assert report.errors == []
    assert report.stored and not report.dry_run
    assert report.rows == 4
    assert report.counts == GOOD_COUNTS
    case = CriminalCase.objects.get(reference="PR-2025-0100")
    prosecution = cast.organisations["prosecution"]
    assert case.investigating_unit == cast.organisations["police"]
    assert case.prosecution_office == prosecution
    assert case.referred_to_prosecution_on == date(2025, 1, 10)
    assert case.court == cast.organisations["court"]
    assert (case.region, case.opened_on, case.origin) == ("MA-04", date(2025, 1, 10), "victim_complaint")
    assert case.forms_of_exploitation == ["forced_labour", "sexual_exploitation"]
    assert case.created_by == cast.prosecutor
    first, second = Defendant.objects.filter(criminal_case=case).order_by("number")
    assert first.full_name == NAME_1
    assert first.document_number == "AB123456"
    assert first.document_number_index == document_index("AB123456")
    assert (first.sex, first.nationality, first.age, first.role) == ("male", "MAR", 45, "recruiter")
    assert first.is_public_official is False
    assert first.arrested_on == date(2025, 1, 12)
    assert first.investigated_on == date(2025, 1, 10)
    assert second.full_name == NAME_2
    assert (second.sex, second.nationality, second.is_public_official) == ("female", "MAR", True)
    assert second.document_number == "" and second.age is None
    charge = Charge.objects.get(defendant=first, article__code="PC-448-2")
    assert charge.charged_on == date(2025, 1, 20)
    verdict = charge.verdicts.get()
    assert (verdict.court_level, verdict.outcome, verdict.decided_on) == (
        "first_instance",
        "convicted",
        date(2025, 6, 2),
    )
    assert verdict.court == cast.organisations["court"]
    assert (
        Verdict.objects.get(charge__defendant=first, charge__article__code="PC-467-2").outcome == "acquitted"
    )
    assert not Verdict.objects.filter(charge__defendant=second).exists()
    sentence = first.sentences.get()
    assert (sentence.court_level, sentence.decided_on) == ("first_instance", date(2025, 6, 2))
    assert (sentence.prison_months, sentence.suspended_months) == (60, 12)
    assert (sentence.fine_minor, sentence.restitution_minor, sentence.confiscation) == (
        2_000_000,
        5_000_000,
        True,
    )
    assert not second.sentences.exists()
    appealed = Defendant.objects.get(criminal_case__reference="PR-2025-0101")
    assert appealed.criminal_case.investigating_unit == cast.organisations["gendarmerie"]
    assert sorted(
        Verdict.objects.filter(charge__defendant=appealed).values_list("court_level", flat=True)
    ) == [
        "appeal",
        "first_instance",
    ]
    appeal_sentence = appealed.sentences.get()
    assert (appeal_sentence.court_level, appeal_sentence.decided_on) == ("appeal", date(2025, 9, 15))
    assert (appeal_sentence.prison_months, appeal_sentence.fine_minor) == (36, 150_000)


def test_names_are_encrypted_at_rest(cast: Cast) -> None:
    run(cast, csv_bytes(GOOD))

    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name, document_number FROM justice_defendant")
        raw = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert NAME_1 not in raw and "AB123456" not in raw


def test_a_good_xlsx_creates_the_same_as_the_csv(cast: Cast) -> None:
    rows: list[dict[str, Any]] = [dict(row) for row in GOOD]
    # Spreadsheets hold dates as dates and numbers as numbers.
    rows[0] |= {"opened_on": date(2025, 1, 10), "charged_on": date(2025, 1, 20), "defendant_number": 1}
    rows[0] |= {"age": 45, "prison_months": 60, "fine_mad": 20000.0}
    rows[1] |= {"opened_on": date(2025, 1, 10), "defendant_number": 1.0, "age": 45, "fine_mad": 20000}

    report = run(cast, xlsx_bytes(rows), filename="registre.xlsx")

    assert report.errors == []
    assert report.counts == GOOD_COUNTS
    defendant = Defendant.objects.get(criminal_case__reference="PR-2025-0100", number=1)
    assert defendant.full_name == NAME_1
    assert defendant.sentences.get().fine_minor == 2_000_000
    assert Charge.objects.get(defendant=defendant, article__code="PC-448-2").charged_on == date(2025, 1, 20)


def test_the_header_ignores_case_and_spaces_and_optional_columns_may_be_left_out(cast: Cast) -> None:
    columns = [
        "case_reference", "investigating_unit", "region", "opened_on", "origin", "defendant_number",
        "defendant_name", "sex", "role", "article", "charged_on",
    ]  # fmt: skip
    content = csv_bytes([ROW_3], columns=columns)
    content = content.replace(b"case_reference;investigating_unit", b" Case_Reference ;INVESTIGATING_UNIT")

    report = run(cast, content)

    assert report.errors == []
    assert report.counts["charges_created"] == 1


def test_a_dry_run_stores_nothing_and_counts_what_the_import_stores(cast: Cast) -> None:
    before = stored()

    preview = run(cast, csv_bytes(GOOD), dry_run=True)

    assert stored() == before
    assert preview.dry_run and not preview.stored and preview.errors == []
    real = run(cast, csv_bytes(GOOD))
    assert real.counts == preview.counts == GOOD_COUNTS


def test_importing_the_same_file_again_creates_nothing(cast: Cast) -> None:
    run(cast, csv_bytes(GOOD))
    before = stored()

    again = run(cast, csv_bytes(GOOD))

    assert again.errors == [] and again.stored
    assert again.counts == {**dict.fromkeys(GOOD_COUNTS, 0), "rows_unchanged": 4}
    # Only the import itself is recorded: its RegisterImport row and its audit event.
    assert stored() == {
        **before,
        "RegisterImport": before["RegisterImport"] + 1,
        "AuditEvent": before["AuditEvent"] + 1,
    }


def test_an_import_is_recorded_and_audited_without_names(cast: Cast) -> None:
    content = csv_bytes(GOOD)

    run(cast, content, filename="C:\\Users\\parquet\\registre-2025.csv")

    register_import = RegisterImport.objects.get()
    assert register_import.organisation == cast.organisations["prosecution"]
    assert register_import.imported_by == cast.prosecutor
    assert register_import.filename == "registre-2025.csv"
    assert register_import.rows == 4
    assert register_import.created == GOOD_COUNTS
    assert register_import.sha256 == hashlib.sha256(content).hexdigest()
    event = AuditEvent.objects.get(object_id=str(register_import.pk))
    assert event.action == AuditAction.CREATE and event.actor == cast.prosecutor
    assert event.detail == GOOD_COUNTS
    assert NAME_1 not in str(event.detail) + event.object_label


# ---- later registers -----------------------------------------------------------------------------------


def test_a_later_register_fills_in_the_verdict_the_court_and_the_sentence(cast: Cast) -> None:
    later = {
        **CAST_ROW, "court": "court", "first_instance_outcome": "convicted",
        "first_instance_on": "2025-07-01", "prison_months": "48", "suspended_months": "6",
        "fine_mad": "10000", "confiscation": "no",
    }  # fmt: skip
    version = CriminalCase.objects.get(pk=cast_case(cast).pk).version

    report = run(cast, csv_bytes([later]))

    assert report.errors == []
    assert report.counts == {
        "cases_created": 0, "cases_updated": 1, "defendants_created": 0, "defendants_updated": 0,
        "charges_created": 0, "verdicts_created": 1, "sentences_created": 1, "rows_unchanged": 0,
    }  # fmt: skip
    case = CriminalCase.objects.get(pk=cast_case(cast).pk)
    assert case.court == cast.organisations["court"]
    assert case.version == version + 1  # a form open on the old version must reload
    verdict = Verdict.objects.get(charge=cast.charge)
    assert (verdict.outcome, verdict.decided_on, verdict.court) == (
        "convicted",
        date(2025, 7, 1),
        cast.organisations["court"],
    )
    sentence = Sentence.objects.get(defendant=cast_defendant(cast))
    assert (sentence.prison_months, sentence.suspended_months, sentence.fine_minor) == (48, 6, 1_000_000)
    assert sentence.confiscation is False
    assert run(cast, csv_bytes([later])).counts["rows_unchanged"] == 1


def test_a_later_register_adds_a_defendant_and_an_arrest_date_to_a_recorded_case(cast: Cast) -> None:
    Defendant.objects.filter(pk=cast_defendant(cast).pk).update(arrested_on=None, age=None)
    newcomer = {
        **CAST_ROW, "defendant_number": "2", "defendant_name": "Nadia Sefrioui", "defendant_document": "",
        "sex": "female", "age": "", "role": "recruiter", "article": "PC-448-3", "charged_on": "2025-03-05",
    }  # fmt: skip

    report = run(cast, csv_bytes([CAST_ROW, newcomer]))

    assert report.errors == []
    assert report.counts["defendants_created"] == 1
    assert report.counts["defendants_updated"] == 1
    assert report.counts["charges_created"] == 1
    assert report.counts["cases_updated"] == 0
    suspect = Defendant.objects.get(pk=cast_defendant(cast).pk)
    assert (suspect.arrested_on, suspect.age) == (date(2025, 2, 3), 41)
    assert Defendant.objects.get(criminal_case=cast_case(cast), number=2).full_name == "Nadia Sefrioui"


@pytest.mark.parametrize(
    ("column", "value", "recorded"),
    [
        ("sex", "female", "male"),
        ("opened_on", "2025-01-15", "2025-02-01"),
        ("charged_on", "2025-03-02", "2025-03-01"),
    ],
)
def test_a_value_contradicting_the_record_is_an_error(
    cast: Cast, column: str, value: str, recorded: str
) -> None:
    later = {
        **CAST_ROW,
        column: value,
        "first_instance_outcome": "convicted",
        "first_instance_on": "2025-07-01",
    }
    before = stored()

    report = run(cast, csv_bytes([later]))

    error = only_error(report)
    assert (error.row, error.column) == (2, column)
    assert "Row 2" in error.message and column in error.message
    assert value in error.message and recorded in error.message
    assert not report.stored and report.counts["verdicts_created"] == 0
    assert stored() == before


def test_a_different_name_is_an_error_that_does_not_repeat_the_recorded_name(cast: Cast) -> None:
    report = run(cast, csv_bytes([{**CAST_ROW, "defendant_name": "Hamid Tazi"}]))

    error = only_error(report)
    assert (error.row, error.column) == (2, "defendant_name")
    assert "Hamid Tazi" in error.message and SUSPECT_NAME not in error.message


def test_a_different_verdict_is_an_error(cast: Cast) -> None:
    run(cast, csv_bytes(GOOD))
    before = stored()
    changed = {**ROW_2, "first_instance_outcome": "convicted"}

    report = run(cast, csv_bytes([ROW_1, changed, ROW_3, ROW_4]))

    error = only_error(report)
    assert (error.row, error.column) == (3, "first_instance_outcome")
    assert "convicted" in error.message and "acquitted" in error.message
    assert stored() == before


def test_a_different_sentence_is_an_error(cast: Cast) -> None:
    run(cast, csv_bytes(GOOD))

    report = run(cast, csv_bytes([{**ROW_4, "fine_mad": "2000"}]))

    error = only_error(report)
    assert (error.row, error.column) == (2, "fine_mad")
    assert "2000" in error.message and "1500" in error.message


def test_a_case_of_another_prosecution_office_is_refused(cast: Cast) -> None:
    other = Organisation.objects.create(short_code="parquet-2", name="Parquet 2", type="prosecution")
    CriminalCase.objects.filter(pk=cast_case(cast).pk).update(prosecution_office=other)
    before = stored()

    report = run(cast, csv_bytes([CAST_ROW, ROW_4]))

    error = only_error(report)
    assert (error.row, error.column) == (2, "case_reference")
    assert "PJ-2025-0001" in error.message and "not referred to your office" in error.message
    assert stored() == before


def test_a_case_never_referred_is_refused_and_reveals_nothing_recorded(cast: Cast) -> None:
    CriminalCase.objects.filter(pk=cast_case(cast).pk).update(
        prosecution_office=None, referred_to_prosecution_on=None
    )
    before = stored()

    # A guessed reference with a wrong region and a wrong suspect: no contradiction may echo the record.
    report = run(cast, csv_bytes([dict(CAST_ROW, region="MA-01", defendant_name="Someone Else")]))

    error = only_error(report)
    assert (error.row, error.column) == (2, "case_reference")
    assert "not referred to your office" in error.message and "MA-06" not in error.message
    assert stored() == before
    assert CriminalCase.objects.get(pk=cast_case(cast).pk).prosecution_office is None


# ---- row errors ----------------------------------------------------------------------------------------

ROW_ERRORS = [
    # (changes to ROW_1, column blamed, text the message must contain)
    ({"article": "PC-999"}, "article", "PC-999"),
    ({"court": "tribunal-x"}, "court", "tribunal-x"),
    ({"court": "police"}, "court", "police"),
    ({"investigating_unit": "brigade-x"}, "investigating_unit", "brigade-x"),
    ({"investigating_unit": "court"}, "investigating_unit", "court"),
    ({"region": "MA-99"}, "region", "MA-99"),
    ({"origin": "rumour"}, "origin", "rumour"),
    ({"role": "boss"}, "role", "boss"),
    ({"sex": "x"}, "sex", "x"),
    ({"nationality": "XYZ"}, "nationality", "XYZ"),
    ({"forms_of_exploitation": "sexual_exploitation;juggling"}, "forms_of_exploitation", "juggling"),
    ({"opened_on": "2025-02-30"}, "opened_on", "2025-02-30"),
    ({"charged_on": "yesterday"}, "charged_on", "yesterday"),
    ({"arrested_on": "13/13/2025"}, "arrested_on", "13/13/2025"),
    ({"charged_on": "2025-01-05"}, "charged_on", "2025-01-05"),
    ({"arrested_on": "2024-12-01"}, "arrested_on", "2024-12-01"),
    ({"first_instance_on": "2025-01-15"}, "first_instance_on", "2025-01-15"),
    ({"appeal_outcome": "acquitted", "appeal_on": "2025-05-01"}, "appeal_on", "2025-05-01"),
    ({"first_instance_outcome": "", "first_instance_on": "", "appeal_outcome": "convicted",
      "appeal_on": "2025-09-01"}, "appeal_outcome", "appeal"),
    ({"opened_on": "2099-01-10"}, "opened_on", "2099-01-10"),
    ({"first_instance_on": "2099-06-02"}, "first_instance_on", "2099-06-02"),
    ({"first_instance_outcome": "guilty"}, "first_instance_outcome", "guilty"),
    ({"first_instance_on": ""}, "first_instance_on", "date"),
    ({"suspended_months": "70"}, "suspended_months", "70"),
    ({"prison_months": "-5"}, "prison_months", "-5"),
    ({"fine_mad": "12.5"}, "fine_mad", "12.5"),
    ({"age": "forty"}, "age", "forty"),
    ({"age": "3"}, "age", "3"),
    ({"defendant_number": "0"}, "defendant_number", "0"),
    ({"defendant_number": "1.5"}, "defendant_number", "1.5"),
    ({"public_official": "maybe"}, "public_official", "maybe"),
    ({"confiscation": "perhaps"}, "confiscation", "perhaps"),
    ({"defendant_name": ""}, "defendant_name", "required"),
    ({"first_instance_outcome": "acquitted"}, "prison_months", "no charge"),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "column", "text"), ROW_ERRORS)
def test_a_bad_cell_is_a_row_error_and_nothing_is_stored(
    cast: Cast, changes: dict[str, str], column: str, text: str
) -> None:
    # The bad row is the third line: the header, a good row of another case, then this one.
    bad = {**ROW_1, **changes}
    before = stored()

    report = run(cast, csv_bytes([ROW_4, bad]))

    error = error_at(report, 3, column)
    assert "Row 3" in error.message and column in error.message
    assert text in error.message
    assert not report.stored
    assert report.counts == dict.fromkeys(GOOD_COUNTS, 0)
    assert stored() == before


def test_an_inactive_article_cannot_be_charged(cast: Cast) -> None:
    OffenceArticle.objects.filter(code="PC-499").update(is_active=False)

    report = run(cast, csv_bytes([{**ROW_3, "article": "PC-499"}]))

    error = only_error(report)
    assert (error.row, error.column) == (2, "article") and "PC-499" in error.message
    assert not CriminalCase.objects.filter(reference="PR-2025-0100").exists()


def test_a_duplicate_row_names_the_row_it_repeats(cast: Cast) -> None:
    report = run(cast, csv_bytes([ROW_1, ROW_3, ROW_1]))

    error = only_error(report)
    assert (error.row, error.column) == (4, "")
    assert "Row 4" in error.message and "row 2" in error.message
    assert not CriminalCase.objects.filter(reference="PR-2025-0100").exists()


def test_rows_of_one_case_must_agree(cast: Cast) -> None:
    report = run(cast, csv_bytes([ROW_1, {**ROW_3, "region": "MA-06"}]))

    error = only_error(report)
    assert (error.row, error.column) == (3, "region")
    assert "MA-06" in error.message and "MA-04" in error.message and "row 2" in error.message


def test_rows_of_one_defendant_must_agree(cast: Cast) -> None:
    report = run(cast, csv_bytes([ROW_1, {**ROW_2, "prison_months": "48"}]))

    error = only_error(report)
    assert (error.row, error.column) == (3, "prison_months")
    assert "48" in error.message and "60" in error.message and "row 2" in error.message


def test_every_error_is_reported_at_once_with_blank_lines_counted(cast: Cast) -> None:
    content = csv_bytes([ROW_4, {**ROW_1, "region": "MA-99"}, {**ROW_3, "role": "boss"}])
    lines = content.split(b"\r\n")
    content = b"\r\n".join([*lines[:2], b"", *lines[2:]])

    report = run(cast, content)

    assert [(error.row, error.column) for error in report.errors] == [(4, "region"), (5, "role")]


def test_the_error_list_is_capped(cast: Cast) -> None:
    rows = [{**ROW_3, "defendant_number": str(n), "region": "MA-99"} for n in range(1, 601)]

    report = run(cast, csv_bytes(rows))

    assert len(report.errors) == 501
    assert "100 more" in report.errors[-1].message


# ---- formulas ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("defendant_name", '=HYPERLINK("http://example.org","x")'),
        ("defendant_document", "+212600000000"),
        ("defendant_name", "@SUM(A1:A2)"),
        ("defendant_document", "-cmd"),
    ],
)
def test_a_csv_cell_a_spreadsheet_would_run_is_refused(cast: Cast, column: str, value: str) -> None:
    report = run(cast, csv_bytes([{**ROW_3, column: value}]))

    error = only_error(report)
    assert (error.row, error.column) == (2, column)
    assert "formula" in error.message and value[0] in error.message
    assert not CriminalCase.objects.filter(reference="PR-2025-0100").exists()


def test_an_xlsx_formula_is_refused_never_evaluated(cast: Cast) -> None:
    rows: list[dict[str, Any]] = [dict(ROW_4), {**ROW_3, "age": "=20+25", "defendant_name": "=A2"}]

    report = run(cast, xlsx_bytes(rows), filename="register.xlsx")

    assert {(error.row, error.column) for error in report.errors} == {(3, "age"), (3, "defendant_name")}
    assert all("formulas are not accepted" in error.message for error in report.errors)
    assert not CriminalCase.objects.filter(reference="PR-2025-0101").exists()


# ---- file problems -------------------------------------------------------------------------------------


def test_a_file_not_in_utf8_names_the_line_and_the_remedy(cast: Cast) -> None:
    text = csv_bytes([ROW_4, {**ROW_3, "defendant_name": "Zineb Chérif"}], bom=False).decode()

    report = run(cast, text.encode("latin-1"))

    error = only_error(report)
    assert (error.row, error.column) == (0, "")
    assert "UTF-8" in error.message and "line 3" in error.message and "CSV UTF-8" in error.message


def zip_without_a_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "filename", "text"),
    [
        ("case_reference\tregion\r\n".encode("utf-16"), "register.txt", "UTF-16"),
        (b"", "register.csv", "empty"),
        (zip_without_a_workbook(), "register.xlsx", "neither"),
        (b"\xef\xbb\xbf\r\n", "register.csv", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.png", "neither"),
        (b"PK\x03\x04 not really a zip", "register.xlsx", "neither"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "register.xls", ".xls"),
    ],
)
def test_a_file_that_is_not_a_register_is_refused(
    cast: Cast, content: bytes, filename: str, text: str
) -> None:
    report = run(cast, content, filename=filename)

    error = only_error(report)
    assert error.row == 0 and text in error.message
    assert report.rows == 0 and not report.stored


def test_a_header_alone_has_no_rows_to_import(cast: Cast) -> None:
    error = only_error(run(cast, csv_bytes([])))

    assert error.row == 0 and "no data rows" in error.message


def test_unknown_and_missing_columns_are_listed(cast: Cast) -> None:
    columns = [c for c in REGISTER_COLUMNS if c not in ("article", "sex")] + ["remarks", "juge"]

    report = run(cast, csv_bytes([ROW_1], columns=columns))

    messages = " ".join(error.message for error in report.errors)
    assert {error.row for error in report.errors} == {0}
    assert "remarks" in messages and "juge" in messages
    assert "article" in messages and "sex" in messages
    assert not CriminalCase.objects.filter(reference="PR-2025-0100").exists()


def test_a_value_under_no_column_is_refused(cast: Cast) -> None:
    content = (
        csv_bytes([ROW_3]).replace(b"\r\n", b";stray\r\n").replace(b"confiscation;stray", b"confiscation")
    )

    error = only_error(run(cast, content))

    assert (error.row, error.column) == (2, "") and "no name" in error.message


def test_a_file_over_20_mb_is_refused(cast: Cast) -> None:
    content = csv_bytes([ROW_1]) + b"#" * (20 * 1024 * 1024)

    error = only_error(run(cast, content))

    assert error.row == 0 and "20 MB" in error.message


def test_a_file_over_the_row_limit_is_refused(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    # 200,000 rows in the product; five here, so the test stays fast.
    monkeypatch.setattr(register_rows, "MAX_ROWS", 5)
    rows = [{**ROW_3, "defendant_number": str(n)} for n in range(1, 7)]

    report = run(cast, csv_bytes(rows))

    assert [error.row for error in report.errors] == [0]
    assert "more than 5 rows" in report.errors[0].message
    assert not CriminalCase.objects.filter(reference="PR-2025-0100").exists()


# ---- permission ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["justice", "caseworker", "gendarme", "authority", "nomember"])
def test_only_a_justice_officer_of_a_prosecution_office_may_import(cast: Cast, who: str) -> None:
    with pytest.raises(PermissionDenied):
        run(cast, csv_bytes(GOOD), actor=getattr(cast, who))
    assert not CriminalCase.objects.filter(reference="PR-2025-0100").exists()
