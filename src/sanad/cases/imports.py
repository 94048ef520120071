"""Bulk import of persons with their cases from an organisation's own spreadsheet (CSV or XLSX), one row per
case. A dry run lists what would be created and every row error; the import itself is all or nothing, and a
row whose ``external_reference`` the organisation already imported is skipped, so importing the same file
twice creates nothing new. The column format is in docs/import.md; ``template()`` writes it.

The file is read by the prosecution register's reader (formulas refused, encodings and sizes checked, rows
numbered as the spreadsheet shows them); the rows are checked against the catalogues here, then written
through ``people.services.register_person`` and ``cases.services.open_case``, each audited.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.among import Among
from sanad.cases.models import Case
from sanad.cases.services import open_case
from sanad.catalogs import loader
from sanad.justice.register_format import MAX_BYTES, Problems, RowError, shown
from sanad.justice.register_read import Cell, read_register
from sanad.justice.register_rows import CellError, formula_problem, parse_date
from sanad.people.models import BirthDatePrecision, Sex
from sanad.people.services import register_person

__all__ = ["COLUMNS", "MAX_BYTES", "REQUIRED", "ImportReport", "import_cases", "read_rows", "template"]

COLUMNS: tuple[str, ...] = (
    "external_reference", "given_name_latin", "family_name_latin", "given_name_ar", "family_name_ar", "sex",
    "birth_date", "nationalities", "phone", "document_type", "document_number", "opened_on", "region",
    "forms_of_exploitation",
)  # fmt: skip
REQUIRED: frozenset[str] = frozenset({"external_reference", "sex", "opened_on", "region"})
EXAMPLE = (
    "HOT-2026-0117", "Amina", "Benziane", "أمينة", "بن زيان", "female", "2003", "MAR", "+212612345678",
    "cin", "BK123456", "2026-03-14", "MA-06", "forced_labour;domestic_servitude",
)  # fmt: skip

_YEAR = re.compile(r"^(\d{4})$")
_ESTIMATED = re.compile(r"^~\s*(\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
# "+212 6…" is a phone number, not a formula: the only cell that may begin with "+".
_PHONE = re.compile(r"^\+[\d\s().-]{6,}$")


class _CellError(ValueError):
    pass


@dataclass(frozen=True)
class CaseRow:
    number: int
    values: dict[str, Any]


@dataclass
class ImportReport:
    rows: int = 0
    to_create: list[CaseRow] = field(default_factory=list)
    already_imported: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    dry_run: bool = True


def _date(cell: Cell) -> date:
    """A date as the register reads one (YYYY-MM-DD or DD/MM/YYYY): one rule for every import."""
    if isinstance(cell, date):
        return cell
    try:
        return parse_date(str(cell))
    except CellError as error:
        raise _CellError(error.problem) from None


def _birth(cell: Cell) -> tuple[date | None, str]:
    """A birth date as registrations give it: a full date, a year and month, a year, or ~year (estimated)."""
    if cell == "":
        return None, BirthDatePrecision.UNKNOWN
    if isinstance(cell, date):
        return cell, BirthDatePrecision.FULL
    text = str(cell)
    try:
        if year := _YEAR.match(text):
            return date(int(year[1]), 7, 1), BirthDatePrecision.YEAR
        if estimated := _ESTIMATED.match(text):
            return date(int(estimated[1]), 7, 1), BirthDatePrecision.ESTIMATED
        if (month := _YEAR_MONTH.match(text)) and 1 <= int(month[2]) <= 12:
            return date(int(month[1]), int(month[2]), 15), BirthDatePrecision.YEAR_MONTH
        return _date(cell), BirthDatePrecision.FULL
    except (_CellError, ValueError):  # ValueError: year 0
        raise _CellError(
            _("%(value)s is not a date of birth: write YYYY-MM-DD, YYYY-MM, YYYY or ~YYYY for an estimate.")
            % {"value": shown(text)}
        ) from None


def _codes(cell: Cell, known: set[str], unknown_message: str) -> list[str]:
    """Codes separated by ";"; ``unknown_message`` names the catalogue, with a %(codes)s placeholder."""
    codes = [code.strip() for code in str(cell).split(";") if code.strip()]
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise _CellError(unknown_message % {"codes": ", ".join(unknown)})
    return codes


def _sex(cell: Cell) -> dict[str, Any]:
    if str(cell).lower() not in Sex.values:
        raise _CellError(_("%(value)s is not one of female, male, other, unknown.") % {"value": shown(cell)})
    return {"sex": str(cell).lower()}


def _birth_date(cell: Cell) -> dict[str, Any]:
    born, precision = _birth(cell)
    return {"birth_date": born, "birth_date_precision": precision}


def _opened_on(cell: Cell) -> dict[str, Any]:
    opened = _date(cell)
    if opened > timezone.localdate():
        raise _CellError(_("%(value)s is in the future.") % {"value": shown(opened)})
    return {"opened_on": opened}


def _region(cell: Cell) -> dict[str, Any]:
    if str(cell) not in loader.regions().by_code():
        raise _CellError(_("Unknown region code %(code)s.") % {"code": shown(cell)})
    return {"region": str(cell)}


def _nationalities(cell: Cell) -> dict[str, Any]:
    return {
        "nationalities": _codes(cell, set(loader.country_codes()), _("Unknown country codes: %(codes)s."))
    }


def _forms(cell: Cell) -> dict[str, Any]:
    known = {entry.code for entry in loader.exploitation_forms().entries}
    return {
        "forms_of_exploitation": _codes(cell, known, _("Unknown codes of forms of exploitation: %(codes)s."))
    }


PARSERS = {
    "sex": _sex, "birth_date": _birth_date, "opened_on": _opened_on, "region": _region,
    "nationalities": _nationalities, "forms_of_exploitation": _forms,
}  # fmt: skip
NAMES = ("given_name_latin", "family_name_latin", "given_name_ar", "family_name_ar")


# The longest value each text column's field holds.
LENGTHS = {"external_reference": 64, "document_type": 32, "phone": 40, "document_number": 40}


def _text(column: str) -> Any:
    limit = LENGTHS.get(column, 100)

    def parse(cell: Cell) -> dict[str, Any]:
        if len(str(cell)) > limit:
            raise _CellError(_("Longer than %(length)s characters.") % {"length": limit})
        return {column: str(cell)}

    return parse


def _parse(number: int, cells: dict[str, Cell], problems: Problems) -> dict[str, Any] | None:
    values: dict[str, Any] = {}
    ok = True
    for column in COLUMNS:
        cell = cells.get(column, "")
        international = column == "phone" and isinstance(cell, str) and _PHONE.match(cell)
        problem = (None if international else formula_problem(cell)) or (
            _("This column is required.") if column in REQUIRED and cell == "" else None
        )
        if problem is None:
            try:
                values.update(PARSERS.get(column, _text(column))(cell))
                continue
            except _CellError as error:
                problem = str(error)
        problems.add(number, column, problem)
        ok = False
    if ok and not any(values.get(name) for name in NAMES):
        problems.add(number, "", _("Give at least one name, in Latin or Arabic script."))
        ok = False
    return values if ok else None


def read_rows(content: bytes, filename: str, *, organisation: Any) -> ImportReport:
    """Every row checked, nothing written: what would be created, what is already there, every error."""
    problems = Problems()
    report = ImportReport()
    sheet = read_register(content, filename, problems, columns=COLUMNS, required=REQUIRED)
    if sheet is None:
        report.errors = problems.as_list()
        return report
    seen: dict[str, int] = {}
    parsed: list[CaseRow] = []
    for number, cells in sheet.rows:
        report.rows += 1
        values = _parse(number, dict(zip(sheet.columns, cells, strict=False)), problems)
        if values is None:
            continue
        reference = values["external_reference"]
        if reference in seen:
            problems.add(number, "external_reference", _("%(reference)s is already on row %(row)s.")
                         % {"reference": shown(reference), "row": seen[reference]})  # fmt: skip
            continue
        seen[reference] = number
        parsed.append(CaseRow(number, values))
    # One parameter for all the references: a 50 MB file holds more rows than SQLite takes parameters.
    held = set(
        Case.objects.filter(Among("external_reference", seen), owning_organisation=organisation).values_list(
            "external_reference", flat=True
        )
    )
    report.already_imported = sorted(held)
    report.to_create = [row for row in parsed if row.values["external_reference"] not in held]
    report.errors = problems.as_list()
    return report


def import_cases(
    *,
    actor: Any,
    content: bytes,
    filename: str,
    dry_run: bool,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Check the file; unless ``dry_run`` and when no row has an error, create every new person and case in
    one transaction. ``progress(written, total)`` is called after each row, inside that transaction: what it
    reports is not stored until the last row is."""
    organisation = getattr(actor, "organisation", None)
    if not policy.may_open_case_in(actor, organisation):
        raise PermissionDenied("import cases")
    report = read_rows(content, filename, organisation=organisation)
    report.dry_run = dry_run
    if dry_run or report.errors or not report.to_create:
        return report
    with transaction.atomic():
        for written, row in enumerate(report.to_create, start=1):
            values = dict(row.values)
            case_fields = {name: values.pop(name) for name in ("external_reference", "opened_on", "region",
                                                                 "forms_of_exploitation")}  # fmt: skip
            try:
                person = register_person(actor=actor, **values)
                case = open_case(actor=actor, person=person, opened_on=case_fields["opened_on"],
                                 region=case_fields["region"])  # fmt: skip
            except ValidationError as error:
                raise ValidationError(
                    _("Row %(row)s: %(problems)s") % {"row": row.number, "problems": " ".join(error.messages)}
                ) from None
            Case.objects.filter(pk=case.pk).update(
                external_reference=case_fields["external_reference"],
                forms_of_exploitation=case_fields["forms_of_exploitation"],
            )
            if progress is not None:
                progress(written, len(report.to_create))
        report.created = len(report.to_create)
    return report


def template(*, as_xlsx: bool) -> bytes:
    """The columns and one example row, as CSV (UTF-8 with a byte-order mark, for Excel) or XLSX."""
    if as_xlsx:
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = "cases"
        sheet.append(list(COLUMNS))
        sheet.append(list(EXAMPLE))
        output = io.BytesIO()
        workbook.save(output)
        return output.getvalue()
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(COLUMNS)
    writer.writerow(EXAMPLE)
    return ("\ufeff" + text.getvalue()).encode("utf-8")
