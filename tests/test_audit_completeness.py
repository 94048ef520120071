"""Audit completeness: every page that shows identity writes exactly one "viewed identity" event for the
request, and a page that shows none writes none.

``IDENTITY_VIEWS`` lists the views that show identity, each opened by the user entitled to it; the crawl
then opens every page of the access matrix as every role allowed to see it and holds each one to the rule,
deciding from the page itself (does it show one of the cast's identity values?) whether it shows identity,
so a new page that shows identity without auditing it fails here.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import reverse

from sanad.access.services import break_glass
from sanad.api.scopes import SCOPES
from sanad.api.tokens import issue_token
from sanad.audit.models import AuditAction, AuditEvent
from sanad.cases.services import record_follow_up, update_plan
from sanad.identification.models import ScreeningAnswer
from sanad.identification.services import decide_status
from tests.cast import (
    CALLBACK,
    CONTACT_NARRATIVE,
    DOCUMENT_A,
    NAMES_A,
    NAMES_B,
    PHONE_A,
    REFERRAL_NOTE,
    SUSPECT_DOCUMENT,
    SUSPECT_NAME,
    Cast,
    build_cast,
)
from tests.matrix_rows import STAFF
from tests.test_access_matrix import MATRIX

PLAN_NEEDS = "Plan: safe housing away from the employer in Ain Sebaa"
FOLLOW_UP_NOTE = "Follow-up: she asked about her passport held by the employer"
SCREENING_NOTE = "Screening note: the employer kept her wages for eleven months"
RATIONALE = "Rationale: consistent account of debt bondage and confiscated documents"
# The cast's identity values: a page showing any of them shows identity.
IDENTITY_VALUES = [
    *(part for names in (*NAMES_A, *NAMES_B) for part in names),
    PHONE_A, DOCUMENT_A, CALLBACK, CONTACT_NARRATIVE, REFERRAL_NOTE, SUSPECT_NAME, SUSPECT_DOCUMENT,
    PLAN_NEEDS, FOLLOW_UP_NOTE, SCREENING_NOTE, RATIONALE,
]  # fmt: skip
BREAK_GLASS_REASON = "The hospital asks who she is; the case worker cannot be reached tonight."


def _with_identity_everywhere(cast: Cast) -> Cast:
    """The cast, plus the identity-tier texts the plain cast leaves empty: a plan, a follow-up note, screening
    notes and a status decision with its rationale."""
    worker, case = cast.caseworker, cast.case_a
    update_plan(actor=worker, case=case, needs=PLAN_NEEDS, goals="", review_on=None, expected_version=None)
    record_follow_up(actor=worker, case=case, happened_on=date(2025, 4, 2), kind="phone", note=FOLLOW_UP_NOTE)
    ScreeningAnswer.objects.filter(screening=cast.screening).update(note=SCREENING_NOTE)
    decide_status(
        actor=cast.authority, case=cast.case_a, status="presumed", decided_on=date(2025, 4, 10),
        legal_basis="Law 27-14, art. 1", rationale=RATIONALE,
    )  # fmt: skip
    return cast


@pytest.fixture(scope="module")
def audit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("audit-home")


@pytest.fixture(autouse=True)
def _own_sanad_home(settings: Any, audit_home: Path) -> None:
    settings.SANAD_HOME = audit_home


@pytest.fixture(scope="module")
def audit_cast(django_db_setup: None, django_db_blocker: Any, audit_home: Path) -> Iterator[Cast]:
    """Built once for the module inside a transaction rolled back at its end (see matrix_cast)."""
    with django_db_blocker.unblock(), override_settings(SANAD_HOME=audit_home), transaction.atomic():
        yield _with_identity_everywhere(build_cast())
        transaction.set_rollback(True)


def _identity_events(response: HttpResponse) -> int:
    return AuditEvent.objects.filter(
        action=AuditAction.VIEW_IDENTITY, request_id=response["X-Request-ID"]
    ).count()


def _shown_identity(response: HttpResponse) -> list[str]:
    if not response.get("Content-Type", "").startswith(("text/html", "application/json")):
        return []
    text = html.unescape(b"".join(getattr(response, "streaming_content", [response.content])).decode())
    return [value for value in IDENTITY_VALUES if value in text]


@dataclass(frozen=True)
class View:
    url_name: str
    role: str
    kwargs: Callable[[Cast], dict[str, Any]] = lambda cast: {}
    # Prepares what the user must hold to see identity there (a break-glass grant).
    before: Callable[[Cast], object] = lambda cast: None


CASE_A = lambda cast: {"case_id": cast.case_a.pk}  # noqa: E731
PERSON_A = lambda cast: {"person_id": cast.persons_a[0].pk}  # noqa: E731
SCREENING = lambda cast: {"case_id": cast.case_a.pk, "screening_id": cast.screening.pk}  # noqa: E731
CRIMINAL_CASE = lambda cast: {"criminal_case_id": cast.criminal_case.pk}  # noqa: E731

IDENTITY_VIEWS = [
    View("people:detail", "caseworker", PERSON_A),
    View("people:list", "caseworker"),
    View("cases:detail", "caseworker", CASE_A),
    View("cases:list", "caseworker"),
    View("cases:detail", "authority", CASE_A),  # submitted to it for a status decision
    View(
        "cases:detail",
        "coordinator",
        CASE_A,
        before=lambda cast: break_glass(actor=cast.coordinator, case=cast.case_a, reason=BREAK_GLASS_REASON),
    ),
    View("cases:plan", "caseworker", CASE_A),  # the plan's needs and goals in the form
    View("identification:screening_detail", "caseworker", SCREENING),
    View("identification:screening_detail", "authority", SCREENING),
    View("identification:decide", "authority", CASE_A),  # earlier decisions with their rationale
    View("referrals:detail", "provider", lambda cast: {"referral_id": cast.referral.pk}),
    View("hotline:detail", "operator", lambda cast: {"contact_id": cast.contact.pk}),
    View("justice:detail", "justice", CRIMINAL_CASE),  # with the suspects
    View(
        "justice:defendant_edit",
        "justice",
        lambda cast: {"criminal_case_id": cast.criminal_case.pk, "defendant_id": cast.defendant.pk},
    ),
    View("linkage:pair", "reviewer", lambda cast: {"pair_id": cast.candidate_pair.pk}),
    View("linkage:person", "reviewer", PERSON_A),
]

PAGES_WITHOUT_IDENTITY = [
    View("web:home", "caseworker"),
    View("cases:detail", "coordinator", CASE_A),  # national view, case facts only
    View("cases:list", "coordinator"),
    View("identification:case_details", "caseworker", CASE_A),
    View("justice:detail", "coordinator", CRIMINAL_CASE),
    View("hotline:queue", "operator"),
    View("referrals:inbox", "provider"),
    View("linkage:queue", "reviewer"),
]


def _open(client: Client, cast: Cast, view: View) -> HttpResponse:
    view.before(cast)
    client.force_login(getattr(cast, view.role))
    response = client.get(reverse(view.url_name, kwargs=view.kwargs(cast)))
    assert response.status_code == 200, f"{view.role} {view.url_name}: {response.status_code}"
    return response


@pytest.mark.parametrize("view", IDENTITY_VIEWS, ids=lambda view: f"{view.url_name}-{view.role}")
def test_a_view_of_identity_writes_exactly_one_audit_event(
    view: View, audit_cast: Cast, db: None, client: Client
) -> None:
    response = _open(client, audit_cast, view)
    assert _shown_identity(response), "the view is listed as showing identity but shows none of the cast's"
    assert _identity_events(response) == 1


@pytest.mark.parametrize("view", PAGES_WITHOUT_IDENTITY, ids=lambda view: f"{view.url_name}-{view.role}")
def test_a_page_without_identity_writes_no_identity_event(
    view: View, audit_cast: Cast, db: None, client: Client
) -> None:
    response = _open(client, audit_cast, view)
    assert not _shown_identity(response)
    assert _identity_events(response) == 0


def test_an_api_read_of_identity_writes_exactly_one_event(audit_cast: Cast, db: None, client: Client) -> None:
    membership = audit_cast.caseworker.active_membership
    _token, secret = issue_token(
        actor=audit_cast.admin, organisation=membership.organisation, name="unit A system",
        roles=[role.code for role in membership.roles.all()], scopes=list(SCOPES), days=30,
    )  # fmt: skip
    response = client.get(
        f"/api/v1/cases/{audit_cast.case_a.reference}", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 200 and response.json()["person"]["given_name_latin"] == "Amina"
    assert _identity_events(response) == 1


GET_PAGES = sorted(
    name for name, row in MATRIX.items() if row.method == "get" and not name.startswith(("api:", "account_"))
)


@pytest.mark.parametrize("url_name", GET_PAGES)
def test_every_page_is_audited_once_exactly_when_it_shows_identity(
    url_name: str, audit_cast: Cast, db: None, client: Client
) -> None:
    row = MATRIX[url_name]
    for role in STAFF:
        if row.status_for(role) != 200:
            continue
        client.force_login(getattr(audit_cast, role))
        response = client.get(reverse(url_name, kwargs=row.kwargs(audit_cast)), row.data)
        assert response.status_code == 200, f"{role}: {response.status_code}"
        shown, events = _shown_identity(response), _identity_events(response)
        assert events == (1 if shown else 0), (
            f"{role} sees {shown[:3] or 'nothing'}; {events} event(s) written"
        )
