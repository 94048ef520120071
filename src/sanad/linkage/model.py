"""The linkage model: comparison features of a person record, and a Fellegi-Sunter model trained by Splink
on the records themselves (DuckDB in memory), scoring the candidate pairs that blocking lets through.

No Django here: the extract (``linkage.extract``) hands in plain records with identity decrypted in memory
only, and the benchmark hands in synthetic ones with known truth. The same settings run on Spark for a hub
(``spark_linker``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sanad.linkage.names import joined_skeleton, latin_form

# Operating thresholds on the match probability: above AUTO_LINK a pair is linked without review; between
# REVIEW and AUTO_LINK it goes to the review queue; below REVIEW it is dropped.
AUTO_LINK = 0.90
REVIEW = 0.30


@dataclass(frozen=True)
class PersonRecord:
    """One registration of a person, as the extract or a benchmark gives it. Birth parts are None when not
    known; ``birth_estimated`` marks a year given as an estimate ("about 25")."""

    record_id: str
    given_name: str
    family_name: str
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    birth_estimated: bool = False
    sex: str | None = None
    nationality: str | None = None
    source: str = ""


def features(record: PersonRecord) -> dict[str, Any]:
    given, family = joined_skeleton(record.given_name), joined_skeleton(record.family_name)
    # Sorted, so that a swapped given and family name still meet on the same key.
    name_key = " ".join(sorted(part for part in (given, family) if part))
    return {
        "unique_id": record.record_id,
        "given_latin": latin_form(record.given_name) or None,
        "family_latin": latin_form(record.family_name) or None,
        "given_skel": given or None,
        "family_skel": family or None,
        "name_key": name_key or None,
        "birth_year": record.birth_year,
        "birth_month": record.birth_month if record.birth_year else None,
        "birth_day": record.birth_day if record.birth_month else None,
        "birth_estimated": record.birth_estimated,
        "sex": record.sex or None,
        "nationality": record.nationality or None,
        "source": record.source,
    }


def feature_frame(records: Iterable[PersonRecord]) -> Any:
    import pandas as pd  # imported here: pages that never link do not load pandas

    frame = pd.DataFrame([features(record) for record in records])
    for column in ("birth_year", "birth_month", "birth_day"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _close(left: str, right: str) -> str:
    """Two names close enough to be one name mistyped or spelled another way."""
    return (
        f"({left}_skel_l = {right}_skel_r "
        f"OR jaro_winkler_similarity({left}_skel_l, {right}_skel_r) >= 0.9 "
        f"OR jaro_winkler_similarity({left}_latin_l, {right}_latin_r) >= 0.88)"
    )


def _name_comparison() -> Any:
    """Given and family name together, so that a swap, a missing family name and a misspelling are each a
    level of their own and no agreement is counted twice."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    given_same = "given_skel_l = given_skel_r"
    family_same = "family_skel_l = family_skel_r"
    one_sided = "((family_skel_l IS NULL) <> (family_skel_r IS NULL))"
    return cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.CustomLevel("given_skel_l IS NULL OR given_skel_r IS NULL").configure(is_null_level=True),
            # Term frequencies: "Mohamed Alaoui" agreeing says less than "Boubacar Okafor" agreeing.
            cll.CustomLevel("name_key_l = name_key_r", "same names, in either order").configure(
                tf_adjustment_column="name_key", tf_adjustment_weight=1.0
            ),
            cll.CustomLevel(
                f"{one_sided} AND (given_skel_l IN (given_skel_r, family_skel_r) "
                "OR given_skel_r IN (given_skel_l, family_skel_l))",
                "one record without family name, the other name agrees",
            ),
            cll.CustomLevel(
                f"({given_same} AND {_close('family', 'family')}) "
                f"OR ({family_same} AND {_close('given', 'given')})",
                "one name the same, the other close",
            ),
            cll.CustomLevel(
                f"{_close('given', 'given')} AND {_close('family', 'family')}", "both names close"
            ),
            cll.CustomLevel(
                f"{_close('given', 'family')} AND {_close('family', 'given')}", "both names close, swapped"
            ),
            cll.CustomLevel(f"{given_same} OR {family_same}", "one name the same, the other different"),
            cll.ElseLevel(),
        ],
    )


def _birth_comparison() -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    same_year = "birth_year_l = birth_year_r"
    # m values set from how registrations of one person differ, not trained: expectation maximisation in
    # blocks of namesakes (the only blocks that leave birth free) learns "same name", not "same person",
    # once a name pair is shared by a few persons (m of "dates differ" came out at 0.5 on 100,000 records).
    levels = [
        (f"{same_year} AND birth_month_l = birth_month_r AND birth_day_l = birth_day_r", "same date", 0.30),
        (
            f"{same_year} AND birth_month_l = birth_day_r AND birth_day_l = birth_month_r",
            "day and month swapped",
            0.08,
        ),
        (
            f"{same_year} AND (birth_month_l IS NULL OR birth_month_r IS NULL "
            "OR (birth_month_l = birth_month_r AND (birth_day_l IS NULL OR birth_day_r IS NULL)))",
            "same year, the other date partial",
            0.35,
        ),
        (f"{same_year} AND birth_month_l = birth_month_r", "same year and month", 0.01),
        (same_year, "same year", 0.03),
        (
            "abs(birth_year_l - birth_year_r) <= 2 AND (birth_estimated_l OR birth_estimated_r)",
            "within two years of an estimate",
            0.2,
        ),
        ("abs(birth_year_l - birth_year_r) <= 1", "a year apart", 0.02),
        ("abs(birth_year_l - birth_year_r) <= 5", "up to five years apart", 0.02),
    ]  # fmt: skip
    return cl.CustomComparison(
        output_column_name="birth",
        comparison_levels=[
            cll.CustomLevel("birth_year_l IS NULL OR birth_year_r IS NULL").configure(is_null_level=True),
            *(cll.CustomLevel(sql, label).configure(m_probability=m) for sql, label, m in levels),
            cll.ElseLevel().configure(m_probability=0.005),
        ],
    )


def settings() -> Any:
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            _name_comparison(),
            _birth_comparison(),
            # Sex is left out: the given name nearly decides it, so in blocks of namesakes it would teach
            # the model that "same name" is "same person".
            cl.ExactMatch("nationality"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("name_key"),
            block_on("given_skel", "birth_year"),
            block_on("family_skel", "birth_year"),
            block_on("given_skel", "family_skel"),
            # Names mistyped beyond their consonants: the full date of birth, or the first consonants.
            block_on("birth_year", "birth_month", "birth_day"),
            block_on("substr(given_skel, 1, 2)", "substr(family_skel, 1, 2)", "birth_year"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


@dataclass(frozen=True)
class ScoredPair:
    left: str
    right: str
    probability: float


@dataclass(frozen=True)
class LinkageResult:
    pairs: list[ScoredPair]  # every pair at or above REVIEW, best first
    clusters: dict[str, str]  # record id -> cluster id, from the pairs at or above AUTO_LINK


def score(
    frame: Any, *, auto_link: float = AUTO_LINK, review: float = REVIEW, seed: int = 1
) -> LinkageResult:
    """Train the model on ``frame`` (from ``feature_frame``), score the blocked pairs and cluster those above
    ``auto_link``. Training is unsupervised: u from random pairs, the prior from a deterministic rule, the m
    of names and nationality by expectation maximisation in blocks of the same birth year and month; the m
    of birth dates is set (see ``_birth_comparison``)."""
    from splink import DuckDBAPI, Linker, block_on

    db_api = DuckDBAPI()
    linker = Linker(db_api.register(frame), settings(), log_level="WARNING")
    linker.training.estimate_probability_two_random_records_match(
        [block_on("name_key", "birth_year")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_year", "birth_month"))
    predictions = linker.inference.predict(threshold_match_probability=review)
    rows = predictions.as_pandas_dataframe()[["unique_id_l", "unique_id_r", "match_probability"]]
    pairs = [
        ScoredPair(str(left), str(right), float(probability))
        for left, right, probability in rows.sort_values("match_probability", ascending=False).itertuples(
            index=False
        )
    ]
    clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=auto_link
    ).as_pandas_dataframe()
    clusters = {
        str(uid): str(cluster)
        for uid, cluster in zip(clustered["unique_id"], clustered["cluster_id"], strict=True)
    }
    return LinkageResult(pairs=pairs, clusters=clusters)
