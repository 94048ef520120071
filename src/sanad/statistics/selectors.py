"""Statistics reads: national aggregates only, always through disclosure control before they are shown."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractYear

from sanad.access import policy
from sanad.cases.models import Case
from sanad.statistics.disclosure import publish_count


def published_cases_opened_by_year(*, user: Any) -> list[dict[str, Any]]:
    """Cases registered per year, nationally, with small counts suppressed (statistics tier)."""
    policy.require(user, "statistics.view_published")
    rows = Case.objects.annotate(year=ExtractYear("opened_on")).values("year").annotate(count=Count("id"))
    return [
        {"year": row["year"], "count": publish_count(row["count"]).display} for row in rows.order_by("year")
    ]
