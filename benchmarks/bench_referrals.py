"""Referrals at scale: inbox, referral, case page and sent list over 1,000,000 referrals between 50 organisations.

The measured shelter receives ~20,000 referrals, ~300 of them still open; the measured case has 40 referrals,
10 consents, 5 placements, 10 services and 200 timeline lines. Server time is measured around Django's test
client (the full middleware and template stack, no network), and the SQL queries of each page are counted:
a page must issue no query per row it shows.
Set SANAD_DATABASE_URL to a PostgreSQL database to measure there; by default a temporary SQLite file.
SANAD_BENCH_REFERRALS sets the number of referrals (default 1,000,000; cases are a tenth of it).
"""

from __future__ import annotations

import os
import random
import re
import statistics
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from benchkit import percentile, staff_user, start_django, timed_get

start_django()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from sanad.accounts.models import Organisation, User  # noqa: E402
from sanad.cases.models import Case, CaseEvent, CaseReferenceCounter  # noqa: E402
from sanad.cases.timeline import EVENT_LABELS  # noqa: E402
from sanad.people.models import BirthDatePrecision, Person, Sex  # noqa: E402
from sanad.referrals.deadlines import answer_due  # noqa: E402
from sanad.referrals.models import (  # noqa: E402
    ACTIVE_STATES,
    Consent,
    ConsentDecision,
    ConsentMethod,
    ConsentPurpose,
    Referral,
    ReferralState,
    ServiceDelivery,
)
from sanad.shelters.models import Placement, ShelterCapacity  # noqa: E402

REFERRALS = int(os.environ.get("SANAD_BENCH_REFERRALS", "1000000"))
CASES = max(1_000, REFERRALS // 10)
OWNERS = 20  # case-owning organisations (social services and NGOs), the measured unit first
PROVIDERS = 28  # further organisations receiving referrals; with the shelter and a quiet one: 50 in all
TO_SHELTER = 0.02  # share of all referrals sent to the measured shelter: ~20,000 of 1,000,000
OPEN_RATE = 0.015  # share of referrals still sent, accepted or in progress: ~300 of the shelter's 20,000
QUIET_REFERRALS = 3  # a shelter that joined last week: its inbox shows 3 rows, to compare query counts
BATCH = 10_000
ROUNDS = 40
QUERY_GOAL = 40
REPEAT_LIMIT = 5  # the same statement, parameters aside, this many times in one page: a query per row
YEAR = 2025
REGIONS = [f"MA-{n:02d}" for n in range(1, 13)]
PROVIDER_KINDS = [
    ("shelter", ["shelter", "medical", "psychosocial"]),
    ("health", ["medical", "psychosocial"]),
    ("ngo", ["legal_aid", "interpretation", "psychosocial", "reintegration"]),
    ("international_organisation", ["repatriation", "reintegration", "documentation", "financial_support"]),
    ("ngo", ["education_training", "reintegration", "financial_support"]),
]
OPEN_STATES = [ReferralState.SENT, ReferralState.SENT, ReferralState.ACCEPTED, ReferralState.IN_PROGRESS]
CLOSED_STATES = [ReferralState.COMPLETED] * 5 + [
    ReferralState.DECLINED,
    ReferralState.DECLINED,
    ReferralState.EXPIRED,
    ReferralState.WITHDRAWN,
]
URGENCIES = ["emergency", "urgent", "urgent", "routine", "routine", "routine"]


@dataclass
class World:
    shelter: Organisation
    quiet: Organisation
    unit: Organisation
    provider: User
    quiet_provider: User
    caseworker: User
    case: Case
    shelter_referral: Referral


def _progress(message: str) -> None:
    print(f"  … {message}", file=sys.stderr, flush=True)


def _snapshot(organisation: Organisation) -> dict[str, str]:
    return {
        "id": str(organisation.pk),
        "short_code": organisation.short_code,
        "name": organisation.name,
        "type": organisation.type,
        "region": organisation.region,
    }


def _organisations() -> tuple[Organisation, Organisation, list[Organisation], list[Organisation]]:
    shelter = Organisation.objects.create(
        short_code="shelter",
        name="Centre Al Amal",
        type="shelter",
        region="MA-06",
        services=["shelter", "medical"],
        regions_served=["MA-06", "MA-04"],
    )
    quiet = Organisation.objects.create(
        short_code="new-shelter", name="Nouveau centre", type="shelter", region="MA-08", services=["shelter"]
    )
    owners = [
        Organisation.objects.create(
            short_code="unit" if n == 0 else f"unit-{n:02d}",
            name="Cellule Casablanca" if n == 0 else f"Cellule {n:02d}",
            type="social_services" if n % 3 else "ngo",
            region="MA-06" if n == 0 else REGIONS[n % len(REGIONS)],
            services=["psychosocial", "reintegration"] if n % 3 == 0 else [],
        )
        for n in range(OWNERS)
    ]
    providers = []
    for n in range(PROVIDERS):
        kind, services = PROVIDER_KINDS[n % len(PROVIDER_KINDS)]
        providers.append(
            Organisation.objects.create(
                short_code=f"provider-{n:02d}",
                name=f"Prestataire {n:02d}",
                type=kind,
                region=REGIONS[n % len(REGIONS)],
                services=services,
            )
        )
    ShelterCapacity.objects.create(shelter=shelter, category="women", beds=40)
    ShelterCapacity.objects.create(shelter=shelter, category="children", beds=12)
    return shelter, quiet, owners, providers


def _persons_and_cases(owners: list[Organisation], caseworker: User) -> list[tuple[uuid.UUID, int]]:
    """CASES persons and cases, identity left empty (a name on a few); returns (case id, owner index)."""
    rng = random.Random(7)
    cases: list[tuple[uuid.UUID, int]] = []
    persons_batch: list[Person] = []
    cases_batch: list[Case] = []
    events_batch: list[CaseEvent] = []
    now = timezone.now()
    for number in range(1, CASES + 1):
        owner = 0 if number == 1 else rng.randrange(OWNERS)
        organisation = owners[owner]
        born = date(rng.randint(1965, 2010), 7, 1)
        person = Person(
            owning_organisation_id=organisation.pk,
            given_name_latin="Amina" if number % 1000 == 0 else "",
            sex=rng.choice([Sex.FEMALE, Sex.FEMALE, Sex.MALE, Sex.UNKNOWN]),
            birth_date=born,
            birth_date_precision=BirthDatePrecision.YEAR,
            nationalities=[rng.choice(["MAR", "MAR", "SEN", "CIV", "NGA", "PHL"])],
        )
        opened = now - timedelta(days=rng.randint(1, 3 * 365))
        case = Case(
            reference=f"{settings.SANAD_CASE_REFERENCE_PREFIX}-{YEAR}-{number:06d}",
            person_id=person.pk,
            owning_organisation_id=organisation.pk,
            case_worker=caseworker if owner == 0 and rng.random() < 0.5 else None,
            opened_on=opened.date(),
            region=organisation.region,
        )
        persons_batch.append(person)
        cases_batch.append(case)
        events_batch.append(
            CaseEvent(case_id=case.pk, occurred_at=opened, kind="opened", organisation_id=organisation.pk)
        )
        cases.append((case.pk, owner))
        if len(persons_batch) == BATCH:
            Person.objects.bulk_create(persons_batch, batch_size=BATCH)
            Case.objects.bulk_create(cases_batch, batch_size=BATCH)
            CaseEvent.objects.bulk_create(events_batch, batch_size=BATCH)
            persons_batch, cases_batch, events_batch = [], [], []
    Person.objects.bulk_create(persons_batch, batch_size=BATCH)
    Case.objects.bulk_create(cases_batch, batch_size=BATCH)
    CaseEvent.objects.bulk_create(events_batch, batch_size=BATCH)
    CaseReferenceCounter.objects.create(year=YEAR, last_number=CASES)
    return cases


def _referral(
    rng: random.Random,
    now: datetime,
    *,
    case_id: uuid.UUID,
    sender: Organisation,
    recipient: Organisation,
    snapshots: dict[Any, dict[str, str]],
    state: str | None = None,
    service: str | None = None,
    sent_by: User | None = None,
) -> Referral:
    if state is None:
        state = rng.choice(OPEN_STATES) if rng.random() < OPEN_RATE else rng.choice(CLOSED_STATES)
    is_open = state in (ReferralState.SENT, ReferralState.ACCEPTED, ReferralState.IN_PROGRESS)
    sent = now - timedelta(minutes=rng.randint(5, 14 * 24 * 60 if is_open else 3 * 365 * 24 * 60))
    urgency = rng.choice(URGENCIES)
    due = answer_due(sent, urgency)
    answered = sent + timedelta(hours=rng.randint(1, 20))
    started = state in (ReferralState.IN_PROGRESS, ReferralState.COMPLETED)
    return Referral(
        case_id=case_id,
        from_organisation_id=sender.pk,
        to_organisation_id=recipient.pk,
        service_type=service or rng.choice(recipient.services),
        urgency=urgency,
        state=state,
        due_at=due,
        sent_at=sent,
        accepted_at=answered
        if state in (ReferralState.ACCEPTED, ReferralState.COMPLETED) or started
        else None,
        declined_at=answered if state == ReferralState.DECLINED else None,
        expired_at=due if state == ReferralState.EXPIRED else None,
        in_progress_at=answered + timedelta(hours=2) if started else None,
        completed_at=answered + timedelta(days=30) if state == ReferralState.COMPLETED else None,
        withdrawn_at=answered if state == ReferralState.WITHDRAWN else None,
        decline_reason="Plus de place disponible." if state == ReferralState.DECLINED else "",
        sent_by=sent_by,
        from_snapshot=snapshots[sender.pk],
        to_snapshot=snapshots[recipient.pk],
    )


def _referrals(
    cases: list[tuple[uuid.UUID, int]],
    count: int,
    *,
    shelter: Organisation,
    owners: list[Organisation],
    providers: list[Organisation],
    snapshots: dict[Any, dict[str, str]],
    caseworker: User,
) -> None:
    """``count`` referrals of random cases (the measured one excepted) from their owner to another one."""
    rng = random.Random(11)
    now = timezone.now()
    others = [o for o in owners if o.services] + providers
    batch: list[Referral] = []
    for index in range(count):
        case_id, owner = cases[rng.randrange(1, len(cases))]
        sender = owners[owner]
        if rng.random() < TO_SHELTER:
            recipient = shelter
        else:
            recipient = rng.choice(others)
            while recipient.pk == sender.pk:
                recipient = rng.choice(others)
        batch.append(
            _referral(
                rng,
                now,
                case_id=case_id,
                sender=sender,
                recipient=recipient,
                snapshots=snapshots,
                sent_by=caseworker if owner == 0 else None,
            )
        )
        if len(batch) == BATCH:
            Referral.objects.bulk_create(batch, batch_size=BATCH)
            batch = []
            if (index + 1) % 100_000 == 0:
                _progress(f"{index + 1:,} referrals")
    Referral.objects.bulk_create(batch, batch_size=BATCH)


def _measured_case(
    owners: list[Organisation],
    providers: list[Organisation],
    shelter: Organisation,
    caseworker: User,
    snapshots: dict[Any, dict[str, str]],
) -> tuple[Case, Referral]:
    """The case the case worker opens: 40 referrals, 10 consents, 5 placements, 10 services, 200 events."""
    rng = random.Random(13)
    now = timezone.now()
    unit = owners[0]
    case = Case.objects.select_related("person").get(
        reference=f"{settings.SANAD_CASE_REFERENCE_PREFIX}-{YEAR}-000001"
    )
    case.case_worker = caseworker
    case.save(update_fields=["case_worker"])
    person = case.person
    person.given_name_latin, person.family_name_latin = "Khadija", "Alaoui"
    person.given_name_ar, person.family_name_ar = "خديجة", "العلوي"
    person.phone, person.medical_alerts = "+212612345678", "Asthme"
    person.save()
    recipients = [o for o in owners[1:] if o.services] + providers
    referrals = [
        _referral(
            rng,
            now,
            case_id=case.pk,
            sender=unit,
            recipient=rng.choice(recipients),
            snapshots=snapshots,
            sent_by=caseworker,
        )
        for _ in range(39)
    ]
    shelter_referral = _referral(
        rng,
        now,
        case_id=case.pk,
        sender=unit,
        recipient=shelter,
        snapshots=snapshots,
        state=ReferralState.ACCEPTED,
        service="shelter",
        sent_by=caseworker,
    )
    Referral.objects.bulk_create([*referrals, shelter_referral])
    Consent.objects.bulk_create(
        Consent(
            case=case,
            purpose=rng.choice(ConsentPurpose.values),
            organisation=rng.choice([None, None, shelter, *providers[:5]]),
            service_type=rng.choice(["", "", "shelter", "medical"]),
            decision=ConsentDecision.GIVEN if n % 4 else ConsentDecision.REFUSED,
            method=rng.choice(ConsentMethod.values),
            given_on=(now - timedelta(days=300 - 20 * n)).date(),
            recorded_by=caseworker,
            withdrawn_at=now - timedelta(days=10) if n == 3 else None,
            withdrawn_by=caseworker if n == 3 else None,
        )
        for n in range(10)
    )
    shelters = [shelter, *(p for p in providers if p.type == "shelter")]
    Placement.objects.bulk_create(
        Placement(
            shelter=shelters[n % len(shelters)],
            case=case,
            referral=shelter_referral if n == 4 else None,
            category="women",
            admitted_at=now - timedelta(days=250 - 50 * n),
            discharged_at=None if n == 4 else now - timedelta(days=220 - 50 * n),
            discharge_reason="" if n == 4 else "Orientée vers un autre centre",
            admitted_by=None,
        )
        for n in range(5)
    )
    ServiceDelivery.objects.bulk_create(
        ServiceDelivery(
            case=case,
            referral=referrals[n],
            service_type=referrals[n].service_type,
            provider_id=referrals[n].to_organisation_id,
            delivered_on=(now - timedelta(days=200 - 15 * n)).date(),
            recorded_by=None,
        )
        for n in range(10)
    )
    kinds = list(EVENT_LABELS)
    organisations = [unit, shelter, *providers]
    CaseEvent.objects.bulk_create(
        CaseEvent(
            case=case,
            occurred_at=now - timedelta(hours=2_000 - 10 * n),
            kind=rng.choice(kinds),
            actor=caseworker if n % 2 else None,
            organisation=rng.choice(organisations),
            detail={"service": "shelter"},
        )
        for n in range(200)
    )
    return case, shelter_referral


def _seed() -> World:
    shelter, quiet, owners, providers = _organisations()
    snapshots = {o.pk: _snapshot(o) for o in [shelter, quiet, *owners, *providers]}
    caseworker = staff_user("caseworker", owners[0], "case_worker")
    provider = staff_user("provider", shelter, "service_provider")
    quiet_provider = staff_user("quiet_provider", quiet, "service_provider")
    cases = _persons_and_cases(owners, caseworker)
    _progress(f"{CASES:,} persons and cases")
    case, shelter_referral = _measured_case(owners, providers, shelter, caseworker, snapshots)
    rng = random.Random(17)
    Referral.objects.bulk_create(
        _referral(
            rng,
            timezone.now(),
            case_id=cases[2 + n][0],
            sender=owners[cases[2 + n][1]],
            recipient=quiet,
            snapshots=snapshots,
            state=ReferralState.SENT,
            service="shelter",
        )
        for n in range(QUIET_REFERRALS)
    )
    _referrals(
        cases,
        REFERRALS - 40 - QUIET_REFERRALS,
        shelter=shelter,
        owners=owners,
        providers=providers,
        snapshots=snapshots,
        caseworker=caseworker,
    )
    return World(
        shelter=shelter,
        quiet=quiet,
        unit=owners[0],
        provider=provider,
        quiet_provider=quiet_provider,
        caseworker=caseworker,
        case=case,
        shelter_referral=shelter_referral,
    )


def _shape(sql: str) -> str:
    """A statement with its parameters blanked, so that one query run for each row counts as one shape."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(?:\.\d+)?\b", "?", sql)
    return re.sub(r"\((?:\?(?:::\w+)?,\s*)*\?(?:::\w+)?\)", "(?…)", sql)


@dataclass(frozen=True)
class QueryCount:
    count: int
    rows: int
    repeated: int
    repeated_sql: str


def _queries(client: Client, url: str, row_link: str) -> QueryCount:
    """The SQL statements of one request, the rows it shows, and its most repeated statement."""
    client.get(url)  # warm: sessions, caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    rows = len(re.findall(row_link, response.content.decode())) if row_link else 0
    shapes = Counter(
        _shape(q["sql"]) for q in captured.captured_queries if "SAVEPOINT" not in q["sql"].upper()
    )
    shape, repeated = shapes.most_common(1)[0] if shapes else ("", 0)
    return QueryCount(count=len(captured.captured_queries), rows=rows, repeated=repeated, repeated_sql=shape)


def _report(name: str, client: Client, url: str, *, goal: int, row_link: str, timed: bool) -> QueryCount:
    if timed:
        times = timed_get(client, url, rounds=ROUNDS)
        p50, p95 = statistics.median(times), percentile(times, 0.95)
        print(f"RESULT\t{name} p50\t{p50:.1f}\tms\t{goal}\tlower")
        print(f"RESULT\t{name} p95\t{p95:.1f}\tms\t{goal}\tlower")
    queries = _queries(client, url, row_link)
    print(f"RESULT\t{name} queries\t{queries.count}\tqueries\t{QUERY_GOAL}\tlower")
    shown = f" for {queries.rows} rows" if row_link else ""
    print(f"# {name}: {queries.count} queries{shown} ({url})")
    if queries.repeated >= REPEAT_LIMIT:
        print(f"# N+1 suspected on {name}: {queries.count} queries")
        statement = re.sub(r"^SELECT .*? FROM ", "SELECT … FROM ", queries.repeated_sql, flags=re.DOTALL)
        print(f"#   repeated {queries.repeated} times: {statement[:400]}")
    return queries


def main() -> None:
    call_command("migrate", verbosity=0)
    database = connection.vendor
    started = time.perf_counter()
    with transaction.atomic():
        world = _seed()
    seeded = time.perf_counter() - started
    print(
        f"# {REFERRALS:,} referrals, {CASES:,} persons and cases, {OWNERS + PROVIDERS + 2} organisations "
        f"seeded in {seeded:.1f} s on {database}"
    )
    if database == "postgresql":
        # Autovacuum vacuums and analyses a table after many inserts: without it counts read every heap page.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    received = Referral.objects.filter(to_organisation=world.shelter)
    print(
        f"# the shelter receives {received.count():,} referrals, {received.filter(state__in=ACTIVE_STATES).count():,} open; "
        f"the unit sent {Referral.objects.filter(from_organisation=world.unit).count():,}"
    )
    provider, quiet_provider, caseworker = Client(), Client(), Client()
    provider.force_login(world.provider)
    quiet_provider.force_login(world.quiet_provider)
    caseworker.force_login(world.caseworker)
    to_referral = r'href="/referrals/[0-9a-f-]{36}/"'
    to_case = r'href="/cases/[0-9a-f-]{36}/"'
    pages = [
        ("referral inbox, first page", True, provider, "/referrals/", 300, to_referral),
        ("referral inbox, all, page 100", True, provider, "/referrals/?all=1&page=100", 300, to_referral),
        (
            "referral for the shelter",
            True,
            provider,
            f"/referrals/{world.shelter_referral.pk}/",
            300,
            "",
        ),
        ("case page, 40 referrals", True, caseworker, f"/cases/{world.case.pk}/", 500, r"<tr>\s*<td>"),
        ("referrals sent by the unit", True, caseworker, "/referrals/sent/", 300, to_case),
        ("referral inbox, all, first page", False, provider, "/referrals/?all=1", 300, to_referral),
        ("referral inbox of a quiet shelter", False, quiet_provider, "/referrals/", 300, to_referral),
    ]
    counts = {
        name: _report(name, client, url, goal=goal, row_link=link, timed=timed)
        for name, timed, client, url, goal, link in pages
    }

    open_page = counts["referral inbox, first page"]
    all_page = counts["referral inbox, all, first page"]
    quiet_page = counts["referral inbox of a quiet shelter"]
    print(
        f"# inbox queries by rows shown: {quiet_page.rows} rows → {quiet_page.count}, "
        f"{open_page.rows} open rows → {open_page.count}, {all_page.rows} rows (all) → {all_page.count}"
    )
    assert all_page.rows == 50, all_page.rows
    assert open_page.rows == 50 or REFERRALS < 1_000_000, open_page.rows
    assert quiet_page.rows == QUIET_REFERRALS, quiet_page.rows
    assert open_page.count == all_page.count, "inbox query count differs between its two 50-row pages"
    assert all_page.count <= quiet_page.count, "inbox query count grows with the rows shown"


if __name__ == "__main__":
    main()
