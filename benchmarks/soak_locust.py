"""The users of benchmarks/soak.py (run by it; not on its own). Each signs in as a person does (password, then the
code of the authenticator app when her role asks for one) with a login of her own, then loops over her flow:

- hotline operator: the contact form, filled and saved (the narrative carries a marker to find it again);
- hotline platform: ``POST /api/v1/contacts`` with an Idempotency-Key; what failed is sent again, same key;
- case worker: the case list, then a case file;
- shelter staff: the referral inbox, then one referral of her own pool opened and accepted;
- analyst: the national statistics.

Every request is logged (start, end, status, whether it worked) and so is every write with what the client saw;
``SOAK_LOG`` receives both when the run stops, for the count check.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchkit import totp

PLAN: dict[str, Any] = json.loads(Path(os.environ["SOAK_PLAN"]).read_text(encoding="utf-8"))
PHASE = os.environ["SOAK_PHASE"]
REQUESTS: list[dict[str, Any]] = []
WRITES: list[dict[str, Any]] = []
SIGNED_IN: set[str] = set()
# A person reads and types between two steps; without it 50 users would be a flood, not 50 people.
THINK = between(*(float(seconds) for seconds in os.environ.get("SOAK_THINK", "1,5").split(",")))

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIVED_AT = re.compile(r'name="received_at" value="([^"]+)"')


@events.request.add_listener
def _log_request(
    request_type: str, name: str, response_time: float, response: Any, exception: Any, **kwargs: Any
) -> None:
    end = time.time()
    status = getattr(response, "status_code", 0) or 0
    headers = getattr(response, "headers", None) or {}
    REQUESTS.append({
        "name": f"{request_type} {name}", "start": end - response_time / 1000, "end": end, "status": status,
        "ok": exception is None, "needs_database": name != "sign in: form",
        # Sanad's own 503 (page or JSON) says when to retry; a proxy's or the server's own error would not.
        "retry_after": "Retry-After" in headers,
    })  # fmt: skip


@events.test_stop.add_listener
def _write_log(**kwargs: Any) -> None:
    log = {"requests": REQUESTS, "writes": WRITES, "signed_in": len(SIGNED_IN), "stopped": time.time()}
    Path(os.environ["SOAK_LOG"]).write_text(json.dumps(log), encoding="utf-8")


class Person(HttpUser):
    """A member of staff with a login of her own (allauth refuses one code twice for one user)."""

    abstract = True
    wait_time = THINK
    flow = ""
    _numbers: Iterator[int]

    def on_start(self) -> None:
        self.username = PLAN["logins"][PHASE][self.flow][next(type(self)._numbers)]
        self.signed_in = False
        self.code_lost_at: float | None = None

    @contextmanager
    def expect(self, method: str, url: str, name: str, *statuses: int, **kwargs: Any) -> Iterator[Any]:
        with self.client.request(
            method, url, name=name, allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            if response.status_code not in statuses:
                response.failure(f"{response.status_code}, expected {' or '.join(map(str, statuses))}")
            yield response

    def _post_form(self, url: str, name: str, data: dict[str, str], page: Any) -> Any:
        token = CSRF.search(page.text)
        data = {**data, "csrfmiddlewaretoken": token[1] if token else ""}
        referer = {"Referer": f"{self.host}{url}"}
        with self.expect("POST", url, name, 302, data=data, headers=referer) as response:
            return response

    def sign_in(self) -> bool:
        """As a person does, including after an error page: the sign-in page sends her on to the code when
        her password was already taken; a code whose answer was lost may have been used, so she types the
        next one her app shows."""
        with self.expect("GET", "/accounts/login/", "sign in: form", 200, 302) as answer:
            pass
        if answer.status_code == 200:
            login = {"login": self.username, "password": PLAN["password"]}
            answer = self._post_form("/accounts/login/", "sign in: password", login, answer)
        if answer.status_code == 302 and answer.headers.get("Location", "").endswith("/2fa/authenticate/"):
            with self.expect("GET", "/accounts/2fa/authenticate/", "sign in: code form", 200) as form:
                pass
            if self.code_lost_at is not None and int(self.code_lost_at) // 30 == int(time.time()) // 30:
                time.sleep(30 - time.time() % 30 + 0.5)  # gevent's sleep: the other users go on
            code = {"code": totp(PLAN["totp_secret"], time.time())}
            answer = self._post_form("/accounts/2fa/authenticate/", "sign in: code", code, form)
            self.code_lost_at = time.time() if answer.status_code >= 500 else None
        self.signed_in = answer.status_code == 302 and answer.headers.get("Location") == "/"
        if self.signed_in:
            SIGNED_IN.add(self.username)
        return self.signed_in

    def page(self, url: str, name: str) -> Any:
        with self.expect("GET", url, name, 200) as response:
            return response


class Operator(Person):
    flow = "operator"
    fixed_count = PLAN["counts"]["operator"]
    _numbers = itertools.count()

    @task
    def record_contact(self) -> None:
        if not self.signed_in and not self.sign_in():
            return
        form = self.page("/hotline/contacts/new/", "contact intake: form")
        moment = RECEIVED_AT.search(form.text) if form.status_code == 200 else None
        if moment is None:
            return
        marker = f"soak-{PHASE}-{uuid.uuid4().hex}"
        write: dict[str, Any] = {
            "kind": "contact_web",
            "marker": marker,
            "ok": False,
            "id": None,
            "sent": time.time(),
        }
        WRITES.append(write)  # before sending: a write cut short is still checked
        data = {
            "channel": "phone", "contact_type": "tip", "urgency": "2", "reporter_relation": "third_party",
            "language": "darija", "region": "MA-06", "callback_number": "", "received_at": moment[1],
            "narrative": f"A neighbour reports a girl of fifteen kept working in a house. {marker}",
        }  # fmt: skip
        answer = self._post_form("/hotline/contacts/new/", "contact intake: save", data, form)
        saved = re.fullmatch(r"/hotline/contacts/([0-9a-f-]{36})/", answer.headers.get("Location", ""))
        write.update(ok=bool(answer.status_code == 302 and saved), id=saved[1] if saved else None)
        write["status"] = answer.status_code


class Platform(HttpUser):
    """A hotline's own software sending contacts with its token: no sign-in, an Idempotency-Key per contact."""

    wait_time = THINK
    fixed_count = PLAN["counts"]["platform"]
    _numbers = itertools.count()

    def on_start(self) -> None:
        self.token = PLAN["tokens"][next(Platform._numbers)]
        self.unsent: list[tuple[str, str]] = []  # (key, body) answered with an error: sent again

    @task
    def send_contact(self) -> None:
        if self.unsent:
            key, body = self.unsent.pop(0)
        else:
            key = f"soak-{PHASE}-{uuid.uuid4().hex}"
            body = json.dumps({
                "channel": "phone", "contact_type": "tip", "received_at": "2026-11-30T10:00:00Z",
                "reporter_relation": "third_party", "urgency": 2, "region": "MA-06",
                "narrative": "A caller says her cousin's passport was taken by the employer.",
            })  # fmt: skip
        write: dict[str, Any] = {
            "kind": "contact_api",
            "key": key,
            "ok": False,
            "reference": None,
            "sent": time.time(),
        }
        WRITES.append(write)
        headers = {
            "Authorization": f"Bearer {self.token}", "Content-Type": "application/json", "Idempotency-Key": key,
        }  # fmt: skip
        with self.client.post(
            "/api/v1/contacts", data=body, headers=headers, name="contact intake: API", catch_response=True
        ) as response:
            # 201 the first time; 200 when a retry finds the contact its lost answer had created.
            if response.status_code in (200, 201):
                write.update(ok=True, reference=response.json()["reference"], status=response.status_code)
            else:
                response.failure(f"{response.status_code}")
                write["status"] = response.status_code
                self.unsent.append((key, body))


class CaseWorker(Person):
    flow = "caseworker"
    fixed_count = PLAN["counts"]["caseworker"]
    _numbers = itertools.count()

    @task
    def open_a_case(self) -> None:
        if not self.signed_in and not self.sign_in():
            return
        self.page("/cases/", "case list")
        self.page(f"/cases/{random.choice(PLAN['case_ids'])}/", "case view")


class Provider(Person):
    flow = "provider"
    fixed_count = PLAN["counts"]["provider"]
    _numbers = itertools.count()

    def on_start(self) -> None:
        super().on_start()
        self.pool = list(PLAN["referrals"][self.username])

    @task
    def accept_a_referral(self) -> None:
        if not self.signed_in and not self.sign_in():
            return
        self.page("/referrals/", "referral inbox")
        if not self.pool:
            return
        referral = self.pool.pop(0)
        detail = self.page(f"/referrals/{referral}/", "referral view")
        form = re.search(rf'action="/referrals/{referral}/answer/".*?</form>', detail.text, re.DOTALL)
        version = re.search(r'name="version" value="(\d+)"', form[0]) if form else None
        if version is None:
            return  # not answered: the count check expects it untouched
        write: dict[str, Any] = {"kind": "referral_accept", "id": referral, "ok": False, "sent": time.time()}
        WRITES.append(write)
        data = {"version": version[1], "to_state": "accepted", "reason": ""}
        answer = self._post_form(f"/referrals/{referral}/answer/", "referral accept", data, detail)
        write["ok"] = answer.status_code == 302
        write["status"] = answer.status_code


class Analyst(Person):
    flow = "analyst"
    fixed_count = PLAN["counts"]["analyst"]
    _numbers = itertools.count()

    @task
    def national_statistics(self) -> None:
        if not self.signed_in and not self.sign_in():
            return
        self.page("/statistics/", "statistics")
