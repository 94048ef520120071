"""IDOR probes: object URLs (taken from the URL conf) requested with another organisation's ids, with a parent
the user owns and a child she does not, and with guessed ids. The answer is 403 or 404, never the content:
no identity of unit A in the body, no identity read audited, nothing written."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sanad.api.api import api
from sanad.api.scopes import SCOPES
from sanad.api.tokens import issue_token
from sanad.audit.models import AuditAction, AuditEvent
from sanad.justice.services import open_criminal_case
from tests.cast import Cast
from tests.hostile import entitled_role, leaked, recorded_writes, refused_roles, routes
from tests.signing_in import confirm_password
from tests.test_access_matrix import MATRIX, _own_sanad_home, matrix_cast, matrix_home  # noqa: F401
from tests.test_api_access import OPERATIONS

# URL parameters naming a record (probed) or a catalogue entry, a year, a language or a format (not probed:
# they name nothing of a person). A new parameter must be put in one of the two.
OBJECT_PARAMETERS = {
    "case_id", "person_id", "contact_id", "screening_id", "submission_id", "referral_id", "consent_id",
    "transfer_id", "placement_id", "criminal_case_id", "defendant_id", "charge_id", "link_id", "evidence_id",
    "report_id", "plan_id", "measure_id", "indicator_id", "recommendation_id", "campaign_id", "training_id",
    "pair_id", "run_id", "job_id", "guide_id", "organisation_id", "user_id", "token_id", "reference",
}  # fmt: skip
NOT_OBJECT_PARAMETERS = {"code", "iso3", "language", "file_format", "year", "period_year", "criterion", "key",
                         "uidb36"}  # fmt: skip
# Answers to a guessed id that are not 404, by design, and reveal nothing: back to the token list, which says
# no such token exists.
GUESS_ANSWERS = {"api_tokens:revoke": "/manage/api-tokens/"}

OBJECT_ROUTES = sorted(
    route.name
    for route in routes()
    if set(route.converters) & OBJECT_PARAMETERS and not route.name.startswith("api:")
)


@pytest.fixture
def probe_cast(matrix_cast: Cast) -> Cast:  # noqa: F811
    """The access matrix's cast, built once for the module (each test rolls back to it)."""
    return matrix_cast


def test_every_url_parameter_is_classified() -> None:
    parameters = {name for route in routes() for name in route.converters}
    assert parameters <= OBJECT_PARAMETERS | NOT_OBJECT_PARAMETERS, (
        parameters - OBJECT_PARAMETERS - NOT_OBJECT_PARAMETERS
    )
    assert len(OBJECT_ROUTES) > 60


def _request(client: Client, url_name: str, kwargs: dict[str, Any], cast: Cast) -> Any:
    row = MATRIX[url_name]
    data = row.data(cast) if callable(row.data) else row.data
    return getattr(client, row.method)(reverse(url_name, kwargs=kwargs), data=data)


def _assert_refused_and_nothing_shown(response: Any, writes: Any, where: str) -> None:
    assert response.status_code in (403, 404), f"{where}: {response.status_code}"
    assert not leaked(response.content), f"{where} shows {leaked(response.content)}"
    assert not writes.to_data, f"{where} wrote to {writes.to_data}"
    viewed = AuditEvent.objects.filter(
        request_id=response["X-Request-ID"], action=AuditAction.VIEW_IDENTITY
    ).exists()
    assert not viewed, f"{where} audited a view of identity"


@pytest.mark.parametrize("url_name", OBJECT_ROUTES)
def test_another_organisation_gets_no_content_of_unit_a_objects(
    url_name: str, probe_cast: Cast, db: None, client: Client
) -> None:
    """Every role the matrix refuses on unit A's (or the police's, the ministry's) object: its staff in
    other organisations, and roles that may never see it."""
    kwargs = MATRIX[url_name].kwargs(probe_cast)
    for role in refused_roles(MATRIX[url_name]):
        client.force_login(getattr(probe_cast, role))
        with recorded_writes() as writes:
            response = _request(client, url_name, kwargs, probe_cast)
        _assert_refused_and_nothing_shown(response, writes, f"{role} on {url_name}")


def _guess(parameter: str, converter: str) -> Any:
    if converter == "IntConverter":
        return 987_654_321
    if converter == "UUIDConverter":
        return uuid.uuid4()
    raise AssertionError(f"{parameter}: no guess for {converter}")


@pytest.mark.parametrize("url_name", OBJECT_ROUTES)
def test_guessed_ids_are_not_found_even_by_the_entitled_user(
    url_name: str, probe_cast: Cast, db: None, client: Client
) -> None:
    route = next(route for route in routes() if route.name == url_name)
    row = MATRIX[url_name]
    role = entitled_role(row)
    assert role, f"no role may use {url_name}"
    kwargs = row.kwargs(probe_cast)
    for parameter, converter in route.converters.items():
        if parameter not in OBJECT_PARAMETERS:
            continue
        guessed = {**kwargs, parameter: _guess(parameter, converter)}
        user = getattr(probe_cast, role)
        client.force_login(user)
        # Past the password asked again before break-glass or a subject file: the lookup itself must refuse.
        confirm_password(client, user)
        with recorded_writes() as writes:
            response = _request(client, url_name, guessed, probe_cast)
        where = f"{role} on {url_name} with a guessed {parameter}"
        if url_name in GUESS_ANSWERS:
            assert response.status_code == 302, where
            assert response["Location"].startswith(GUESS_ANSWERS[url_name]), where
            assert not writes.to_data, where
        else:
            _assert_refused_and_nothing_shown(response, writes, where)


def _gendarmerie_case(cast: Cast) -> Any:
    return open_criminal_case(
        actor=cast.gendarme, reference="GR-2025-0042", investigating_unit=cast.organisations["gendarmerie"],
        region="MA-06", opened_on=date(2025, 5, 2), origin="hotline_alert", forms_of_exploitation=[],
    )  # fmt: skip


# A parent the prober rightly holds, with a child of unit A's (or the police's) records under it.
OWN_PARENT = {
    "case_id": ("other_caseworker", lambda cast: cast.case_b.pk),
    "criminal_case_id": ("gendarme", lambda cast: _gendarmerie_case(cast).pk),
}
NESTED_ROUTES = sorted(
    route.name
    for route in routes()
    if len(set(route.converters) & OBJECT_PARAMETERS) > 1 and not route.name.startswith("api:")
)


def test_every_nested_route_is_probed_with_a_parent_of_the_prober() -> None:
    for url_name in NESTED_ROUTES:
        route = next(route for route in routes() if route.name == url_name)
        assert next(iter(route.converters)) in OWN_PARENT, url_name


@pytest.mark.parametrize("url_name", NESTED_ROUTES)
def test_a_child_of_unit_a_under_the_probers_own_parent_is_not_found(
    url_name: str, probe_cast: Cast, db: None, client: Client
) -> None:
    route = next(route for route in routes() if route.name == url_name)
    parent = next(iter(route.converters))
    role, own_parent = OWN_PARENT[parent]
    kwargs = {**MATRIX[url_name].kwargs(probe_cast), parent: own_parent(probe_cast)}
    client.force_login(getattr(probe_cast, role))
    with recorded_writes() as writes:
        response = _request(client, url_name, kwargs, probe_cast)
    _assert_refused_and_nothing_shown(response, writes, f"{role} on {url_name} under its own {parent}")
    assert response.status_code == 404


# --- The API: tokens of other organisations, and guessed references ----------------------------------------

OBJECT_OPERATIONS = ["contact_detail", "case_detail", "criminal_case_detail", "criminal_case_update",
                     "referral_accept", "referral_decline"]  # fmt: skip
GUESSES = {
    "contact_detail": lambda cast: "/api/v1/contacts/TEST-9999",
    "case_detail": lambda cast: "/api/v1/cases/MA-2025-999999",
    "criminal_case_detail": lambda cast: "/api/v1/criminal-cases/PJ-2025-9999",
    "criminal_case_update": lambda cast: "/api/v1/criminal-cases/PJ-2025-9999",
    "referral_accept": lambda cast: f"/api/v1/referrals/{uuid.uuid4()}/accept",
    "referral_decline": lambda cast: f"/api/v1/referrals/{uuid.uuid4()}/decline",
}


def _token(cast: Cast, role: str) -> str:
    membership = getattr(cast, role).active_membership
    return issue_token(
        actor=cast.admin, organisation=membership.organisation, name=f"{role} system",
        roles=[r.code for r in membership.roles.all()], scopes=list(SCOPES), days=30,
    )[1]  # fmt: skip


def _call(client: Client, cast: Cast, operation: str, token: str, path: str) -> Any:
    spec = OPERATIONS[operation]
    body = spec.body(cast) if callable(spec.body) else spec.body
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if spec.method == "get":
        return client.get(path, **headers)
    return getattr(client, spec.method)(path, body, content_type="application/json", **headers)


def test_every_api_object_operation_is_probed() -> None:
    with_object = set()
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            parameters = set(re.findall(r"{(?:\w+:)?(\w+)}", path))
            assert parameters <= OBJECT_PARAMETERS | NOT_OBJECT_PARAMETERS, path
            if parameters & OBJECT_PARAMETERS:
                with_object |= {operation.url_name for operation in path_view.operations}
    assert with_object == set(OBJECT_OPERATIONS)


@pytest.mark.parametrize("operation", OBJECT_OPERATIONS)
def test_api_tokens_of_other_organisations_get_no_content(
    operation: str, probe_cast: Cast, db: None, client: Client
) -> None:
    spec = OPERATIONS[operation]
    probers = ("other_caseworker", "other_operator", "gendarme", "provider", "caseworker", "justice")
    refused = [role for role in probers if spec.expected.get(role, spec.default) in (403, 404)]
    assert refused
    for role in refused:
        token = _token(probe_cast, role)
        with recorded_writes() as writes:
            response = _call(client, probe_cast, operation, token, spec.path(probe_cast))
        _assert_refused_and_nothing_shown(response, writes, f"{role} token on {operation}")
        assert set(response.json()) == {"code", "message", "field"}


@pytest.mark.parametrize("operation", OBJECT_OPERATIONS)
def test_api_guessed_references_are_not_found(
    operation: str, probe_cast: Cast, db: None, client: Client
) -> None:
    spec = OPERATIONS[operation]
    role = next(role for role, status in spec.expected.items() if status == 200)
    token = _token(probe_cast, role)
    with recorded_writes() as writes:
        response = _call(client, probe_cast, operation, token, GUESSES[operation](probe_cast))
    _assert_refused_and_nothing_shown(response, writes, f"{role} token on {operation} with a guess")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
