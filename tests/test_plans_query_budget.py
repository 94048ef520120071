"""Plan pages read a fixed number of queries whatever the number of measures (no query per row)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sanad.plans import services
from tests.cast import Cast


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _more_measures(cast: Cast, count: int) -> None:
    objective = cast.measure.objective
    for number in range(count):
        measure = services.create_measure(
            actor=cast.coordinator, objective=objective, code=f"1.1.{number + 2}", title=f"Measure {number}",
            responsible=cast.organisations["ministry"], partners=[cast.organisations["iom"]],
            starts_on=date(2024, 1, 1), ends_on=date(2025, 12, 31), budget_planned_minor=1_000_00,
        )  # fmt: skip
        services.add_indicator(
            actor=cast.coordinator, measure=measure, name="Sessions", unit="sessions", source="manual",
            direction="increase",
        )  # fmt: skip


@pytest.mark.parametrize("page", ["plans:detail", "plans:dashboard", "plans:list"])
def test_plan_pages_do_not_query_per_measure(cast: Cast, client: Client, page: str) -> None:
    client.force_login(cast.coordinator)
    url = reverse(page, kwargs={"plan_id": cast.plan.pk} if page != "plans:list" else {})
    client.get(url)  # warm caches (sessions, translations)
    few = _queries(client, url)
    _more_measures(cast, 8)
    assert _queries(client, url) == few


def test_the_outlook_does_not_query_per_measure(cast: Cast, client: Client) -> None:
    client.force_login(cast.analyst)
    url = reverse("plans:outlook")
    client.get(url)
    few = _queries(client, url)
    _more_measures(cast, 4)
    cast.recommendation.measures.set(cast.measure.objective.measures.all())
    assert _queries(client, url) == few
