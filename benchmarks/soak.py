"""Soak: 50 signed-in users for 60 s on gunicorn and a PostgreSQL of its own, once as is and once with
PostgreSQL restarted in the middle; then a count check of every write the users made.

``make soak`` runs it (not part of ``make test``: three to five minutes with the demo data). What it does:

1. starts a throwaway PostgreSQL 15 cluster (initdb + pg_ctl, as .ci/run does; run as root it runs the server as
   the ``postgres`` user), migrates, loads the demo data and adds one login per simulated user (the demo's
   password and authenticator key: each user signs in with the password and a TOTP code), one API token per
   hotline platform, and a pool of sent referrals per shelter user;
2. serves Sanad with gunicorn (``--workers`` sync workers) on loopback, production settings;
3. runs locust headless (benchmarks/soak_locust.py): hotline operators record contacts on the web form,
   hotline platforms send them to ``POST /api/v1/contacts`` with an Idempotency-Key (and retry what failed),
   case workers list and open cases, shelter staff accept referrals, analysts open the national statistics;
4. phase ``plain``: nothing else; phase ``restart``: ``pg_ctl restart -m fast`` at ``--restart-at`` seconds;
5. measures requests served, errors (503 while the database was away vs anything else), the time from the
   database being back to the first successful request, and checks every write against the database: each
   one the client saw succeed is there once and whole (its audit row, its timeline line), each one it saw fail
   is either absent or whole (committed before the answer was lost), and nothing else was written.

The machine's figures are noisy when other work shares its cores; the count check is not.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchkit import free_port, start_django, wait_for_server

HERE = Path(__file__).resolve().parent
PGBIN = Path(os.environ.get("SANAD_PGBIN", "/usr/lib/postgresql/15/bin"))
# One login per simulated user, by flow: (role in the locust file, organisation, Sanad role, share of users).
# Analysts are few (the commission's statisticians) and their page is the heaviest (charts drawn on the server).
FLOWS = {
    "operator": ("hotline", "hotline_operator", 0.28),
    "platform": ("hotline", "", 0.06),  # API tokens, not logins
    "caseworker": ("unit-casablanca", "case_worker", 0.34),
    "provider": ("shelter-casablanca", "service_provider", 0.24),
    "analyst": ("cnclt", "analyst", 0.08),
}
REFERRALS_PER_PROVIDER = 80  # per phase; a provider accepts one every few seconds


class Postgres:
    """A throwaway cluster on a free port of loopback, as .ci/run starts one."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="sanad-soak-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.root, "postgres")
        self._run(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", "sanad", "-E", "UTF8", "--locale=C.UTF-8"
        )
        # fsync off as in CI: a fast shutdown (what is tested) writes everything anyway; only a power cut
        # would need it.
        self.options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._ctl("start", "-o", self.options)
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "sanad", "sanad")

    @property
    def url(self) -> str:
        return f"postgres://sanad@127.0.0.1:{self.port}/sanad"

    def _run(self, program: str, *arguments: str) -> None:
        command = [str(PGBIN / program), *arguments]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    def _ctl(self, action: str, *arguments: str) -> None:
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w", action, *arguments
        )

    def restart(self, *, down_seconds: float = 0.0) -> None:
        """Fast shutdown (open sessions are ended, their transactions rolled back), then start; returns when
        the server accepts connections again. ``down_seconds`` keeps it stopped that long in between (a slow
        restart, a fail-over)."""
        if not down_seconds:
            self._ctl("restart", "-m", "fast")
            return
        self._ctl("stop", "-m", "fast")
        time.sleep(down_seconds)
        self._ctl("start", "-o", self.options)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class Plan:
    path: Path
    counts: dict[str, int]
    # Phase -> flow -> usernames: each phase signs in with logins of its own, since allauth refuses a code
    # already used by the same user (the phases may follow each other within one 30-second step).
    logins: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    referral_pools: dict[str, list[str]] = field(default_factory=dict)  # by provider username


def _user_counts(users: int) -> dict[str, int]:
    counts = {flow: max(1, round(users * share)) for flow, (_org, _role, share) in FLOWS.items()}
    counts["caseworker"] += users - sum(counts.values())  # rounding
    return counts


def _prepare(home: Path, users: int, phases: list[str], *, persons: int, contacts: int) -> Plan:
    """Demo data, the soak's logins and tokens, referral pools; the plan the locust file reads."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone

    from sanad.access.policy import requires_second_factor
    from sanad.accounts.mfa import enrol_authenticator_app
    from sanad.accounts.models import Membership, Organisation, Role, User
    from sanad.api.tokens import issue_token
    from sanad.cases.models import Case, CaseStatus
    from sanad.demo.generator import create_demo
    from sanad.demo.local_secrets import demo_password, demo_totp_secret
    from sanad.referrals.models import ConsentDecision, ConsentMethod, ConsentPurpose
    from sanad.referrals.services import record_consent, send_referral

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    password, secret = demo_password(home), demo_totp_secret(home)
    create_demo(seed=2014, password=password, totp_secret=secret, persons=persons, contacts=contacts)
    print(f"# demo data loaded in {time.perf_counter() - started:.0f} s", flush=True)

    counts = _user_counts(users)
    encoded = make_password(password)  # one Argon2 hash for every soak login: same password
    organisations = {org.short_code: org for org in Organisation.objects.all()}
    roles = {role.code: role for role in Role.objects.all()}
    plan = Plan(path=home / "soak-plan.json", counts=counts)
    for phase in phases:
        for flow, (code, role, _share) in FLOWS.items():
            if not role:
                continue
            plan.logins.setdefault(phase, {})[flow] = []
            for number in range(counts[flow]):
                username = f"soak.{phase}.{flow}.{number:02d}"
                user = User.objects.create(username=username, password=encoded, is_active=True)
                Membership.objects.create(user=user, organisation=organisations[code]).roles.set(
                    [roles[role]]
                )
                if requires_second_factor(user):
                    enrol_authenticator_app(user, secret)
                plan.logins[phase][flow].append(username)

    admin = User.objects.get(username="admin")
    tokens = [
        issue_token(
            actor=admin, organisation=organisations["hotline"], name=f"Soak platform {number}",
            roles=["hotline_operator"], scopes=["contacts:write"], days=1,
        )[1]
        for number in range(counts["platform"])
    ]  # fmt: skip

    # Referrals to the shelter, sent by a unit's case worker with the person's consent, as the unit would.
    unit, shelter = organisations["unit-casablanca"], organisations["shelter-casablanca"]
    sender = User.objects.create(username="soak.sender", password=encoded, is_active=True)  # no e-mail
    Membership.objects.create(user=sender, organisation=unit).roles.set([roles["case_worker"]])
    open_cases = list(Case.objects.filter(owning_organisation=unit, status=CaseStatus.OPEN).order_by("pk"))
    for case in open_cases:
        record_consent(
            actor=sender, case=case, purpose=ConsentPurpose.REFERRAL, decision=ConsentDecision.GIVEN,
            method=ConsentMethod.SIGNED_FORM, given_on=timezone.localdate(), organisation=shelter,
            service_type="shelter",
        )  # fmt: skip
    sent = 0
    for phase in phases:
        for provider in plan.logins[phase]["provider"]:
            pool = plan.referral_pools.setdefault(provider, [])
            for _ in range(REFERRALS_PER_PROVIDER):
                case = open_cases[sent % len(open_cases)]
                referral = send_referral(
                    actor=sender,
                    case=case,
                    to_organisation=shelter,
                    service_type="shelter",
                    urgency="routine",
                )
                pool.append(str(referral.pk))
                sent += 1
    case_ids = [str(pk) for pk in Case.objects.filter(owning_organisation=unit).values_list("pk", flat=True)]
    plan.path.write_text(
        json.dumps({
            "password": password, "totp_secret": secret, "counts": counts, "logins": plan.logins,
            "tokens": tokens, "case_ids": case_ids, "referrals": plan.referral_pools,
        }),
        encoding="utf-8",
    )  # fmt: skip
    plan.path.chmod(0o600)
    print(
        f"# prepared in {time.perf_counter() - started:.0f} s: {len(open_cases)} open cases of the unit, "
        f"{sent} referrals sent to the shelter, users {counts}",
        flush=True,
    )
    return plan


@dataclass
class Phase:
    name: str
    log: dict[str, Any]
    started: float
    ended: float
    database_down: float | None = None  # when the restart began
    database_back: float | None = None  # when pg_ctl said it accepts connections again


def _run_locust(
    phase: str, *, plan: Plan, port: int, args: argparse.Namespace, postgres: Postgres, home: Path
) -> Phase:
    log_path = home / f"soak-{phase}.json"
    environment = {
        **os.environ, "SOAK_PLAN": str(plan.path), "SOAK_PHASE": phase, "SOAK_LOG": str(log_path),
        "SOAK_THINK": args.think,
    }  # fmt: skip
    command = [
        sys.executable, "-m", "locust", "-f", str(HERE / "soak_locust.py"), "--headless",
        "--users", str(args.users), "--spawn-rate", str(args.spawn_rate), "--run-time", f"{args.seconds}s",
        "--host", f"http://127.0.0.1:{port}", "--stop-timeout", "30", "--only-summary",
        "--loglevel", "WARNING",
    ]  # fmt: skip
    started = time.time()
    locust = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL)
    result = Phase(name=phase, log={}, started=started, ended=0.0)
    if phase == "restart":
        time.sleep(max(0.0, started + args.restart_at - time.time()))
        result.database_down = time.time()
        postgres.restart(down_seconds=args.down_seconds)
        result.database_back = time.time()
    if locust.wait() not in (0, 1):  # locust exits 1 when any request failed
        raise SystemExit(f"soak: locust failed in phase {phase}")
    result.ended = time.time()
    result.log = json.loads(log_path.read_text(encoding="utf-8"))
    return result


@dataclass
class Figures:
    requests: int = 0
    failed: int = 0
    outage_503: int = 0
    outage_503_with_retry_after: int = 0
    late_503: int = 0
    other_errors: Counter[str] = field(default_factory=Counter)
    recovery: float | None = None
    first_success_after_back: float | None = None
    last_failure_after_back: float | None = None


def _figures(phase: Phase) -> Figures:
    figures = Figures()
    requests = phase.log["requests"]
    figures.requests = len(requests)
    back = phase.database_back
    for request in requests:
        if request["ok"]:
            continue
        figures.failed += 1
        if request["status"] == 503 and back is not None and request["start"] < back:
            figures.outage_503 += 1
            figures.outage_503_with_retry_after += int(request["retry_after"])
        elif request["status"] == 503 and back is not None:
            figures.late_503 += 1
        else:
            figures.other_errors[f"{request['status']} {request['name']}"] += 1
        if back is not None and request["end"] >= back:
            late = request["end"] - back
            figures.last_failure_after_back = max(figures.last_failure_after_back or 0.0, late)
    if back is not None:
        database = [r for r in requests if r["ok"] and r["needs_database"] and r["end"] >= back]
        sent_after = [r["end"] for r in database if r["start"] >= back]
        figures.recovery = min(sent_after) - back if sent_after else None
        figures.first_success_after_back = min(r["end"] for r in database) - back if database else None
    return figures


@dataclass
class CountCheck:
    seen_ok: int = 0
    stored_ok: int = 0
    seen_failed: int = 0
    failed_but_stored: int = 0
    failed_statuses: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


def _count_check(phase: Phase, plan: Plan) -> dict[str, CountCheck]:
    """Every write the client made, against what the database holds."""
    from django.db import connection

    connection.close()  # the restart ended the session this process held
    return {
        "contact (web form)": _check_web_contacts(phase, plan),
        "contact (API)": _check_api_contacts(phase),
        "referral accepted": _check_referrals(phase, plan),
    }


def _created_once(model_label: str, pk: Any) -> bool:
    from sanad.audit.models import AuditAction, AuditEvent

    created = AuditEvent.objects.filter(action=AuditAction.CREATE, object_type=model_label, object_id=str(pk))
    return created.count() == 1


def _check_web_contacts(phase: Phase, plan: Plan) -> CountCheck:
    """The narrative carries the client's marker; the answer's redirect named the contact."""
    from sanad.hotline.models import Contact

    check = CountCheck()
    stored: dict[str, Any] = {}
    for contact in Contact.objects.filter(
        recorded_by__username__in=plan.logins[phase.name]["operator"], created_at__gte=_aware(phase.started)
    ):
        marker = contact.narrative.rsplit(" ", 1)[-1]
        if marker in stored:
            check.problems.append(f"contact {marker} stored twice")
        stored[marker] = contact
    for write in (w for w in phase.log["writes"] if w["kind"] == "contact_web"):
        contact = stored.pop(write["marker"], None)
        if write["ok"]:
            check.seen_ok += 1
            if contact is None or str(contact.pk) != write["id"]:
                check.problems.append(f"contact {write['marker']} answered as saved is not in the database")
                continue
            check.stored_ok += 1
        else:
            check.seen_failed += 1
            check.failed_statuses[str(write.get("status", "no answer"))] += 1
            if contact is None:
                continue
            check.failed_but_stored += 1
        if not _created_once("hotline.contact", contact.pk):
            check.problems.append(f"contact {contact.pk} without exactly one audit row")
    check.problems += [f"contact {marker} stored but never sent" for marker in stored]
    return check


def _check_api_contacts(phase: Phase) -> CountCheck:
    """One Idempotency-Key per contact; the first answer is kept with the contact, in its transaction."""
    from sanad.api.models import ApiToken, IdempotentResponse
    from sanad.hotline.models import Contact

    check = CountCheck()
    tokens = ApiToken.objects.filter(name__startswith="Soak platform")
    kept = {
        response.key: response.body["reference"]
        for response in IdempotentResponse.objects.filter(
            token__in=tokens, key__startswith=f"soak-{phase.name}-"
        )
    }
    service_users = list(tokens.values_list("service_user", flat=True))
    written = set(
        Contact.objects.filter(
            recorded_by__in=service_users, created_at__gte=_aware(phase.started)
        ).values_list("reference", flat=True)
    )
    tries: dict[str, list[dict[str, Any]]] = {}
    for write in (w for w in phase.log["writes"] if w["kind"] == "contact_api"):
        tries.setdefault(write["key"], []).append(write)
    for key, sent in tries.items():
        answered = {t["reference"] for t in sent if t["ok"]}
        reference = kept.get(key)
        if answered:
            check.seen_ok += 1
            if reference is None or reference not in written:
                check.problems.append(f"API contact with key {key} answered as saved is not in the database")
                continue
            check.stored_ok += 1
            if answered != {reference}:
                check.problems.append(f"key {key} answered with another contact than the one kept")
        else:
            check.seen_failed += 1
            check.failed_statuses["/".join(str(t.get("status", "no answer")) for t in sent)] += 1
            if reference is None:
                continue
            check.failed_but_stored += 1
        if not _created_once("hotline.contact", Contact.objects.get(reference=reference).pk):
            check.problems.append(f"contact {reference} without exactly one audit row")
    check.problems += [f"key {key} stored but never sent" for key in set(kept) - set(tries)]
    if written != set(kept.values()):
        check.problems.append(f"{len(written ^ set(kept.values()))} API contacts without their kept answer")
    return check


def _check_referrals(phase: Phase, plan: Plan) -> CountCheck:
    """Accepted whole: the state, its time and who answered, one audit row, one line on the case's timeline;
    or untouched."""
    from sanad.audit.models import AuditAction, AuditEvent
    from sanad.cases.models import CaseEvent
    from sanad.referrals.models import Referral, ReferralState

    check = CountCheck()
    pool = [pk for provider in plan.logins[phase.name]["provider"] for pk in plan.referral_pools[provider]]
    attempted = {w["id"]: w for w in phase.log["writes"] if w["kind"] == "referral_accept"}
    referrals = {str(r.pk): r for r in Referral.objects.filter(pk__in=pool)}
    updates = Counter(
        AuditEvent.objects.filter(
            action=AuditAction.UPDATE, object_type="referrals.referral", object_id__in=pool,
            detail__to=ReferralState.ACCEPTED,
        ).values_list("object_id", flat=True)
    )  # fmt: skip
    accepted_by_case = Counter(
        str(r.case_id) for r in referrals.values() if r.state == ReferralState.ACCEPTED
    )
    timeline_by_case = Counter(
        str(case_id)
        for case_id in CaseEvent.objects.filter(
            kind="referral_accepted", case_id__in={r.case_id for r in referrals.values()},
            occurred_at__gte=_aware(phase.started),
        ).values_list("case_id", flat=True)
    )  # fmt: skip
    for pk, referral in referrals.items():
        whole = (
            referral.state == ReferralState.ACCEPTED
            and referral.accepted_at is not None
            and referral.answered_by_id is not None
            and updates[pk] == 1
        )
        untouched = referral.state == ReferralState.SENT and referral.accepted_at is None and updates[pk] == 0
        write = attempted.get(pk)
        if write is not None and write["ok"]:
            check.seen_ok += 1
            check.stored_ok += int(whole)
            if not whole:
                check.problems.append(f"referral {pk} answered as accepted is not accepted whole")
        elif write is not None:
            check.seen_failed += 1
            check.failed_statuses[str(write.get("status", "no answer"))] += 1
            check.failed_but_stored += int(whole)
            if not (whole or untouched):
                check.problems.append(f"referral {pk} half accepted")
        elif not untouched:
            check.problems.append(f"referral {pk} accepted though nobody sent the answer")
    for case_id, accepted in accepted_by_case.items():
        if timeline_by_case[case_id] != accepted:
            check.problems.append(f"case {case_id}: {accepted} accepted, {timeline_by_case[case_id]} lines")
    return check


def _aware(moment: float) -> Any:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(moment, tz=UTC)


def _report(phase: Phase, figures: Figures, checks: dict[str, CountCheck], args: argparse.Namespace) -> None:
    seconds = phase.ended - phase.started
    print(
        f"\n## phase {phase.name}: {args.users} users {_user_counts(args.users)}, {args.seconds} s, "
        f"{args.think} s between steps, gunicorn {args.workers} sync workers"
    )
    print(
        f"requests served: {figures.requests} ({figures.requests / seconds:.1f}/s over {seconds:.0f} s, "
        f"ramp-up and the last steps included), answered as expected {figures.requests - figures.failed}"
    )
    latencies = sorted(r["end"] - r["start"] for r in phase.log["requests"])
    if latencies:
        p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
        print(f"latency: median {latencies[len(latencies) // 2] * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
    staff = sum(count for flow, count in _user_counts(args.users).items() if flow != "platform")
    print(f"signed in: {phase.log['signed_in']} of {staff} staff users (the API platforms use tokens)")
    if phase.database_down is not None and phase.database_back is not None:
        print(
            f"database restarted at {phase.database_down - phase.started:.1f} s, back after "
            f"{phase.database_back - phase.database_down:.1f} s"
        )
        recovery = "never" if figures.recovery is None else f"{figures.recovery:.2f} s"
        print(f"first request sent after the database was back and answered successfully: {recovery}")
        first = figures.first_success_after_back
        print(
            f"first successful answer after the database was back: {'never' if first is None else f'{first:.2f} s'}"
        )
        last = figures.last_failure_after_back
        print(f"last failed request ended {0 if last is None else last:.2f} s after the database was back")
    print(
        f"errors: {figures.failed} (503 during the outage: {figures.outage_503}, 503 after the database was "
        f"back: {figures.late_503}, other: {sum(figures.other_errors.values())})"
    )
    if figures.outage_503:
        print(f"  503 answers that are Sanad's own (with Retry-After): {figures.outage_503_with_retry_after}")
    for what, count in figures.other_errors.most_common(10):
        print(f"  other error: {what}, {count} times")
    for name, check in checks.items():
        print(
            f"count check, {name}: answered saved {check.seen_ok}, in the database {check.stored_ok}; "
            f"answered failed {check.seen_failed}, of which stored whole {check.failed_but_stored}; "
            f"problems {len(check.problems)}"
        )
        if check.failed_statuses:
            print(f"  answers of the failed writes: {dict(check.failed_statuses)}")
        for problem in check.problems[:10]:
            print(f"  {problem}")
    problems = sum(len(check.problems) + check.seen_ok - check.stored_ok for check in checks.values())
    label = f"soak {phase.name}, PostgreSQL, {args.users} users {args.seconds} s"
    if phase.name == "plain":
        print(f"RESULT\t{label}: errors\t{figures.failed}\t\t0\tlower")
    else:
        # A 503 without Retry-After is not Sanad's page: it counts as an error like any other.
        other = sum(figures.other_errors.values()) + figures.outage_503 - figures.outage_503_with_retry_after
        print(
            f"RESULT\t{label}: errors other than 503 during the outage\t{other + figures.late_503}\t\t0\tlower"
        )
        recovery = figures.recovery if figures.recovery is not None else float(args.seconds)
        # The goal is the Retry-After the 503 page gives: a client that waits that long finds Sanad back.
        print(f"RESULT\t{label}: recovery after the database is back\t{recovery:.2f}\ts\t10\tlower")
    print(f"RESULT\t{label}: writes lost or half-done\t{problems}\t\t0\tlower")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="users started per second")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--restart-at", type=float, default=30.0, help="seconds into the restart phase")
    parser.add_argument(
        "--down-seconds", type=float, default=0.0,
        help="keep PostgreSQL stopped this long (default 0: pg_ctl restart -m fast)",
    )  # fmt: skip
    parser.add_argument("--think", default="1,5", help="seconds a user waits between two steps: MIN,MAX")
    parser.add_argument("--logs", type=Path, help="copy the request logs and the server log into this folder")
    parser.add_argument("--phases", default="plain,restart", help="plain, restart or both (comma-separated)")
    parser.add_argument("--persons", type=int, default=300, help="demo persons")
    parser.add_argument("--contacts", type=int, default=3000, help="demo hotline contacts")
    args = parser.parse_args()
    phases = [phase.strip() for phase in args.phases.split(",") if phase.strip()]
    if not set(phases) <= {"plain", "restart"}:
        raise SystemExit("soak: --phases takes plain and/or restart")

    postgres = Postgres()
    server: subprocess.Popen[bytes] | None = None
    try:
        os.environ["SANAD_DATABASE_URL"] = postgres.url
        os.environ["SANAD_EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
        os.environ["SANAD_LOG_LEVEL"] = "WARNING"
        # As docs/deployment.md configures several processes: one cache for all (limits, used TOTP codes).
        os.environ["SANAD_CACHE"] = "database"
        home = start_django()
        plan = _prepare(home, args.users, phases, persons=args.persons, contacts=args.contacts)
        from django.db import connection

        connection.close()
        port = free_port()
        environment = {**os.environ, "SANAD_HOME": str(home), "SANAD_ALLOWED_HOSTS": "127.0.0.1"}
        server_log = (home / "gunicorn.log").open("wb")
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "sanad.wsgi:application", "--workers", str(args.workers),
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "120"],
            env=environment, stdout=server_log, stderr=server_log,
        )  # fmt: skip
        wait_for_server(port)
        for name in phases:
            phase = _run_locust(name, plan=plan, port=port, args=args, postgres=postgres, home=home)
            _report(phase, _figures(phase), _count_check(phase, plan), args)
        server_log.flush()
        errors = [
            line
            for line in (home / "gunicorn.log").read_text(errors="replace").splitlines()
            if " ERROR " in line or "Traceback" in line
        ]
        print(f"\nserver log: {len(errors)} ERROR lines or tracebacks (the outage's are expected)")
        if args.logs:
            args.logs.mkdir(parents=True, exist_ok=True)
            for log in [*home.glob("soak-*.json"), home / "gunicorn.log"]:
                if log.name != "soak-plan.json":  # passwords and tokens
                    shutil.copy(log, args.logs / log.name)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        postgres.stop()


if __name__ == "__main__":
    main()
