"""Hotline at scale: contact list, queues and figures over 100,000 contacts; recording and escalating by HTTP.

Server time is measured around Django's test client (the full middleware and template stack, no network).
Set SANAD_DATABASE_URL to a PostgreSQL database to measure there; by default a temporary SQLite file.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import timedelta

from benchkit import percentile, staff_user, start_django, timed_get

start_django()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from sanad.accounts.models import Organisation, User  # noqa: E402
from sanad.hotline.models import Contact, TriageState  # noqa: E402
from sanad.hotline.services import callback_index, new_reference  # noqa: E402

CONTACTS = int(os.environ.get("SANAD_BENCH_CONTACTS", "100000"))
OPEN = 2_000  # contacts still new or triaged: a bad day's backlog
ROUNDS = 40


def _seed() -> tuple[User, User, Organisation]:
    hotline = Organisation.objects.create(
        short_code="hotline", name="Hotline", type="hotline", region="MA-04"
    )
    unit = Organisation.objects.create(short_code="unit", name="Unit", type="social_services", region="MA-06")
    operator = staff_user("operator", hotline, "hotline_operator")
    supervisor = staff_user("supervisor", hotline, "hotline_supervisor")
    rng = random.Random(5)
    now = timezone.now()
    batch: list[Contact] = []
    for index in range(CONTACTS):
        received = now - timedelta(minutes=rng.randint(1, 3 * 365 * 24 * 60))
        is_open = index < OPEN
        number = f"+2126{rng.randint(10000000, 99999999)}" if rng.random() < 0.4 else ""
        batch.append(
            Contact(
                reference=new_reference(),
                hotline=hotline,
                channel=rng.choice(["phone", "phone", "phone", "web_form", "social_media", "email"]),
                contact_type=rng.choice(["crisis", "tip", "tip", "information", "information", "other"]),
                received_at=received if not is_open else now - timedelta(minutes=rng.randint(1, 600)),
                language=rng.choice(["darija", "french", "arabic", "english"]),
                region=f"MA-{rng.randint(1, 12):02d}",
                reporter_relation=rng.choice(["self", "third_party", "anonymous"]),
                urgency=rng.choice([1, 1, 1, 2, 3]),
                narrative="Signalement: une personne travaille sans salaire et sans papiers.",
                callback_number=number,
                callback_index=callback_index(number),
                state=rng.choice([TriageState.NEW, TriageState.TRIAGED]) if is_open else TriageState.CLOSED,
                triaged_at=None if is_open else received + timedelta(minutes=rng.lognormvariate(1.2, 1.0)),
                closed_at=None if is_open else received + timedelta(hours=2),
                assigned_to=operator if rng.random() < 0.5 else None,
            )
        )
        if len(batch) == 5_000:
            Contact.objects.bulk_create(batch)
            batch = []
    Contact.objects.bulk_create(batch)
    return operator, supervisor, unit


def main() -> None:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with transaction.atomic():
        operator, supervisor, unit = _seed()
    seeded = time.perf_counter() - started
    print(
        f"# {CONTACTS:,} contacts seeded in {seeded:.1f} s on {os.environ['SANAD_DATABASE_URL'].split(':')[0]}"
    )
    operator_client, supervisor_client = Client(), Client()
    operator_client.force_login(operator)
    supervisor_client.force_login(supervisor)
    today = timezone.localdate()
    pages = [
        ("contact list, first page", operator_client, "/hotline/contacts/", 300),
        ("contact list, page 1000", operator_client, "/hotline/contacts/?page=1000", 300),
        (
            "contact list, filtered by state",
            operator_client,
            "/hotline/contacts/?state=closed&channel=web_form",
            300,
        ),
        ("operator queue", operator_client, "/hotline/", 300),
        ("supervisor queue", supervisor_client, "/hotline/supervision/", 300),
        (
            "hotline figures, one year",
            supervisor_client,
            f"/hotline/figures/?start={today - timedelta(days=365)}&end={today}",
            2000,
        ),
    ]
    for name, client, url, goal in pages:
        times = timed_get(client, url, rounds=ROUNDS)
        p50, p95 = statistics.median(times), percentile(times, 0.95)
        print(f"RESULT\t{name} p50\t{p50:.1f}\tms\t{goal}\tlower")
        print(f"RESULT\t{name} p95\t{p95:.1f}\tms\t{goal}\tlower")

    # Record a call (triaged on the call) and escalate it into a new case, through the HTTP endpoints.
    count = 100
    started = time.perf_counter()
    for index in range(count):
        response = operator_client.post(
            "/hotline/contacts/new/",
            {
                "channel": "phone", "contact_type": "crisis", "urgency": "3", "reporter_relation": "self",
                "language": "darija", "region": "MA-06", "narrative": f"Appel {index}: personne retenue.",
                "callback_number": f"06{index:08d}", "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "save_triaged": "1",
            },
        )  # fmt: skip
        assert response.status_code == 302, response.content[:500]
        contact_url = response["Location"]
        response = operator_client.post(
            f"{contact_url}escalate/", {"version": "1", "organisation": str(unit.pk), "sex": "female"}
        )
        assert response.status_code == 302, response.content[:500]
    elapsed = time.perf_counter() - started
    print(f"RESULT\trecord and escalate a contact (HTTP)\t{count / elapsed:.1f}\tper s\t10\thigher")


if __name__ == "__main__":
    main()
