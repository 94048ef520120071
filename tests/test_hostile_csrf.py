"""CSRF: every URL of the URL conf, POSTed by the user who may use it but without the CSRF token, is refused
(403) before anything is written; the same POST with the token is not refused for CSRF, so the 403 is the
check's and not the access policy's. The API takes no cookie: a signed-in session gets 401 there."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string

from tests.cast import Cast
from tests.hostile import recorded_writes, routes
from tests.matrix_rows import STAFF, Row
from tests.test_access_matrix import MATRIX, _own_sanad_home, matrix_cast, matrix_home  # noqa: F401

CSRF_FAILURE = b"CSRF verification failed"
WEB_URLS = sorted(route.name for route in routes() if not route.name.startswith("api:"))


@pytest.fixture
def probe_cast(matrix_cast: Cast) -> Cast:  # noqa: F811
    return matrix_cast


def _poster(row: Row) -> str | None:
    """Who posts: an anonymous visitor where the page is public, else the first role the matrix lets in."""
    if row.status_for("anonymous") == 200:
        return None
    return next(role for role in STAFF if row.status_for(role) in (200, 302, 400))


def _client(cast: Cast, role: str | None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if role is not None:
        client.force_login(getattr(cast, role))
    return client


def test_every_web_url_is_probed() -> None:
    assert set(WEB_URLS) <= set(MATRIX)
    assert len(WEB_URLS) > 150


@pytest.mark.parametrize("url_name", WEB_URLS)
def test_a_post_without_the_csrf_token_is_refused_and_writes_nothing(
    url_name: str, probe_cast: Cast, db: None
) -> None:
    row = MATRIX[url_name]
    role = _poster(row)
    client = _client(probe_cast, role)
    url = reverse(url_name, kwargs=row.kwargs(probe_cast))
    data = row.data(probe_cast) if callable(row.data) else row.data
    with recorded_writes() as writes:
        refused = client.post(url, data)
    assert refused.status_code == 403 and CSRF_FAILURE in refused.content, f"{role} {url}"
    assert not writes.to_data, f"{url} wrote {writes.to_data} without a CSRF token"

    # The same request with the token gets past the check: the 403 above was the CSRF check's.
    token = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    data = row.data(probe_cast) if callable(row.data) else row.data  # a fresh upload, if any
    accepted = client.post(url, {**data, "csrfmiddlewaretoken": token})
    body = b"".join(accepted.streaming_content) if accepted.streaming else accepted.content
    assert CSRF_FAILURE not in body, f"{role} {url} with the token"
    if row.method == "post":
        assert accepted.status_code == row.status_for(role or "anonymous"), f"{role} {url} with the token"


def test_signing_out_without_the_token_keeps_the_session(probe_cast: Cast, db: None) -> None:
    client = _client(probe_cast, "caseworker")
    assert client.post(reverse("account_logout")).status_code == 403
    assert client.get(reverse("cases:list")).status_code == 200


def test_the_api_takes_no_session_so_a_forged_post_is_unauthenticated(probe_cast: Cast, db: None) -> None:
    client = _client(probe_cast, "caseworker")
    body = {"person": {"given_name_latin": "Salma"}, "opened_on": "2026-11-02", "region": "MA-06"}
    with recorded_writes() as writes:
        response = client.post("/api/v1/cases", json.dumps(body), content_type="application/json")
    assert response.status_code == 401 and response.json()["code"] == "token_missing"
    assert not writes.to_data
