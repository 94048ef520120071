"""Constrained clustering of scored pairs: reviewers' decisions hold (must-link joins, cannot-link keeps
apart even through a chain), namesakes whose full dates of birth conflict are not joined through
year-only records, and tiny frames are scored with fixed parameters instead of failing."""

from __future__ import annotations

from sanad.linkage.model import (
    LinkageResult,
    PersonRecord,
    ScoredPair,
    cluster,
    detach_ambiguous,
    estimated_persons,
    feature_frame,
    identities,
    review_pairs,
    score,
)


def _pairs(*triples: tuple[str, str, float]) -> list[ScoredPair]:
    return sorted((ScoredPair(*triple) for triple in triples), key=lambda pair: -pair.probability)


def test_pairs_above_the_threshold_are_joined_best_first() -> None:
    clusters = cluster(["a", "b", "c", "d"], _pairs(("a", "b", 0.99), ("b", "c", 0.95), ("c", "d", 0.5)))
    assert clusters["a"] == clusters["b"] == clusters["c"] == "a"
    assert clusters["d"] == "d"


def test_a_record_two_clusters_want_goes_to_the_one_it_agrees_with_throughout() -> None:
    # Namesakes a and b (two full dates); x, year only, was scored with one record of a and all three of b.
    dates = {"a1": (1990, 1, 5), "a2": (1990, 1, 5), "b1": (1990, 9, 23), "b2": (1990, 9, 23)}
    pairs = _pairs(
        ("a1", "a2", 0.99), ("b1", "b2", 0.99), ("b1", "b3", 0.98), ("b2", "b3", 0.98),
        ("x", "a1", 0.9), ("x", "b1", 0.89), ("x", "b2", 0.89), ("x", "b3", 0.89),
    )  # fmt: skip
    clusters = cluster(["a1", "a2", "b1", "b2", "b3", "x"], pairs, full_dates=dates)
    assert clusters["x"] == clusters["b1"] == clusters["b3"]
    assert clusters["a1"] == clusters["a2"] != clusters["x"]


def test_a_record_namesakes_want_as_much_leaves_its_cluster_for_review() -> None:
    # "r" (no date of birth, say) scores alike with three namesakes the clustering kept apart: a record is
    # one person, so its share of each is under a third.
    pairs = _pairs(("a", "r", 0.6), ("b", "r", 0.6), ("c", "r", 0.6))
    clusters = {"a": "a", "r": "a", "b": "b", "c": "c"}
    assert detach_ambiguous(clusters, pairs, auto_link=0.3) == {"a": "a", "r": "r", "b": "b", "c": "c"}
    # A human "same" keeps it; so does a clear favourite, or a single rival.
    assert detach_ambiguous(clusters, pairs, auto_link=0.3, keep=["r"]) == clusters
    clear = _pairs(("a", "r", 0.99), ("b", "r", 0.6), ("c", "r", 0.6))
    assert detach_ambiguous(clusters, clear, auto_link=0.3) == clusters
    assert detach_ambiguous(clusters, pairs[:2], auto_link=0.3) == clusters
    # A cluster whose first record leaves is named after its smallest remaining record.
    moved = detach_ambiguous(
        {"a": "a", "x": "a", "b": "b", "c": "c"},
        _pairs(("a", "x", 0.6), ("a", "b", 0.6), ("a", "c", 0.6)),
        auto_link=0.3,
    )
    assert moved == {"a": "a", "x": "x", "b": "b", "c": "c"}


def test_conflicting_full_dates_of_birth_are_never_joined_through_a_chain() -> None:
    # x1 and x2 are namesakes born on different days; y only knows the year and scores with both.
    dates = {"x1": (1990, 1, 5), "x2": (1990, 9, 23)}
    clusters = cluster(
        ["x1", "x2", "y"], _pairs(("x1", "y", 0.97), ("x2", "y", 0.96)), auto_link=0.9, full_dates=dates
    )
    assert clusters["x1"] == clusters["y"]
    assert clusters["x2"] != clusters["x1"]


def test_two_records_of_one_organisation_join_only_by_their_own_pair() -> None:
    # The hotline registered h1 and h2; the police record p scores with both, h1 and h2 not with each other.
    sources = {"h1": "hotline", "h2": "hotline", "p": "police"}
    chained = _pairs(("h1", "p", 0.95), ("h2", "p", 0.9), ("h1", "h2", 0.2))
    clusters = cluster(["h1", "h2", "p"], chained, sources=sources, min_average=0)
    assert clusters["h1"] == clusters["p"] != clusters["h2"]
    # Without the organisations the chain joins all three; with their own pair a link, so do they.
    assert len(set(cluster(["h1", "h2", "p"], chained, min_average=0).values())) == 1
    direct = _pairs(("h1", "p", 0.95), ("h2", "p", 0.9), ("h1", "h2", 0.8))
    assert len(set(cluster(["h1", "h2", "p"], direct, sources=sources).values())) == 1


def test_day_and_month_transposed_is_not_a_conflict() -> None:
    dates = {"a": (2003, 4, 12), "b": (2003, 12, 4)}
    clusters = cluster(["a", "b"], _pairs(("a", "b", 0.95)), full_dates=dates)
    assert clusters["a"] == clusters["b"]


def test_cannot_link_holds_through_chains_and_must_link_always_joins() -> None:
    pairs = _pairs(("a", "b", 0.99), ("b", "c", 0.98), ("c", "d", 0.97))
    clusters = cluster(["a", "b", "c", "d", "e"], pairs, cannot_link=[("a", "c")], must_link=[("d", "e")])
    assert clusters["a"] == clusters["b"]
    assert clusters["c"] != clusters["a"]
    assert clusters["c"] == clusters["d"] == clusters["e"]


def test_must_link_below_the_threshold_and_across_conflicting_dates() -> None:
    dates = {"a": (2000, 1, 1), "b": (2000, 2, 2)}
    clusters = cluster(["a", "b"], _pairs(("a", "b", 0.1)), full_dates=dates, must_link=[("b", "a")])
    assert clusters["a"] == clusters["b"]


def test_tiny_frames_are_scored_with_fixed_parameters() -> None:
    records = [
        PersonRecord("a1", "أمينة", "بن زيان", 2003, 4, 12, nationality="MAR", source="hotline"),
        PersonRecord("a2", "AMINA", "BENZIANE", 2003, 4, 12, nationality="MAR", source="police"),
        PersonRecord("f1", "Fatima", "Tazi", 1990, 1, 5, nationality="MAR", source="police"),
        PersonRecord("f2", "Fatima", "Tazi", 2001, 9, 23, nationality="MAR", source="shelter"),
        PersonRecord("d1", "Grace", "Okafor", document_key="k1", source="police"),
        PersonRecord("d2", "Grace", "Okafor", 1995, document_key="k1", source="ngo"),
        PersonRecord("p1", "Moussa", "Diallo", 1988, phone_key="p1", source="hotline"),
        PersonRecord("o1", "Samuel", "Martin", 1979, 3, 2, source="ngo"),
    ]
    result = score(feature_frame(records))
    clusters = result.clusters
    assert clusters["a1"] == clusters["a2"]
    assert clusters["d1"] == clusters["d2"]
    assert clusters["f1"] != clusters["f2"]
    assert len({clusters[uid] for uid in ("a1", "f1", "f2", "d1", "p1", "o1")}) == 6
    assert all(pair.probability >= 0.3 for pair in result.pairs)

    apart = score(feature_frame(records), cannot_link=[("a1", "a2")], must_link=[("p1", "o1")]).clusters
    assert apart["a1"] != apart["a2"]
    assert apart["p1"] == apart["o1"]


def test_one_or_two_records_do_not_fail() -> None:
    one = score(feature_frame([PersonRecord("a", "Amina", "Alaoui", 2000)]))
    assert one.pairs == []
    assert one.clusters.get("a", "a") == "a"
    two = score(
        feature_frame(
            [
                PersonRecord("a", "Amina", "Alaoui", 2000, 3, 1),
                PersonRecord("b", "Amina", "Alaoui", 2000, 3, 1),
            ]
        )
    )
    assert two.clusters["a"] == two.clusters["b"]


def test_estimated_persons_subtracts_the_waiting_pairs_once_per_two_clusters() -> None:
    pairs = [
        ScoredPair("a", "b", 0.9),  # linked: a and b are one cluster
        ScoredPair("a", "c", 0.3),  # waiting: c with {a, b}, at its best of 0.3 and 0.25
        ScoredPair("b", "c", 0.25),
        ScoredPair("d", "e", 0.4),  # waiting
    ]
    clusters = {"a": "a", "b": "a", "c": "c", "d": "d", "e": "e"}
    result = LinkageResult(pairs=pairs, clusters=clusters)
    assert sorted(pair.probability for pair in review_pairs(result)) == [0.3, 0.4]
    assert estimated_persons(result) == round(4 - 0.7)
    assert estimated_persons(result, ["a", "b", "c", "d", "e", "f"]) == round(5 - 0.7)


def test_birth_years_too_far_apart_are_never_joined_through_a_record_without_one() -> None:
    frame = feature_frame(
        [
            PersonRecord("older", "Mamadou", "Ndiaye", 1990, 3, 1),
            PersonRecord("younger", "Mamadou", "Ndiaye", 1996),
            PersonRecord("unknown", "Mamadou", "Ndiaye"),
            PersonRecord("guess", "Mamadou", "Ndiaye", 1993, birth_estimated=True),
        ]
    )
    known = identities(frame)
    pairs = _pairs(("older", "unknown", 0.95), ("younger", "unknown", 0.94), ("older", "guess", 0.93))
    clusters = cluster(["older", "younger", "unknown", "guess"], pairs, auto_link=0.5, known=known)
    assert clusters["older"] == clusters["unknown"] == clusters["guess"]  # an estimate may be a few years off
    assert clusters["younger"] != clusters["older"]  # six given years apart: another person


def test_months_given_in_part_that_differ_are_never_joined_unless_transposed() -> None:
    frame = feature_frame(
        [
            PersonRecord("full", "Amina", "Rachid", 1997, 3, 12),
            PersonRecord("transposed", "Amina", "Rachid", 1997, 12),  # day and month swapped, day left out
            PersonRecord("july", "Amina", "Rachid", 1997, 7),
            PersonRecord("year", "Amina", "Rachid", 1997),
            PersonRecord("about", "Amina", "Rachid", 1997, 9, birth_estimated=True),
        ]
    )
    pairs = _pairs(
        ("full", "transposed", 0.97), ("july", "year", 0.96), ("full", "july", 0.95), ("about", "full", 0.9)
    )
    clusters = cluster(["full", "transposed", "july", "year", "about"], pairs, known=identities(frame))
    assert clusters["full"] == clusters["transposed"] == clusters["about"]  # an estimate fixes no month
    assert clusters["july"] == clusters["year"] != clusters["full"]  # July and March: two persons
