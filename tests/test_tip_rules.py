"""The TIP tier-placement rules engine (sanad.tip.rules): pure functions, no database."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanad.tip.rules import (
    AUTOMATIC_DOWNGRADE,
    DATA_DIR,
    DEFAULT_RULES,
    DESCRIPTIONS,
    RETURN_RULE,
    SWL_UPGRADE_FROM_TIER_3,
    SWL_UPGRADE_TO_TIER_1,
    WAIVER,
    WATCH_LIST_CRITERIA,
    Code,
    Constraint,
    MoveKind,
    RowError,
    Rules,
    Severity,
    Tier,
    check_year,
    classify_move,
    explain_moves,
    histories_from_rows,
    outlook,
    waivers_from_rows,
)

WL = Tier.WATCH_LIST


def history(spec: Mapping[range | int, str]) -> dict[int, Tier]:
    """{range(2009, 2011): "2WL", 2011: "3"} -> {2009: WL, 2010: WL, 2011: T3}."""
    built: dict[int, Tier] = {}
    for key, tier in spec.items():
        for year in key if isinstance(key, range) else (key,):
            built[year] = Tier(tier)
    return built


def codes(constraints: Iterable[Constraint]) -> set[Code]:
    return {c.code for c in constraints}


# --- Types and configuration --------------------------------------------------------------------------------


def test_tier_values_are_those_of_the_csv() -> None:
    assert [t.value for t in Tier] == ["1", "2", "2WL", "3", "special"]


def test_every_code_has_a_description_and_a_statute() -> None:
    assert set(DESCRIPTIONS) == set(Code)


def test_default_rules() -> None:
    rules = DEFAULT_RULES
    assert (rules.watch_list_first_year, rules.first_counted_year, rules.consecutive_wl_limit) == (
        2004,
        2009,
        2,
    )
    assert rules.f_rule_first_year == 2019
    assert [rules.waiver_limit(y) for y in (2011, 2018, 2019, 2025)] == [2, 2, 1, 1]
    assert Rules(current_waiver_limit_first_year=2014).waiver_limit(2014) == 1


@pytest.mark.parametrize(
    "kwargs",
    [{"consecutive_wl_limit": 0}, {"waiver_limit_current": -1}, {"first_counted_year": 2003}],
)
def test_rules_reject_nonsense(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        Rules(**kwargs)


# --- The automatic downgrade (D)(i) and the first counted year ----------------------------------------------


def test_watch_list_years_before_2009_do_not_count() -> None:
    h = history({range(2004, 2011): "2WL"})
    first = outlook(h, set(), 2009)
    assert first.consecutive_wl_years == 0
    assert not first.requires_waiver
    pre_act = first.constraint(Code.PRE_ACT_YEARS_NOT_COUNTED)
    assert pre_act is not None
    assert pre_act.kwargs == {"first_counted_year": 2009, "uncounted_years": 5}
    assert outlook(h, set(), 2010).consecutive_wl_years == 1
    third = outlook(h, set(), 2011)
    assert third.wl_years == (2009, 2010)
    assert third.requires_waiver and third.waiver_available and third.watch_list_allowed
    required = third.constraint(Code.WAIVER_REQUIRED)
    assert required is not None
    assert required.statute == AUTOMATIC_DOWNGRADE == "22 U.S.C. 7107(b)(2)(D)(i)"
    assert required.kwargs["waiver_number"] == 1
    assert required.kwargs["waiver_limit"] == 2


def test_a_tier_2_year_breaks_the_run() -> None:
    h = history({range(2009, 2011): "2WL", 2011: "2", 2012: "2WL"})
    look = outlook(h, set(), 2013)
    assert look.wl_years == (2012,)
    assert not look.requires_waiver
    assert not look.uncertain


def test_history_entries_from_next_year_on_are_ignored() -> None:
    h = history({range(2009, 2011): "2WL", 2011: "3"})
    assert outlook(h, set(), 2011).requires_waiver


# --- Waivers (D)(ii): used, exhausted, and the configurable changeover --------------------------------------


def test_2008_act_allows_two_waiver_years_then_the_downgrade() -> None:
    h = history({range(2009, 2013): "2WL"})
    fourth = outlook(h, set(), 2012)
    assert fourth.waiver_years == (2011,)
    assert fourth.waiver_available
    fifth = outlook(h, set(), 2013)
    assert fifth.waiver_years == (2011, 2012)
    assert fifth.inferred_waiver_years == (2011, 2012)
    assert fifth.requires_waiver and not fifth.waiver_available and not fifth.watch_list_allowed
    exhausted = fifth.constraint(Code.WAIVERS_EXHAUSTED)
    assert exhausted is not None
    assert exhausted.statute == WAIVER == "22 U.S.C. 7107(b)(2)(D)(ii)"
    assert exhausted.kwargs["waiver_years"] == (2011, 2012)
    recorded = outlook(h, {2011, 2012}, 2013)
    assert recorded.inferred_waiver_years == ()
    assert Code.INFERRED_WAIVER not in codes(recorded.constraints)


def test_current_text_allows_one_waiver_year() -> None:
    h = history({range(2019, 2022): "2WL"})
    assert outlook(h, set(), 2021).waiver_available
    after = outlook(h, {2021}, 2022)
    assert after.waiver_limit == 1
    assert after.waiver_years == (2021,)
    assert not after.watch_list_allowed


def test_waiver_limit_changeover_is_configurable() -> None:
    h = history({range(2013, 2016): "2WL"})
    assert outlook(h, {2015}, 2016).waiver_available  # default: 2008 limit (2) until the 2019 report
    earlier = Rules(current_waiver_limit_first_year=2016)
    assert not outlook(h, {2015}, 2016, earlier).waiver_available
    # The limit in force for the year of the placement decides: one waiver year used under the 2008 act
    # leaves none once the current limit of 1 applies.
    assert outlook(h, {2015}, 2016, earlier).constraint(Code.WAIVERS_EXHAUSTED) is not None


# --- Special Cases and gaps ---------------------------------------------------------------------------------


def test_a_special_case_year_breaks_the_run() -> None:
    # Decision record 0012: a Special Case is on no list, so it is not a Watch List year; the count restarts.
    h = history({range(2009, 2011): "2WL", 2011: "special", 2012: "2WL"})
    look = outlook(h, set(), 2013)
    assert look.wl_years == (2012,)
    reset = look.constraint(Code.RUN_RESET_BY_SPECIAL_CASE)
    assert reset is not None
    assert reset.kwargs == {"special_year": 2011}
    assert not outlook(h, set(), 2012).requires_waiver


def test_a_missing_year_is_uncertain_not_a_break() -> None:
    h = history({2009: "2WL", 2011: "2WL"})
    look = outlook(h, set(), 2012)
    assert look.consecutive_wl_years == 1  # a lower bound
    assert look.uncertain
    gap = look.constraint(Code.HISTORY_GAP)
    assert gap is not None
    assert gap.kwargs == {"missing_year": 2010, "known_run": 1, "possible_run": 3, "before_first_record": 0}
    found = check_year(2012, {"XAA": "2WL"}, {"XAA": h}, {})
    assert [f.severity for f in found.findings] == [Severity.UNCERTAIN]
    assert found.violations == ()


def test_a_gap_that_cannot_matter_is_listed_but_not_uncertain() -> None:
    h = history({2011: "2"})  # 2012 missing: at most one WL year, no waiver either way
    look = outlook(h, set(), 2013)
    assert look.constraint(Code.HISTORY_GAP) is not None
    assert not look.uncertain
    assert check_year(2013, {"XAA": "2WL"}, {"XAA": h}, {}).findings == ()


def test_a_gap_before_the_first_record_is_flagged_as_such() -> None:
    look = outlook(history({2011: "2WL"}), set(), 2012)
    gap = look.constraint(Code.HISTORY_GAP)
    assert gap is not None
    assert gap.kwargs["before_first_record"] == 1
    assert look.uncertain


def test_a_gap_cannot_excuse_a_violation() -> None:
    h = history({2009: "2WL", range(2011, 2015): "2WL"})
    found = check_year(2015, {"XAA": "2WL"}, {"XAA": h}, {"XAA": {2013, 2014}})
    assert [(f.severity, f.constraint.code) for f in found.findings] == [
        (Severity.VIOLATION, Code.WAIVERS_EXHAUSTED)
    ]


# --- The (F) rule: downgraded, then back on the Watch List --------------------------------------------------


def test_f_rule_allows_one_year_back_on_the_watch_list() -> None:
    h = history({range(2016, 2018): "2WL", 2018: "3", 2019: "2WL"})
    back = outlook(h, set(), 2019)
    assert back.f_rule_applies and back.downgrade_year == 2018
    assert back.watch_list_allowed
    assert back.constraint(Code.RETURN_AFTER_DOWNGRADE) is not None
    second = outlook(h, set(), 2020)
    assert second.consecutive_wl_years == 1
    assert not second.requires_waiver  # (D) alone would allow it ...
    assert not second.watch_list_allowed and not second.waiver_available  # ... (F) does not, waiver or not
    used = second.constraint(Code.RETURN_YEAR_USED)
    assert used is not None
    assert used.statute == RETURN_RULE == "22 U.S.C. 7107(b)(2)(F)"
    assert used.kwargs == {"year": 2020, "downgrade_year": 2018, "return_years": (2019,)}
    found = check_year(2020, {"XAA": "2WL"}, {"XAA": h}, {"XAA": {2020}})
    assert found.violations[0].constraint.code is Code.RETURN_YEAR_USED


def test_f_rule_applies_only_from_its_first_year() -> None:
    h = history({range(2011, 2013): "2WL", 2013: "3", 2014: "2WL"})
    look = outlook(h, set(), 2015)
    assert not look.f_rule_applies and look.watch_list_allowed
    assert not outlook(h, set(), 2015, Rules(f_rule_first_year=2015)).watch_list_allowed


def test_f_rule_counts_a_downgrade_from_before_its_first_year() -> None:
    # Malaysia's pattern: WL 2010-2013, Tier 3 in 2014; back on the WL in 2019 (hypothetical years after).
    h = history({range(2010, 2014): "2WL", 2014: "3", range(2015, 2019): "2", 2019: "2WL"})
    look = outlook(h, set(), 2020)
    assert look.downgrade_year == 2014
    assert not look.watch_list_allowed


def test_a_discretionary_downgrade_does_not_trigger_f() -> None:
    h = history({2017: "2WL", 2018: "3", 2019: "2WL"})
    look = outlook(h, set(), 2020)
    assert not look.f_rule_applies and look.watch_list_allowed


def test_a_gap_that_may_hide_a_downgrade_makes_f_uncertain() -> None:
    h = history({range(2009, 2015): "2", range(2015, 2018): "2WL", 2019: "2", 2020: "2WL"})  # 2018: T3?
    look = outlook(h, set(), 2021)
    assert not look.f_rule_applies
    assert look.uncertain
    gap = look.constraint(Code.HISTORY_GAP)
    assert gap is not None
    assert gap.statute == RETURN_RULE
    assert gap.kwargs == {"candidate_years": (2018,)}


# --- Special Watch List (A)(i)/(ii) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("previous", "expected"),
    [
        ("2", (Tier.ONE,)),
        ("2WL", (Tier.ONE,)),  # a WL country is on list (B): 2WL -> 1 is an (A)(i) upgrade
        ("3", (Tier.TWO, WL)),
        ("1", ()),
        ("special", ()),
    ],
)
def test_special_watch_list_if_upgraded(previous: str, expected: tuple[Tier, ...]) -> None:
    look = outlook({2014: Tier(previous)}, set(), 2015)
    assert look.upgrade_tiers == expected
    assert look.special_watch_list_if_upgraded is bool(expected)
    assert (look.constraint(Code.SWL_IF_UPGRADED) is not None) is bool(expected)


def test_special_watch_list_unknown_without_last_year() -> None:
    assert outlook({2013: Tier.THREE}, set(), 2015).special_watch_list_if_upgraded is None


def test_check_year_lists_the_movers_up() -> None:
    previous = {"XAA": "2", "XBB": "3", "XCC": "3", "XDD": "2WL", "XEE": "3", "XFF": "1"}
    now = {"XAA": "1", "XBB": "2", "XCC": "2WL", "XDD": "1", "XEE": "1", "XFF": "2"}
    histories = {iso3: {2014: Tier(t)} for iso3, t in previous.items()}
    found = check_year(2015, now, histories, {})
    assert [(u.iso3, u.statute) for u in found.swl_upgrades] == [
        ("XAA", SWL_UPGRADE_TO_TIER_1),
        ("XBB", SWL_UPGRADE_FROM_TIER_3),
        ("XCC", SWL_UPGRADE_FROM_TIER_3),
        ("XDD", SWL_UPGRADE_TO_TIER_1),
    ]  # XEE: 3 -> 1 skips list (B) and is neither (A)(i) nor (A)(ii); XFF moved down
    first = found.swl_upgrades[0].constraint
    assert first.code is Code.SWL_BY_UPGRADE
    assert first.kwargs == {"year": 2015, "previous_tier": "2", "tier": "1"}


# --- check_year: violations and findings --------------------------------------------------------------------


def test_watch_list_before_2004_is_a_violation() -> None:
    assert not outlook({}, set(), 2003).watch_list_allowed
    found = check_year(2003, {"XAA": "2WL", "XBB": "2"}, {}, {})
    assert [(f.iso3, f.severity) for f in found.findings] == [("XAA", Severity.VIOLATION)]
    assert found.findings[0].constraint.code is Code.WATCH_LIST_NOT_YET_CREATED
    assert found.findings[0].constraint.statute == WATCH_LIST_CRITERIA
    assert check_year(2003, {"XAA": "3"}, {"XAA": {2002: Tier.TWO}}, {}).swl_upgrades == ()


def test_unknown_tier_is_invalid() -> None:
    found = check_year(2015, {"XAA": "4"}, {}, {})
    assert [(f.severity, f.constraint.code, f.constraint.kwargs) for f in found.findings] == [
        (Severity.INVALID, Code.UNKNOWN_TIER, {"value": "4"})
    ]


def test_third_watch_list_year_needs_a_waiver_record() -> None:
    h = {"XAA": history({2010: "2", range(2011, 2013): "2WL"})}
    missing = check_year(2013, {"XAA": "2WL"}, h, {})
    assert [f.severity for f in missing.findings] == [Severity.WAIVER_RECORD_NEEDED]
    assert missing.findings[0].constraint.statute == AUTOMATIC_DOWNGRADE
    assert check_year(2013, {"XAA": "2WL"}, h, {"XAA": {2013}}).findings == ()


def test_waiver_beyond_the_limit_is_a_violation_even_if_recorded() -> None:
    h = {"XAA": history({range(2009, 2013): "2WL"})}
    found = check_year(2013, {"XAA": "2WL"}, h, {"XAA": {2011, 2012, 2013}})
    assert [(f.severity, f.constraint.code) for f in found.findings] == [
        (Severity.VIOLATION, Code.WAIVERS_EXHAUSTED)
    ]


def test_a_waiver_record_that_was_not_needed_is_noted() -> None:
    h = {"XAA": history({2011: "2", 2012: "2WL"}), "XBB": history({2010: "2", range(2011, 2013): "2WL"})}
    found = check_year(2013, {"XAA": "2WL", "XBB": "3"}, h, {"XAA": {2013}, "XBB": {2013}})
    assert [(f.iso3, f.severity, f.constraint.code) for f in found.findings] == [
        ("XAA", Severity.NOTE, Code.WAIVER_NOT_APPLICABLE),
        ("XBB", Severity.NOTE, Code.WAIVER_NOT_APPLICABLE),
    ]


def test_tier_3_and_special_placements_are_always_allowed() -> None:
    h = {"XAA": history({range(2009, 2015): "2WL"})}
    assert check_year(2015, {"XAA": "3"}, h, {}).findings == ()
    assert check_year(2015, {"XAA": "special"}, h, {}).findings == ()


# --- Watch List -> Tier 3 moves -----------------------------------------------------------------------------


def test_move_classification() -> None:
    exhausted = classify_move("XAA", 2013, history({range(2009, 2013): "2WL", 2013: "3"}), set())
    assert exhausted.kind is MoveKind.AUTOMATIC_DOWNGRADE
    assert exhausted.reason is not None and exhausted.reason.code is Code.WAIVERS_EXHAUSTED
    not_granted = classify_move("XAA", 2014, history({range(2012, 2014): "2WL", 2014: "3"}), set())
    assert not_granted.kind is MoveKind.AUTOMATIC_DOWNGRADE
    assert not_granted.reason is not None and not_granted.reason.code is Code.WAIVER_REQUIRED
    decision = classify_move("XAA", 2014, history({2012: "2", 2013: "2WL", 2014: "3"}), set())
    assert decision.kind is MoveKind.DECISION and decision.reason is None
    unknown = classify_move("XAA", 2014, history({2013: "2WL", 2014: "3"}), set())
    assert unknown.kind is MoveKind.UNDETERMINED
    f_rule = classify_move("XAA", 2020, history({range(2016, 2018): "2WL", 2018: "3", 2019: "2WL"}), set())
    assert f_rule.kind is MoveKind.AUTOMATIC_DOWNGRADE
    assert f_rule.reason is not None and f_rule.reason.statute == RETURN_RULE


def test_explain_moves_picks_only_watch_list_to_tier_3() -> None:
    histories = {
        "XAA": history({range(2011, 2013): "2WL", 2013: "3"}),
        "XBB": history({range(2011, 2013): "2WL", 2013: "2"}),
        "XCC": history({2012: "2", 2013: "3"}),
    }
    assert [m.iso3 for m in explain_moves(2013, histories, {})] == ["XAA"]


# --- Loading rows -------------------------------------------------------------------------------------------


def test_histories_from_rows() -> None:
    rows = [
        {"country": "Morocco", "iso3": "MAR", "year": "2013", "tier": "2WL"},
        {"country": "Morocco", "iso3": "MAR", "year": "2012", "tier": "2"},
        {"country": "Libya", "iso3": "LBY", "year": "2017", "tier": "special"},
    ]
    assert histories_from_rows(rows) == {"MAR": {2013: WL, 2012: Tier.TWO}, "LBY": {2017: Tier.SPECIAL}}


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"iso3": "mar"}, "iso3"),
        ({"iso3": "MA"}, "iso3"),
        ({"iso3": "MARO"}, "iso3"),
        ({"iso3": ""}, "iso3"),
        ({"tier": "4"}, "tier"),
        ({"tier": "2wl"}, "tier"),
        ({"year": "13"}, "year"),
        ({"year": "twenty"}, "year"),
    ],
)
def test_histories_from_rows_names_row_and_field(bad: dict[str, str], field: str) -> None:
    rows = [{"iso3": "DZA", "year": "2013", "tier": "3"}, {"iso3": "MAR", "year": "2013", "tier": "2"} | bad]
    with pytest.raises(ValueError, match=rf"row 3, field '{field}'") as caught:
        histories_from_rows(rows, first_row_number=2)
    assert isinstance(caught.value, RowError)
    assert (caught.value.row, caught.value.field) == (3, field)


def test_histories_from_rows_rejects_a_country_twice_in_one_year() -> None:
    rows = [{"iso3": "MAR", "year": "2013", "tier": "2"}, {"iso3": "MAR", "year": "2013", "tier": "2"}]
    with pytest.raises(ValueError, match=r"row 2, field 'iso3': country appears twice in the same year"):
        histories_from_rows(rows)


def test_waivers_from_rows() -> None:
    rows = [{"iso3": "THA", "year": "2013", "source": "x"}, {"iso3": "THA", "year": "2012", "source": "y"}]
    assert waivers_from_rows(rows) == {"THA": frozenset({2012, 2013})}
    with pytest.raises(ValueError, match="row 1, field 'iso3'"):
        waivers_from_rows([{"iso3": "Thai", "year": "2013"}])


# --- The shipped history ------------------------------------------------------------------------------------


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def shipped() -> tuple[dict[str, dict[int, Tier]], dict[str, frozenset[int]]]:
    histories = histories_from_rows(read_csv("tip_tiers.csv"), first_row_number=2)
    waivers = waivers_from_rows(read_csv("waivers.csv"), first_row_number=2)
    return histories, waivers


Shipped = tuple[dict[str, dict[int, Tier]], dict[str, frozenset[int]]]


def test_shipped_waivers_are_the_2013_determination(shipped: Shipped) -> None:
    rows = read_csv("waivers.csv")
    assert all(row["source"].strip() for row in rows)
    assert {row["iso3"] for row in rows} == {
        *("AFG", "AGO", "BRB", "BLR", "BDI", "TCD", "COM", "GMB", "LBR", "MYS", "MDV", "THA"),
    }
    histories, waivers = shipped
    # Every recorded waiver is a 2013 WL placement that needed one, and every 2013 WL placement that
    # needed one has its record: the list and the determination agree exactly.
    needing = {
        iso3
        for iso3, h in histories.items()
        if h.get(2013) is WL and outlook(h, waivers.get(iso3, frozenset()), 2013).requires_waiver
    }
    assert needing == set(waivers)


def moves(shipped: Shipped, year: int) -> dict[str, MoveKind]:
    histories, waivers = shipped
    return {m.iso3: m.kind for m in explain_moves(year, histories, waivers)}


def test_shipped_2013_moves_are_all_explained(shipped: Shipped) -> None:
    found = moves(shipped, 2013)
    assert MoveKind.UNDETERMINED not in found.values()
    # Russia, Uzbekistan and China: WL 2009-2012 = two counted years + the two waiver years of the 2008
    # act (2011, 2012) -> automatic. Guinea-Bissau and Mauritania: Tier 3 in 2011, one WL year -> decision.
    assert found == {
        "CHN": MoveKind.AUTOMATIC_DOWNGRADE,
        "RUS": MoveKind.AUTOMATIC_DOWNGRADE,
        "UZB": MoveKind.AUTOMATIC_DOWNGRADE,
        "GNB": MoveKind.DECISION,
        "MRT": MoveKind.DECISION,
    }


def test_shipped_2014_moves_are_all_explained(shipped: Shipped) -> None:
    histories, waivers = shipped
    found = {m.iso3: m for m in explain_moves(2014, histories, waivers)}
    assert {iso3: m.kind for iso3, m in found.items()} == {
        "GMB": MoveKind.AUTOMATIC_DOWNGRADE,
        "MYS": MoveKind.AUTOMATIC_DOWNGRADE,
        "THA": MoveKind.AUTOMATIC_DOWNGRADE,
        "VEN": MoveKind.AUTOMATIC_DOWNGRADE,
    }
    # The reference notes say Malaysia was WL 2011-2013; the CSV has WL from 2010, so 2012 was a first
    # (inferred) waiver year and 2013 the recorded second one: both waivers used, the downgrade automatic.
    for iso3 in ("MYS", "THA"):
        evidence = found[iso3].evidence
        assert evidence.wl_years == (2010, 2011, 2012, 2013)
        assert evidence.waiver_years == (2012, 2013)
        assert evidence.inferred_waiver_years == (2012,)
        reason = found[iso3].reason
        assert reason is not None and reason.code is Code.WAIVERS_EXHAUSTED
    # The Gambia (one waiver used, 2013) and Venezuela (WL 2012-2013, none used) could still have been
    # waived: no waiver was granted, so the downgrade is the automatic one of (D)(i).
    assert found["GMB"].evidence.waiver_years == (2013,)
    assert found["VEN"].evidence.waiver_years == ()


def test_shipped_2009_to_2015_lists_obeyed_the_law(shipped: Shipped) -> None:
    histories, waivers = shipped
    uncertain: set[tuple[str, int]] = set()
    for year in range(2009, 2016):
        placements = {iso3: str(h[year]) for iso3, h in histories.items() if year in h}
        found = check_year(year, placements, histories, waivers)
        assert found.violations == (), year
        assert found.with_severity(Severity.INVALID) == ()
        assert found.with_severity(Severity.NOTE) == ()
        uncertain |= {(f.iso3, year) for f in found.with_severity(Severity.UNCERTAIN)}
    # The uncertain ones are gaps, not breaches: Comoros, Kiribati and Solomon Islands have no record
    # before their first WL year; Haiti has no 2010-2011 rows (Special Case in 2009).
    assert {iso3 for iso3, _ in uncertain} == {"COM", "HTI", "KIR", "SLB"}


def test_shipped_history_rules_out_a_waiver_limit_of_1_in_2014_or_2015(shipped: Shipped) -> None:
    # Angola, Belarus, Burundi and Comoros used a second waiver year in 2014, seven countries in 2015:
    # a waiver limit of 1 from 2014 or 2015 would make real lists unlawful.
    histories, waivers = shipped
    for changeover, year in ((2014, 2014), (2015, 2015)):
        rules = Rules(current_waiver_limit_first_year=changeover)
        placements = {iso3: str(h[year]) for iso3, h in histories.items() if year in h}
        assert check_year(year, placements, histories, waivers, rules).violations != ()


# --- Properties ---------------------------------------------------------------------------------------------

TIER_OR_GAP = st.sampled_from([*Tier, None])
YEARS = range(2006, 2025)


@st.composite
def sparse_histories(draw: st.DrawFn) -> dict[int, Tier]:
    tiers = draw(st.lists(TIER_OR_GAP, min_size=len(YEARS), max_size=len(YEARS)))
    return {year: tier for year, tier in zip(YEARS, tiers, strict=True) if tier is not None}


@settings(max_examples=300, deadline=None)
@given(h=sparse_histories(), next_year=st.integers(2009, 2025))
def test_outlook_is_consistent(h: dict[int, Tier], next_year: int) -> None:
    look = outlook(h, set(), next_year)
    assert look.consecutive_wl_years == len(look.wl_years)
    assert all(h[y] is WL and 2009 <= y < next_year for y in look.wl_years)
    assert look.waiver_years == look.wl_years[2:]
    assert not (look.watch_list_allowed and look.requires_waiver and not look.waiver_available)


@settings(max_examples=300, deadline=None)
@given(h=sparse_histories(), next_year=st.integers(2009, 2025))
def test_a_certain_outlook_does_not_depend_on_the_gaps(h: dict[int, Tier], next_year: int) -> None:
    """When the outlook is not uncertain, no value of any one missing year changes what it allows."""
    look = outlook(h, set(), next_year)
    if look.uncertain:
        return
    for year in range(2009, next_year):
        if year in h:
            continue
        for tier in Tier:
            filled = outlook({**h, year: tier}, set(), next_year)
            assert filled.watch_list_allowed == look.watch_list_allowed, (year, tier)
            if look.watch_list_allowed:
                assert filled.requires_waiver == look.requires_waiver, (year, tier)


@settings(max_examples=200, deadline=None)
@given(
    wishes=st.lists(st.sampled_from(list(Tier)), min_size=27, max_size=27),
    changeover=st.integers(2010, 2030),
    f_first=st.integers(2010, 2030),
)
def test_lawful_histories_never_exceed_the_waiver_limit(
    wishes: list[Tier], changeover: int, f_first: int
) -> None:
    """Build a history year by year, taking the WL only when outlook allows it and recording the waivers it
    needs: no run ever claims more waiver years than the limit, and check_year finds nothing wrong."""
    rules = Rules(current_waiver_limit_first_year=changeover, f_rule_first_year=f_first)
    h: dict[int, Tier] = {}
    waivers: set[int] = set()
    for year, wish in zip(range(2004, 2031), wishes, strict=True):
        look = outlook(h, waivers, year, rules)
        assert len(look.waiver_years) <= max(rules.waiver_limit_2008_act, rules.waiver_limit_current)
        if look.waiver_years:
            assert len(look.waiver_years) <= rules.waiver_limit(look.waiver_years[-1])
        tier = Tier.THREE if wish is WL and not look.watch_list_allowed else wish
        if tier is WL and look.requires_waiver:
            waivers.add(year)
        found = check_year(year, {"XAA": str(tier)}, {"XAA": h}, {"XAA": waivers}, rules)
        assert found.findings == (), (year, tier, found.findings)
        h[year] = tier


def test_a_gap_after_an_automatic_downgrade_may_hide_the_one_return_year() -> None:
    """Found by the property above: WL 2019-2020, Tier 3 in 2021 (automatic downgrade), 2022 unknown. If 2022
    was the one WL year allowed after the downgrade, 2023 may not be WL: the outlook cannot be certain."""
    history = dict.fromkeys(range(2006, 2019), Tier.ONE) | {
        2019: WL, 2020: WL, 2021: Tier.THREE, 2023: Tier.ONE, 2024: Tier.ONE,
    }  # fmt: skip
    look = outlook(history, set(), 2023)
    assert look.uncertain and look.downgrade_year == 2021
    assert not outlook({**history, 2022: WL}, set(), 2023).watch_list_allowed
    assert outlook({**history, 2022: Tier.THREE}, set(), 2023).watch_list_allowed
