"""Every API operation with a token of every role of the cast: the token sees what its organisation's staff
with that role would see, refused with the declared error otherwise. A new operation without a row here
fails ``test_every_operation_has_a_row``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from sanad.api.api import api
from sanad.api.scopes import SCOPES
from sanad.api.tokens import issue_token
from sanad.justice.models import CriminalCase
from tests.cast import Cast
from tests.matrix_rows import STAFF
from tests.test_access_matrix import _own_sanad_home, matrix_cast, matrix_home  # noqa: F401

CONTACT = {
    "channel": "phone",
    "contact_type": "tip",
    "received_at": "2026-11-30T10:00:00Z",
    "reporter_relation": "anonymous",
    "narrative": "A neighbour hears a girl crying at night.",
}
HOTLINE = {"operator": 201, "supervisor": 201, "other_operator": 201}
READERS_OF_STATISTICS = {"coordinator": 200, "analyst": 200}


@dataclass(frozen=True)
class Operation:
    method: str
    path: Callable[[Cast], str]
    body: dict[str, Any] | Callable[[Cast], dict[str, Any]] = field(default_factory=dict)
    expected: dict[str, int] = field(default_factory=dict)
    default: int = 403


OPERATIONS: dict[str, Operation] = {
    "contact_create": Operation("post", lambda cast: "/api/v1/contacts", CONTACT, HOTLINE),
    # The cast's contact came to the first hotline; every other token is told it does not exist.
    "contact_detail": Operation(
        "get",
        lambda cast: f"/api/v1/contacts/{cast.contact.reference}",
        expected={"operator": 200, "supervisor": 200},
        default=404,
    ),
    # Organisations that answer no referral get an empty inbox, as their staff would.
    "referral_inbox": Operation("get", lambda cast: "/api/v1/referrals/inbox", default=200),
    "referral_accept": Operation(
        "post",
        lambda cast: f"/api/v1/referrals/{cast.referral.pk}/accept",
        lambda cast: {"version": cast.referral.version},
        {"provider": 200},
        default=404,
    ),
    "referral_decline": Operation(
        "post",
        lambda cast: f"/api/v1/referrals/{cast.referral.pk}/decline",
        lambda cast: {"version": cast.referral.version, "reason": "No bed for a minor tonight."},
        {"provider": 200},
        default=404,
    ),
    # A case of unit A: its staff see the identity; the commission the facts; every other token nothing.
    "case_list": Operation("get", lambda cast: "/api/v1/cases", default=200),
    "case_detail": Operation(
        "get",
        lambda cast: f"/api/v1/cases/{cast.case_a.reference}",
        expected={"caseworker": 200, "manager": 200, "coordinator": 200, "authority": 200},
        default=404,
    ),
    "case_create": Operation(
        "post",
        lambda cast: "/api/v1/cases",
        {"person": {"given_name_latin": "Salma"}, "opened_on": "2026-11-02", "region": "MA-06"},
        {
            "caseworker": 201,
            "manager": 201,
            "other_caseworker": 201,
            "operator": 201,
            "supervisor": 201,
            "other_operator": 201,
        },
    ),
    # The police unit investigates the cast's criminal case and referred it to the prosecution office; the
    # gendarmerie does not reach it; the commission reads the facts but does not act on them.
    "criminal_case_create": Operation(
        "post",
        lambda cast: "/api/v1/criminal-cases",
        {
            "reference": "PV-2026-0917",
            "investigating_unit": "police",
            "region": "MA-06",
            "opened_on": "2026-10-01",
            "origin": "victim_complaint",
        },
        {"justice": 201, "prosecutor": 201},
    ),
    "criminal_case_detail": Operation(
        "get",
        lambda cast: f"/api/v1/criminal-cases/{cast.criminal_case.reference}",
        expected={"justice": 200, "prosecutor": 200, "coordinator": 200},
        default=404,
    ),
    "criminal_case_update": Operation(
        "patch",
        lambda cast: f"/api/v1/criminal-cases/{cast.criminal_case.reference}",
        lambda cast: {
            "version": CriminalCase.objects.get(pk=cast.criminal_case.pk).version,
            "court": "court",
        },
        expected={"justice": 200, "prosecutor": 200, "coordinator": 403},
        default=404,
    ),
    "table_list": Operation("get", lambda cast: "/api/v1/statistics/tables", expected=READERS_OF_STATISTICS),
    "table_detail": Operation(
        "get", lambda cast: "/api/v1/statistics/tables/victims?year=2025", expected=READERS_OF_STATISTICS
    ),
    "tier_history": Operation(
        "get", lambda cast: "/api/v1/tip/countries/MAR", expected={**READERS_OF_STATISTICS, "admin": 200}
    ),
}
ROLES = [role for role in STAFF if role not in {"nomember"}]


def test_every_operation_has_a_row() -> None:
    operations = {
        operation.url_name
        for _prefix, router in api._routers
        for path_view in router.path_operations.values()
        for operation in path_view.operations
    }
    assert operations == set(OPERATIONS)


def _token_of(cast: Cast, role: str) -> str:
    user = getattr(cast, role)
    membership = user.active_membership
    _token, secret = issue_token(
        actor=cast.admin,
        organisation=membership.organisation,
        name=f"{role} system",
        roles=[r.code for r in membership.roles.all()],
        scopes=list(SCOPES),
        days=30,
    )
    return secret


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_api_access(name: str, role: str, matrix_cast: Cast, db: None, client: Client) -> None:  # noqa: F811
    cast = matrix_cast
    operation = OPERATIONS[name]
    secret = _token_of(cast, role)
    body = operation.body(cast) if callable(operation.body) else operation.body
    response = getattr(client, operation.method)(
        operation.path(cast),
        body if operation.method in ("post", "patch") else None,
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    expected = operation.expected.get(role, operation.default)
    assert response.status_code == expected, (
        f"{role} {name}: {response.status_code} {response.content[:200]!r}"
    )
    if expected >= 400:
        error = response.json()
        assert {"code", "message"} <= set(error) and error["code"] in {"forbidden", "not_found"}
