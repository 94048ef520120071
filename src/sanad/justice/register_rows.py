"""Register rows: each cell parsed and checked on its own, then the rows grouped into cases, defendants and
charges, checking that the rows of one case (one defendant) agree and that no charge appears twice.

Nothing here reads the criminal cases already recorded; register_apply compares with them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.accounts.models import Organisation
from sanad.justice import services
from sanad.justice.models import OffenceArticle, VerdictOutcome
from sanad.justice.register_format import (
    CASE_COLUMNS,
    DEFENDANT_COLUMNS,
    MAX_ROWS,
    REGISTER_COLUMNS,
    REQUIRED_COLUMNS,
    SENTENCE_COLUMNS,
    Problems,
    shown,
)
from sanad.justice.register_read import Cell, Formula, Sheet
from sanad.people.models import Sex


@dataclass(slots=True)
class RegisterRow:
    """One row, every cell parsed. Attribute names are the column names; optional cells left empty are None
    (or "" / () for texts and lists), so that "not given" stays distinct from "no" or 0."""

    number: int
    case_reference: str
    investigating_unit: Organisation
    region: str
    opened_on: date
    origin: str
    forms_of_exploitation: tuple[str, ...]
    defendant_number: int
    defendant_name: str
    defendant_document: str
    sex: str
    nationality: str
    age: int | None
    role: str
    public_official: bool | None
    arrested_on: date | None
    article: OffenceArticle
    charged_on: date
    court: Organisation | None
    first_instance_outcome: str  # "" while pending
    first_instance_on: date | None
    appeal_outcome: str
    appeal_on: date | None
    prison_months: int | None
    suspended_months: int | None
    fine_mad: int | None
    restitution_mad: int | None
    confiscation: bool | None


class CellError(Exception):
    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


class Lookups:
    """What parsing needs from the database and the catalogues, read once per import, with memos: a register
    repeats the same dates and codes on thousands of rows."""

    def __init__(self) -> None:
        self.organisations = {org.short_code.lower(): org for org in Organisation.objects.all()}
        self.articles = {article.code.upper(): article for article in OffenceArticle.objects.all()}
        self.dates: dict[str, date] = {}
        self.code_checks: dict[tuple[Any, ...], list[tuple[str, str]]] = {}

    def checked(self, key: tuple[Any, ...], check: Callable[[], None]) -> list[tuple[str, str]]:
        """The (field, message) pairs a services check raises for these codes, computed once per key."""
        found = self.code_checks.get(key)
        if found is None:
            found = []
            try:
                check()
            except ValidationError as error:
                found = [(f, m) for f, messages in error.message_dict.items() for m in messages]
            self.code_checks[key] = found
        return found


# ---- cells ---------------------------------------------------------------------------------------------

NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
# Spaces French users put between thousands: ordinary, no-break and narrow no-break.
THOUSANDS = re.compile(r"[ \u00a0\u202f]")
SEX_ALIASES = {"f": Sex.FEMALE.value, "m": Sex.MALE.value}
YES = frozenset({"yes", "oui", "1", "true", "vrai"})
NO = frozenset({"no", "non", "0", "false", "faux"})
OUTCOMES = frozenset({VerdictOutcome.CONVICTED, VerdictOutcome.ACQUITTED, VerdictOutcome.DISMISSED})


def formula_problem(cell: Cell) -> str | None:
    """A formula is refused, and so is text a spreadsheet would run as one when the register is exported
    again (CSV injection): nothing is ever evaluated."""
    if isinstance(cell, Formula):
        return _("%(value)s is a formula: formulas are not accepted; paste the values instead.") % {
            "value": shown(cell.text)
        }
    if isinstance(cell, str) and cell and (cell[0] in "=+@" or (cell[0] == "-" and not NUMBER.match(cell))):
        return _("%(value)s begins with %(char)s, which a spreadsheet would run as a formula; remove it.") % {
            "value": shown(cell),
            "char": cell[0],
        }
    return None


def _text(limit: int) -> Callable[[Cell, Lookups], str]:
    def parse(cell: Cell, lookups: Lookups) -> str:
        text = cell.isoformat() if isinstance(cell, date) else str(cell)
        if len(text) > limit:
            raise CellError(
                _("%(value)s is longer than %(limit)s characters.") % {"value": shown(text), "limit": limit}
            )
        return text

    return parse


def _organisation(types: tuple[str, ...], kind: Callable[[], str]) -> Callable[[Cell, Lookups], Organisation]:
    def parse(cell: Cell, lookups: Lookups) -> Organisation:
        code = str(cell)
        organisation = lookups.organisations.get(code.lower())
        if organisation is None:
            raise CellError(_("Unknown organisation %(code)s: give its short code.") % {"code": shown(code)})
        if organisation.type not in types:
            raise CellError(_("%(code)s is not %(kind)s.") % {"code": shown(code), "kind": kind()})
        if not organisation.is_active:
            raise CellError(_("%(code)s is no longer an active organisation.") % {"code": shown(code)})
        return organisation

    return parse


def _date(cell: Cell, lookups: Lookups) -> date:
    if isinstance(cell, date):
        return cell
    text = str(cell)
    found = lookups.dates.get(text)
    if found is None:
        found = parse_date(text)
        lookups.dates[text] = found
    return found


def parse_date(text: str) -> date:
    iso, french = ISO_DATE.match(text), FRENCH_DATE.match(text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if french:
            return date(int(french[3]), int(french[2]), int(french[1]))
    except ValueError:
        pass
    raise CellError(_("%(value)s is not a date: write YYYY-MM-DD or DD/MM/YYYY.") % {"value": shown(text)})


def _whole(cell: Cell) -> int:
    text = THOUSANDS.sub("", str(cell))
    if NUMBER.match(text) is None or "." in text or "," in text:
        raise CellError(_("%(value)s is not a whole number.") % {"value": shown(cell)})
    number = int(text)
    if number < 0:
        raise CellError(_("%(value)s is negative.") % {"value": shown(cell)})
    return number


def _count(cell: Cell, lookups: Lookups) -> int:
    return _whole(cell)


def _positive(cell: Cell, lookups: Lookups) -> int:
    number = _whole(cell)
    if number == 0:
        raise CellError(_("%(value)s is not a number above zero.") % {"value": shown(cell)})
    return number


def _lower(cell: Cell, lookups: Lookups) -> str:
    return str(cell).lower()


def _upper(cell: Cell, lookups: Lookups) -> str:
    return str(cell).upper()


def _sex(cell: Cell, lookups: Lookups) -> str:
    code = str(cell).lower()
    return SEX_ALIASES.get(code, code)


def _forms(cell: Cell, lookups: Lookups) -> tuple[str, ...]:
    # ";" as documented; "," too, since in a ";"-separated file a user naturally writes "a, b".
    return tuple(sorted({code.strip().lower() for code in re.split(r"[;,]", str(cell)) if code.strip()}))


def _yes_no(cell: Cell, lookups: Lookups) -> bool:
    word = str(cell).lower()
    if word in YES:
        return True
    if word in NO:
        return False
    raise CellError(_("%(value)s is neither yes nor no.") % {"value": shown(cell)})


def _outcome(cell: Cell, lookups: Lookups) -> str:
    word = str(cell).lower()
    if word in OUTCOMES:
        return word
    if word == "pending":
        return ""
    raise CellError(
        _("Unknown outcome %(value)s: write convicted, acquitted, dismissed or pending.")
        % {"value": shown(cell)}
    )


def _article(cell: Cell, lookups: Lookups) -> OffenceArticle:
    article = lookups.articles.get(str(cell).upper())
    if article is None:
        raise CellError(_("Unknown article code %(code)s.") % {"code": shown(cell)})
    return article


Parser = Callable[[Cell, Lookups], Any]
PARSERS: dict[str, Parser] = {
    "case_reference": _text(40),
    "investigating_unit": _organisation(
        policy.INVESTIGATING_ORGANISATION_TYPES, lambda: _("an investigating unit (police or gendarmerie)")
    ),
    "region": _upper,
    "opened_on": _date,
    "origin": _lower,
    "forms_of_exploitation": _forms,
    "defendant_number": _positive,
    "defendant_name": _text(200),
    "defendant_document": _text(60),
    "sex": _sex,
    "nationality": _upper,
    "age": _count,
    "role": _lower,
    "public_official": _yes_no,
    "arrested_on": _date,
    "article": _article,
    "charged_on": _date,
    "court": _organisation(policy.COURT_ORGANISATION_TYPES, lambda: _("a court")),
    "first_instance_outcome": _outcome,
    "first_instance_on": _date,
    "appeal_outcome": _outcome,
    "appeal_on": _date,
    "prison_months": _count,
    "suspended_months": _count,
    "fine_mad": _count,
    "restitution_mad": _count,
    "confiscation": _yes_no,
}
# What an optional column left empty (or absent from the file) means.
EMPTY: dict[str, Any] = {
    "forms_of_exploitation": (),
    "defendant_document": "",
    "nationality": "",
    "first_instance_outcome": "",
    "appeal_outcome": "",
}


# ---- rows ----------------------------------------------------------------------------------------------


def parse_rows(sheet: Sheet, lookups: Lookups, problems: Problems) -> tuple[list[RegisterRow], int, set[str]]:
    """The rows that parsed without error, the number of data rows read, and the references of cases with a
    row in error (their other rows are not compared with the database: the errors would only echo)."""
    positions = [(position, name) for position, name in enumerate(sheet.columns) if name]
    rows: list[RegisterRow] = []
    broken: set[str] = set()
    read = 0
    for number, cells in sheet.rows:
        read += 1
        if read > MAX_ROWS:
            problems.add(
                0, "", _("The file has more than %(limit)s rows; split it.") % {"limit": f"{MAX_ROWS:,}"}
            )
            break
        row = _parse_row(
            number, cells, columns=sheet.columns, positions=positions, lookups=lookups, problems=problems
        )
        if isinstance(row, RegisterRow):
            rows.append(row)
        elif row:
            broken.add(row)
    return rows, min(read, MAX_ROWS), broken


def _parse_row(
    number: int,
    cells: list[Cell],
    *,
    columns: list[str],
    positions: list[tuple[int, str]],
    lookups: Lookups,
    problems: Problems,
) -> RegisterRow | str:
    """The parsed row, or the case reference (maybe "") of a row in error after reporting its errors."""
    before = len(problems)
    # A value under no column name would be silently dropped: the user must move or delete it.
    stray = [p for p, cell in enumerate(cells) if cell != "" and (p >= len(columns) or not columns[p])]
    if stray:
        problems.add(
            number,
            "",
            _("There is a value in column %(position)s, which has no name in the header.")
            % {"position": stray[0] + 1},
        )
    values = {
        name: _parse_cell(number, name, cells[p] if p < len(cells) else "", lookups, problems)
        for p, name in positions
    }
    for name in REGISTER_COLUMNS:
        values.setdefault(name, EMPTY.get(name))
    if len(problems) == before:
        _check_codes(number, values, lookups, problems)
        _check_row(number, values, problems)
    if len(problems) > before:
        reference = values.get("case_reference")
        return reference if isinstance(reference, str) else ""
    return RegisterRow(number=number, **values)


def _parse_cell(number: int, column: str, cell: Cell, lookups: Lookups, problems: Problems) -> Any:
    problem = formula_problem(cell)
    if problem is not None:
        problems.add(number, column, problem)
        return None
    if cell == "":
        if column in REQUIRED_COLUMNS:
            problems.add(number, column, _("A value is required."))
        return EMPTY.get(column)
    try:
        return PARSERS[column](cell, lookups)
    except CellError as error:
        problems.add(number, column, error.problem)
        return None


def _check_codes(number: int, values: dict[str, Any], lookups: Lookups, problems: Problems) -> None:
    """Region, origin, forms, sex, nationality, role and age through the services' own checks, so the forms
    and the import accept the same codes."""
    case_key = ("case", values["region"], values["origin"], values["forms_of_exploitation"])
    defendant_key = ("defendant", values["sex"], values["nationality"], values["role"], values["age"])
    found = lookups.checked(
        case_key,
        lambda: services.check_case_codes(
            region=values["region"],
            origin=values["origin"],
            forms_of_exploitation=list(values["forms_of_exploitation"]),
        ),
    ) + lookups.checked(
        defendant_key,
        lambda: services.check_defendant_codes(
            sex=values["sex"], nationality=values["nationality"], role=values["role"], age=values["age"]
        ),
    )
    for column, message in found:
        problems.add(number, column, message)


def _check_row(number: int, values: dict[str, Any], problems: Problems) -> None:
    for outcome, day in (("first_instance_outcome", "first_instance_on"), ("appeal_outcome", "appeal_on")):
        if values[outcome] and values[day] is None:
            problems.add(number, day, _("Give the date of the decision when an outcome is given."))
        if not values[outcome] and values[day] is not None:
            problems.add(
                number,
                outcome,
                _("A decision date (%(date)s) is given but the outcome is empty or pending.")
                % {"date": shown(values[day])},
            )
    prison, suspended = values["prison_months"] or 0, values["suspended_months"] or 0
    if suspended > prison:
        problems.add(
            number,
            "suspended_months",
            _("%(suspended)s months suspended exceed the prison term of %(prison)s months.")
            % {"suspended": suspended, "prison": prison},
        )


# ---- grouping ------------------------------------------------------------------------------------------


@dataclass
class DefendantRows:
    first: RegisterRow  # holds the defendant's and the sentence's columns for all its rows
    charges: dict[str, RegisterRow] = field(default_factory=dict)  # by article code

    @property
    def rows(self) -> Iterator[RegisterRow]:
        return iter(self.charges.values())


@dataclass
class CaseRows:
    first: RegisterRow  # holds the case's columns for all its rows
    defendants: dict[int, DefendantRows] = field(default_factory=dict)  # by number in the case

    @property
    def rows(self) -> Iterator[RegisterRow]:
        return (row for defendant in self.defendants.values() for row in defendant.rows)


def group_rows(rows: list[RegisterRow], problems: Problems, broken: set[str]) -> dict[str, CaseRows]:
    """The rows by case and defendant. Cases whose rows disagree are added to ``broken``."""
    cases: dict[str, CaseRows] = {}
    seen: dict[tuple[str, int, str], int] = {}
    same_case, same_defendant = _("the same case"), _("the same defendant")
    for row in rows:
        key = (row.case_reference, row.defendant_number, row.article.code)
        if key in seen:
            problems.add(
                row.number,
                "",
                _("Duplicate of row %(row)s: same case, defendant and article.") % {"row": seen[key]},
            )
            broken.add(row.case_reference)
            continue
        seen[key] = row.number
        case = cases.get(row.case_reference)
        if case is None:
            case = cases[row.case_reference] = CaseRows(first=row)
        defendant = case.defendants.get(row.defendant_number)
        if defendant is None:
            defendant = case.defendants[row.defendant_number] = DefendantRows(first=row)
        disagree = _disagreements(row, case.first, CASE_COLUMNS, same_case, problems)
        disagree |= _disagreements(
            row, defendant.first, DEFENDANT_COLUMNS + SENTENCE_COLUMNS, same_defendant, problems
        )
        if disagree:
            broken.add(row.case_reference)
        defendant.charges[row.article.code] = row
    return cases


def _disagreements(
    row: RegisterRow, first: RegisterRow, columns: tuple[str, ...], whose: str, problems: Problems
) -> bool:
    found = False
    for column in columns:
        value, expected = getattr(row, column), getattr(first, column)
        if value != expected:
            found = True
            problems.add(
                row.number,
                column,
                _("%(value)s differs from %(expected)s in row %(row)s, of %(whose)s; its rows must agree.")
                % {"value": shown(value), "expected": shown(expected), "row": first.number, "whose": whose},
            )
    return found
