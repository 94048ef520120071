"""The rules engine speaks in codes and parameters; this module words them in the user's language."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.utils.translation import gettext as _

from sanad.tip.catalogue import country_name
from sanad.tip.models import TierChoice
from sanad.tip.rules import Code, Constraint, MoveKind, ParamValue, Problem, Severity, YearCheck


def tier_label(value: str) -> str:
    try:
        return str(TierChoice(value).label)
    except ValueError:
        return value


def _years(value: ParamValue) -> str:
    if isinstance(value, tuple):
        return ", ".join(str(year) for year in value)
    return str(value)


def _gap(p: Mapping[str, ParamValue]) -> str:
    if "candidate_years" in p:
        return _(
            "The history lacks a year that may hide an automatic downgrade (%(years)s): the one-year rule "
            "for countries back on the Watch List cannot be ruled out."
        ) % {"years": _years(p["candidate_years"])}
    if p.get("before_first_record"):
        return _(
            "No placement is held for %(year)s, before the first known one: the Watch List count "
            "(%(known)s years) may be too low, by up to %(more)s years."
        ) % {"year": p["missing_year"], "known": p["known_run"], "more": _more(p)}
    return _(
        "The placement of %(year)s is missing from the history: the Watch List count (%(known)s years) is "
        "a lower bound and could be %(possible)s."
    ) % {"year": p["missing_year"], "known": p["known_run"], "possible": p["possible_run"]}


def _more(p: Mapping[str, ParamValue]) -> int:
    possible, known = p["possible_run"], p["known_run"]
    return int(possible) - int(known) if isinstance(possible, int) and isinstance(known, int) else 0


WORDING: dict[Code, Callable[[Mapping[str, ParamValue]], str]] = {
    Code.HISTORY_GAP: _gap,
    Code.PRE_ACT_YEARS_NOT_COUNTED: lambda p: (
        _(
            "Watch List years before the %(first)s report do not count towards the automatic downgrade "
            "(%(years)s not counted)."
        )
        % {"first": p["first_counted_year"], "years": p["uncounted_years"]}
    ),
    Code.RUN_RESET_BY_SPECIAL_CASE: lambda p: (
        _(
            "The country was a special case in %(year)s, on no list: the count of consecutive Watch List "
            "years started again after it."
        )
        % {"year": p["special_year"]}
    ),
    Code.WAIVER_REQUIRED: lambda p: (
        _(
            "%(consecutive)s consecutive Watch List years counted (the limit is %(limit)s): a Watch "
            "List placement in %(year)s means the automatic downgrade to Tier 3 unless a waiver is "
            "granted (waiver %(number)s of %(waivers)s allowed)."
        )
        % {
            "consecutive": p["consecutive_years"],
            "limit": p["limit"],
            "year": p["year"],
            "number": p["waiver_number"],
            "waivers": p["waiver_limit"],
        }
    ),
    Code.WAIVERS_EXHAUSTED: lambda p: (
        _(
            "The waivers are used up (%(used)s: %(years)s; %(limit)s allowed): the country cannot be on the "
            "Watch List in %(year)s. Tier 3 unless it reaches Tier 2 or Tier 1."
        )
        % {
            "used": p["waiver_years_used"],
            "years": _years(p["waiver_years"]),
            "limit": p["waiver_limit"],
            "year": p["year"],
        }
    ),
    Code.INFERRED_WAIVER: lambda p: (
        _(
            "Watch List years beyond the limit with no waiver recorded (%(years)s): the placement itself "
            "implies a waiver was granted."
        )
        % {"years": _years(p["years"])}
    ),
    Code.WAIVER_NOT_APPLICABLE: lambda p: (
        _(
            "A waiver is recorded for %(year)s but the placement (%(tier)s) did not need one: "
            "check the record."
        )
        % {"year": p["year"], "tier": tier_label(str(p["tier"]))}
    ),
    Code.RETURN_AFTER_DOWNGRADE: lambda p: (
        _(
            "The country was automatically downgraded to Tier 3 in %(year)s: it may now stay on the Watch "
            "List for one year at most, with no waiver."
        )
        % {"year": p["downgrade_year"]}
    ),
    Code.RETURN_YEAR_USED: lambda p: (
        _(
            "Back on the Watch List after the downgrade of %(downgrade)s (%(years)s): the country "
            "cannot stay there in %(year)s, and no waiver is possible."
        )
        % {"downgrade": p["downgrade_year"], "years": _years(p["return_years"]), "year": p["year"]}
    ),
    Code.SWL_IF_UPGRADED: lambda p: (
        _(
            "On %(tier)s last year: a move up to %(tiers)s would put the country on the Special Watch List "
            "(interim assessment due 1 February)."
        )
        % {
            "tier": tier_label(str(p["previous_tier"])),
            "tiers": ", ".join(tier_label(code) for code in str(p["upgrade_tiers"]).split(",") if code),
        }
    ),
    Code.SWL_BY_UPGRADE: lambda p: (
        _("Moved up from %(previous)s to %(tier)s in %(year)s: on the Special Watch List.")
        % {
            "previous": tier_label(str(p["previous_tier"])),
            "tier": tier_label(str(p["tier"])),
            "year": p["year"],
        }
    ),
    Code.WATCH_LIST_NOT_YET_CREATED: lambda p: (
        _("The Watch List exists from the %(year)s report on: no Watch List placement before it.")
        % {"year": p["watch_list_first_year"]}
    ),
    Code.UNKNOWN_TIER: lambda p: (
        _("“%(value)s” is not a tier (1, 2, 2WL, 3, special).") % {"value": p["value"]}
    ),
}


def describe(constraint: Constraint) -> str:
    return WORDING[constraint.code](constraint.kwargs)


def severity_label(severity: Severity) -> str:
    return {
        Severity.VIOLATION: _("Not allowed by the statute"),
        Severity.WAIVER_RECORD_NEEDED: _("Needs a waiver record"),
        Severity.UNCERTAIN: _("Uncertain: history incomplete"),
        Severity.INVALID: _("Not a tier"),
        Severity.NOTE: _("Check the waiver records"),
    }[severity]


def move_label(kind: MoveKind) -> str:
    return {
        MoveKind.AUTOMATIC_DOWNGRADE: _("Automatic downgrade"),
        MoveKind.DECISION: _("Decision"),
        MoveKind.UNDETERMINED: _("Undetermined: history incomplete"),
    }[kind]


def problem_text(problem: Problem) -> str:
    return {
        Problem.MISSING: _("this value is missing"),
        Problem.ISO3_FORMAT: _("not an ISO 3166-1 alpha-3 code (three capital letters)"),
        Problem.YEAR_FORMAT: _("not a four-digit report year"),
        Problem.UNKNOWN_TIER: _("not a tier: use 1, 2, 2WL, 3 or special"),
        Problem.DUPLICATE: _("this country is already listed in this file for the same year"),
    }[problem]


def worded_findings(check: YearCheck) -> list[tuple[str, str, str, str, str]]:
    """A year check as the import page lists it: (severity, country, ISO3, placement, why)."""
    return [
        (
            severity_label(finding.severity),
            country_name(finding.iso3),
            finding.iso3,
            tier_label(finding.tier),
            describe(finding.constraint),
        )
        for finding in check.findings
    ]
