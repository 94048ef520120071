"""Register import at scale: a prosecution register of 50,000 rows (~13,000 criminal cases, 1-3 defendants
with 1-2 charges each, a realistic mix of pending cases, verdicts, appeals and sentences), checked (dry run),
imported, then imported again (nothing to create).

Prints rows per second of each pass, the process's peak resident memory, and the peak of Python allocations
during a dry run (tracemalloc, in a last pass of its own since tracing slows everything).
Set SANAD_DATABASE_URL to a PostgreSQL database to measure there; by default a temporary SQLite file.
``--rows 2000`` (or SANAD_BENCH_REGISTER_ROWS) for a quick check.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import resource
import sys
import time
import tracemalloc
from datetime import date, timedelta

from benchkit import staff_user, start_django

start_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from sanad.accounts.models import Organisation, User  # noqa: E402
from sanad.justice.models import Charge, CriminalCase, Defendant, Sentence, Verdict  # noqa: E402
from sanad.justice.register import REGISTER_COLUMNS, ImportReport, import_register  # noqa: E402

DEFAULT_ROWS = int(os.environ.get("SANAD_BENCH_REGISTER_ROWS", "50000"))
GOAL_ROWS_PER_SECOND = 2000  # 50,000 rows in 25 s: inside gunicorn's default 30 s worker timeout
GOAL_PEAK_MB = 250
GOAL_RSS_MB = 500
REGIONS = [f"MA-{n:02d}" for n in range(1, 13)]
ORIGINS = ["hotline_alert", "victim_complaint", "labour_inspection", "proactive", "referral_by_services"]
FORMS = ["sexual_exploitation", "forced_labour", "forced_begging", "domestic_servitude", "child_labour"]
ROLES = ["recruiter", "transporter", "harbourer", "exploiter", "intermediary", "financier"]
NATIONALITIES = ["MAR"] * 6 + ["SEN", "CIV", "NGA", "ESP", "FRA", ""]
ARTICLES = ["PC-448-2", "PC-448-3", "PC-448-4", "PC-467-2", "PC-497", "PC-498", "PC-499", "LC-10", "L0203-52"]
GIVEN = ["Mohamed", "Fatima", "Youssef", "Khadija", "Omar", "Amina", "محمد", "فاطمة", "يوسف", "خديجة"]
FAMILY = ["Alaoui", "Benali", "Tazi", "Idrissi", "Chraibi", "العلوي", "بنعلي", "التازي", "الإدريسي"]


def _world() -> User:
    prosecution = Organisation.objects.create(short_code="parquet", name="Parquet", type="prosecution")
    for n in range(6):
        Organisation.objects.create(short_code=f"police-{n}", name=f"Police {n}", type="police")
        Organisation.objects.create(short_code=f"gr-{n}", name=f"Gendarmerie {n}", type="gendarmerie")
    for n in range(4):
        Organisation.objects.create(short_code=f"tpi-{n}", name=f"Tribunal {n}", type="court")
    return staff_user("procureur", prosecution, "justice_officer")


def _day(rng: random.Random, after: date, most: int) -> date:
    return after + timedelta(days=rng.randint(1, most))


def _verdicts(rng: random.Random, charged: date) -> dict[str, str]:
    """A third of charges pending; decided ones mostly convicted; a quarter of those appealed."""
    if rng.random() < 0.33:
        return {}
    first_on = _day(rng, charged, 300)
    outcome = rng.choices(["convicted", "acquitted", "dismissed"], weights=[70, 20, 10])[0]
    cells = {"first_instance_outcome": outcome, "first_instance_on": first_on.isoformat()}
    if rng.random() < 0.25:
        appeal = rng.choices(["convicted", "acquitted"], weights=[80, 20])[0]
        cells |= {"appeal_outcome": appeal, "appeal_on": _day(rng, first_on, 200).isoformat()}
    return cells


def _sentence(rng: random.Random) -> dict[str, str]:
    prison = rng.choice([6, 12, 24, 36, 60, 120, 180])
    return {
        "prison_months": str(prison),
        "suspended_months": str(rng.choice([0, 0, 0, min(6, prison)])),
        "fine_mad": str(rng.choice([0, 5000, 20000, 100000])),
        "restitution_mad": str(rng.choice([0, 0, 10000, 50000])),
        "confiscation": rng.choice(["yes", "no", "no"]),
    }


def _case_rows(rng: random.Random, prefix: str, number: int) -> list[dict[str, str]]:
    opened = date(2019, 1, 1) + timedelta(days=rng.randint(0, 5 * 365))
    case = {
        "case_reference": f"{prefix}-{opened.year}-{number:06d}",
        "investigating_unit": rng.choice([f"police-{n}" for n in range(6)] + [f"gr-{n}" for n in range(6)]),
        "region": rng.choice(REGIONS),
        "opened_on": opened.isoformat() if rng.random() < 0.7 else opened.strftime("%d/%m/%Y"),
        "origin": rng.choice(ORIGINS),
        "forms_of_exploitation": ";".join(sorted(rng.sample(FORMS, rng.choice([1, 1, 2])))),
        "court": f"tpi-{rng.randrange(4)}" if rng.random() < 0.8 else "",
    }
    rows: list[dict[str, str]] = []
    for defendant in range(1, rng.choices([1, 2, 3], weights=[20, 35, 45])[0] + 1):
        person = {
            "defendant_number": str(defendant),
            "defendant_name": f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
            "defendant_document": f"{rng.choice('ABCDJK')}{rng.randint(100000, 999999)}"
            if rng.random() < 0.6
            else "",
            "sex": rng.choice(["male", "male", "female", "M", "F"]),
            "nationality": rng.choice(NATIONALITIES),
            "age": str(rng.randint(19, 70)) if rng.random() < 0.8 else "",
            "role": rng.choice(ROLES),
            "public_official": "yes" if rng.random() < 0.03 else "no",
            "arrested_on": _day(rng, opened, 20).isoformat() if rng.random() < 0.7 else "",
        }
        charged = _day(rng, opened, 60)
        charges = [
            {"article": article, "charged_on": charged.isoformat(), **_verdicts(rng, charged)}
            for article in rng.sample(ARTICLES, rng.choices([1, 2], weights=[30, 70])[0])
        ]
        if any("convicted" in (c.get("first_instance_outcome"), c.get("appeal_outcome")) for c in charges):
            person |= _sentence(rng)
        rows.extend(case | person | charge for charge in charges)
    return rows


def _register(rows: int, prefix: str = "PAR") -> tuple[bytes, int]:
    """A register of exactly ``rows`` rows and its number of cases; ``prefix`` starts the case references."""
    rng = random.Random(27)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(REGISTER_COLUMNS)
    written = cases = 0
    while written < rows:
        cases += 1
        case_rows = _case_rows(rng, prefix, cases)
        if written + len(case_rows) > rows:
            # Cutting a case short could drop the conviction its sentence rests on: end on one pending charge.
            pending = (
                "first_instance_outcome",
                "first_instance_on",
                "appeal_outcome",
                "appeal_on",
                "prison_months",
            )
            case_rows = [{key: value for key, value in case_rows[0].items() if key not in pending}]
            case_rows[0].update(
                dict.fromkeys(("suspended_months", "fine_mad", "restitution_mad", "confiscation"), "")
            )
        for row in case_rows:
            writer.writerow([row.get(column, "") for column in REGISTER_COLUMNS])
        written += len(case_rows)
    return ("\ufeff" + buffer.getvalue()).encode(), cases


def _timed(label: str, actor: User, content: bytes, *, dry_run: bool) -> tuple[ImportReport, float]:
    """One pass, timed on the wall clock (what the user waits) and in CPU time (what the machine's other work
    does not change)."""
    started, cpu_started = time.perf_counter(), time.process_time()
    report = import_register(actor=actor, content=content, filename="registre.csv", dry_run=dry_run)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if report.errors:
        for error in report.errors[:10]:
            print(f"  {error.message}", file=sys.stderr)
        raise SystemExit(f"{label}: {len(report.errors)} errors")
    print(
        f"# {label}: {report.rows:,} rows in {seconds:.1f} s = {report.rows / seconds:,.0f} rows/s "
        f"({cpu:.1f} CPU s = {report.rows / cpu:,.0f} rows per CPU second); {report.counts}"
    )
    return report, seconds


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", type=int, default=DEFAULT_ROWS, help="rows in the register (default 50,000)"
    )
    rows = parser.parse_args().rows
    call_command("migrate", verbosity=0)
    actor = _world()
    content, cases = _register(rows)
    print(
        f"# register: {rows:,} rows, {cases:,} cases, {len(content) / 2**20:.1f} MB, on {connection.vendor}"
    )
    rss_before = _peak_rss_mb()

    preview, dry_seconds = _timed("dry run", actor, content, dry_run=True)
    assert not CriminalCase.objects.exists(), "the dry run stored something"
    stored, import_seconds = _timed("import", actor, content, dry_run=False)
    assert stored.counts == preview.counts, (stored.counts, preview.counts)
    again, again_seconds = _timed("import again", actor, content, dry_run=False)
    assert again.counts["rows_unchanged"] == rows and not any(
        value for key, value in again.counts.items() if key != "rows_unchanged"
    ), again.counts
    rss_after = _peak_rss_mb()
    print(
        f"# stored: {CriminalCase.objects.count():,} cases, {Defendant.objects.count():,} defendants, "
        f"{Charge.objects.count():,} charges, {Verdict.objects.count():,} verdicts, "
        f"{Sentence.objects.count():,} sentences"
    )
    # Last, since tracing slows everything and its own bookkeeping swells the resident memory: a dry run of
    # another register of the same size, all of whose cases are new, as in the first import above.
    other, _cases = _register(rows, prefix="TRC")
    tracemalloc.start()
    import_register(actor=actor, content=other, filename="registre.csv", dry_run=True)
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"# memory: resident peak {rss_after:.0f} MB ({rss_before:.0f} MB before the first import, register "
        f"in memory); Python allocations peak {peak / 2**20:.0f} MB during a dry run (tracemalloc)"
    )
    print(f"RESULT\tregister dry run\t{rows / dry_seconds:.0f}\trows/s\t{GOAL_ROWS_PER_SECOND}\thigher")
    print(f"RESULT\tregister import\t{rows / import_seconds:.0f}\trows/s\t{GOAL_ROWS_PER_SECOND}\thigher")
    print(
        f"RESULT\tregister import again\t{rows / again_seconds:.0f}\trows/s\t{GOAL_ROWS_PER_SECOND}\thigher"
    )
    print(f"RESULT\tregister import peak allocations\t{peak / 2**20:.0f}\tMB\t{GOAL_PEAK_MB}\tlower")
    print(f"RESULT\tregister import resident memory\t{rss_after:.0f}\tMB\t{GOAL_RSS_MB}\tlower")


if __name__ == "__main__":
    main()
