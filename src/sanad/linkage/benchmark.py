"""Record linkage against known truth: synthetic registrations (``sanad.linkage.synthetic``), the matcher
end to end (normalisation of every name included), then pairwise precision, recall and F1 of the automatic
links and the error of the estimated number of distinct persons.

Goals (issue 9), on a 2-core machine with 100,000 registrations: <= 60 s, <= 2 GiB, F1 >= 0.92,
person-count error <= 3 %. Peak memory is the process's resident peak, so it includes whatever the process
held before the run.
"""

from __future__ import annotations

import resource
import time
from collections import Counter
from dataclasses import dataclass
from math import comb

from sanad.linkage.model import AUTO_LINK, PersonRecord, estimated_persons, feature_frame, review_pairs, score
from sanad.linkage.synthetic import registrations


@dataclass(frozen=True)
class BenchmarkFigures:
    records: int
    seed: int
    wall_seconds: float
    normalise_seconds: float
    peak_mib: float
    precision: float
    recall: float
    f1: float
    right_pairs: int
    linked_pairs: int
    true_pairs: int
    persons: int
    clusters: int  # persons counted: the clusters the automatic links make
    cluster_count_error: float  # signed fraction: +0.05 is five per cent more persons than there are
    estimated_persons: int  # what the application shows (``model.estimated_persons``), truth not used
    person_count_error: float  # of ``estimated_persons``, signed
    scored_pairs: int
    review_pairs: int
    auto_link: float


def _pairs_within(groups: Counter[object]) -> int:
    return sum(comb(size, 2) for size in groups.values())


def run(records: int, *, seed: int = 2026, auto_link: float = AUTO_LINK) -> BenchmarkFigures:
    """Generate ``records`` registrations, link them and measure the links against the truth."""
    truth = registrations(records, seed=seed)
    started = time.perf_counter()
    frame = feature_frame(
        PersonRecord(
            record_id=r.record_id, given_name=r.given_name, family_name=r.family_name,
            birth_year=r.birth_year, birth_month=r.birth_month, birth_day=r.birth_day,
            birth_estimated=r.birth_estimated, sex=r.sex,
            nationality=r.nationality, source=r.source, document_key=r.document_key, phone_key=r.phone_key,
        )
        for r in truth
    )  # fmt: skip
    normalised = time.perf_counter()
    result = score(frame, auto_link=auto_link)
    elapsed = time.perf_counter() - started

    person_of = {r.record_id: r.person_id for r in truth}
    cluster_of = {r.record_id: result.clusters.get(r.record_id, r.record_id) for r in truth}
    true_pairs = _pairs_within(Counter(person_of.values()))
    found_pairs = _pairs_within(Counter(cluster_of.values()))
    right_pairs = _pairs_within(Counter((cluster_of[rid], person_of[rid]) for rid in person_of))
    precision = right_pairs / found_pairs if found_pairs else 1.0
    recall = right_pairs / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    persons = len(set(person_of.values()))
    clusters = len(set(cluster_of.values()))
    estimated = estimated_persons(result, person_of)
    return BenchmarkFigures(
        records=len(truth),
        seed=seed,
        wall_seconds=elapsed,
        normalise_seconds=normalised - started,
        peak_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        precision=precision,
        recall=recall,
        f1=f1,
        right_pairs=right_pairs,
        linked_pairs=found_pairs,
        true_pairs=true_pairs,
        persons=persons,
        clusters=clusters,
        cluster_count_error=(clusters - persons) / persons,
        estimated_persons=estimated,
        person_count_error=(estimated - persons) / persons,
        scored_pairs=len(result.pairs),
        review_pairs=len(review_pairs(result)),
        auto_link=auto_link,
    )


def report(figures: BenchmarkFigures) -> str:
    """The figures as printed lines, ending with the ``RESULT`` lines that ``benchmarks/run.py`` reads."""
    f = figures
    return "\n".join(
        [
            f"# linkage benchmark: {f.records:,} registrations of {f.persons:,} persons, seed {f.seed}, "
            f"automatic link at {f.auto_link:.2f}",
            f"normalisation {f.normalise_seconds:.1f} s; scored pairs at or above review {f.scored_pairs:,}",
            f"precision {f.precision:.4f}  recall {f.recall:.4f}  F1 {f.f1:.4f}  (pairs: {f.right_pairs:,} "
            f"right of {f.linked_pairs:,} linked, {f.true_pairs:,} true)",
            f"persons {f.persons:,}; counted (clusters) {f.clusters:,} ({f.cluster_count_error:+.2%}); "
            f"estimated {f.estimated_persons:,} ({f.person_count_error:+.2%}) = counted minus the match "
            f"probabilities of the {f.review_pairs:,} pairs left for review",
            f"RESULT\tlinkage wall time\t{f.wall_seconds:.1f}\ts\t60\tlower",
            f"RESULT\tlinkage peak memory\t{f.peak_mib:.0f}\tMiB\t2048\tlower",
            f"RESULT\tlinkage F1\t{f.f1:.4f}\t\t0.92\thigher",
            f"RESULT\tlinkage person-count error\t{abs(f.person_count_error) * 100:.2f}\t%\t3\tlower",
        ]
    )
