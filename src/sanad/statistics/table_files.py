"""A shown table as a file: CSV, JSON or XLSX, the same cells the page shows. The web downloads and
``sanad stats`` both write through here, so a table never has two file layouts."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from sanad.catalogs import loader
from sanad.documents.spreadsheet import workbook
from sanad.statistics.table import CellStatus, ShownTable

FORMATS = ("csv", "json", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def file_name(shown: ShownTable, extension: str) -> str:
    table = shown.source
    region = f"-{table.region}" if table.region else ""
    kind = "tip" if table.period.kind == "tip" else "year"
    state = "published" if shown.published else "exact"
    return f"sanad-{table.code}-{kind}{table.period.year}{region}-{state}.{extension}"


def _header(shown: ShownTable) -> list[str]:
    return [shown.source.row_header, *(column.label for column in shown.source.columns)]


def _label(shown: ShownTable, index: int) -> str:
    row = shown.source.rows[index]
    return ("    " * row.level) + row.label


def table_csv(shown: ShownTable) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_header(shown))
    for index, cells in enumerate(shown.display):
        writer.writerow([_label(shown, index), *cells])
    return buffer.getvalue()


def _number(text: str) -> int | Decimal | None:
    cleaned = text.replace(" %", "").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return int(value) if value == value.to_integral_value() and "." not in cleaned else value


def about(shown: ShownTable) -> dict[str, Any]:
    table = shown.source
    return {
        "code": table.code,
        "title": table.title,
        "unit": table.unit,
        "period": {
            "kind": table.period.kind,
            "year": table.period.year,
            "start": table.period.start.isoformat(),
            "end": table.period.end.isoformat(),
            "label": table.period.label,
        },
        "region": table.region,
        "region_label": loader.region_label(table.region) if table.region else "",
        "published": shown.published,
        "threshold": shown.threshold,
        "notes": list(table.notes),
    }


def table_json(shown: ShownTable) -> str:
    rows = []
    for index, cells in enumerate(shown.display):
        row = shown.source.rows[index]
        statuses = shown.status[index]
        rows.append(
            {
                "key": row.key,
                "label": row.label,
                "level": row.level,
                "cells": cells,
                "values": [
                    None if status != CellStatus.SHOWN else _json_number(text)
                    for text, status in zip(cells, statuses, strict=True)
                ],
                "status": statuses,
            }
        )
    document = {
        **about(shown),
        "columns": [
            {"key": column.key, "label": column.label, "kind": column.kind} for column in shown.source.columns
        ],
        "rows": rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _json_number(text: str) -> int | float | None:
    value = _number(text)
    if value is None:
        return None
    return int(value) if isinstance(value, int) else float(value)


def table_xlsx(shown: ShownTable, *, rtl: bool = False) -> bytes:
    """Sheet one holds the table, numbers as numbers and hidden cells as their text ("<5", "x"); sheet two
    says what the table is, its period and its notes, so the file still explains itself when forwarded."""
    rows = [
        [_label(shown, index), *(_number(text) if status == CellStatus.SHOWN else text for text, status in
                                 zip(cells, shown.status[index], strict=True))]
        for index, cells in enumerate(shown.display)
    ]  # fmt: skip
    facts = about(shown)
    legend = [
        [_("Table"), facts["title"]],
        [_("Unit"), facts["unit"]],
        [_("Period"), facts["period"]["label"]],
        [_("Region"), facts["region_label"] or _("Whole country")],
        [
            _("Disclosure control"),
            _(
                "Counts from 1 to %(last)s are shown as <%(k)s; x marks a cell hidden so that they "
                "cannot be recomputed."
            )
            % {"last": shown.threshold - 1, "k": shown.threshold}
            if shown.published
            else _("Exact figures, for internal use only."),
        ],
        *([_("Note"), note] for note in facts["notes"]),
    ]
    return workbook(
        [(shown.source.code, _header(shown), rows), (_("About"), [_("Item"), _("Value")], legend)], rtl=rtl
    )


def render(shown: ShownTable, file_format: str, *, rtl: bool = False) -> bytes:
    if file_format == "csv":
        return table_csv(shown).encode("utf-8")
    if file_format == "json":
        return table_json(shown).encode("utf-8")
    if file_format == "xlsx":
        return table_xlsx(shown, rtl=rtl)
    raise ValueError(file_format)
