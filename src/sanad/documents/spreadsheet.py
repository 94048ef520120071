"""Writing XLSX workbooks: one sheet per table, a bold header row, widths that fit, no formulas."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

MAX_WIDTH = 60


def _cell(value: Any) -> Any:
    # A text starting with "=" would be a formula when opened: exported text must stay text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def workbook(
    sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Any]]]], *, rtl: bool = False
) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.sheet_view.rightToLeft = rtl
        sheet.append([str(name) for name in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_cell(value) for value in row])
        for column in sheet.columns:
            width = max((len(str(cell.value)) for cell in column if cell.value is not None), default=8)
            sheet.column_dimensions[column[0].column_letter].width = min(MAX_WIDTH, width + 2)
        sheet.freeze_panes = "A2"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
