"""Record linkage against known truth (``sanad.linkage.benchmark``): synthetic multi-agency registrations,
the matcher end to end, pairwise precision, recall and F1 of the automatic links and the error of the
estimated number of persons.

Goals (issue 9), on a 2-core machine with 100,000 registrations: <= 60 s, <= 2 GiB, F1 >= 0.92,
person-count error <= 3 %. ``--records`` sets the size (default 100,000; 10,000 for a quick check).
"""

from __future__ import annotations

import argparse

from sanad.linkage.benchmark import report, run
from sanad.linkage.model import AUTO_LINK


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--auto-link", type=float, default=AUTO_LINK, help="automatic-link threshold")
    args = parser.parse_args()
    print(report(run(args.records, seed=args.seed, auto_link=args.auto_link)))


if __name__ == "__main__":
    main()
