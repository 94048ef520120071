"""Bulk import of a prosecution office's register (CSV or XLSX) into criminal cases.

All or nothing: every row is checked first, against the file and against what is recorded; one error and
nothing is stored. A dry run takes exactly the same path and rolls the transaction back at the end, so its
counts are what the real import stores. Importing the same file twice creates nothing the second time.

The pieces: register_read (file → cells), register_rows (cells → checked rows, grouped by case and
defendant), register_apply (comparison with the record, then the writes). The format is in
docs/register-import.md.
"""

from __future__ import annotations

import gc
import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.accounts.models import Organisation
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.justice.models import RegisterImport
from sanad.justice.register_apply import Merger, load_recorded, write, zero_counts
from sanad.justice.register_format import (
    MAX_BYTES,
    MAX_ERRORS,
    MAX_ROWS,
    REGISTER_COLUMNS,
    Problems,
    RowError,
)
from sanad.justice.register_read import Sheet, read_register
from sanad.justice.register_rows import Lookups, RegisterRow, group_rows, parse_rows

__all__ = [
    "MAX_BYTES",
    "MAX_ERRORS",
    "MAX_ROWS",
    "REGISTER_COLUMNS",
    "ImportReport",
    "RowError",
    "import_register",
]

logger = logging.getLogger(__name__)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a register is checked and stored.

    The import creates hundreds of thousands of short-lived model instances next to tens of thousands of
    parsed rows that live to the end; each full collection walks all of them again, which took a third of a
    50,000-row import. The import makes no reference cycles worth collecting, and reference counting still
    frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Cases compared and written at a time: the model instances of one batch are dropped before the next.
CASES_PER_BATCH = 1000


@dataclass
class ImportReport:
    filename: str
    rows: int  # data rows read
    errors: list[RowError] = field(default_factory=list)
    # cases_created, cases_updated, defendants_created, defendants_updated, charges_created, verdicts_created,
    # sentences_created, rows_unchanged; all zero when there are errors, since nothing is stored.
    counts: dict[str, int] = field(default_factory=zero_counts)
    dry_run: bool = True
    stored: bool = False  # True only when it was not a dry run and there were no errors


class _DryRunError(Exception):
    """Raised at the end of a dry run to roll back everything it wrote."""

    def __init__(self, counts: dict[str, int]) -> None:
        super().__init__("dry run")
        self.counts = counts


class _RefusedError(Exception):
    """Raised when the register has errors, so that nothing of it remains."""


def import_register(*, actor: Any, content: bytes, filename: str, dry_run: bool) -> ImportReport:
    """Check the register and, unless it is a dry run or has errors, store it in one transaction."""
    if not policy.may_import_register(actor):
        raise PermissionDenied("justice.import_register")
    office = policy.organisation_of(actor)
    report = ImportReport(filename=_shown_filename(filename), rows=0, dry_run=dry_run)
    problems = Problems()
    sheet = read_register(content, filename, problems)
    if sheet is not None:
        with _collector_paused():
            _check_and_store(
                actor=actor, office=office, sheet=sheet, problems=problems, report=report, content=content
            )
    report.errors = problems.as_list()
    report.stored = not dry_run and not report.errors
    # Counts and ids only: a register is full of names, none of which may reach a log.
    logger.info(
        "register import office=%s rows=%s errors=%s dry_run=%s stored=%s counts=%s",
        office.pk, report.rows, len(problems), dry_run, report.stored, report.counts,
    )  # fmt: skip
    return report


def _check_and_store(
    *,
    actor: Any,
    office: Organisation,
    sheet: Sheet,
    problems: Problems,
    report: ImportReport,
    content: bytes,
) -> None:
    """Parse every row, then compare and store; fills in the report's rows and counts."""
    lookups = Lookups()
    rows, report.rows, broken = parse_rows(sheet, lookups, problems)
    if not problems.has_file_error() and report.rows == 0:
        problems.add(0, "", _("The file has a header but no data rows."))
    if not problems.has_file_error():
        counts = _apply(
            actor=actor,
            office=office,
            rows=rows,
            broken=broken,
            lookups=lookups,
            problems=problems,
            report=report,
            digest=hashlib.sha256(content).hexdigest(),
        )
        if counts is not None:
            report.counts = counts


def _shown_filename(filename: str) -> str:
    # Some browsers send the whole client path; the model keeps 200 characters.
    return filename.replace("\\", "/").rsplit("/", 1)[-1][:200]


def _apply(
    *,
    actor: Any,
    office: Organisation,
    rows: list[RegisterRow],
    broken: set[str],
    lookups: Lookups,
    problems: Problems,
    report: ImportReport,
    digest: str,
) -> dict[str, int] | None:
    """Compare with the record and write, inside one transaction; the counts, or None when nothing could be
    stored. Rows already in error are still compared, so the user sees every error at once."""
    cases = group_rows(rows, problems, broken)
    references = [reference for reference in cases if reference not in broken]
    counts = zero_counts() | {"rows_unchanged": report.rows}
    organisations = {org.pk: org for org in lookups.organisations.values()}
    try:
        with transaction.atomic():
            for start in range(0, len(references), CASES_PER_BATCH):
                batch = references[start : start + CASES_PER_BATCH]
                # Loaded inside the transaction, the cases locked: nobody changes them between check and save.
                merger = Merger(
                    actor=actor,
                    office=office,
                    recorded=load_recorded(batch),
                    organisations=organisations,
                    problems=problems,
                )
                for reference in batch:
                    merger.merge(cases[reference])
                if not problems:
                    # Written batch by batch so that memory does not grow with the file; an error in a later
                    # batch still rolls every batch back.
                    write(merger.changes)
                    merger.changes.add_counts(counts)
            if problems:
                raise _RefusedError
            _record(actor=actor, office=office, report=report, digest=digest, counts=counts)
            if report.dry_run:
                raise _DryRunError(counts)
            return counts
    except _DryRunError as preview:
        return preview.counts
    except _RefusedError:
        return None
    except IntegrityError:
        problems.add(
            0,
            "",
            _(
                "The same criminal cases were changed while the register was being imported, so nothing was "
                "stored. Import the file again."
            ),
        )
        return None


def _record(
    *, actor: Any, office: Organisation, report: ImportReport, digest: str, counts: dict[str, int]
) -> None:
    register_import = RegisterImport.objects.create(
        organisation=office,
        imported_by=actor,
        filename=report.filename,
        sha256=digest,
        rows=report.rows,
        created=counts,
    )
    record_event(
        action=AuditAction.CREATE,
        actor=actor,
        target=register_import,
        target_label=report.filename,
        detail=counts,
    )
