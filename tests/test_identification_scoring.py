"""Scoring with the identification guide: the dimension rule, the adult and child rules, their properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from sanad.identification.guide import GuideError, parse_guide_text
from sanad.identification.scoring import Outcome, score

SHIPPED = (
    Path(__file__).resolve().parents[1] / "src" / "sanad" / "catalogs" / "data" / "identification_guide.yaml"
)
GUIDE = parse_guide_text(SHIPPED.read_text(encoding="utf-8"))
ADULT = GUIDE.profile("adult_labour")
CHILD = GUIDE.profile("child_labour")
ORDER = {Outcome.NONE: 0, Outcome.POSSIBLE: 1, Outcome.PRESUMED: 2}


def _yes(*ids: str) -> dict[str, str]:
    return dict.fromkeys(ids, "yes")


@pytest.mark.parametrize(
    ("answers", "positive"),
    [
        (_yes("CD01", "CD02"), True),  # two strong
        (_yes("CD01", "CD05"), True),  # one strong and one medium
        (_yes("CD05", "CD06", "CD07"), True),  # three medium
        (_yes("CD05", "CD06"), False),  # two medium, no weak
        (_yes("CD05", "CD06", "CD15"), True),  # two medium and one weak
        (_yes("CD01"), False),  # one strong alone
        (_yes("CD05", "CD15"), False),  # one medium and one weak
    ],
)
def test_dimension_rule(answers: dict[str, str], positive: bool) -> None:
    result = score(GUIDE, "adult_labour", answers)
    assert result.dimension("coercion_at_destination").positive is positive


def test_adult_needs_recruitment_exploitation_and_coercion() -> None:
    recruitment = _yes("DR01", "DR02")  # strong + medium
    exploitation = _yes("EX01", "EX02")
    coercion = _yes("CD01", "CD02")
    full = score(GUIDE, "adult_labour", {**recruitment, **exploitation, **coercion})
    assert full.outcome == Outcome.PRESUMED and full.rule_met
    without_coercion = score(GUIDE, "adult_labour", {**recruitment, **exploitation})
    assert without_coercion.outcome == Outcome.POSSIBLE
    assert any(part.startswith("any_of:coercion_at_destination") for part in without_coercion.missing)
    assert score(GUIDE, "adult_labour", {}).outcome == Outcome.NONE


def test_child_needs_only_the_act_and_exploitative_conditions() -> None:
    exploitation = _yes("EX01", "EX02")
    assert score(GUIDE, "child_labour", exploitation, act_present="yes").outcome == Outcome.PRESUMED
    unknown_act = score(GUIDE, "child_labour", exploitation, act_present="unknown")
    assert unknown_act.outcome == Outcome.POSSIBLE and unknown_act.missing == ("act_present",)
    # The same answers for an adult lack recruitment and coercion.
    assert score(GUIDE, "adult_labour", exploitation, act_present="yes").outcome == Outcome.POSSIBLE


def test_child_weights_differ_from_adult_weights() -> None:
    # Misled about education is weak for adults and strong for children.
    assert next(i for i in ADULT.indicators if i.id == "DR10").strength == "weak"
    assert next(i for i in CHILD.indicators if i.id == "DR10").strength == "strong"
    answers = _yes("DR10", "DR02")
    assert not score(GUIDE, "adult_labour", answers).dimension("deceptive_recruitment").positive
    assert score(GUIDE, "child_labour", answers).dimension("deceptive_recruitment").positive
    # Indicators absent from the child list do not count for a child.
    assert "EX06" not in {i.id for i in CHILD.indicators}


ANSWER = st.sampled_from(["yes", "no", "unknown", ""])
INDICATOR_IDS = sorted({i.id for i in ADULT.indicators})


@hypothesis_settings(max_examples=300, deadline=None, database=None)
@given(
    profile=st.sampled_from(["adult_labour", "child_labour"]),
    answers=st.fixed_dictionaries(dict.fromkeys(INDICATOR_IDS, ANSWER)),
    act=st.sampled_from(["yes", "no", "unknown"]),
    flip=st.sampled_from(INDICATOR_IDS),
)
def test_adding_a_yes_never_lowers_a_result(
    profile: str, answers: dict[str, str], act: str, flip: str
) -> None:
    before = score(GUIDE, profile, answers, act)
    after = score(GUIDE, profile, {**answers, flip: "yes"}, act)
    assert ORDER[after.outcome] >= ORDER[before.outcome]
    for old, new in zip(before.dimensions, after.dimensions, strict=True):
        assert new.positive or not old.positive


@hypothesis_settings(max_examples=300, deadline=None, database=None)
@given(
    profile=st.sampled_from(["adult_labour", "child_labour"]),
    answers=st.fixed_dictionaries(dict.fromkeys(INDICATOR_IDS, ANSWER)),
    act=st.sampled_from(["no", "unknown"]),
)
def test_unknown_never_counts_as_yes(profile: str, answers: dict[str, str], act: str) -> None:
    as_given = score(GUIDE, profile, answers, act)
    unknown_as_no = {key: "no" if value == "unknown" else value for key, value in answers.items()}
    assert score(GUIDE, profile, unknown_as_no, act).outcome == as_given.outcome
    assert score(GUIDE, profile, answers, "unknown").outcome == score(GUIDE, profile, answers, "no").outcome


BROKEN = [
    (SHIPPED.read_text(encoding="utf-8").replace('medium: ">=3"', 'medium: ">=0"', 1), "at least 1"),
    (
        SHIPPED.read_text(encoding="utf-8").replace("DR10: {strength: S}", "DR10: S", 1),
        "strength: S|M|W|absent",
    ),
    ("meta: {version: ''}\n", "meta.version"),
    ("not: [valid", "not valid YAML"),
    (SHIPPED.read_text(encoding="utf-8").replace("strength: S", "strength: X", 1), "strength must be"),
    (SHIPPED.read_text(encoding="utf-8").replace('strong: ">=2"', 'strong: "two"', 1), "'>=N'"),
    (
        SHIPPED.read_text(encoding="utf-8").replace("- exploitative_conditions  ", "- exploited ", 1),
        "unknown dimension",
    ),
    (
        SHIPPED.read_text(encoding="utf-8").replace("DR10: {strength: S}", "ZZ99: {strength: S}", 1),
        "unknown indicators ZZ99",
    ),
]


@pytest.mark.parametrize(("text", "message"), BROKEN)
def test_a_broken_guide_is_refused_with_the_place_named(text: str, message: str) -> None:
    with (
        translation.override("en"),
        pytest.raises(GuideError, match=message.replace("(", r"\(").replace(".", r"\.")),
    ):
        parse_guide_text(text)
