"""Record linkage against known truth: synthetic registrations (``linkage_truth``), the matcher end to end
(normalisation of every name included), then pairwise precision, recall and F1 of the automatic links and
the error of the estimated number of distinct persons.

Goals (issue 9), on a 2-core machine with 100,000 registrations: <= 60 s, <= 2 GiB, F1 >= 0.92,
person-count error <= 3 %. ``--records`` sets the size (default 100,000; 10,000 for a quick check).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from math import comb
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from linkage_truth import registrations

from sanad.linkage.model import AUTO_LINK, PersonRecord, feature_frame, score


def _pairs_within(groups: Counter[object]) -> int:
    return sum(comb(size, 2) for size in groups.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    truth = registrations(args.records, seed=args.seed)
    started = time.perf_counter()
    frame = feature_frame(
        PersonRecord(
            record_id=r.record_id, given_name=r.given_name, family_name=r.family_name, birth_year=r.birth_year,
            birth_month=r.birth_month, birth_day=r.birth_day, birth_estimated=r.birth_estimated, sex=r.sex,
            nationality=r.nationality, source=r.source,
        )
        for r in truth
    )  # fmt: skip
    normalised = time.perf_counter()
    result = score(frame)
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
    estimated = len(set(cluster_of.values()))
    error = (estimated - persons) / persons
    review = sum(1 for pair in result.pairs if pair.probability < AUTO_LINK)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"# linkage benchmark: {len(truth):,} registrations of {persons:,} persons, seed {args.seed}")
    print(
        f"normalisation {normalised - started:.1f} s; scored pairs at or above review {len(result.pairs):,}"
    )
    print(f"precision {precision:.4f}  recall {recall:.4f}  F1 {f1:.4f}  (pairs: {right_pairs:,} right of "
          f"{found_pairs:,} linked, {true_pairs:,} true)")  # fmt: skip
    print(f"persons {persons:,}, estimated {estimated:,} ({error:+.2%}); pairs left for review {review:,}")
    print(f"RESULT\tlinkage wall time\t{elapsed:.1f}\ts\t60\tlower")
    print(f"RESULT\tlinkage peak memory\t{peak_mib:.0f}\tMiB\t2048\tlower")
    print(f"RESULT\tlinkage F1\t{f1:.4f}\t\t0.92\thigher")
    print(f"RESULT\tlinkage person-count error\t{abs(error) * 100:.2f}\t%\t3\tlower")


if __name__ == "__main__":
    main()
