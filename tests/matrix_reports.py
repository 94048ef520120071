"""Access-matrix rows of the annual report pages.

The coordinator (``reports.write``) writes the narrative and generates the report; the analyst
(``reports.view``) reads the list and the jobs and downloads. A download needs a recent password
confirmation, which ``force_login`` never records: both are sent to re-authenticate (302).
"""

from __future__ import annotations

from django.utils import timezone

from sanad.reports.models import ReportJob
from tests.matrix_rows import Row, only

READERS = {"coordinator": 200, "analyst": 200}
JOB = lambda cast: {  # noqa: E731
    "job_id": ReportJob.objects.get_or_create(
        year=2024, language="fr", defaults={"requested_at": timezone.now()}
    )[0].pk
}
NARRATIVE = lambda cast: {"year": 2024, "language": "fr"}  # noqa: E731

REPORTS_ROWS: dict[str, Row] = {
    "reports:index": Row(expected=only(READERS)),
    "reports:narrative": Row(kwargs=NARRATIVE, expected=only({"coordinator": 200})),
    "reports:generate": Row(
        method="post", data={"year": "2024", "language": "fr"}, expected=only({"coordinator": 302})
    ),
    "reports:job": Row(kwargs=JOB, expected=only(READERS)),
    "reports:job_status": Row(kwargs=JOB, expected=only(READERS)),
    "reports:download": Row(kwargs=JOB, expected=only({"coordinator": 302, "analyst": 302})),
}
