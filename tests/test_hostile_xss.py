"""Stored and reflected XSS. A script payload (and an Arabic variant) is stored in every free-text field of
every record of the cast, then every page of the access matrix is opened by every role that may see it: the
payload never comes back as markup, only as escaped text. Every form of every page is also submitted with the
payload in each of its text fields, and the answer (and the page it leads to) is held to the same rule."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import models, transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from sanad.access.services import break_glass
from sanad.api.tokens import issue_token
from sanad.cases.services import record_follow_up, update_plan
from sanad.hotline.services import alert_police
from sanad.identification.services import decide_status
from sanad.referrals.services import record_service_delivered
from sanad.reports.services import save_narrative
from sanad.tip.readiness import current_period_year
from sanad.tip.services import rate_criterion
from tests.cast import Cast, build_cast
from tests.matrix_rows import STAFF
from tests.test_access_matrix import MATRIX
from tests.test_browser import browser  # noqa: F401

LATIN = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
ARABIC = "سلمى\"'><svg/onload=alert(2)><script>alert(2)</script>أمينة"
PAYLOAD = f"{LATIN} {ARABIC}"
SHORT = "<script>alert(3)</script>"
MARKUP = ("<script>alert(", "<img src=x onerror", "<svg/onload=alert", "<svg onload=alert")

# Text columns that are not free text: codes checked against a catalogue, references and file names Sanad
# makes, digests, indexes, secrets. Every other text column is filled with the payload; a new column must be
# put in one of the two lists (test_every_text_column_is_classified).
NOT_FREE_TEXT = {
    "accounts.User": {"password", "username", "email"},
    "accounts.Organisation": {"short_code", "type", "region"},
    "accounts.Role": {"code"},
    "audit.AuditEvent": {"object_type", "object_id", "request_id"},
    "people.Person": {"document_number_index", "phone_index"},
    "cases.Case": {"reference", "region", "recruitment_country", "recruiter_relation", "recruitment_method",
                   "exploitation_country", "exploitation_region"},
    "cases.CaseEvent": {"kind"},
    "hotline.Contact": {"reference", "language", "region", "callback_index"},
    "identification.IdentificationGuide": {"source_sha256"},
    "identification.Screening": {"profile", "interview_language"},
    "identification.ScreeningAnswer": {"indicator_id"},
    "referrals.Consent": {"service_type"},
    "referrals.Referral": {"service_type"},
    "referrals.ServiceDelivery": {"service_type"},
    "justice.OffenceArticle": {"code"},
    "justice.CriminalCase": {"region"},
    "justice.Defendant": {"document_number_index", "nationality"},
    "justice.Sentence": {"currency"},
    "justice.RegisterImport": {"sha256"},
    "plans.Plan": {"currency"},
    "plans.Objective": {"code"},
    "plans.Measure": {"code"},
    "plans.Indicator": {"statistic"},
    "plans.EvidenceFile": {"content_type", "sha256", "storage_name"},
    "plans.Recommendation": {"original_language"},
    "prevention.Campaign": {"currency"},
    "prevention.Training": {"currency", "region"},
    "reports.ReportJob": {"error", "file_name"},
    "tip.TierPlacement": {"iso3"},
    "tip.Waiver": {"iso3"},
    "tip.ReadinessRating": {"criterion"},
    "linkage.LinkageRun": {"error"},
    "api.ApiToken": {"prefix", "secret_digest"},
    "api.IdempotentResponse": {"key", "operation", "request_digest"},
}  # fmt: skip


def _text_columns() -> dict[type[models.Model], list[models.Field[Any, Any]]]:
    found: dict[type[models.Model], list[models.Field[Any, Any]]] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("sanad."):
            continue
        columns = [
            column
            for column in model._meta.concrete_fields
            if isinstance(column, models.CharField | models.TextField)
            and not column.choices
            and not column.primary_key
        ]
        if columns:
            found[model] = columns
    return found


def _free_text() -> dict[type[models.Model], list[models.Field[Any, Any]]]:
    return {
        model: free
        for model, columns in _text_columns().items()
        if (free := [c for c in columns if c.name not in NOT_FREE_TEXT.get(model._meta.label, set())])
    }


def test_every_text_column_is_classified() -> None:
    labels = {model._meta.label: {c.name for c in columns} for model, columns in _text_columns().items()}
    stale = {
        f"{label}.{name}"
        for label, names in NOT_FREE_TEXT.items()
        for name in names
        if name not in labels.get(label, set())
    }
    assert not stale, f"no such text column: {stale}"


def _payload_for(column: models.Field[Any, Any], row: int) -> str | None:
    """The longest payload the column holds, with the row's number after it (for unique columns and
    constraints)."""
    suffix = f" {row}"
    limit = getattr(column, "max_length", None) or 10_000
    for text in (PAYLOAD, LATIN, SHORT):
        if len(text + suffix) <= limit:
            return text + suffix
    return None


def _more_records(cast: Cast) -> None:
    """Records of the kinds the plain cast lacks, so that their free text is filled and shown too."""
    orgs, today = cast.organisations, timezone.localdate()
    update_plan(
        actor=cast.caseworker, case=cast.case_a, needs="n", goals="g", review_on=None, expected_version=None
    )
    record_follow_up(actor=cast.caseworker, case=cast.case_a, happened_on=today, kind="phone", note="n")
    record_service_delivered(
        actor=cast.caseworker, case=cast.case_a, service_type="medical", delivered_on=today, notes="n"
    )
    decide_status(
        actor=cast.authority, case=cast.case_a, status="presumed", decided_on=date(2025, 4, 10),
        legal_basis="b", rationale="r",
    )  # fmt: skip
    alert_police(
        actor=cast.operator, contact=cast.contact, unit=orgs["police"], recipient_name="r", method="phone",
        sent_at=timezone.now() - timedelta(minutes=5), note="n",
    )  # fmt: skip
    break_glass(actor=cast.coordinator, case=cast.case_b, reason="The hospital asks who she is, tonight.")
    rate_criterion(
        actor=cast.coordinator, period_year=current_period_year(today), criterion="C1", rating="partly",
        note="n", expected_version=None,
    )  # fmt: skip
    for section in ("introduction", "protection"):
        save_narrative(
            actor=cast.coordinator, year=2024, language="fr", section=section, text="t", version=None
        )
    issue_token(
        actor=cast.admin,
        organisation=orgs["unit_a"],
        name="n",
        roles=["case_worker"],
        scopes=["cases:read"],
        days=9,
    )


def _fill_every_free_text_column() -> dict[str, int]:
    """The payload in every free-text column of every row; returns the rows filled per column."""
    filled: dict[str, int] = {}
    for model, columns in _free_text().items():
        for row, pk in enumerate(model._default_manager.values_list("pk", flat=True)):
            values = {c.name: value for c in columns if (value := _payload_for(c, row)) is not None}
            if values:
                model._default_manager.filter(pk=pk).update(**values)
                for name in values:
                    key = f"{model._meta.label}.{name}"
                    filled[key] = filled.get(key, 0) + 1
    return filled


@pytest.fixture(scope="module")
def xss_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("xss-home")


@pytest.fixture(autouse=True)
def _own_sanad_home(settings: Any, xss_home: Path) -> None:
    settings.SANAD_HOME = xss_home


@pytest.fixture(scope="module")
def xss_cast(django_db_setup: None, django_db_blocker: Any, xss_home: Path) -> Iterator[Cast]:
    """Built and filled once for the module, inside a transaction rolled back at its end."""
    with django_db_blocker.unblock(), override_settings(SANAD_HOME=xss_home), transaction.atomic():
        cast = build_cast()
        _more_records(cast)
        cast.filled = _fill_every_free_text_column()  # type: ignore[attr-defined]
        yield cast
        transaction.set_rollback(True)


class _Markup(HTMLParser):
    """Elements the payload would create if it were not escaped: event-handler attributes, scripts that call
    alert(). Sanad's own templates have neither (no inline script or handler passes its CSP)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.extend(f"<{tag} {name}=…>" for name, _value in attrs if name.startswith("on"))
        self._script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._script = False

    def handle_data(self, data: str) -> None:
        if self._script and "alert(" in data:
            self.found.append(f"<script>{data[:40]}")


def _injected(response: HttpResponse) -> list[str]:
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    text = body.decode("utf-8", errors="replace")
    parser = _Markup()
    parser.feed(text)
    return [marker for marker in MARKUP if marker in text] + parser.found


def test_the_payload_is_stored_in_every_free_text_column(xss_cast: Cast, db: None) -> None:
    filled: dict[str, int] = xss_cast.filled  # type: ignore[attr-defined]
    expected = {f"{model._meta.label}.{c.name}" for model, columns in _free_text().items() for c in columns}
    # Columns of kinds the cast holds no record of (imports, link decisions) have nothing to fill.
    assert len(filled) >= 75 and len(filled) / len(expected) > 0.9, sorted(expected - set(filled))
    from sanad.people.models import Person

    assert Person.objects.get(pk=xss_cast.persons_a[0].pk).given_name_latin.startswith(PAYLOAD)


GET_PAGES = sorted(
    name for name, row in MATRIX.items() if row.method == "get" and not name.startswith("api:")
)


@pytest.mark.parametrize("url_name", GET_PAGES)
def test_stored_payload_is_shown_escaped_on_every_page(
    url_name: str, xss_cast: Cast, db: None, client: Client
) -> None:
    row = MATRIX[url_name]
    for role in ["anonymous", *STAFF]:
        if row.status_for(role) != 200:
            continue
        if role != "anonymous":
            client.force_login(getattr(xss_cast, role))
        response = client.get(reverse(url_name, kwargs=row.kwargs(xss_cast)), row.data)
        assert response.status_code == 200, f"{role}: {response.status_code}"
        assert not _injected(response), f"{role} {url_name}: {_injected(response)}"


class _Forms(HTMLParser):
    """The POST forms of a page with the values a browser would send, text fields replaced by the payload."""

    TEXT = {"text", "search", "tel", "url", "email", None}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, dict[str, Any]]] = []
        self._form: dict[str, Any] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {}
            self.forms.append((a.get("action") or "", self._form))
        if self._form is None or not a.get("name"):
            return
        name = str(a["name"])
        if tag == "input":
            kind = a.get("type")
            if kind in self.TEXT:
                self._form[name] = PAYLOAD
            elif kind in ("checkbox", "radio"):
                if "checked" in a or name not in self._form:
                    self._form[name] = a.get("value") or "on"
            elif kind != "file":
                self._form[name] = a.get("value") or ""
        elif tag == "textarea":
            self._form[name] = PAYLOAD
        elif tag == "select":
            self._select = name
        elif (
            tag == "option"
            and self._select
            and a.get("value")
            and ("selected" in a or self._select not in self._form)
        ):
            self._form[self._select] = a["value"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


# Forms not submitted: signing out would end the session the next requests need.
NOT_SUBMITTED = {"account_logout"}
OPENED_PAGES = [
    name for name in GET_PAGES if any(MATRIX[name].status_for(r) == 200 for r in ["anonymous", *STAFF])
]


@pytest.mark.parametrize("url_name", OPENED_PAGES)
def test_every_form_submitted_with_the_payload_answers_it_escaped(
    url_name: str, xss_cast: Cast, db: None, client: Client
) -> None:
    row = MATRIX[url_name]
    role = next(r for r in ["anonymous", *STAFF] if row.status_for(r) == 200)
    if role != "anonymous":
        client.force_login(getattr(xss_cast, role))
    url = reverse(url_name, kwargs=row.kwargs(xss_cast))
    page = client.get(url, row.data)
    if not page.get("Content-Type", "").startswith("text/html"):
        return  # a download: no form in it
    parser = _Forms()
    parser.feed(page.content.decode())
    for action, data in parser.forms:
        target = action or url
        try:
            if resolve(urlsplit(target).path).url_name in NOT_SUBMITTED:
                continue
        except Resolver404:
            pass
        answer = client.post(target, data)
        assert answer.status_code < 500, f"{role} {target}: {answer.status_code}"
        assert not _injected(answer), f"{role} {target}: {_injected(answer)}"
        if answer.status_code == 302 and answer["Location"].startswith("/"):
            shown = client.get(answer["Location"])
            assert not _injected(shown), f"{role} {answer['Location']} after {target}: {_injected(shown)}"


# --- In a real browser: nothing runs, and the payload reads as text ---------------------------------------

BROWSED = [
    ("caseworker", lambda cast: f"/cases/{cast.case_a.pk}/"),
    ("caseworker", lambda cast: f"/persons/{cast.persons_a[0].pk}/"),
    ("operator", lambda cast: f"/hotline/contacts/{cast.contact.pk}/"),
    ("provider", lambda cast: f"/referrals/{cast.referral.pk}/"),
    ("justice", lambda cast: f"/justice/{cast.criminal_case.pk}/"),
    ("coordinator", lambda cast: f"/prevention/campaigns/{cast.campaign.pk}/"),
    ("coordinator", lambda cast: "/reports/2024/fr/narrative/"),
]


@pytest.fixture
def chromium(browser: Any) -> Any:  # noqa: F811
    return browser


@pytest.mark.browser
def test_no_dialog_opens_and_no_script_is_even_attempted_in_chromium(
    live_server: Any, transactional_cast: Cast, chromium: Any
) -> None:
    """Sanad's CSP would block an injected script anyway; a blocked attempt still shows in the console, so
    the page must show neither a dialog nor a CSP refusal."""
    from tests.test_browser import _sign_in

    cast = transactional_cast
    _more_records(cast)
    _fill_every_free_text_column()
    for role, path in BROWSED:
        context = chromium.new_context(locale="en-GB")
        tab = context.new_page()
        dialogs: list[str] = []
        console: list[str] = []
        tab.on("dialog", lambda dialog, seen=dialogs: (seen.append(dialog.message), dialog.dismiss()))
        tab.on("console", lambda message, seen=console: seen.append(message.text))
        _sign_in(tab, live_server.url, role)
        response = tab.goto(f"{live_server.url}{path(cast)}")
        assert response is not None and response.status == 200, path(cast)
        tab.wait_for_load_state("networkidle")
        assert not dialogs, f"{role} {path(cast)}: a dialog opened: {dialogs}"
        refused = [line for line in console if "Content Security Policy" in line]
        assert not refused, f"{role} {path(cast)}: {refused}"
        fields = [field.input_value() for field in tab.locator("main textarea, main input[type=text]").all()]
        shown = " ".join([tab.inner_text("main"), *fields])
        assert "<script>alert(" in shown, f"{role} {path(cast)} does not show the payload as text"
        context.close()
