"""Reading a register file, CSV or XLSX, into a header and rows of cells. Nothing here knows what a column
means; file-level problems (encoding, format, header) are reported as errors of row 0.

Rows are yielded one at a time so that a 200,000-row file is never held twice in memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from sanad.documents.zip_limits import expansion_problem
from sanad.justice.register_format import MAX_BYTES, REGISTER_COLUMNS, REQUIRED_COLUMNS, Problems

ZIP_SIGNATURE = b"PK\x03\x04"
# Excel 97-2003 (.xls) files are OLE2 compound documents.
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Formula:
    """A cell the spreadsheet computes (or a spreadsheet error such as #N/A): refused, never evaluated."""

    text: str


# A cell: its text stripped ("" when empty), a date when an XLSX cell holds one, or a refused formula.
Cell = str | date | Formula


@dataclass
class Sheet:
    columns: list[str]  # the header, lower-cased; "" for a column without a name
    rows: Iterator[tuple[int, list[Cell]]]  # (row number as the user sees it, cells) of non-blank rows


def read_register(
    content: bytes,
    filename: str,
    problems: Problems,
    *,
    columns: tuple[str, ...] = REGISTER_COLUMNS,
    required: frozenset[str] = REQUIRED_COLUMNS,
) -> Sheet | None:
    """The file's header and rows, or None after reporting why it cannot be read. ``columns`` and
    ``required`` describe the expected header (the prosecution register's unless told otherwise)."""
    if len(content) > MAX_BYTES:
        problems.add(0, "", _("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // 2**20})
        return None
    if not content.removeprefix(UTF8_BOM).strip():
        problems.add(0, "", _("The file is empty."))
        return None
    name = filename.lower()
    if content.startswith(OLE2_SIGNATURE) or name.endswith(".xls"):
        problems.add(
            0,
            "",
            _(
                "This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) or as "
                '"CSV UTF-8" and import that file.'
            ),
        )
        return None
    expected = (columns, required)
    if content.startswith(ZIP_SIGNATURE) or name.endswith(".xlsx"):
        return _read_xlsx(content, problems, expected)
    return _read_csv(content, problems, expected)


def _not_a_register(problems: Problems) -> None:
    problems.add(
        0,
        "",
        _("The file is neither a CSV file nor a readable Excel workbook (.xlsx)."),
    )


Expected = tuple[tuple[str, ...], frozenset[str]]


def _read_csv(content: bytes, problems: Problems, expected: Expected) -> Sheet | None:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        # What Excel writes as "Unicode text": readable, but not the format asked for.
        problems.add(
            0,
            "",
            _('The file is encoded in UTF-16. In Excel, use "Save as" and choose the type "CSV UTF-8".'),
        )
        return None
    if b"\x00" in content:
        _not_a_register(problems)
        return None
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.add(
            0,
            "",
            _(
                "The file is not encoded in UTF-8: line %(line)s holds the byte %(byte)s, which is not "
                'UTF-8. In Excel, use "Save as" and choose the type "CSV UTF-8".'
            )
            % {
                "line": content[: error.start].count(b"\n") + 1,
                "byte": f"0x{content[error.start]:02X}",
            },
        )
        return None
    end = text.find("\n")
    first_line = text if end < 0 else text[:end]
    # French Excel writes ";" because "," is its decimal separator; the header shows which one was used.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, [])
    except csv.Error as error:
        _csv_error(problems, reader.line_num, error)
        return None
    columns = _header([cell.strip() for cell in header], problems, expected)
    if columns is None:
        return None
    return Sheet(columns=columns, rows=_csv_rows(reader, problems))


def _csv_error(problems: Problems, line: int, error: csv.Error) -> None:
    problems.add(
        0,
        "",
        _("Line %(line)s cannot be read as CSV (%(reason)s).") % {"line": line, "reason": str(error)},
    )


def _csv_rows(reader: Any, problems: Problems) -> Iterator[tuple[int, list[Cell]]]:
    # Rows are numbered as a spreadsheet shows them: one per record, the header being row 1.
    number = 1
    try:
        for record in reader:
            number += 1
            cells: list[Cell] = [cell.strip() for cell in record]
            if any(cells):
                yield number, cells
    except csv.Error as error:
        _csv_error(problems, reader.line_num, error)


def _read_xlsx(content: bytes, problems: Problems, expected: Expected) -> Sheet | None:
    from openpyxl import load_workbook

    too_big = expansion_problem(content)
    if too_big is not None:
        problems.add(0, "", too_big)
        return None
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        # Some programs write a wrong sheet size; forgetting it makes openpyxl read every row there is.
        sheet.reset_dimensions()
        rows = sheet.iter_rows()
        header = next(rows, ())
    # Whatever a corrupt or foreign file makes openpyxl raise, the file is not a readable workbook.
    except Exception:
        _not_a_register(problems)
        return None
    columns = _header([_header_text(cell.value) for cell in header], problems, expected)
    if columns is None:
        workbook.close()
        return None
    return Sheet(columns=columns, rows=_xlsx_rows(workbook, rows, problems))


def _header_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _xlsx_rows(workbook: Any, rows: Iterator[Any], problems: Problems) -> Iterator[tuple[int, list[Cell]]]:
    try:
        # The read-only reader yields missing rows as empty ones, so counting from 2 matches Excel's numbers.
        for number, row in enumerate(rows, start=2):
            cells = [_xlsx_cell(cell) for cell in row]
            if any(cells):
                yield number, cells
    # A workbook corrupt further down is as unreadable as one corrupt at the start.
    except Exception:
        _not_a_register(problems)
    finally:
        workbook.close()


def _xlsx_cell(cell: Any) -> Cell:
    value = cell.value
    if cell.data_type in ("f", "e") or (isinstance(value, str) and value.startswith("=")):
        return Formula(str(getattr(value, "text", None) or value))
    if isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        # Excel stores every number as a float: a defendant number 1 arrives as 1.0.
        return str(int(value))
    return "" if value is None else str(value).strip()


def _header(names: list[str], problems: Problems, expected: Expected) -> list[str] | None:
    """The header lower-cased, or None after reporting unknown, duplicate or missing columns."""
    known_columns, required = expected
    columns = [name.lower() for name in names]
    while columns and not columns[-1]:
        columns.pop()
    if not columns:
        problems.add(0, "", _("The first row must hold the column names; it is empty."))
        return None
    known = set(known_columns)
    unknown = [name for name in columns if name and name not in known]
    duplicated = sorted({name for name in columns if name and columns.count(name) > 1})
    missing = [name for name in known_columns if name in required and name not in columns]
    if unknown:
        problems.add(
            0,
            "",
            _("Unknown columns: %(columns)s. The register's columns are: %(expected)s.")
            % {"columns": ", ".join(unknown), "expected": ", ".join(known_columns)},
        )
    if duplicated:
        problems.add(0, "", _("Columns given twice: %(columns)s.") % {"columns": ", ".join(duplicated)})
    if missing:
        problems.add(0, "", _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)})
    return None if unknown or duplicated or missing else columns
