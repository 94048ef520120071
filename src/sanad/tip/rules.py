"""What 22 U.S.C. 7107(b)(2) lets a country's next TIP tier placement be, and whether a year's list obeyed it.

Pure Python (standard library only): no Django, no other sanad module, so the rules can be tested alone.
Decision record: docs/decisions/0012-tip-rules-engine.md. Reference notes: tip_tier_rules.md, sections 1-3, 7.

Vocabulary. A *history* maps a report year to the country's `Tier` that year; a year absent from it is a
*gap* (unknown), never "not on the Watch List". The *Watch List* (WL, tier "2WL") is the category
(A)(iii) of the Special Watch List (SWL). The *run* is the unbroken series of WL years that ends the year
before the year considered; only years from `Rules.first_counted_year` on count towards the automatic
downgrade. *Waiver years* are the run's years beyond `Rules.consecutive_wl_limit`: each needed a waiver
of the automatic downgrade (D)(ii). A waiver year without a record in the waiver set is *inferred*.

Nothing here produces sentences for users: every finding is a `Constraint` (a stable `Code`, the statutory
reference and parameters) that the web layer translates. `DESCRIPTIONS` explains each code to developers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
"""Shipped reference data: tip_tiers.csv (placements), waivers.csv (recorded waivers), PROVENANCE.md."""


class Tier(StrEnum):
    """A placement as tip_tiers.csv spells it; SPECIAL is a "Special Case" (no tier, State Dept practice)."""

    ONE = "1"
    TWO = "2"
    WATCH_LIST = "2WL"
    THREE = "3"
    SPECIAL = "special"


History = Mapping[int, Tier]
WaiverYears = AbstractSet[int]
ParamValue = int | str | tuple[int, ...]

_USC = "22 U.S.C. 7107"
LISTS = f"{_USC}(b)(1)"
WATCH_LIST_CRITERIA = f"{_USC}(b)(2)(A)(iii)"
SWL_UPGRADE_TO_TIER_1 = f"{_USC}(b)(2)(A)(i)"
SWL_UPGRADE_FROM_TIER_3 = f"{_USC}(b)(2)(A)(ii)"
SWL_UPGRADES = f"{_USC}(b)(2)(A)(i)/(ii)"
AUTOMATIC_DOWNGRADE = f"{_USC}(b)(2)(D)(i)"
WAIVER = f"{_USC}(b)(2)(D)(ii)"
RETURN_RULE = f"{_USC}(b)(2)(F)"


class Code(StrEnum):
    """Stable machine codes of constraints and findings (the web layer keys its translations on them)."""

    HISTORY_GAP = "history_gap"
    PRE_ACT_YEARS_NOT_COUNTED = "pre_act_years_not_counted"
    RUN_RESET_BY_SPECIAL_CASE = "run_reset_by_special_case"
    WAIVER_REQUIRED = "waiver_required"
    WAIVERS_EXHAUSTED = "waivers_exhausted"
    INFERRED_WAIVER = "inferred_waiver"
    WAIVER_NOT_APPLICABLE = "waiver_not_applicable"
    RETURN_AFTER_DOWNGRADE = "return_after_downgrade"
    RETURN_YEAR_USED = "return_year_used"
    SWL_IF_UPGRADED = "swl_if_upgraded"
    SWL_BY_UPGRADE = "swl_by_upgrade"
    WATCH_LIST_NOT_YET_CREATED = "watch_list_not_yet_created"
    UNKNOWN_TIER = "unknown_tier"


DESCRIPTIONS: Mapping[Code, str] = {
    Code.HISTORY_GAP: (
        "A report year the rule needs is missing from the history (missing_year; for the (F) rule, "
        "candidate_years that may hide a downgrade). The WL count (known_run) is a lower bound: with the "
        "gap filled with WL years the run could reach possible_run. before_first_record=1: the gap is "
        "before the country's first known placement (it may simply not have been ranked)."
    ),
    Code.PRE_ACT_YEARS_NOT_COUNTED: (
        "The run started before the first counted report year (first_counted_year); its earlier WL years "
        "(uncounted_years) do not count towards the automatic downgrade (WL years after 23 Dec 2008 only)."
    ),
    Code.RUN_RESET_BY_SPECIAL_CASE: (
        "The Watch List run was ended by a Special Case year (special_year): the country was on no list "
        "that year, so the consecutive count restarted after it."
    ),
    Code.WAIVER_REQUIRED: (
        "The country was on the Watch List for consecutive_years counted years (limit); another WL year "
        "means the automatic downgrade to Tier 3 unless the President waives it (waiver number "
        "waiver_number of waiver_limit allowed in year)."
    ),
    Code.WAIVERS_EXHAUSTED: (
        "The country used waiver_years_used waiver years (waiver_years), the limit in year is "
        "waiver_limit: it cannot be on the Watch List in year; Tier 3 unless it qualifies for Tier 1 or 2."
    ),
    Code.INFERRED_WAIVER: (
        "These run years (years) were WL years beyond the consecutive limit with no waiver record: the "
        "placement itself implies a waiver was granted."
    ),
    Code.WAIVER_NOT_APPLICABLE: (
        "A waiver is recorded for year but the placement (tier) did not need one: check the record."
    ),
    Code.RETURN_AFTER_DOWNGRADE: (
        "The country was automatically downgraded to Tier 3 in downgrade_year: from the (F) rule's first "
        "year it may be on the Watch List for at most 1 consecutive year, with no waiver."
    ),
    Code.RETURN_YEAR_USED: (
        "The country came back to the Watch List after its downgrade in downgrade_year and already spent "
        "return_years there: under (F) it cannot be on the Watch List in year (no waiver possible)."
    ),
    Code.SWL_IF_UPGRADED: (
        "The country was on tier previous_tier last year: a placement on one of upgrade_tiers would put it "
        "on the Special Watch List (interim assessment due 1 February)."
    ),
    Code.SWL_BY_UPGRADE: (
        "The country moved up from previous_tier to tier in year and is on the Special Watch List."
    ),
    Code.WATCH_LIST_NOT_YET_CREATED: (
        "The Watch List exists from the report of watch_list_first_year (TVPRA 2003): no WL placement "
        "before it."
    ),
    Code.UNKNOWN_TIER: "The placement value (value) is none of the tiers: 1, 2, 2WL, 3, special.",
}

DEFAULT_STATUTE: Mapping[Code, str] = {
    Code.HISTORY_GAP: AUTOMATIC_DOWNGRADE,
    Code.PRE_ACT_YEARS_NOT_COUNTED: AUTOMATIC_DOWNGRADE,
    Code.RUN_RESET_BY_SPECIAL_CASE: AUTOMATIC_DOWNGRADE,
    Code.WAIVER_REQUIRED: AUTOMATIC_DOWNGRADE,
    Code.WAIVERS_EXHAUSTED: WAIVER,
    Code.INFERRED_WAIVER: WAIVER,
    Code.WAIVER_NOT_APPLICABLE: WAIVER,
    Code.RETURN_AFTER_DOWNGRADE: RETURN_RULE,
    Code.RETURN_YEAR_USED: RETURN_RULE,
    Code.SWL_IF_UPGRADED: SWL_UPGRADES,
    Code.SWL_BY_UPGRADE: SWL_UPGRADES,
    Code.WATCH_LIST_NOT_YET_CREATED: WATCH_LIST_CRITERIA,
    Code.UNKNOWN_TIER: LISTS,
}


@dataclass(frozen=True)
class Constraint:
    """One statutory fact about a placement: code, reference, parameters (name, value) in a fixed order."""

    code: Code
    statute: str
    params: tuple[tuple[str, ParamValue], ...] = ()

    @property
    def kwargs(self) -> dict[str, ParamValue]:
        return dict(self.params)

    def param(self, name: str) -> ParamValue:
        return self.kwargs[name]


def _constraint(code: Code, statute: str | None = None, **params: ParamValue) -> Constraint:
    return Constraint(code, statute or DEFAULT_STATUTE[code], tuple(params.items()))


@dataclass(frozen=True)
class Rules:
    """The configurable parts of the statute. Defaults: decision record 0012.

    current_waiver_limit_first_year is UNCONFIRMED: the sources give the 2008 act's "up to two years" and
    today's "up to 1 year" but not the amending act. Default 2019, the report after the January 2019
    amendments (Pub. L. 115-425/115-427). The shipped history rules out 2014 and 2015 (second waiver years
    were used in both), i.e. the other candidate act, Pub. L. 113-4 of March 2013.
    """

    watch_list_first_year: int = 2004
    first_counted_year: int = 2009
    consecutive_wl_limit: int = 2
    waiver_limit_2008_act: int = 2
    waiver_limit_current: int = 1
    current_waiver_limit_first_year: int = 2019
    f_rule_first_year: int = 2019

    def __post_init__(self) -> None:
        if self.consecutive_wl_limit < 1:
            raise ValueError("consecutive_wl_limit must be at least 1")
        if min(self.waiver_limit_2008_act, self.waiver_limit_current) < 0:
            raise ValueError("waiver limits cannot be negative")
        if self.first_counted_year < self.watch_list_first_year:
            raise ValueError("first_counted_year cannot precede the Watch List")

    def waiver_limit(self, year: int) -> int:
        """How many waiver years of one run the law in force for report `year` allows."""
        if year >= self.current_waiver_limit_first_year:
            return self.waiver_limit_current
        return self.waiver_limit_2008_act


DEFAULT_RULES = Rules()


class RunEnd(StrEnum):
    """What ended the backwards walk over a Watch List run."""

    NOT_ON_WATCH_LIST = "not_on_watch_list"
    SPECIAL_CASE = "special_case"
    GAP = "gap"
    BEFORE_COUNTED_YEARS = "before_counted_years"


@dataclass(frozen=True)
class _Run:
    """A counted WL run; after a gap, `hidden` is how many more years (missing or WL) it could span."""

    years: tuple[int, ...]
    end: RunEnd
    end_year: int
    hidden: int = 0

    @property
    def longest(self) -> int:
        return len(self.years) + self.hidden


def _hidden_years(history: History, gap_year: int, floor: int) -> int:
    """Years from `gap_year` down that are missing or WL (the run could extend over them)."""
    count, year = 0, gap_year
    while year >= floor and history.get(year) in (None, Tier.WATCH_LIST):
        count, year = count + 1, year - 1
    return count


def _wl_run(history: History, before: int, floor: int) -> _Run:
    """The counted WL run ending the year before `before`, walking back no further than `floor`."""
    years: list[int] = []
    year = before - 1
    while year >= floor:
        tier = history.get(year)
        if tier is None:
            return _Run(tuple(reversed(years)), RunEnd.GAP, year, _hidden_years(history, year, floor))
        if tier is not Tier.WATCH_LIST:
            end = RunEnd.SPECIAL_CASE if tier is Tier.SPECIAL else RunEnd.NOT_ON_WATCH_LIST
            return _Run(tuple(reversed(years)), end, year)
        years.append(year)
        year -= 1
    return _Run(tuple(reversed(years)), RunEnd.BEFORE_COUNTED_YEARS, year)


def _uncounted_years(history: History, run: _Run) -> int:
    """WL years continuing the run below the first counted year (they do not count)."""
    if run.end is not RunEnd.BEFORE_COUNTED_YEARS:
        return 0
    count, year = 0, run.end_year
    while history.get(year) is Tier.WATCH_LIST:
        count, year = count + 1, year - 1
    return count


def _run_constraints(history: History, run: _Run, rules: Rules, statute: str) -> list[Constraint]:
    if run.end is RunEnd.GAP:
        first_known = min(history, default=run.end_year + 1)
        return [
            _constraint(
                Code.HISTORY_GAP,
                statute,
                missing_year=run.end_year,
                known_run=len(run.years),
                possible_run=run.longest,
                before_first_record=int(run.end_year < first_known),
            )
        ]
    if run.end is RunEnd.SPECIAL_CASE:
        return [_constraint(Code.RUN_RESET_BY_SPECIAL_CASE, special_year=run.end_year)]
    uncounted = _uncounted_years(history, run)
    if uncounted:
        return [
            _constraint(
                Code.PRE_ACT_YEARS_NOT_COUNTED,
                first_counted_year=rules.first_counted_year,
                uncounted_years=uncounted,
            )
        ]
    return []


@dataclass(frozen=True)
class _Downgrades:
    latest: int | None
    uncertain: tuple[int, ...]


def _downgrades(history: History, before: int, rules: Rules) -> _Downgrades:
    """The latest automatic downgrade before `before` (Tier 3 right after a counted WL run that reached the
    limit) and, when none is certain, the years a history gap may make one: a Tier 3 year whose run may have
    reached the limit over a gap, or a missing year (it may hide a Tier 3) after such a run."""
    limit = rules.consecutive_wl_limit
    latest: int | None = None
    possible: list[int] = []
    for year in range(rules.first_counted_year + limit, before):
        tier = history.get(year)
        if tier not in (None, Tier.THREE):
            continue
        run = _wl_run(history, year, rules.first_counted_year)
        if tier is Tier.THREE and len(run.years) >= limit:
            latest = year
        elif run.longest >= limit:
            possible.append(year)
    return _Downgrades(latest, tuple(possible) if latest is None else ())


def upgrade_tiers(previous: Tier | None) -> tuple[Tier, ...]:
    """Placements that would put a country on the SWL by (A)(i) or (A)(ii) after `previous` last year.

    A Watch List country is on list (B), so 2WL -> 1 is an (A)(i) upgrade like 2 -> 1.
    """
    if previous in (Tier.TWO, Tier.WATCH_LIST):
        return (Tier.ONE,)
    if previous is Tier.THREE:
        return (Tier.TWO, Tier.WATCH_LIST)
    return ()


@dataclass(frozen=True)
class Outlook:
    """What the statute says about a country's placement in `next_year`, given its history before it.

    watch_list_allowed is True when a WL placement is lawful, with a waiver if requires_waiver.
    special_watch_list_if_upgraded is None when last year's placement is unknown.
    Every gap met while counting gives a HISTORY_GAP constraint, and the counts are then lower bounds;
    `uncertain` is True only when what the gap may hide could change whether a WL placement is allowed
    or needs a waiver (a gap can only lengthen a run, never shorten it).
    """

    next_year: int
    consecutive_wl_years: int
    wl_years: tuple[int, ...]
    waiver_years: tuple[int, ...]
    inferred_waiver_years: tuple[int, ...]
    waiver_limit: int
    requires_waiver: bool
    waiver_available: bool
    watch_list_allowed: bool
    f_rule_applies: bool
    downgrade_year: int | None
    special_watch_list_if_upgraded: bool | None
    upgrade_tiers: tuple[Tier, ...]
    uncertain: bool
    constraints: tuple[Constraint, ...]

    def constraint(self, code: Code) -> Constraint | None:
        return next((c for c in self.constraints if c.code is code), None)


def _waiver_constraints(
    run: _Run, waivers: WaiverYears, next_year: int, rules: Rules
) -> tuple[list[Constraint], bool, bool]:
    """Constraints of (D)(i)/(D)(ii), whether a waiver is needed, and whether one is available."""
    limit = rules.consecutive_wl_limit
    used = run.years[limit:]
    found: list[Constraint] = []
    inferred = tuple(y for y in used if y not in waivers)
    if inferred:
        found.append(_constraint(Code.INFERRED_WAIVER, years=inferred))
    requires = len(run.years) >= limit
    waiver_limit = rules.waiver_limit(next_year)
    available = requires and len(used) < waiver_limit
    if requires and available:
        found.append(
            _constraint(
                Code.WAIVER_REQUIRED,
                year=next_year,
                consecutive_years=len(run.years),
                limit=limit,
                waiver_number=len(used) + 1,
                waiver_limit=waiver_limit,
            )
        )
    elif requires:
        found.append(
            _constraint(
                Code.WAIVERS_EXHAUSTED,
                year=next_year,
                waiver_years=tuple(used),
                waiver_years_used=len(used),
                waiver_limit=waiver_limit,
            )
        )
    return found, requires, available


@dataclass(frozen=True)
class _FRule:
    constraints: list[Constraint]
    downgrade_year: int | None = None
    forbids: bool = False
    uncertain: bool = False


def _f_rule(history: History, run: _Run, next_year: int, rules: Rules) -> _FRule:
    """The (F) rule: after an automatic downgrade, at most one consecutive WL year, never waived."""
    if next_year < rules.f_rule_first_year:
        return _FRule([])
    downgrades = _downgrades(history, next_year, rules)
    year = downgrades.latest
    if year is None:
        if not downgrades.uncertain:
            return _FRule([])
        gap = _constraint(Code.HISTORY_GAP, RETURN_RULE, candidate_years=downgrades.uncertain)
        return _FRule([gap], uncertain=bool(run.years))
    if run.years:
        used = _constraint(Code.RETURN_YEAR_USED, year=next_year, downgrade_year=year, return_years=run.years)
        return _FRule([used], year, forbids=True)
    # A missing year between the downgrade and now may be the one WL year the rule allows: already used.
    return_year_may_be_hidden = run.end is RunEnd.GAP and run.end_year > year
    constraint = _constraint(Code.RETURN_AFTER_DOWNGRADE, downgrade_year=year)
    return _FRule([constraint], year, uncertain=return_year_may_be_hidden)


def _swl_constraints(history: History, next_year: int, rules: Rules) -> tuple[list[Constraint], bool | None]:
    if next_year < rules.watch_list_first_year:
        return [], False
    previous = history.get(next_year - 1)
    if previous is None:
        return [], None
    tiers = upgrade_tiers(previous)
    if not tiers:
        return [], False
    joined = ",".join(str(t) for t in tiers)
    return [_constraint(Code.SWL_IF_UPGRADED, previous_tier=str(previous), upgrade_tiers=joined)], True


def outlook(history: History, waivers: WaiverYears, next_year: int, rules: Rules = DEFAULT_RULES) -> Outlook:
    """The statute's view of the placement in `next_year` (history entries from then on are ignored)."""
    run = _wl_run(history, next_year, rules.first_counted_year)
    constraints = _run_constraints(history, run, rules, AUTOMATIC_DOWNGRADE)
    waiver_found, requires, available = _waiver_constraints(run, waivers, next_year, rules)
    f_rule = _f_rule(history, run, next_year, rules)
    swl_found, swl = _swl_constraints(history, next_year, rules)
    exists = next_year >= rules.watch_list_first_year
    if not exists:
        constraints.append(
            _constraint(Code.WATCH_LIST_NOT_YET_CREATED, watch_list_first_year=rules.watch_list_first_year)
        )
    constraints += waiver_found + f_rule.constraints + swl_found
    allowed = exists and not f_rule.forbids and (available or not requires)
    waiver_years = run.years[rules.consecutive_wl_limit :]
    gap_matters = run.end is RunEnd.GAP and run.longest >= rules.consecutive_wl_limit and allowed
    return Outlook(
        next_year=next_year,
        consecutive_wl_years=len(run.years),
        wl_years=run.years,
        waiver_years=waiver_years,
        inferred_waiver_years=tuple(y for y in waiver_years if y not in waivers),
        waiver_limit=rules.waiver_limit(next_year),
        requires_waiver=requires,
        waiver_available=available and not f_rule.forbids,
        watch_list_allowed=allowed,
        f_rule_applies=f_rule.downgrade_year is not None,
        downgrade_year=f_rule.downgrade_year,
        special_watch_list_if_upgraded=swl,
        upgrade_tiers=upgrade_tiers(history.get(next_year - 1)) if exists else (),
        uncertain=gap_matters or (f_rule.uncertain and allowed),
        constraints=tuple(constraints),
    )


# --- A whole year's list ------------------------------------------------------------------------------------


class Severity(StrEnum):
    """How a finding of `check_year` weighs.

    VIOLATION: the statute does not allow the placement. WAIVER_RECORD_NEEDED: lawful only with a waiver
    and none is recorded (the list implies one). UNCERTAIN: a history gap may hide a problem. INVALID: not a
    tier value. NOTE: an inconsistency in the waiver records, not in the list.
    """

    VIOLATION = "violation"
    WAIVER_RECORD_NEEDED = "waiver_record_needed"
    UNCERTAIN = "uncertain"
    INVALID = "invalid"
    NOTE = "note"


@dataclass(frozen=True)
class Finding:
    iso3: str
    year: int
    tier: str
    severity: Severity
    constraint: Constraint


@dataclass(frozen=True)
class SwlUpgrade:
    """A country on the Special Watch List of `year` because it moved up (A)(i) or (A)(ii)."""

    iso3: str
    year: int
    previous_tier: Tier
    tier: Tier
    statute: str

    @property
    def constraint(self) -> Constraint:
        return _constraint(
            Code.SWL_BY_UPGRADE,
            self.statute,
            year=self.year,
            previous_tier=str(self.previous_tier),
            tier=str(self.tier),
        )


@dataclass(frozen=True)
class YearCheck:
    year: int
    findings: tuple[Finding, ...]
    swl_upgrades: tuple[SwlUpgrade, ...]

    def with_severity(self, severity: Severity) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is severity)

    @property
    def violations(self) -> tuple[Finding, ...]:
        return self.with_severity(Severity.VIOLATION)


def _watch_list_verdict(look: Outlook, waived: bool) -> tuple[Severity, Constraint] | None:
    """The weightiest problem of a WL placement, or None if the known history allows it."""
    blocking = (
        look.constraint(Code.WATCH_LIST_NOT_YET_CREATED)
        or look.constraint(Code.RETURN_YEAR_USED)
        or look.constraint(Code.WAIVERS_EXHAUSTED)
    )
    if blocking:
        return Severity.VIOLATION, blocking
    required = look.constraint(Code.WAIVER_REQUIRED)
    if required and not waived:
        return Severity.WAIVER_RECORD_NEEDED, required
    return None


def _placement_findings(iso3: str, tier: Tier, look: Outlook, waived: bool) -> list[Finding]:
    year = look.next_year

    def finding(severity: Severity, constraint: Constraint) -> Finding:
        return Finding(iso3, year, str(tier), severity, constraint)

    not_applicable = _constraint(Code.WAIVER_NOT_APPLICABLE, year=year, tier=str(tier))
    if tier is not Tier.WATCH_LIST:
        return [finding(Severity.NOTE, not_applicable)] if waived else []
    found: list[Finding] = []
    verdict = _watch_list_verdict(look, waived)
    if verdict:
        found.append(finding(*verdict))
    if look.uncertain and (verdict is None or verdict[0] is not Severity.VIOLATION):
        found += [finding(Severity.UNCERTAIN, c) for c in look.constraints if c.code is Code.HISTORY_GAP]
    if waived and not look.requires_waiver and not look.uncertain:
        found.append(finding(Severity.NOTE, not_applicable))
    return found


def swl_upgrade(
    iso3: str, year: int, tier: Tier, history: History, rules: Rules = DEFAULT_RULES
) -> SwlUpgrade | None:
    """The SWL entry of a country placed on `tier` in `year` because it moved up, if it did."""
    previous = history.get(year - 1)
    if year < rules.watch_list_first_year or previous is None or tier not in upgrade_tiers(previous):
        return None
    statute = SWL_UPGRADE_TO_TIER_1 if tier is Tier.ONE else SWL_UPGRADE_FROM_TIER_3
    return SwlUpgrade(iso3, year, previous, tier, statute)


def check_year(
    year: int,
    placements_by_iso3: Mapping[str, str],
    histories_by_iso3: Mapping[str, History],
    waivers_by_iso3: Mapping[str, WaiverYears],
    rules: Rules = DEFAULT_RULES,
) -> YearCheck:
    """Every placement of `year`'s list the rules do not allow (or cannot confirm), and the SWL movers-up.

    Histories hold the previous years (entries from `year` on are ignored); placements are raw strings so
    that a value outside `Tier` is reported rather than raised.
    """
    findings: list[Finding] = []
    upgrades: list[SwlUpgrade] = []
    for iso3 in sorted(placements_by_iso3):
        raw = placements_by_iso3[iso3]
        if raw not in Tier:
            findings.append(
                Finding(iso3, year, raw, Severity.INVALID, _constraint(Code.UNKNOWN_TIER, value=raw))
            )
            continue
        tier = Tier(raw)
        history = histories_by_iso3.get(iso3, {})
        waivers = waivers_by_iso3.get(iso3, frozenset())
        look = outlook(history, waivers, year, rules)
        findings += _placement_findings(iso3, tier, look, year in waivers)
        upgrade = swl_upgrade(iso3, year, tier, history, rules)
        if upgrade:
            upgrades.append(upgrade)
    return YearCheck(year, tuple(findings), tuple(upgrades))


# --- Watch List -> Tier 3 moves -----------------------------------------------------------------------------


class MoveKind(StrEnum):
    """AUTOMATIC_DOWNGRADE: the statute required leaving the WL (limit reached and no waiver granted,
    waivers exhausted, or (F)). DECISION: the WL was still open to the country; Tier 3 was discretionary.
    UNDETERMINED: a history gap hides whether the limit was reached."""

    AUTOMATIC_DOWNGRADE = "automatic_downgrade"
    DECISION = "decision"
    UNDETERMINED = "undetermined"


@dataclass(frozen=True)
class MoveExplanation:
    """A WL -> Tier 3 move into `year`; `reason` is the constraint that made it automatic; `evidence` the
    outlook for `year` (WL years counted, waiver years used, recorded or inferred)."""

    iso3: str
    year: int
    kind: MoveKind
    reason: Constraint | None
    evidence: Outlook


def classify_move(
    iso3: str, year: int, history: History, waivers: WaiverYears, rules: Rules = DEFAULT_RULES
) -> MoveExplanation:
    look = outlook(history, waivers, year, rules)
    reason = (
        look.constraint(Code.RETURN_YEAR_USED)
        or look.constraint(Code.WAIVERS_EXHAUSTED)
        or look.constraint(Code.WAIVER_REQUIRED)
    )
    if reason:
        kind = MoveKind.AUTOMATIC_DOWNGRADE
    else:
        kind = MoveKind.UNDETERMINED if look.uncertain else MoveKind.DECISION
    return MoveExplanation(iso3, year, kind, reason, look)


def explain_moves(
    year: int,
    histories: Mapping[str, History],
    waivers: Mapping[str, WaiverYears],
    rules: Rules = DEFAULT_RULES,
) -> list[MoveExplanation]:
    """Classify every Watch List (year - 1) -> Tier 3 (year) move in `histories`, by ISO3."""
    return [
        classify_move(iso3, year, history, waivers.get(iso3, frozenset()), rules)
        for iso3, history in sorted(histories.items())
        if history.get(year - 1) is Tier.WATCH_LIST and history.get(year) is Tier.THREE
    ]


# --- Loading ------------------------------------------------------------------------------------------------


class Problem(StrEnum):
    """What is wrong with an input row (the import layer words it in the user's language)."""

    MISSING = "missing"
    ISO3_FORMAT = "iso3_format"
    YEAR_FORMAT = "year_format"
    UNKNOWN_TIER = "unknown_tier"
    DUPLICATE = "duplicate"


PROBLEM_TEXT: Mapping[Problem, str] = {
    Problem.MISSING: "missing",
    Problem.ISO3_FORMAT: "not an ISO 3166-1 alpha-3 code (3 uppercase letters)",
    Problem.YEAR_FORMAT: "not a four-digit report year",
    Problem.UNKNOWN_TIER: "not a tier (1, 2, 2WL, 3, special)",
    Problem.DUPLICATE: "country appears twice in the same year",
}


class RowError(ValueError):
    """A bad input row: `row` (number), `field`, `value` and the `problem`."""

    def __init__(self, row: int, field: str, value: str, problem: Problem) -> None:
        super().__init__(f"row {row}, field {field!r}: {PROBLEM_TEXT[problem]} ({value!r})")
        self.row = row
        self.field = field
        self.value = value
        self.problem = problem


_ISO3 = re.compile(r"[A-Z]{3}")
_YEAR = re.compile(r"[0-9]{4}")


def _cell(row: Mapping[str, str | None], field: str, number: int) -> str:
    value = (row.get(field) or "").strip()
    if not value:
        raise RowError(number, field, value, Problem.MISSING)
    return value


def _iso3_and_year(row: Mapping[str, str | None], number: int) -> tuple[str, int]:
    iso3 = _cell(row, "iso3", number)
    if not _ISO3.fullmatch(iso3):
        raise RowError(number, "iso3", iso3, Problem.ISO3_FORMAT)
    year = _cell(row, "year", number)
    if not _YEAR.fullmatch(year):
        raise RowError(number, "year", year, Problem.YEAR_FORMAT)
    return iso3, int(year)


def histories_from_rows(
    rows: Iterable[Mapping[str, str | None]], first_row_number: int = 1
) -> dict[str, dict[int, Tier]]:
    """Histories by ISO3 from rows with iso3/year/tier (other columns ignored).

    Rows are numbered from `first_row_number` (pass 2 for a CSV file with a header line to get line numbers).
    Raises RowError (a ValueError) on a malformed ISO3, year or tier, or a country twice in one year.
    ISO3 *existence* is the caller's business (pycountry in the import layer).
    """
    histories: dict[str, dict[int, Tier]] = {}
    for number, row in enumerate(rows, start=first_row_number):
        iso3, year = _iso3_and_year(row, number)
        value = _cell(row, "tier", number)
        if value not in Tier:
            raise RowError(number, "tier", value, Problem.UNKNOWN_TIER)
        history = histories.setdefault(iso3, {})
        if year in history:
            raise RowError(number, "iso3", iso3, Problem.DUPLICATE)
        history[year] = Tier(value)
    return histories


def waivers_from_rows(
    rows: Iterable[Mapping[str, str | None]], first_row_number: int = 1
) -> dict[str, frozenset[int]]:
    """Recorded waiver years by ISO3 from rows with iso3/year (waivers.csv); same checks as the histories."""
    found: dict[str, set[int]] = {}
    for number, row in enumerate(rows, start=first_row_number):
        iso3, year = _iso3_and_year(row, number)
        years = found.setdefault(iso3, set())
        if year in years:
            raise RowError(number, "iso3", iso3, Problem.DUPLICATE)
        years.add(year)
    return {iso3: frozenset(years) for iso3, years in found.items()}
