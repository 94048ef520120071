"""Importing a report year's tier list from CSV (columns ``iso3``, ``year``, ``tier``, optional ``country``
and ``source``). Checking and importing read the file the same way; importing writes all of it or nothing,
and never replaces a placement Sanad holds unless the administrator has seen the conflict and confirmed."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.tip import catalogue, selectors
from sanad.tip.messages import problem_text
from sanad.tip.models import TierListImport, TierPlacement
from sanad.tip.rules import Problem, RowError, Tier, YearCheck, check_year, histories_from_rows

MAX_BYTES = 2 * 2**20
REQUIRED_COLUMNS = ("iso3", "year", "tier")


@dataclass(frozen=True)
class Conflict:
    iso3: str
    name: str
    held: str
    proposed: str


@dataclass
class ListPreview:
    """What an import would do. ``errors`` name the row and the field; with any error nothing is written."""

    year: int | None = None
    rows: int = 0
    new: list[tuple[str, str, str]] = field(default_factory=list)  # (iso3, name, tier)
    conflicts: list[Conflict] = field(default_factory=list)
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    check: YearCheck | None = None
    placements: dict[str, tuple[str, str]] = field(default_factory=dict)  # iso3 -> (tier, source)


def _error(row: int, column: str, message: str) -> str:
    return _("Row %(row)s, column “%(column)s”: %(problem)s.") % {
        "row": row,
        "column": column,
        "problem": message,
    }


def _decoded(content: bytes) -> str | None:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def read_tier_list(content: bytes) -> ListPreview:
    """Parse and check the file against the rules of the format and against what Sanad holds."""
    preview = ListPreview()
    text = _decoded(content)
    if text is None:
        preview.errors.append(_("The file is not UTF-8 text: save it as CSV UTF-8 and try again."))
        return preview
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in REQUIRED_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        preview.errors.append(
            _("The file lacks the column(s) %(columns)s; the first line must name iso3, year and tier.")
            % {"columns": ", ".join(missing)}
        )
        return preview
    rows = list(reader)
    preview.rows = len(rows)
    if not rows:
        preview.errors.append(_("The file holds no placement."))
        return preview
    _check_rows(rows, preview)
    if not preview.errors:
        _compare_with_held(preview)
    return preview


def _check_rows(rows: list[dict[str, Any]], preview: ListPreview) -> None:
    years: set[int] = set()
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        try:
            history = histories_from_rows([row], first_row_number=number)
        except RowError as error:
            preview.errors.append(_error(error.row, error.field, problem_text(error.problem)))
            continue
        ((iso3, placed),) = history.items()
        ((year, tier),) = placed.items()
        if not catalogue.is_known_country(iso3):
            preview.errors.append(
                _error(number, "iso3", _("“%(code)s” is not an ISO 3166-1 country code") % {"code": iso3})
            )
            continue
        if iso3 in seen:
            preview.errors.append(_error(number, "iso3", problem_text(Problem.DUPLICATE)))
            continue
        seen.add(iso3)
        years.add(year)
        if len(years) > 1:
            preview.errors.append(
                _error(
                    number,
                    "year",
                    _("a file holds the list of one report year only (%(years)s found)")
                    % {"years": ", ".join(str(y) for y in sorted(years))},
                )
            )
            years = {min(years)}
            continue
        preview.placements[iso3] = (str(tier), (row.get("source") or "").strip())
    if years and not preview.errors:
        preview.year = years.pop()


def _compare_with_held(preview: ListPreview) -> None:
    year = preview.year
    assert year is not None
    held = dict(TierPlacement.objects.filter(year=year).values_list("iso3", "tier"))
    for iso3, (tier, _source) in sorted(preview.placements.items()):
        name = catalogue.country_name(iso3)
        if iso3 not in held:
            preview.new.append((iso3, name, tier))
        elif held[iso3] != tier:
            preview.conflicts.append(Conflict(iso3, name, held[iso3], tier))
        else:
            preview.unchanged += 1
    histories = selectors.histories()
    placements = {iso3: tier for iso3, (tier, _source) in preview.placements.items()}
    preview.check = check_year(year, placements, histories, selectors.waivers(), selectors.statutory_rules())


@transaction.atomic
def import_tier_list(
    *, actor: Any, content: bytes, file_name: str, replace_conflicts: bool
) -> tuple[ListPreview, TierListImport | None]:
    """Check, then write the whole list in one transaction. Refused (nothing written) on any error, or when
    the file contradicts held placements and ``replace_conflicts`` was not confirmed."""
    if not policy.may_import_tier_lists(actor):
        raise PermissionDenied("tip.import")
    preview = read_tier_list(content)
    if preview.errors:
        return preview, None
    if preview.conflicts and not replace_conflicts:
        preview.errors.append(
            _(
                "The file changes %(count)s placement(s) Sanad already holds for %(year)s. Check them below "
                "and tick “Replace the placements in conflict” to import."
            )
            % {"count": len(preview.conflicts), "year": preview.year}
        )
        return preview, None
    assert preview.year is not None
    batch = TierListImport.objects.create(
        year=preview.year,
        file_name=file_name[:200],
        imported_by=actor,
        created=len(preview.new),
        changed=len(preview.conflicts),
        unchanged=preview.unchanged,
    )
    written = {iso3 for iso3, _name, _tier in preview.new} | {c.iso3 for c in preview.conflicts}
    for iso3 in sorted(written):
        tier, source = preview.placements[iso3]
        TierPlacement.objects.update_or_create(
            iso3=iso3,
            year=preview.year,
            defaults={"tier": Tier(tier).value, "source": source or file_name, "list_import": batch},
        )
    record_event(
        action=AuditAction.CREATE,
        actor=actor,
        target=batch,
        detail={
            "year": preview.year,
            "created": batch.created,
            "changed": batch.changed,
            "unchanged": batch.unchanged,
            "replaced": [conflict.iso3 for conflict in preview.conflicts],
        },
    )
    return preview, batch
