"""Access-matrix rows of record linkage.

The figures and runs are read by the coordinator and the duplicate reviewer (``linkage.view``; not the
analyst, who sees published figures only, and these are exact counts); the coordinator and the reviewer
start a run (``linkage.run``). Only the reviewer, whose role sees identity,
opens the queue, a pair, the linked records and one person's records, and decides or unlinks.
"""

from __future__ import annotations

from tests.matrix_rows import Row, only

FIGURES = {"coordinator": 200, "reviewer": 200}
REVIEWER = lambda status: only({"reviewer": status})  # noqa: E731
PAIR = lambda cast: {"pair_id": cast.candidate_pair.pk}  # noqa: E731
PERSON = lambda cast: {"person_id": cast.persons_a[0].pk}  # noqa: E731
RUN = lambda cast: {"run_id": cast.candidate_pair.run_id}  # noqa: E731

LINKAGE_ROWS: dict[str, Row] = {
    "linkage:index": Row(expected=only(FIGURES)),
    # A started run redirects to its progress page; it never starts: the matrix rolls its transaction back.
    "linkage:start": Row(method="post", expected=only({"coordinator": 302, "reviewer": 302})),
    "linkage:run": Row(kwargs=RUN, expected=only(FIGURES)),
    "linkage:run_status": Row(kwargs=RUN, expected=only(FIGURES)),
    "linkage:queue": Row(expected=REVIEWER(200)),
    "linkage:pair": Row(kwargs=PAIR, expected=REVIEWER(200)),
    "linkage:links": Row(expected=REVIEWER(200)),
    "linkage:person": Row(kwargs=PERSON, expected=REVIEWER(200)),
    # The cast's person is linked to no other: the reviewer is let in and told so (400).
    "linkage:unlink": Row(method="post", kwargs=PERSON, expected=REVIEWER(400)),
}
