"""Comparing the register with what is recorded, then writing what it adds.

Natural keys: a case by its reference, a defendant by (case, number), a charge by (defendant, article), a
verdict by (charge, court level), a sentence by (defendant, court level). What the register adds (a verdict,
an arrest date, a court, a sentence) is filled in; a value contradicting the record is an error, never an
overwrite. Dates are checked by ``chronology`` on the very instances that will be saved, so the forms and the
import share one set of rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sanad.accounts.models import Organisation
from sanad.concurrency import bump_version
from sanad.justice import chronology, services
from sanad.justice.models import (
    COURT_LEVEL_ORDER,
    Charge,
    CourtLevel,
    CriminalCase,
    Defendant,
    Sentence,
    Verdict,
    VerdictOutcome,
)
from sanad.justice.register_format import SENTENCE_COLUMNS, Problems, shown
from sanad.justice.register_rows import CaseRows, DefendantRows, RegisterRow
from sanad.people.models import Sex

# The register's two court levels: (level, outcome column, date column).
VERDICT_COLUMNS = (
    (CourtLevel.FIRST_INSTANCE.value, "first_instance_outcome", "first_instance_on"),
    (CourtLevel.APPEAL.value, "appeal_outcome", "appeal_on"),
)
LEVEL_ORDER: dict[str, int] = {str(level): order for level, order in COURT_LEVEL_ORDER.items()}
# SQLite refuses queries with more than 999 parameters in older builds.
CHUNK = 900
BATCH = 2000
COUNT_KEYS = (
    "cases_created", "cases_updated", "defendants_created", "defendants_updated", "charges_created",
    "verdicts_created", "sentences_created", "rows_unchanged",
)  # fmt: skip

# The columns to blame for an error a chronology or services check raises on a model field.
CASE_CHECK_COLUMNS = {"opened_on": "opened_on", "referred_to_prosecution_on": "opened_on"}
DEFENDANT_CHECK_COLUMNS = {"investigated_on": "opened_on", "arrested_on": "arrested_on"}
CHARGE_CHECK_COLUMNS = {"charged_on": "charged_on"}
SENTENCE_FIELDS = {
    "prison_months": "prison_months",
    "suspended_months": "suspended_months",
    "fine_mad": "fine_minor",
    "restitution_mad": "restitution_minor",
    "confiscation": "confiscation",
}


def _chunks[T](items: list[T]) -> Iterator[list[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


@dataclass
class Recorded:
    """What is already recorded for the register's cases, with relations cached so the chronology checks
    issue no query."""

    cases: dict[str, CriminalCase] = field(default_factory=dict)
    defendants: dict[tuple[UUID, int], Defendant] = field(default_factory=dict)
    charges: dict[tuple[UUID, int], Charge] = field(default_factory=dict)
    verdicts: dict[UUID, dict[str, Verdict]] = field(default_factory=dict)
    sentences: dict[UUID, dict[str, Sentence]] = field(default_factory=dict)


def load_recorded(references: Iterable[str]) -> Recorded:
    """Must run inside the import's transaction: the cases are locked until it ends."""
    recorded = Recorded()
    for some_references in _chunks(sorted(references)):
        locked = CriminalCase.objects.select_for_update(of=("self",)).filter(reference__in=some_references)
        for case in locked:
            recorded.cases[case.reference] = case
    cases_by_id = {case.pk: case for case in recorded.cases.values()}
    defendants_by_id: dict[UUID, Defendant] = {}
    for case_ids in _chunks(list(cases_by_id)):
        for defendant in Defendant.objects.filter(criminal_case_id__in=case_ids).defer("aliases"):
            defendant.criminal_case = cases_by_id[defendant.criminal_case_id]
            recorded.defendants[(defendant.criminal_case_id, defendant.number)] = defendant
            defendants_by_id[defendant.pk] = defendant
    charges_by_id: dict[UUID, Charge] = {}
    for defendant_ids in _chunks(list(defendants_by_id)):
        for charge in Charge.objects.filter(defendant_id__in=defendant_ids):
            charge.defendant = defendants_by_id[charge.defendant_id]
            recorded.charges[(charge.defendant_id, charge.article_id)] = charge
            charges_by_id[charge.pk] = charge
        for sentence in Sentence.objects.filter(defendant_id__in=defendant_ids):
            recorded.sentences.setdefault(sentence.defendant_id, {})[sentence.court_level] = sentence
    for charge_ids in _chunks(list(charges_by_id)):
        for verdict in Verdict.objects.filter(charge_id__in=charge_ids):
            verdict.charge = charges_by_id[verdict.charge_id]
            recorded.verdicts.setdefault(verdict.charge_id, {})[verdict.court_level] = verdict
    return recorded


@dataclass
class Changes:
    new_cases: list[CriminalCase] = field(default_factory=list)
    # Recorded cases and defendants to save, with the fields the register filled in (none when only the
    # version moves, e.g. a case that gains a defendant).
    touched_cases: dict[UUID, tuple[CriminalCase, set[str]]] = field(default_factory=dict)
    new_defendants: list[Defendant] = field(default_factory=list)
    touched_defendants: dict[UUID, tuple[Defendant, set[str]]] = field(default_factory=dict)
    new_charges: list[Charge] = field(default_factory=list)
    new_verdicts: list[Verdict] = field(default_factory=list)
    new_sentences: list[Sentence] = field(default_factory=list)
    changed_rows: set[int] = field(default_factory=set)

    def add_counts(self, totals: dict[str, int]) -> None:
        """Add what this batch creates and updates to ``totals``; rows_unchanged counts down from all rows."""
        totals["cases_created"] += len(self.new_cases)
        totals["cases_updated"] += sum(1 for _case, fields in self.touched_cases.values() if fields)
        totals["defendants_created"] += len(self.new_defendants)
        totals["defendants_updated"] += len(self.touched_defendants)
        totals["charges_created"] += len(self.new_charges)
        totals["verdicts_created"] += len(self.new_verdicts)
        totals["sentences_created"] += len(self.new_sentences)
        totals["rows_unchanged"] -= len(self.changed_rows)

    def touch_case(self, case: CriminalCase, fields: set[str]) -> None:
        _case, known = self.touched_cases.setdefault(case.pk, (case, set()))
        known |= fields


def zero_counts() -> dict[str, int]:
    return dict.fromkeys(COUNT_KEYS, 0)


def _dirhams(minor: int) -> str:
    return str(minor // 100) if minor % 100 == 0 else f"{minor / 100:.2f}"


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


class Merger:
    """Walks the register's cases, comparing each with the record; collects what to write in ``changes`` and
    what is wrong in ``problems``."""

    def __init__(
        self,
        *,
        actor: Any,
        office: Organisation,
        recorded: Recorded,
        organisations: dict[UUID, Organisation],
        problems: Problems,
    ) -> None:
        self.actor = actor
        self.office = office
        self.recorded = recorded
        self.organisations = organisations
        self.problems = problems
        self.changes = Changes()

    # ---- helpers ---------------------------------------------------------------------------------------

    def _passes(self, row: int, columns: dict[str, str], check: Callable[[], None]) -> bool:
        try:
            check()
        except ValidationError as error:
            self.problems.add_validation(row, error, columns)
            return False
        return True

    def _contradiction(self, row: int, column: str, value: Any, current: Any, what: str) -> None:
        self.problems.add(
            row,
            column,
            _(
                "The register says %(value)s but %(recorded)s is recorded for %(what)s; correct the register "
                "or the record."
            )
            % {"value": shown(value), "recorded": shown(current), "what": what},
        )

    def _identity_contradiction(self, row: int, column: str, value: str, what: str) -> None:
        # The recorded name or document is not repeated: the message may reach someone who may not see it.
        self.problems.add(
            row,
            column,
            _(
                "The register says %(value)s, which differs from what is recorded for %(what)s; correct the "
                "register or the record."
            )
            % {"value": shown(value), "what": what},
        )

    def _fill(
        self, target: Any, attr: str, value: Any, *, row: int, column: str, what: str, changed: set[str]
    ) -> None:
        """Fill in a value the record lacks; report one that contradicts it. Empty means "not given"."""
        if value in (None, "", Sex.UNKNOWN):
            return
        current = getattr(target, attr)
        if current in (None, "", Sex.UNKNOWN):
            setattr(target, attr, value)
            changed.add(attr)
        elif current != value:
            self._contradiction(row, column, value, current, what)

    def _fields_filled(self, case: CriminalCase) -> bool:
        touched = self.changes.touched_cases.get(case.pk)
        return touched is not None and bool(touched[1])

    def _mark(self, rows: Iterable[RegisterRow]) -> None:
        self.changes.changed_rows.update(row.number for row in rows)

    # ---- cases -----------------------------------------------------------------------------------------

    def merge(self, case_rows: CaseRows) -> None:
        first = case_rows.first
        recorded = self.recorded.cases.get(first.case_reference)
        case = self._new_case(first) if recorded is None else self._merge_case(recorded, first)
        if case is None:
            return
        if recorded is None or self._fields_filled(case):
            self._mark(case_rows.rows)
        for defendant_rows in case_rows.defendants.values():
            self._defendant(case, recorded is None, defendant_rows)

    def _new_case(self, first: RegisterRow) -> CriminalCase | None:
        case = CriminalCase(
            reference=first.case_reference,
            investigating_unit=first.investigating_unit,
            prosecution_office=self.office,
            court=first.court,
            region=first.region,
            opened_on=first.opened_on,
            origin=first.origin,
            forms_of_exploitation=list(first.forms_of_exploitation),
            # The register is the prosecution's own: the case is with it from the day it opened.
            referred_to_prosecution_on=first.opened_on,
            created_by=self.actor,
        )
        if not self._passes(first.number, CASE_CHECK_COLUMNS, lambda: chronology.check_case(case)):
            return None
        self.changes.new_cases.append(case)
        return case

    def _merge_case(self, case: CriminalCase, first: RegisterRow) -> CriminalCase | None:
        row = first.number
        if case.prosecution_office_id != self.office.pk:
            # Only a case referred to this office is merged. Anything more, even a contradiction naming the
            # recorded value, would tell an office what another agency recorded.
            self.problems.add(
                row,
                "case_reference",
                _(
                    "Criminal case %(reference)s is recorded and not referred to your office: "
                    "the investigating unit must refer it first."
                )
                % {"reference": case.reference},
            )
            return None
        before = len(self.problems)
        changed = self._compare_case(case, first)
        # Forms add up: the register may know forms the investigating unit had not recorded, and the reverse.
        forms = sorted(set(case.forms_of_exploitation) | set(first.forms_of_exploitation))
        if forms != sorted(case.forms_of_exploitation):
            case.forms_of_exploitation = forms
            changed.add("forms_of_exploitation")
        if len(self.problems) > before:
            return None
        if changed:
            if not self._passes(row, CASE_CHECK_COLUMNS, lambda: chronology.check_case(case)):
                return None
            self.changes.touch_case(case, changed)
        return case

    def _compare_case(self, case: CriminalCase, first: RegisterRow) -> set[str]:
        """Report the case columns that contradict the record; the fields filled in (the court)."""
        row = first.number
        what = _("criminal case %(reference)s") % {"reference": case.reference}
        if first.investigating_unit.pk != case.investigating_unit_id:
            unit = self.organisations.get(case.investigating_unit_id)
            self._contradiction(row, "investigating_unit", first.investigating_unit, unit, what)
        for column in ("region", "opened_on", "origin"):
            if getattr(first, column) != getattr(case, column):
                self._contradiction(row, column, getattr(first, column), getattr(case, column), what)
        if first.court is None:
            return set()
        if case.court_id is None:
            case.court = first.court
            return {"court"}
        if case.court_id != first.court.pk:
            self._contradiction(row, "court", first.court, self.organisations.get(case.court_id), what)
        return set()

    # ---- defendants ------------------------------------------------------------------------------------

    def _defendant(self, case: CriminalCase, case_is_new: bool, rows: DefendantRows) -> None:
        first = rows.first
        recorded = None if case_is_new else self.recorded.defendants.get((case.pk, first.defendant_number))
        if recorded is None:
            defendant = self._new_defendant(case, first)
            if defendant is not None and not case_is_new:
                self.changes.touch_case(case, set())
        else:
            defendant = self._merge_defendant(case, recorded, first)
        if defendant is None:
            return
        if recorded is None or defendant.pk in self.changes.touched_defendants:
            self._mark(rows.rows)
        for row in rows.rows:
            self._charge(case, defendant, recorded is None, row)
        self._sentence(defendant, recorded is None, rows)

    def _new_defendant(self, case: CriminalCase, first: RegisterRow) -> Defendant | None:
        defendant = Defendant(
            criminal_case=case,
            number=first.defendant_number,
            full_name=first.defendant_name,
            document_number=first.defendant_document,
            document_number_index=services.document_index(first.defendant_document),
            sex=first.sex,
            nationality=first.nationality,
            age=first.age,
            role=first.role,
            is_public_official=bool(first.public_official),
            investigated_on=case.opened_on,
            arrested_on=first.arrested_on,
        )
        if not self._passes(
            first.number, DEFENDANT_CHECK_COLUMNS, lambda: chronology.check_defendant(defendant)
        ):
            return None
        self.changes.new_defendants.append(defendant)
        return defendant

    def _merge_defendant(
        self, case: CriminalCase, defendant: Defendant, first: RegisterRow
    ) -> Defendant | None:
        row, before = first.number, len(self.problems)
        what = _("defendant %(number)s of criminal case %(reference)s") % {
            "number": defendant.number,
            "reference": case.reference,
        }
        changed: set[str] = set()
        if not _same_name(first.defendant_name, defendant.full_name):
            self._identity_contradiction(row, "defendant_name", first.defendant_name, what)
        document = first.defendant_document
        if document and not defendant.document_number:
            defendant.document_number = document
            defendant.document_number_index = services.document_index(document)
            changed |= {"document_number", "document_number_index"}
        elif document and services.document_index(document) != services.document_index(
            defendant.document_number
        ):
            self._identity_contradiction(row, "defendant_document", document, what)
        for column, attr in (("sex", "sex"), ("nationality", "nationality"), ("age", "age")):
            self._fill(
                defendant, attr, getattr(first, column), row=row, column=column, what=what, changed=changed
            )
        self._fill(
            defendant,
            "arrested_on",
            first.arrested_on,
            row=row,
            column="arrested_on",
            what=what,
            changed=changed,
        )
        if first.role != defendant.role:
            self._contradiction(row, "role", first.role, defendant.role, what)
        if first.public_official is True and not defendant.is_public_official:
            defendant.is_public_official = True
            changed.add("is_public_official")
        elif first.public_official is False and defendant.is_public_official:
            self._contradiction(row, "public_official", False, True, what)
        if len(self.problems) > before:
            return None
        if changed:
            if not self._passes(row, DEFENDANT_CHECK_COLUMNS, lambda: chronology.check_defendant(defendant)):
                return None
            self.changes.touched_defendants[defendant.pk] = (defendant, changed)
        return defendant

    # ---- charges and verdicts --------------------------------------------------------------------------

    def _charge(
        self, case: CriminalCase, defendant: Defendant, defendant_is_new: bool, row: RegisterRow
    ) -> None:
        recorded = None if defendant_is_new else self.recorded.charges.get((defendant.pk, row.article.pk))
        if recorded is not None:
            if recorded.charged_on != row.charged_on:
                what = _("the charge under %(article)s of defendant %(number)s") % {
                    "article": row.article.code,
                    "number": defendant.number,
                }
                self._contradiction(row.number, "charged_on", row.charged_on, recorded.charged_on, what)
                return
            charge = recorded
        else:
            if not row.article.is_active:
                self.problems.add(
                    row.number,
                    "article",
                    _("Article %(code)s is no longer in use.") % {"code": row.article.code},
                )
                return
            charge = Charge(defendant=defendant, article=row.article, charged_on=row.charged_on)
            if not self._passes(row.number, CHARGE_CHECK_COLUMNS, lambda: chronology.check_charge(charge)):
                return
            self.changes.new_charges.append(charge)
            self.changes.changed_rows.add(row.number)
        levels = dict(self.recorded.verdicts.get(charge.pk, {})) if recorded is not None else {}
        for level, outcome_column, date_column in VERDICT_COLUMNS:
            if not self._verdict(
                case, charge, row, levels=levels, level=level, columns=(outcome_column, date_column)
            ):
                return

    def _verdict(
        self,
        case: CriminalCase,
        charge: Charge,
        row: RegisterRow,
        *,
        levels: dict[str, Verdict],
        level: str,
        columns: tuple[str, str],
    ) -> bool:
        """Compare or add the verdict at one level; False when it is wrong, so the level above is not
        checked against it."""
        outcome_column, date_column = columns
        outcome, decided_on = getattr(row, outcome_column), getattr(row, date_column)
        if not outcome:
            return True
        existing = levels.get(level)
        if existing is not None:
            what = _("the verdict on %(article)s of defendant %(number)s") % {
                "article": row.article.code,
                "number": charge.defendant.number,
            }
            if existing.outcome != outcome:
                self._contradiction(row.number, outcome_column, outcome, existing.outcome, what)
            if existing.decided_on != decided_on:
                self._contradiction(row.number, date_column, decided_on, existing.decided_on, what)
            return existing.outcome == outcome and existing.decided_on == decided_on
        if any(LEVEL_ORDER[other] > LEVEL_ORDER[level] for other in levels):
            self.problems.add(
                row.number, outcome_column, _("This charge already has a verdict at a higher level.")
            )
            return False
        verdict = Verdict(
            charge=charge,
            court_level=level,
            outcome=outcome,
            decided_on=decided_on,
            court_id=case.court_id if level == CourtLevel.FIRST_INSTANCE else None,
        )
        earlier = [v for other, v in levels.items() if LEVEL_ORDER[other] < LEVEL_ORDER[level]]
        blame = {"decided_on": date_column, "court_level": outcome_column}
        if not self._passes(row.number, blame, lambda: chronology.check_verdict(verdict, earlier=earlier)):
            return False
        levels[level] = verdict
        self.changes.new_verdicts.append(verdict)
        self.changes.changed_rows.add(row.number)
        return True

    # ---- sentences -------------------------------------------------------------------------------------

    def _sentence(self, defendant: Defendant, defendant_is_new: bool, rows: DefendantRows) -> None:
        """The sentence columns describe the sentence at the highest level where the register shows the
        defendant convicted, pronounced with the last conviction at that level."""
        first = rows.first
        convictions = [
            (level, getattr(row, date_column))
            for row in rows.rows
            for level, outcome_column, date_column in VERDICT_COLUMNS
            if getattr(row, outcome_column) == VerdictOutcome.CONVICTED
        ]
        given = [column for column in SENTENCE_COLUMNS if getattr(first, column) not in (None, 0, False)]
        if not convictions:
            if given:
                self.problems.add(
                    first.number,
                    given[0],
                    _(
                        "A sentence is given but no charge of defendant %(number)s is convicted in the "
                        "register."
                    )
                    % {"number": defendant.number},
                )
            return
        level = max((level for level, _day in convictions), key=LEVEL_ORDER.__getitem__)
        decided_on: date = max(day for other, day in convictions if other == level)
        values = {
            "prison_months": first.prison_months,
            "suspended_months": first.suspended_months,
            "fine_minor": None if first.fine_mad is None else first.fine_mad * 100,
            "restitution_minor": None if first.restitution_mad is None else first.restitution_mad * 100,
            "confiscation": first.confiscation,
        }
        existing = None if defendant_is_new else self.recorded.sentences.get(defendant.pk, {}).get(level)
        if existing is not None:
            self._compare_sentence(existing, values, first.number, defendant)
        elif given:
            self.changes.new_sentences.append(
                Sentence(
                    defendant=defendant,
                    court_level=level,
                    decided_on=decided_on,
                    **{name: value or 0 for name, value in values.items() if name != "confiscation"},
                    confiscation=bool(values["confiscation"]),
                )
            )
            self._mark(rows.rows)

    def _compare_sentence(
        self, sentence: Sentence, values: dict[str, Any], row: int, defendant: Defendant
    ) -> None:
        what = _("the sentence of defendant %(number)s") % {"number": defendant.number}
        for column, attr in SENTENCE_FIELDS.items():
            value, current = values[attr], getattr(sentence, attr)
            if value is None or value == current:
                continue
            if attr.endswith("_minor"):
                value, current = _dirhams(value), _dirhams(current)
            self._contradiction(row, column, value, current, what)


def write(changes: Changes) -> None:
    """Store what the merge collected: new objects in bulk (encrypted fields are encrypted by bulk_create as
    by save), filled-in records one by one with only the fields that changed."""
    CriminalCase.objects.bulk_create(changes.new_cases, batch_size=BATCH)
    for case, fields in changes.touched_cases.values():
        bump_version(case)
        case.save(update_fields=[*sorted(fields), "version", "updated_at"])
    Defendant.objects.bulk_create(changes.new_defendants, batch_size=BATCH)
    for defendant, fields in changes.touched_defendants.values():
        bump_version(defendant)
        defendant.save(update_fields=[*sorted(fields), "version", "updated_at"])
    Charge.objects.bulk_create(changes.new_charges, batch_size=BATCH)
    Verdict.objects.bulk_create(changes.new_verdicts, batch_size=BATCH)
    Sentence.objects.bulk_create(changes.new_sentences, batch_size=BATCH)
