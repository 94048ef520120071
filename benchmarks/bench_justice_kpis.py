"""Justice figures at scale: the KPI page over 200,000 criminal cases (about 360,000 defendants, a million
charges, verdicts and sentences), for a calendar year and a TIP period; the criminal-case list and one case.

Server time is measured around Django's test client (the full middleware and template stack, no network).
Set SANAD_DATABASE_URL to a PostgreSQL database to measure there; by default a temporary SQLite file.
SANAD_BENCH_CRIMINAL_CASES sets the number of cases (default 200,000).
"""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import date, timedelta

from benchkit import staff_user, start_django, timed_get

start_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from sanad.accounts.models import Organisation, User  # noqa: E402
from sanad.justice.models import (  # noqa: E402
    Charge,
    CriminalCase,
    Defendant,
    OffenceArticle,
    Sentence,
    Verdict,
)

CASES = int(os.environ.get("SANAD_BENCH_CRIMINAL_CASES", "200000"))
FIRST_DAY, LAST_DAY = date(2016, 1, 1), date(2026, 10, 31)
ROUNDS = 10
FORMS = ["sexual_exploitation", "forced_labour", "forced_begging", "domestic_servitude", "forced_criminality"]
NATIONALITIES = ["MAR"] * 8 + ["SEN", "CIV", "NGA", "SYR", "ESP"]
ROLES = ["recruiter", "transporter", "harbourer", "exploiter", "intermediary", "financier", "other"]


class Batches:
    """Rows waiting for bulk_create, flushed per model in dependency order."""

    def __init__(self) -> None:
        self.rows: dict[type, list[object]] = {
            model: [] for model in (CriminalCase, Defendant, Charge, Verdict, Sentence)
        }

    def add(self, row: object) -> None:
        self.rows[type(row)].append(row)

    def flush(self) -> None:
        for model, rows in self.rows.items():
            model.objects.bulk_create(rows, batch_size=2000)  # type: ignore[attr-defined]
            rows.clear()


def _seed() -> tuple[User, User, CriminalCase]:
    police = Organisation.objects.create(short_code="police", name="Police", type="police", region="MA-06")
    prosecution = Organisation.objects.create(
        short_code="parquet", name="Parquet", type="prosecution", region="MA-04"
    )
    commission = Organisation.objects.create(
        short_code="commission", name="Commission", type="commission", region="MA-04"
    )
    officer = staff_user("officer", prosecution, "justice_officer")
    coordinator = staff_user("coordinator", commission, "coordinator")
    articles = list(OffenceArticle.objects.all())
    trafficking = [article for article in articles if article.is_trafficking_offence]
    rng = random.Random(27)
    span = (LAST_DAY - FIRST_DAY).days
    batches = Batches()
    first_case = None
    sentenced: set[object] = set()  # one first-instance sentence per defendant
    for index in range(CASES):
        opened = FIRST_DAY + timedelta(days=rng.randrange(span))
        case = CriminalCase(
            reference=f"PJ-{opened.year}-{index:06d}", investigating_unit=police, prosecution_office=prosecution,
            region=f"MA-{rng.randint(1, 12):02d}", opened_on=opened, origin="proactive",
            forms_of_exploitation=rng.sample(FORMS, rng.choice([1, 1, 1, 2])), referred_to_prosecution_on=opened,
        )  # fmt: skip
        first_case = first_case or case
        batches.add(case)
        for number in range(1, rng.choice([1, 1, 2, 2, 3]) + 1):
            defendant = Defendant(
                criminal_case=case, number=number, full_name=f"Suspect {index}-{number}",
                sex=rng.choice(["male", "male", "female"]), nationality=rng.choice(NATIONALITIES),
                age=rng.randint(20, 65), role=rng.choice(ROLES), is_public_official=rng.random() < 0.02,
                investigated_on=opened,
            )  # fmt: skip
            batches.add(defendant)
            if rng.random() > 0.75:
                continue
            charged = opened + timedelta(days=rng.randint(10, 120))
            for article in (
                {rng.choice(trafficking), rng.choice(articles)}
                if rng.random() < 0.3
                else {rng.choice(trafficking)}
            ):
                charge = Charge(defendant=defendant, article=article, charged_on=charged)
                batches.add(charge)
                if rng.random() < 0.35:
                    continue  # pending
                decided = charged + timedelta(days=rng.randint(60, 500))
                outcome = rng.choices(["convicted", "acquitted", "dismissed"], weights=[70, 20, 10])[0]
                batches.add(
                    Verdict(charge=charge, court_level="first_instance", outcome=outcome, decided_on=decided)
                )
                if rng.random() < 0.15:
                    appeal = rng.choice(["convicted", "acquitted"])
                    batches.add(
                        Verdict(
                            charge=charge,
                            court_level="appeal",
                            outcome=appeal,
                            decided_on=decided + timedelta(days=200),
                        )
                    )
                if outcome == "convicted" and defendant.pk not in sentenced:
                    sentenced.add(defendant.pk)
                    prison = rng.choice([6, 12, 24, 60, 72, 120, 240])
                    batches.add(
                        Sentence(
                            defendant=defendant, court_level="first_instance", decided_on=decided,
                            prison_months=prison, suspended_months=rng.choice([0, 0, 0, prison // 2, prison]),
                            fine_minor=rng.choice([0, 1_000_000, 5_000_000]),
                        )
                    )  # fmt: skip
        if index % 5000 == 4999:
            batches.flush()
    batches.flush()
    assert first_case is not None
    return officer, coordinator, first_case


def main() -> None:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with transaction.atomic():
        officer, coordinator, first_case = _seed()
    seeded = time.perf_counter() - started
    # A production database has planner statistics (PostgreSQL's autovacuum gathers them); without them
    # SQLite drives the agency-scoped reads from the wrong index and takes twice as long.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    counts = {
        model.__name__: model.objects.count()
        for model in (CriminalCase, Defendant, Charge, Verdict, Sentence)
    }
    engine = os.environ["SANAD_DATABASE_URL"].split(":")[0]
    print(
        f"# seeded in {seeded:.0f} s on {engine}: " + ", ".join(f"{n:,} {name}" for name, n in counts.items())
    )
    commission, prosecution = Client(), Client()
    commission.force_login(coordinator)
    prosecution.force_login(officer)
    pages = [
        ("justice figures, calendar year 2025 (commission)", commission, "/justice/figures/?kind=calendar&year=2025", 3000),
        ("justice figures, TIP period 2025 (commission)", commission, "/justice/figures/?kind=tip&year=2025", 3000),
        ("justice figures, calendar year 2025 (prosecution office)", prosecution, "/justice/figures/?kind=calendar&year=2025", 3000),
        ("criminal case list, first page", prosecution, "/justice/", 300),
        ("criminal case list, page 1000", prosecution, "/justice/?page=1000", 500),
        ("criminal case, one file", prosecution, f"/justice/{first_case.pk}/", 300),
    ]  # fmt: skip
    for name, client, url, goal in pages:
        times = timed_get(client, url, rounds=ROUNDS)
        print(f"RESULT\t{name} p50\t{statistics.median(times):.1f}\tms\t{goal}\tlower")
        print(f"RESULT\t{name} max\t{times[-1]:.1f}\tms\t{goal * 2}\tlower")


if __name__ == "__main__":
    main()
