"""Access-matrix rows of the TIP pages.

The tier history and readiness are read by the commission (``tip.view``: coordinator, analyst, administrator);
only the coordinator rates (``tip.rate``), only the administrator imports a year's list (``tip.import``). The
draft submission is an export: ``statistics.export`` and a recent password, so the exporters are sent to
re-authenticate (302) and everyone else is refused.
"""

from __future__ import annotations

from django.utils import timezone

from sanad.tip.readiness import current_period_year
from tests.matrix_rows import Row, only

READERS = {"coordinator": 200, "analyst": 200, "admin": 200}
PERIOD = lambda cast: {"period_year": current_period_year(timezone.localdate())}  # noqa: E731

TIP_ROWS: dict[str, Row] = {
    "tip:index": Row(expected=only(READERS)),
    "tip:country": Row(kwargs=lambda cast: {"iso3": "MAR"}, expected=only(READERS)),
    "tip:compare": Row(data={"c": "MAR"}, expected=only(READERS)),
    "tip:import": Row(expected=only({"admin": 200})),
    "tip:readiness": Row(expected=only(READERS)),
    "tip:rate": Row(
        method="post",
        kwargs=lambda cast: {**PERIOD(cast), "criterion": "C1"},
        data={"rating": "partly", "note": "Convictions fell.", "version": "0"},
        # Without htmx a saved rating redirects back to the readiness page.
        expected=only({"coordinator": 302}),
    ),
    "tip:submission": Row(
        kwargs=lambda cast: {**PERIOD(cast), "file_format": "pdf"},
        expected=only({"coordinator": 302, "analyst": 302}),
    ),
}
