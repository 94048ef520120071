"""Writing XLSX workbooks: one sheet per table, a bold header row, widths that fit, no formulas."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

MAX_WIDTH = 60
FORMULA_STARTS = ("=", "+", "-", "@")


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
            sheet.append(list(row))
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value[:1] in FORMULA_STARTS:
                    # Exported text stays text: a title starting with "=" must not become a formula when
                    # opened. The quote prefix is a cell property, so the text itself is unchanged.
                    cell.data_type, cell.quotePrefix = "s", True
        for column in sheet.columns:
            width = max((len(str(cell.value)) for cell in column if cell.value is not None), default=8)
            sheet.column_dimensions[column[0].column_letter].width = min(MAX_WIDTH, width + 2)
        sheet.freeze_panes = "A2"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
