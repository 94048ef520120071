"""Oversized requests: bodies over DATA_UPLOAD_MAX_MEMORY_SIZE, more fields or files than Django reads, a huge
or absurdly nested JSON body to the API. Each answer is a clean 400 or 413 (the API's in its error shape),
never a 500, and nothing is written."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string

from sanad.api.scopes import SCOPES
from sanad.api.tokens import issue_token
from tests.cast import Cast
from tests.hostile import recorded_writes
from tests.matrix_rows import STAFF
from tests.test_access_matrix import MATRIX, _own_sanad_home, matrix_cast, matrix_home  # noqa: F401

TOO_LONG = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
TOO_MANY = "&".join(f"field{number}=1" for number in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
# Every page that takes a POST: the matrix's POST rows and the pages whose form posts back to them.
FORM_PAGES = [
    "hotline:record", "plans:new", "prevention:campaign_new", "accounts:user_create", "justice:new",
    "identification:screening_new", "case_referrals:referral_new", "reports:narrative", "tip:import",
]  # fmt: skip
POSTED = sorted(
    {n for n, row in MATRIX.items() if row.method == "post" and not n.startswith("api:")} | set(FORM_PAGES)
)
ANONYMOUS_FORMS = ["account_login", "public:tip", "account_reset_password"]


@pytest.fixture
def probe_cast(matrix_cast: Cast) -> Cast:  # noqa: F811
    return matrix_cast


def _poster(url_name: str) -> str | None:
    row = MATRIX[url_name]
    return next((role for role in STAFF if row.status_for(role) in (200, 302, 400)), None)


def _body(kind: str) -> tuple[str | bytes, str]:
    if kind == "too-long":
        return f"narrative={TOO_LONG}", "application/x-www-form-urlencoded"
    if kind == "too-many-fields":
        return TOO_MANY, "application/x-www-form-urlencoded"
    boundary = "sanad-oversized"
    part = f'--{boundary}\r\nContent-Disposition: form-data; name="narrative"\r\n\r\n{TOO_LONG}\r\n'
    return f"{part}--{boundary}--\r\n", f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("kind", ["too-long", "too-many-fields", "multipart-text-too-long"])
@pytest.mark.parametrize("url_name", POSTED + ANONYMOUS_FORMS)
def test_an_oversized_form_body_gets_a_clean_refusal(
    url_name: str, kind: str, probe_cast: Cast, db: None
) -> None:
    """As a browser sends it: the CSRF cookie, and the token in the header (as htmx sends it), since the body
    that would carry it is over the limit."""
    token = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    client = Client(enforce_csrf_checks=True, HTTP_X_CSRFTOKEN=token)
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    role = None if url_name in ANONYMOUS_FORMS else _poster(url_name)
    if role is not None:
        client.force_login(getattr(probe_cast, role))
    url = reverse(url_name, kwargs=MATRIX[url_name].kwargs(probe_cast))
    body, content_type = _body(kind)
    with recorded_writes() as writes:
        response = client.post(url, body, content_type=content_type)
    assert response.status_code == 400, f"{role} {url}: {response.status_code}"
    assert b"Traceback" not in response.content
    assert not writes.to_data, writes.to_data


def test_too_many_files_get_a_clean_refusal(probe_cast: Cast, db: None, client: Client) -> None:
    client.force_login(probe_cast.focal)
    files = [
        SimpleUploadedFile(f"minutes-{number}.txt", b"Minutes.")
        for number in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    ]
    with recorded_writes() as writes:
        response = client.post(
            reverse("plans:evidence_upload", args=[probe_cast.draft_report.pk]), {"file": files}
        )
    assert response.status_code == 400
    assert not writes.to_data


def _token(cast: Cast) -> str:
    membership = cast.caseworker.active_membership
    return issue_token(
        actor=cast.admin, organisation=membership.organisation, name="unit A system",
        roles=[role.code for role in membership.roles.all()], scopes=list(SCOPES), days=30,
    )[1]  # fmt: skip


CASE = {"person": {"given_name_latin": "Salma"}, "opened_on": "2026-11-02", "region": "MA-06"}
API_BODIES: dict[str, tuple[str, int, str]] = {
    "over the size limit": (
        json.dumps({**CASE, "person": {"given_name_latin": TOO_LONG}}),
        413,
        "body_too_large",
    ),
    "nested 100,000 deep": ("[" * 100_000 + "]" * 100_000, 400, "malformed_body"),
    "a list where a name goes": (
        json.dumps({**CASE, "person": {"given_name_latin": ["x"] * 100_000}}),
        422,
        "invalid_request",
    ),
    "too many nationalities": (
        json.dumps({**CASE, "person": {"nationalities": ["MAR"] * 100_000}}),
        422,
        "invalid_request",
    ),
}


@pytest.mark.parametrize("body", sorted(API_BODIES))
def test_the_api_refuses_a_hostile_body_in_its_error_shape(body: str, probe_cast: Cast, db: None) -> None:
    content, status, code = API_BODIES[body]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {_token(probe_cast)}")
    with recorded_writes() as writes:
        response = client.post("/api/v1/cases", content, content_type="application/json")
    assert response.status_code == status, response.content[:200]
    assert response.json()["code"] == code
    assert not writes.to_data


def test_the_api_refuses_too_many_query_parameters_in_its_error_shape(probe_cast: Cast, db: None) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {_token(probe_cast)}")
    response = client.get(f"/api/v1/cases?{TOO_MANY}")
    assert response.status_code == 400 and response.json()["code"] == "malformed_request"


def test_the_schema_declares_413_for_every_operation_with_a_body(client: Client) -> None:
    schema: dict[str, Any] = client.get("/api/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if "requestBody" in operation:
                assert "413" in operation["responses"], f"{method} {path}"
