"""Schemathesis over the whole API, in process (WSGI), with a token holding every scope of a hotline and one
of the commission: whatever it generates, no server error and no response outside the declared schema."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import override_settings
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


@pytest.fixture(autouse=True)
def no_rate_limit() -> Iterator[None]:
    """A machine sends about 600 calls a minute, the default limit of a token: past it, answers turn to 429
    by the clock, and Hypothesis, replaying a scenario, would meet other answers than the first time. The
    limit itself is tested in tests/test_api.py."""
    with override_settings(SANAD_API_REQUESTS_PER_MINUTE=10**9):
        yield


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


# Stateful: Schemathesis chains the operations through the links it infers from the schema (a contact
# created, then read by its reference; a case created, then read; an inbox listed, then a referral in it
# accepted or declined; a criminal case created, then read and updated). Each token's machine runs on its
# own, because each organisation produces what only it may then read.
#
# Half the calls of each producer carry a valid body, so the operations chained after it have something to
# work on; the other half keep Schemathesis's generated body (the stateless test fuzzes bodies in full).
VALID_BODIES: dict[str, Callable[[int], dict[str, Any]]] = {
    "POST /api/v1/contacts": lambda n: {
        "channel": "phone", "contact_type": "tip", "received_at": "2026-11-30T22:10:00Z",
        "reporter_relation": "self", "urgency": 2, "region": "MA-06", "narrative": f"Call {n}",
    },
    "POST /api/v1/cases": lambda n: {
        "person": {"given_name_latin": f"Salma {n}"}, "opened_on": "2026-11-02", "region": "MA-06",
    },
    "POST /api/v1/criminal-cases": lambda n: {
        "reference": f"PV-STATEFUL-{n}", "region": "MA-06", "opened_on": "2026-10-01",
        "origin": "victim_complaint", "forms_of_exploitation": ["forced_labour"],
    },
}  # fmt: skip

# organisation, role, an operation that only answers 2xx when called with what an earlier call produced
STATEFUL_TOKENS = (
    ("hotline", "hotline_operator", "GET /api/v1/contacts/{reference}"),
    ("unit_a", "case_manager", "GET /api/v1/cases/{reference}"),
    ("shelter", "service_provider", "POST /api/v1/referrals/{referral_id}/"),
    ("police", "justice_officer", "GET /api/v1/criminal-cases/{reference}"),
    # The commission produces nothing through the API: its machine checks the chains of reads only.
    ("commission", "coordinator", None),
)


@pytest.mark.django_db
@pytest.mark.parametrize(("organisation", "role", "chained"), STATEFUL_TOKENS)
def test_chained_operations_keep_every_response_in_its_schema(
    cast: Any, keep_test_connection: None, organisation: str, role: str, chained: str | None
) -> None:
    _token, secret = issue_token(
        actor=cast.admin,
        organisation=cast.organisations[organisation],
        name=f"{organisation} system",
        roles=[role],
        scopes=list(SCOPES),
        days=30,
    )
    answered: list[tuple[str, int]] = []
    for examples in (60, 240):
        _workflow(secret, answered).run(
            settings=settings(
                max_examples=examples,
                stateful_step_count=10,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
                # Hypothesis keys its example database by the function that runs every state machine, so
                # examples kept from one machine would be replayed on another.
                database=None,
            )
        )
        # Which transitions a fixed-seed exploration reaches depends on the answers it met on the way (a
        # producer's 201 or 422): where a first budget reached no chain, a larger one runs, on a machine of
        # its own, before the test fails.
        if chained is None or _followed(chained, answered):
            break
    # The chain was followed: an operation that needs a produced identifier succeeded at least once.
    assert chained is None or _followed(chained, answered), "; ".join(
        f"{label} {status}" for label, status in sorted(set(answered))
    )


def _followed(chained: str, answered: list[tuple[str, int]]) -> bool:
    return any(label.startswith(chained) and status < 300 for label, status in answered)


def _workflow(secret: str, answered: list[tuple[str, int]]) -> Any:
    """A fresh state machine calling with ``secret``, noting each (operation, status) in ``answered``."""

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        # Each scenario starts from the same data and leaves nothing behind: Hypothesis replays a failing
        # scenario and must meet the same answers again.
        def setup(self) -> None:
            self.savepoint = transaction.savepoint_create()

        def teardown(self) -> None:
            transaction.savepoint_rollback(self.savepoint)

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": {"Authorization": f"Bearer {secret}"}}

        def before_call(self, case: Any) -> None:
            valid = VALID_BODIES.get(f"{case.operation.method.upper()} {case.operation.path}")
            # Decided by the generated body itself, not by a counter: Hypothesis replays a scenario and
            # must see the same calls again.
            number = zlib.crc32(repr(case.body).encode())
            if valid is not None and number % 2 == 0:
                case.body = valid(number)

        def after_call(self, response: Any, case: Any) -> None:
            answered.append((f"{case.operation.method.upper()} {case.operation.path}", response.status_code))

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            case.validate_response(response, checks=CHECKS)

    return Workflow
