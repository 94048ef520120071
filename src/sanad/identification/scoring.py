"""Scoring a screening against its guide version: the dimension rule, then the adult or child combination.

Only "yes" answers count. "Unknown" and "no" never do, and every rule is a minimum count, so adding a "yes"
can never lower a result. The outcome supports the competent authority's decision; it never sets a status.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sanad.identification.guide import Guide, Profile


class Outcome:
    PRESUMED = "presumed"
    POSSIBLE = "possible"
    NONE = "none"

    ORDER = {NONE: 0, POSSIBLE: 1, PRESUMED: 2}


@dataclass(frozen=True)
class DimensionResult:
    dimension: str
    positive: bool
    counts: dict[str, int]  # "yes" answers by strength
    yes_indicators: tuple[str, ...]
    unknown_count: int
    answered_count: int
    indicator_count: int


@dataclass(frozen=True)
class ScreeningResult:
    guide_version: str
    profile: str
    act_present: str
    dimensions: tuple[DimensionResult, ...]
    outcome: str
    rule_met: bool
    missing: tuple[str, ...] = field(default=())  # parts of the combination rule not met

    def dimension(self, code: str) -> DimensionResult:
        return next(result for result in self.dimensions if result.dimension == code)

    @property
    def positive_dimensions(self) -> tuple[str, ...]:
        return tuple(result.dimension for result in self.dimensions if result.positive)

    def as_record(self) -> dict[str, Any]:
        """The part stored with a screening, for lists and statistics."""
        return {
            result.dimension: {"positive": result.positive, "counts": result.counts}
            for result in self.dimensions
        }


def score(
    guide: Guide, profile_code: str, answers: Mapping[str, str], act_present: str = "unknown"
) -> ScreeningResult:
    """Score ``answers`` (indicator id → yes/no/unknown) with one profile of one guide version."""
    profile = guide.profile(profile_code)
    dimensions = tuple(_dimension_result(guide, profile, code, answers) for code in guide.dimensions)
    positive = {result.dimension for result in dimensions if result.positive}
    rule = guide.child_rule if profile.is_child else guide.adult_rule
    missing: list[str] = []
    rule_met = _evaluate(rule, positive, act_present == "yes", missing)
    if rule_met:
        outcome = Outcome.PRESUMED
    elif positive:
        outcome = Outcome.POSSIBLE
    else:
        outcome = Outcome.NONE
    return ScreeningResult(
        guide_version=guide.version,
        profile=profile.code,
        act_present=act_present,
        dimensions=dimensions,
        outcome=outcome,
        rule_met=rule_met,
        missing=tuple(missing),
    )


def _dimension_result(
    guide: Guide, profile: Profile, dimension: str, answers: Mapping[str, str]
) -> DimensionResult:
    indicators = profile.by_dimension(dimension)
    counts = {"strong": 0, "medium": 0, "weak": 0}
    yes: list[str] = []
    unknown = answered = 0
    for indicator in indicators:
        answer = answers.get(indicator.id, "")
        if answer in {"yes", "no", "unknown"}:
            answered += 1
        if answer == "yes":
            counts[indicator.strength] += 1
            yes.append(indicator.id)
        elif answer == "unknown":
            unknown += 1
    positive = any(threshold.met_by(counts) for threshold in guide.dimension_rule)
    return DimensionResult(
        dimension=dimension,
        positive=positive,
        counts=counts,
        yes_indicators=tuple(yes),
        unknown_count=unknown,
        answered_count=answered,
        indicator_count=len(indicators),
    )


def _evaluate(rule: Any, positive: set[str], act_present: bool, missing: list[str]) -> bool:
    """Evaluate a combination rule; record in ``missing`` the top-level parts that are not met."""
    if isinstance(rule, str):
        met = rule in positive
        if not met:
            missing.append(rule)
        return met
    if "act_present" in rule:
        if not act_present:
            missing.append("act_present")
        return act_present
    if "any_of" in rule:
        met = any(_evaluate(part, positive, act_present, []) for part in rule["any_of"])
        if not met:
            missing.append("any_of:" + ",".join(_name(part) for part in rule["any_of"]))
        return met
    results = [_evaluate(part, positive, act_present, missing) for part in rule["all_of"]]
    return all(results)


def _name(rule: Any) -> str:
    if isinstance(rule, str):
        return rule
    return next(iter(rule))
