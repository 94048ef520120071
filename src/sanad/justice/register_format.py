"""The prosecution register's format and the errors an import reports, shared by the ``register_*`` modules.

One row per charge: a defendant charged under two articles is two rows repeating the case and defendant
columns. See docs/register-import.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

REGISTER_COLUMNS: tuple[str, ...] = (
    "case_reference", "investigating_unit", "region", "opened_on", "origin", "forms_of_exploitation",
    "defendant_number", "defendant_name", "defendant_document", "sex", "nationality", "age", "role",
    "public_official", "arrested_on", "article", "charged_on", "court", "first_instance_outcome",
    "first_instance_on", "appeal_outcome", "appeal_on", "prison_months", "suspended_months", "fine_mad",
    "restitution_mad", "confiscation",
)  # fmt: skip
REQUIRED_COLUMNS: frozenset[str] = frozenset(
    {
        "case_reference", "investigating_unit", "region", "opened_on", "origin", "defendant_number",
        "defendant_name", "sex", "role", "article", "charged_on",
    }
)  # fmt: skip
# Columns every row of one case (resp. one defendant) repeats, and must repeat identically.
CASE_COLUMNS = ("investigating_unit", "region", "opened_on", "origin", "forms_of_exploitation", "court")
DEFENDANT_COLUMNS = (
    "defendant_name", "defendant_document", "sex", "nationality", "age", "role", "public_official",
    "arrested_on",
)  # fmt: skip
SENTENCE_COLUMNS = ("prison_months", "suspended_months", "fine_mad", "restitution_mad", "confiscation")

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
MAX_ERRORS = 500
# Long cell values (a pasted paragraph, a formula) are cut in messages so that the error list stays readable.
SHOWN_LENGTH = 60


@dataclass(frozen=True)
class RowError:
    """One problem of the file. ``message`` is a whole sentence naming the row, the column and the value, so a
    list of messages reads on its own."""

    row: int  # as a spreadsheet numbers it: the header is row 1; 0 for the whole file
    column: str  # "" for the whole row or file
    message: str


def shown(value: Any) -> str:
    """A register value as the user wrote it, for messages."""
    if value is None or value in ("", ()):
        return _("(empty)")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return ";".join(str(item) for item in value)
    short_code = getattr(value, "short_code", None)
    text = str(short_code if short_code is not None else value)
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"


def row_error(row: int, column: str, problem: str) -> RowError:
    if row == 0:
        message = problem
    elif column:
        message = _("Row %(row)s, column %(column)s: %(problem)s") % {
            "row": row,
            "column": column,
            "problem": problem,
        }
    else:
        message = _("Row %(row)s: %(problem)s") % {"row": row, "problem": problem}
    return RowError(row=row, column=column, message=message)


class Problems:
    """The errors of one import. Only the first MAX_ERRORS are kept, the rest counted: a file of 200,000 bad
    rows must neither hold a million messages in memory nor show them."""

    def __init__(self) -> None:
        self._kept: list[RowError] = []
        self._more = 0

    def __bool__(self) -> bool:
        return bool(self._kept)

    def __len__(self) -> int:
        return len(self._kept) + self._more

    def add(self, row: int, column: str, problem: str) -> None:
        # Errors of the whole file are always kept: they say why the rest was not even read.
        if row == 0 or len(self._kept) < MAX_ERRORS:
            self._kept.append(row_error(row, column, problem))
        else:
            self._more += 1

    def add_validation(self, row: int, error: ValidationError, columns: dict[str, str]) -> None:
        """A ValidationError of the services or the chronology, its fields renamed to register columns."""
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.add(row, "", message)
            return
        # Two fields blamed on one column (a future opening makes the referral date future too) say it once.
        said = set()
        for field, messages in error.message_dict.items():
            for message in messages:
                column = columns.get(field, field)
                if (column, message) not in said:
                    said.add((column, message))
                    self.add(row, column, message)

    def has_file_error(self) -> bool:
        return any(error.row == 0 for error in self._kept)

    def as_list(self) -> list[RowError]:
        errors = sorted(self._kept, key=lambda error: error.row)
        if self._more:
            errors.append(
                RowError(
                    row=0,
                    column="",
                    message=_("… and %(count)s more errors not listed.") % {"count": self._more},
                )
            )
        return errors
