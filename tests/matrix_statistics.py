"""Access-matrix rows of the national statistics pages and exports.

Readers hold ``statistics.view_exact`` (coordinator) or ``statistics.view_published`` (analyst). Downloads
need ``statistics.export`` and a recent password: a session opened with ``force_login`` has no recorded
authentication, so an exporter is sent to re-authenticate (302) and everyone else is refused (403).
"""

from __future__ import annotations

from tests.matrix_rows import Row, only

READERS = {"coordinator": 200, "analyst": 200}
EXPORTERS_REAUTHENTICATE = {"coordinator": 302, "analyst": 302}
TABLE = lambda cast: {"code": "victims"}  # noqa: E731
DOWNLOAD = lambda cast: {"code": "victims", "file_format": "csv"}  # noqa: E731

STATISTICS_ROWS: dict[str, Row] = {
    "statistics:dashboard": Row(expected=only(READERS)),
    "statistics:table": Row(kwargs=TABLE, expected=only(READERS)),
    "statistics:download": Row(kwargs=DOWNLOAD, expected=only(EXPORTERS_REAUTHENTICATE)),
    "statistics:exports": Row(expected=only(READERS)),
    "statistics:sdmx": Row(expected=only(EXPORTERS_REAUTHENTICATE)),
    "statistics:ctdc": Row(expected=only(EXPORTERS_REAUTHENTICATE)),
}
