"""No personal data reaches the logs: the main flows run with every logger at DEBUG, through a handler
carrying the filters the settings attach to every handler, and no captured record holds a name, a phone
number or a document number that the flows used, in its message, its traceback or its extra values."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path, reverse
from django.utils import timezone

from sanad import urls as sanad_urls
from sanad.api.scopes import SCOPES
from sanad.api.tokens import issue_token
from sanad.audit.logging import PersonalDataFilter
from sanad.hotline.models import Contact
from sanad.identification.services import current_guide
from tests.cast import CALLBACK, DOCUMENT_A, PASSWORD, PHONE_A, SUSPECT_DOCUMENT, SUSPECT_NAME, Cast
from tests.signing_in import totp_code


def _explode(request: HttpRequest) -> HttpResponse:
    # A bug of the kind that echoes what was typed: Python's own message quotes the value.
    return HttpResponse(str(int(request.POST.get("age", ""))))


urlpatterns = [path("test-explode/", _explode), *sanad_urls.urlpatterns]
handler403 = sanad_urls.handler403
handler404 = sanad_urls.handler404
handler500 = sanad_urls.handler500

pytestmark = pytest.mark.urls(__name__)

CALLER = ("Zineb", "Lahlou", "زينب", "لحلو")
CALLER_PHONE = "+212 677 12 34 56"
VICTIM = ("Salma", "Ouahbi", "سلمى", "الوهبي")
VICTIM_PHONE = "0698765432"
VICTIM_DOCUMENT = "CD987654"
TIPSTER_SUBJECT = "Hajar Tounsi"
TIP_PHONE = "+212 655 44 33 22"
LOGIN_NAME = "Nadia Bennani"
NARRATIVE = (
    f"{CALLER[0]} {CALLER[1]} ({CALLER[2]} {CALLER[3]}) calls for {VICTIM[0]} {VICTIM[1]}, {VICTIM_PHONE}."
)

SECRETS = [
    *CALLER, CALLER_PHONE, *VICTIM, VICTIM_PHONE, VICTIM_DOCUMENT, TIPSTER_SUBJECT, TIP_PHONE, LOGIN_NAME,
    "Amina", "Benziane", "أمينة", "بن زيان", PHONE_A, CALLBACK, DOCUMENT_A, SUSPECT_NAME, SUSPECT_DOCUMENT,
]  # fmt: skip


def _forms_of(secret: str) -> set[str]:
    """A value as a log could spell it: as typed, lower-cased (django-axes lower-cases usernames), and a
    number with its digits only or URL-encoded."""
    forms = {secret.lower()}
    digits = "".join(char for char in secret if char.isdigit())
    if len(digits) >= 6:
        forms |= {digits, digits[-9:], secret.replace(" ", "%20").lower(), secret.replace("+", "%2B").lower()}
    return forms


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _console_handler() -> logging.Handler:
    return next(handler for handler in logging.getLogger().handlers if handler.name == "console")


@pytest.fixture
def captured() -> Iterator[_Capture]:
    """Every logger at DEBUG, into a handler with the filters the settings give the console handler."""
    console = _console_handler()
    capture = _Capture()
    capture.filters = list(console.filters)
    capture.setFormatter(console.formatter)
    loggers = [logging.getLogger()] + [
        logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
    logging.getLogger().addHandler(capture)
    try:
        yield capture
    finally:
        logging.getLogger().removeHandler(capture)
        for logger, level, disabled in saved:
            logger.setLevel(level)
            logger.disabled = disabled


def _token(cast: Cast, role: str) -> str:
    membership = getattr(cast, role).active_membership
    return issue_token(
        actor=cast.admin, organisation=membership.organisation, name=f"{role} system",
        roles=[role.code for role in membership.roles.all()], scopes=list(SCOPES), days=30,
    )[1]  # fmt: skip


def _drive_the_main_flows(cast: Cast) -> dict[str, Any]:
    """Every flow the issue names, each asserting what its user sees so that a broken flow cannot pass
    silently. Returns what the log assertions need."""
    seen: dict[str, Any] = {}
    browser = Client(raise_request_exception=False)
    # A failed sign-in with a username that is a person's name, then the operator signs in (password, then
    # a wrong code of her authenticator app, then the right one).
    failed = browser.post(reverse("account_login"), {"login": LOGIN_NAME, "password": "wrong password 1"})
    assert failed.status_code == 200 and b"not correct" in failed.content
    stage = browser.post(reverse("account_login"), {"login": "operator", "password": PASSWORD})
    assert stage.status_code == 302 and stage["Location"] == reverse("mfa_authenticate")
    wrong_code = f"{(int(totp_code()) + 500_000) % 1_000_000:06d}"
    assert browser.post(reverse("mfa_authenticate"), {"code": wrong_code}).status_code == 200
    assert browser.post(reverse("mfa_authenticate"), {"code": totp_code()}).status_code == 302
    # Hotline intake: the caller's name and number in the narrative and the callback field.
    received = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    intake = {
        "channel": "phone", "contact_type": "tip", "urgency": "2", "reporter_relation": "third_party",
        "narrative": NARRATIVE, "callback_number": CALLER_PHONE, "received_at": received, "save_triaged": "1",
    }  # fmt: skip
    assert browser.post(reverse("hotline:record"), intake).status_code == 302
    contact = Contact.objects.exclude(pk=cast.contact.pk).get()
    assert browser.get(reverse("hotline:detail", args=[contact.pk])).status_code == 200
    # A form refused with identity values in it: a name where the number goes.
    refused = browser.post(
        reverse("hotline:record"), {**intake, "callback_number": f"{VICTIM[0]} {VICTIM[1]}"}
    )
    assert refused.status_code == 400
    # The contact becomes a person and a case in unit A.
    escalation = {
        "version": str(contact.version), "organisation": str(cast.organisations["unit_a"].pk),
        "given_name_latin": VICTIM[0], "family_name_latin": VICTIM[1], "given_name_ar": VICTIM[2],
        "family_name_ar": VICTIM[3], "sex": "female",
    }  # fmt: skip
    assert browser.post(reverse("hotline:escalate", args=[contact.pk]), escalation).status_code == 302
    case = Contact.objects.get(pk=contact.pk).case
    assert case is not None
    # A 403 whose query string holds a name and a number.
    browser.force_login(cast.caseworker)
    forbidden = browser.get(reverse("audit:list"), {"actor": VICTIM[1], "object": VICTIM_PHONE})
    assert forbidden.status_code == 403
    seen["forbidden_id"] = forbidden["X-Request-ID"]
    # Screening of the new case, with a note naming the person.
    guide = current_guide()
    screening = {
        "profile": "adult_labour", "interviewed_on": str(timezone.localdate()), "act_present": "yes",
        "guide": str(guide.pk),
    }  # fmt: skip
    for indicator in guide.definition.profile("adult_labour").indicators:
        screening[f"answer_{indicator.id}"] = "no"
        screening[f"note_{indicator.id}"] = f"{VICTIM[0]} says no ({VICTIM_PHONE})"
    assert browser.post(reverse("identification:screening_new", args=[case.pk]), screening).status_code == 302
    # A referral of case A with a note naming the person.
    referral = {
        "service_type": "shelter", "to_organisation": str(cast.organisations["shelter"].pk),
        "urgency": "urgent", "note": f"{VICTIM[0]} {VICTIM[1]} will call from {VICTIM_PHONE}",
    }  # fmt: skip
    assert (
        browser.post(reverse("case_referrals:referral_new", args=[cast.case_a.pk]), referral).status_code
        == 302
    )
    # 404s: an unknown object, and a path that is a person's name.
    missing = uuid.uuid4()
    not_found = browser.get(reverse("people:detail", args=[missing]))
    assert not_found.status_code == 404
    seen["missing"], seen["not_found_id"] = str(missing), not_found["X-Request-ID"]
    assert browser.get(f"/persons/{VICTIM[0]} {VICTIM[1]}/").status_code == 404
    # A 500 whose exception message echoes the value posted.
    exploded = browser.post("/test-explode/", {"age": f"{VICTIM[0]} {VICTIM_PHONE} {VICTIM_DOCUMENT}"})
    assert exploded.status_code == 500
    seen["error_id"] = exploded["X-Request-ID"]
    # The API: a person and her case created, a bad payload, a malformed body, a guessed reference.
    api = Client(HTTP_AUTHORIZATION=f"Bearer {_token(cast, 'caseworker')}")
    person = {
        "given_name_latin": VICTIM[0], "family_name_latin": VICTIM[1], "phone": VICTIM_PHONE,
        "document_type": "cin", "document_number": VICTIM_DOCUMENT,
    }  # fmt: skip
    body = {"person": person, "opened_on": "2026-11-02", "region": "MA-06"}
    assert api.post("/api/v1/cases", body, content_type="application/json").status_code == 201
    bad = {**body, "person": {**person, "birth_date": f"{VICTIM[0]} {VICTIM_DOCUMENT}"}}
    assert api.post("/api/v1/cases", bad, content_type="application/json").status_code == 422
    torn = json.dumps(body)[:-5]
    assert api.post("/api/v1/cases", torn, content_type="application/json").status_code == 400
    assert api.get(f"/api/v1/cases/{VICTIM[0]} {VICTIM_DOCUMENT}").status_code == 404
    # The public tip form, anonymously.
    public = Client()
    tip = {"narrative": f"{TIPSTER_SUBJECT} is kept in a house in Fès.", "callback_number": TIP_PHONE}
    assert public.post(reverse("public:tip"), tip).status_code == 200
    return seen


def _leaks(records: list[logging.LogRecord], formatter: logging.Formatter) -> list[tuple[str, str]]:
    found = []
    for record in records:
        text = f"{formatter.format(record)}\n{record.exc_text or ''}\n{vars(record)!r}".lower()
        for secret in SECRETS:
            found.extend((secret, text[:300]) for form in _forms_of(secret) if form in text)
    return found


def test_the_main_flows_log_no_name_phone_or_document(cast: Cast, captured: _Capture) -> None:
    seen = _drive_the_main_flows(cast)
    records = captured.records
    assert len(records) > 20, "the flows logged nearly nothing: the capture is not working"
    leaks = _leaks(records, _console_handler().formatter or logging.Formatter())
    assert not leaks, f"personal data in the logs: {leaks[:3]}"

    # The records stay useful: request id, path without query string, status, the exception's type and place.
    by_id = {
        getattr(record, "request_id", ""): record for record in records if record.name == "django.request"
    }
    error = by_id[seen["error_id"]]
    assert error.levelno == logging.ERROR and error.getMessage() == "Internal Server Error: /test-explode/"
    assert getattr(error, "status_code", None) == 500
    assert error.exc_text and "ValueError: [withheld]" in error.exc_text and "_explode" in error.exc_text
    assert by_id[seen["not_found_id"]].getMessage() == f"Not Found: /persons/{seen['missing']}/"
    assert by_id[seen["forbidden_id"]].getMessage() == "Forbidden (Permission denied): /audit/"
    assert any(
        record.name.startswith("axes") and "login failure" in record.getMessage() for record in records
    )


def test_every_handler_carries_the_personal_data_filter() -> None:
    loggers = [logging.getLogger()] + [
        logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    handlers = {
        handler
        for logger in loggers
        for handler in logger.handlers
        # NullHandlers write nothing; pytest's own capture exists in tests only.
        if not isinstance(handler, logging.NullHandler) and not type(handler).__module__.startswith("_pytest")
    }
    assert handlers, "no handler is configured"
    unfiltered = [
        handler for handler in handlers if not any(isinstance(f, PersonalDataFilter) for f in handler.filters)
    ]
    assert not unfiltered, f"handlers without the personal-data filter: {unfiltered}"


UUID = "3f2a9c1e-0b1c-4d2e-8f3a-0123456789ab"
AXES = '{username: "%s", ip_address: "10.0.0.7", path_info: "/accounts/login/"}'
RECORDS = [
    # The development server's request line: the query string goes, the path and status stay.
    ("django.server", '"%s" %s %s', ("GET /tip/?narrative=Salma+Ouahbi&phone=0698765432 HTTP/1.1", 200, 51),
     '"GET /tip/ HTTP/1.1" 200 51'),
    # django-axes names the attempted username.
    ("axes.handlers.database", "AXES: New login failure by %s.", (AXES % "nadia bennani",),
     f"AXES: New login failure by {AXES.replace(chr(34) + '%s' + chr(34), '[withheld]')}."),
    # A path segment that is not plainly an identifier goes; a reference and a UUID stay.
    ("django.request", "Not Found: %s", ("/api/v1/cases/Salma/",), "Not Found: /api/v1/cases/[…]/"),
    ("django.request", "Not Found: %s", ("/cases/MA-2025-000123",), "Not Found: /cases/MA-2025-000123"),
    ("sanad", "contact %s from %s, document %s", (UUID, "+212 677 12 34 56", "CD987654"),
     f"contact {UUID} from [phone], document [document]"),
    # A value with a line break cannot forge a second log line.
    ("sanad", "reason: %s", ("late\n2026-01-01 ERROR forged",), "reason: late 2026-01-01 ERROR forged"),
]  # fmt: skip


@pytest.mark.parametrize(("logger", "message", "args", "expected"), RECORDS)
def test_the_filter_keeps_what_operators_need_and_nothing_personal(
    logger: str, message: str, args: tuple[Any, ...], expected: str
) -> None:
    record = logging.LogRecord(logger, logging.INFO, __file__, 1, message, args, None)
    assert PersonalDataFilter().filter(record) is True
    assert record.getMessage() == expected
