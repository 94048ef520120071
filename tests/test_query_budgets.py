"""Every list and detail page reads a fixed number of queries whatever the number of its rows: no query per
row, in a selector or lazily in a template. The pages and their rows are in tests/budget_pages.py.

Each page is read once to warm what a first request loads (session, translations), counted with a few rows,
then counted again after more rows of the kind it lists and of what it shows per row; the texts of the new
rows must be on the page, so the rows did not land out of sight.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from sanad.api.scopes import SCOPES
from sanad.api.tokens import issue_token
from tests.budget_pages import NOT_BUDGETED, PAGES, Budget
from tests.cast import Cast
from tests.test_access_matrix import MATRIX, _url_names

FEW, MORE = 2, 5
Fetch = Callable[[str, dict[str, Any]], Any]


def _cases() -> list[Any]:
    return [
        pytest.param(name, index, role, id=f"{name}{'-' + budget.label if budget.label else ''}-{role}")
        for name, budgets in sorted(PAGES.items())
        for index, budget in enumerate(budgets)
        for role in budget.roles
    ]


def _fetcher(budget: Budget, cast: Cast, client: Client, role: str) -> Fetch:
    user = getattr(cast, role)
    if not budget.api:
        client.force_login(user)
        return client.get
    membership = user.active_membership
    _token, secret = issue_token(
        actor=cast.admin, organisation=membership.organisation, name=f"{role} system",
        roles=[granted.code for granted in membership.roles.all()], scopes=list(SCOPES), days=30,
    )  # fmt: skip
    return lambda url, query: client.get(url, query, headers={"Authorization": f"Bearer {secret}"})


def _read(fetch: Fetch, url: str, query: dict[str, Any]) -> tuple[list[str], str]:
    with CaptureQueriesContext(connection) as captured:
        response = fetch(url, query)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        content = b"".join(response.streaming_content) if response.streaming else response.content
    return [query["sql"] for query in captured.captured_queries], content.decode()


def _rows(content: str) -> int:
    """Table rows, list items, sections and joined names of a page; objects of an API answer; lines of a
    file. A full page whose rows were only replaced by the new ones keeps the same number."""
    return sum(content.count(mark) for mark in ("<tr", "<li", "<article", "<section", ", ", "{", "\n"))


def _shape(sql: str) -> str:
    sql = re.sub(r"'[^']*'|\b\d+\b|%s|SAVEPOINT \"[^\"]*\"", "?", sql)
    return re.sub(r"\bIN \([^)]*\)", "IN (...)", sql)


def _more(few: list[str], many: list[str]) -> str:
    """The statements read more often with more rows: the query per row to look for."""
    grown = Counter(map(_shape, many)) - Counter(map(_shape, few))
    return "\n".join(f"+{times} {sql[:400]}" for sql, times in grown.most_common(5))


@pytest.mark.parametrize(("url_name", "index", "role"), _cases())
def test_a_page_reads_as_many_queries_with_more_rows(
    url_name: str, index: int, role: str, *, cast: Cast, client: Client, record_property: Any
) -> None:
    budget = PAGES[url_name][index]
    fetch = _fetcher(budget, cast, client, role)
    budget.grow(cast, FEW)
    url = reverse(url_name, kwargs=budget.kwargs(cast))
    fetch(url, budget.query)
    few, before = _read(fetch, url, budget.query)
    shown = budget.grow(cast, MORE)
    many, after = _read(fetch, url, budget.grown_query or budget.query)
    record_property("queries", len(few))
    missing = [text for text in shown if text not in after]
    assert not missing, f"{role} {url}: the new rows are not on the page: {missing}"
    if shown:
        # New rows that only pushed others off a full page would leave a query per row unseen.
        assert _rows(after) > _rows(before), f"{role} {url}: the page shows no more rows than before"
    with_few, with_more = len(few), len(many)
    assert with_more == with_few, (
        f"{role} {url}: {with_few} queries with few rows, {with_more} with more\n{_more(few, many)}"
    )


def test_every_page_a_get_reaches_has_a_budget_or_a_reason() -> None:
    """A new list or detail page fails here until it has a row in tests/budget_pages.py."""
    names = set(_url_names(get_resolver().url_patterns))
    # A URL without a row in the access matrix fails there; here it counts as a page to budget.
    pages = {name for name in names if name not in MATRIX or MATRIX[name].method == "get"}
    missing = sorted(pages - set(PAGES) - set(NOT_BUDGETED))
    assert not missing, f"GET pages without a query budget or a reason: {missing}"
    assert not set(PAGES) & set(NOT_BUDGETED)
    stale = sorted((set(PAGES) | set(NOT_BUDGETED)) - pages)
    assert not stale, f"Budgets of URLs that are gone or are not GET pages: {stale}"
