"""Access-matrix rows of data-subject requests.

Only the data-protection officer (the ``auditor`` role: ``privacy.subject_access`` and ``privacy.rectify``,
a role that sees identity) searches persons, opens one, downloads her file and rectifies her identity. The
download needs a recent password confirmation, which ``force_login`` never records: she is sent to
re-authenticate (302). The duplicate reviewer, whose role also sees identity, is refused like everyone else.
"""

from __future__ import annotations

from tests.matrix_rows import Row, only

PERSON = lambda cast: {"person_id": cast.persons_a[0].pk}  # noqa: E731

PRIVACY_ROWS: dict[str, Row] = {
    "privacy:search": Row(data={"name": "Amina"}, expected=only({"auditor": 200})),
    "privacy:person": Row(kwargs=PERSON, expected=only({"auditor": 200})),
    "privacy:download": Row(
        kwargs=PERSON, data={"request_reference": "DSR-1"}, expected=only({"auditor": 302})
    ),
    "privacy:rectify": Row(kwargs=PERSON, expected=only({"auditor": 200})),
}
