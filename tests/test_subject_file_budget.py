"""The data-subject file (``privacy:download``) reads a fixed number of queries whatever the number of the
person's records, cases and rows about them, like the pages of tests/test_query_budgets.py: it is a GET after
re-authentication, which the client of that table does not do."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import budget_rows as rows
from tests.budget_pages import Grow
from tests.cast import Cast
from tests.signing_in import confirm_password
from tests.test_query_budgets import FEW, MORE, _more

REQUEST = {"request_reference": "DSR-2026-101"}


def _read(client: Client, url: str) -> tuple[list[str], str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, REQUEST)
        assert response.status_code == 200, response.status_code
        assert response["Content-Type"] == "application/json; charset=utf-8"
    return [query["sql"] for query in captured.captured_queries], response.content.decode()


@pytest.mark.parametrize(
    "grow",
    [rows.records_of_person_a, rows.cases_of_person_a, rows.case_a_file],
    ids=lambda grow: grow.__name__,
)
def test_the_file_reads_as_many_queries_with_more_records_cases_and_rows(
    grow: Grow, cast: Cast, client: Client, record_property: Any
) -> None:
    client.force_login(cast.auditor)
    confirm_password(client, cast.auditor)
    url = reverse("privacy:download", kwargs={"person_id": cast.persons_a[0].pk})
    grow(cast, FEW)
    client.get(url, REQUEST)  # warm what a first request loads
    few, before = _read(client, url)
    shown = grow(cast, MORE)
    many, after = _read(client, url)
    record_property("queries", len(few))
    missing = [text for text in shown if text not in after]
    assert not missing, f"the new rows are not in the file: {missing}"
    assert after.count("\n") > before.count("\n")
    assert len(many) == len(few), (
        f"{len(few)} queries with few rows, {len(many)} with more\n{_more(few, many)}"
    )
