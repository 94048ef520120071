"""Schemathesis over the whole API, in process (WSGI), with a token holding every scope of a hotline and one
of the commission: whatever it generates, no server error and no response outside the declared schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from sanad.api.scopes import SCOPES
from sanad.api.tokens import issue_token

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """As Django's test client does: the WSGI handler must not close the test's database connection (and
    with it the test's transaction) at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(cast: Any, keep_test_connection: None) -> dict[str, str]:
    made = {}
    for name, organisation, role in (
        ("hotline", "hotline", "hotline_operator"),
        ("commission", "commission", "coordinator"),
    ):
        _token, secret = issue_token(
            actor=cast.admin,
            organisation=cast.organisations[organisation],
            name=name,
            roles=[role],
            scopes=list(SCOPES),
            days=30,
        )
        made[name] = secret
    return made


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_error_and_every_response_in_its_schema(case: Any, tokens: dict[str, str]) -> None:
    for secret in tokens.values():
        case.call_and_validate(headers={"Authorization": f"Bearer {secret}"}, checks=CHECKS)
