"""The linkage model on a small labelled set: the obvious pairs across scripts and spellings are found, and
namesakes with different full dates of birth are not linked."""

from __future__ import annotations

from collections import Counter
from math import comb

from sanad.linkage.model import (
    AUTO_LINK,
    FALLBACK,
    MIN_TRAINING_RECORDS,
    PersonRecord,
    feature_frame,
    fixed_settings,
    score,
)
from sanad.linkage.synthetic import registrations


def _records() -> list[PersonRecord]:
    same_amina = [
        PersonRecord("a1", "أمينة", "بن زيان", 2003, 4, 12, source="hotline", nationality="MAR"),
        PersonRecord("a2", "AMINA", "BENZIANE", 2003, 4, 12, source="police", nationality="MAR"),
        PersonRecord("a3", "Amina", "Ben Ziane", 2003, None, None, source="shelter", nationality="MAR"),
    ]
    same_youssef = [
        PersonRecord("y1", "Youssef", "El Alaoui", 1998, 11, 3, source="police", nationality="MAR"),
        PersonRecord("y2", "يوسف", "العلوي", 1998, 11, 3, source="hotline", nationality="MAR"),
    ]
    # Namesakes: same names, different full dates of birth.
    namesakes = [
        PersonRecord("f1", "Fatima", "Tazi", 1990, 1, 5, source="police", nationality="MAR"),
        PersonRecord("f2", "Fatima", "Tazi", 2001, 9, 23, source="shelter", nationality="MAR"),
    ]
    # A crowd of other people, so that the model has random pairs to learn what disagreement looks like.
    given = ["Khadija", "Meryem", "Hassan", "Omar", "Salma", "Nabil", "Aminata", "Moussa", "Grace", "Samuel"]
    family = [
        "Bennani",
        "Berrada",
        "Diallo",
        "Traore",
        "Cherkaoui",
        "Okafor",
        "Martin",
        "Haddad",
        "Sow",
        "Ziani",
    ]
    crowd = [
        PersonRecord(
            f"c{index}",
            given[index % 10],
            family[(index * 7) % 10],
            1970 + index % 40,
            1 + index % 12,
            1 + index % 28,
            source="ngo",
            nationality="MAR",
        )
        for index in range(400)
    ]
    # One document, spelled and dated differently: the document key decides.
    same_grace = [
        PersonRecord("d1", "Grace", "Okafor", source="police", document_key="K1"),
        PersonRecord("d2", "GRACE", "OKAPHOR", 1995, 3, None, source="shelter", document_key="K1"),
    ]
    # Siham in Arabic script: its sin and ha once read as the Latin "sh" and kept the pair from meeting.
    same_siham = [
        PersonRecord("s1", "سهام", "الصحراوي", 1992, 6, 1, source="hotline", nationality="MAR"),
        PersonRecord("s2", "Siham", "Sahraoui", 1992, source="police", nationality="MAR"),
    ]
    return same_amina + same_youssef + namesakes + same_grace + same_siham + crowd


def test_obvious_pairs_are_linked_and_namesakes_are_not() -> None:
    result = score(feature_frame(_records()))
    cluster = result.clusters
    assert cluster["a1"] == cluster["a2"] == cluster["a3"]
    assert cluster["y1"] == cluster["y2"]
    assert cluster["f1"] != cluster["f2"]
    assert cluster["d1"] == cluster["d2"]
    assert cluster["s1"] == cluster["s2"]
    linked = {(pair.left, pair.right) for pair in result.pairs if pair.probability >= AUTO_LINK}
    assert ("f1", "f2") not in linked and ("f2", "f1") not in linked


def _pairs_within(groups: Counter[object]) -> int:
    return sum(comb(size, 2) for size in groups.values())


def test_trained_model_links_synthetic_registrations_well() -> None:
    truth = registrations(3_000, seed=7)
    assert len(truth) >= MIN_TRAINING_RECORDS  # trained, not the fixed parameters
    frame = feature_frame(
        PersonRecord(
            r.record_id, r.given_name, r.family_name, r.birth_year, r.birth_month, r.birth_day,
            r.birth_estimated, r.sex, r.nationality, r.source, r.document_key, r.phone_key,
        )
        for r in truth
    )  # fmt: skip
    clusters = score(frame).clusters
    person = {r.record_id: r.person_id for r in truth}
    cluster = {uid: clusters.get(uid, uid) for uid in person}
    right = _pairs_within(Counter((cluster[uid], person[uid]) for uid in person))
    precision = right / _pairs_within(Counter(cluster.values()))
    recall = right / _pairs_within(Counter(person.values()))
    assert precision > 0.93
    assert recall > 0.75


def test_fixed_parameters_give_every_level_its_own_values() -> None:
    """The fallback m and u are listed level by level: a level added to a comparison needs its row."""
    created = fixed_settings(0.01)
    for comparison in created["comparisons"]:
        name = comparison["output_column_name"]
        if name in FALLBACK:
            levels = [level for level in comparison["comparison_levels"] if not level.get("is_null_level")]
            assert len(levels) == len(FALLBACK[name]), name


def _birth_level(left: PersonRecord, right: PersonRecord) -> str:
    """The label of the birth level a pair of records falls in, the levels tried in order as Splink does."""
    import duckdb
    import pandas as pd

    frame = feature_frame([left, right])
    pair = {f"{column}_l": frame[column].iloc[0] for column in frame.columns}
    pair |= {f"{column}_r": frame[column].iloc[1] for column in frame.columns}
    connection = duckdb.connect()
    connection.register("pair", pd.DataFrame([pair]))
    birth = next(c for c in fixed_settings(0.01)["comparisons"] if c["output_column_name"] == "birth")
    for level in birth["comparison_levels"]:
        # The condition is the model's own SQL, not input.
        query = f"SELECT coalesce(({level['sql_condition']}), false) FROM pair"  # noqa: S608
        if connection.execute(query).fetchone()[0]:
            return str(level["label_for_charts"])
    raise AssertionError("no level")


def test_an_estimated_year_that_hits_the_other_is_no_better_than_one_a_year_off() -> None:
    estimated = PersonRecord("e", "Awa", "Sow", 1990, birth_estimated=True)
    same, off = PersonRecord("g", "Awa", "Sow", 1990), PersonRecord("h", "Awa", "Sow", 1991)
    assert _birth_level(estimated, same) == _birth_level(estimated, off) == "within two years of an estimate"
    # Years given as such still agree as years.
    assert _birth_level(PersonRecord("x", "Awa", "Sow", 1990), same) == "same year, a month missing"
