"""The national statistics at scale: victim cases over ten years (2016-2025), about 5% of persons with two
cases and 2% of person records linked to another agency's record of the same human, 1-2 status decisions per
case (80% reaching presumed or identified); criminal cases with ~1.6 defendants each, charges, verdicts and
sentences; a few thousand hotline contacts, referrals, statistics consents and victim links.

Measured for the calendar year 2024, median of 3 runs after a warm-up:
- the whole national table set (``compute_tables``), and the victims table alone (``compute_table``);
- one hand-written SQL query producing the "all detected victims" block of the victims table on the same
  database: the distinct persons (linked records as one, ``COALESCE(linked_to_id, id)``) whose first presumed
  or identified decision falls in 2024, counted by sex x age group at that date x citizenship, with the sex,
  date of birth and nationalities of the root record (forms of exploitation left out). Its cells are checked
  against the victims table's.
Then the TIP period 2025 once, and the memory of the computation: the measuring process is a fresh one, so its
resident peak is Django plus the computation, and a last traced run gives the peak of Python allocations.
Goal (issue 7): the whole set under 2 s and within 2x of the raw query.

Runs on SQLite, then on a throwaway PostgreSQL 15 server (initdb under /tmp, port 55433, fsync off) when
/usr/lib/postgresql/15/bin holds one; with SANAD_DATABASE_URL set, on that (empty) database only.
Scale: ``--cases 1000000 --criminal 200000`` (or SANAD_BENCH_VICTIM_CASES and SANAD_BENCH_CRIMINAL_CASES);
the default, 20,000 victim cases and a fifth as many criminal cases, is a quick check.
``--profile`` adds a cProfile of one whole-set computation, each of its SQL queries re-run and timed, and
the plans of the slowest.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

PGBIN = Path("/usr/lib/postgresql/15/bin")
PGPORT = 55433
DEFAULT_CASES = int(os.environ.get("SANAD_BENCH_VICTIM_CASES", "20000"))
GOAL_MS = 2000
GOAL_RATIO = 2.0
ROUNDS = 3
YEAR = 2024
TIP_YEAR = 2025
FIRST_DAY, LAST_DAY = date(2016, 1, 1), date(2025, 12, 31)
SPAN = (LAST_DAY - FIRST_DAY).days + 1
NOW = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
BATCH = 20_000  # persons (or criminal cases) per transaction

PERSONS_PER_CASE = 0.95
LINKED_SHARE = 0.02
REGIONS = [f"MA-{n:02d}" for n in range(1, 13)]
REGION_WEIGHTS = [12, 10, 9, 12, 5, 20, 10, 3, 8, 4, 4, 3]
SEXES = ["female", "male", "other", "unknown"]
SEX_WEIGHTS = [55, 40, 0.5, 4.5]
PRECISIONS = ["full", "year_month", "year", "estimated", "unknown"]
PRECISION_WEIGHTS = [50, 5, 20, 15, 10]
FOREIGN = ["CIV", "NGA", "SEN", "CMR", "GIN", "SYR", "MLI", "COD", "BGD", "PHL", "YEM", "SDN"]
FORMS = [
    "sexual_exploitation", "forced_labour", "domestic_servitude", "forced_begging", "child_labour",
    "forced_criminality", "forced_marriage", "organ_removal", "slavery_and_similar_practices", "other",
]  # fmt: skip
FORM_WEIGHTS = [35, 20, 12, 12, 6, 5, 4, 0.5, 1, 2]
# (statuses in order, weight): 80% of cases reach presumed or identified.
DECISION_PATTERNS = [
    (("possible",), 8),
    (("not_a_victim",), 6),
    (("possible", "not_a_victim"), 6),
    (("presumed",), 30),
    (("identified",), 10),
    (("possible", "presumed"), 12),
    (("presumed", "identified"), 22),
    (("possible", "identified"), 6),
]
CRIMINAL_FORMS = ["sexual_exploitation", "forced_labour", "forced_begging", "domestic_servitude"]
DEFENDANT_NATIONALITIES = ["MAR"] * 8 + ["SEN", "CIV", "NGA", "SYR", "ESP"]
ROLES = ["recruiter", "transporter", "harbourer", "exploiter", "intermediary", "financier", "other"]
SERVICES = ["shelter", "medical", "psychosocial", "legal_aid", "interpretation", "repatriation"]
REFERRAL_STATES = ["accepted", "declined", "expired", "withdrawn", "in_progress", "completed", "sent"]


# --- the driver: one process to load, a fresh one to measure, per database ----------------------------------


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES, help="victim cases (default 20,000)")
    parser.add_argument(
        "--criminal",
        type=int,
        default=None,
        help="criminal cases (default SANAD_BENCH_CRIMINAL_CASES, else a fifth of --cases)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql"
    )
    parser.add_argument("--profile", action="store_true", help="profile one whole-set computation")
    parser.add_argument("--phase", choices=["load", "measure"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.criminal is None:
        args.criminal = int(os.environ.get("SANAD_BENCH_CRIMINAL_CASES", args.cases // 5))
    return args


def _say(text: str) -> None:
    print(text, flush=True)


def _run_phases(url: str, args: argparse.Namespace) -> None:
    """Load into ``url`` in one process, measure in another, with a throwaway Sanad home."""
    home = Path(tempfile.mkdtemp(prefix="sanad-bench-stats-"))
    try:
        environment = {
            **os.environ,
            "SANAD_HOME": str(home),
            "SANAD_DATABASE_URL": url.replace("{home}", str(home)),
        }
        common = [f"--cases={args.cases}", f"--criminal={args.criminal}", f"--seed={args.seed}"]
        for phase in ("load", "measure"):
            extra = ["--profile"] if args.profile and phase == "measure" else []
            done = subprocess.run(
                [sys.executable, __file__, f"--phase={phase}", *common, *extra], env=environment, check=False
            )
            if done.returncode:
                raise SystemExit(f"the {phase} phase failed on {url.partition(':')[0]}")
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _as_postgres(command: list[str]) -> list[str]:
    """initdb refuses to run as root: run the server's tools as the postgres account then."""
    if os.geteuid() == 0:
        return ["/usr/sbin/runuser", "-u", "postgres", "--", *command]
    return command


def _quietly(command: list[str]) -> None:
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)


@contextmanager
def _throwaway_postgres() -> Iterator[str]:
    """A PostgreSQL 15 server of its own under /tmp: trust authentication, user sanad, fsync off."""
    root = Path(tempfile.mkdtemp(prefix="sanad-bench-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    data, log = root / "data", root / "server.log"
    try:
        _quietly(
            _as_postgres([str(PGBIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "sanad", "-E", "UTF8",
                          "--locale=C.UTF-8"]),
        )  # fmt: skip
        # A modest server's memory (shared_buffers 512 MB); work_mem stays at PostgreSQL's default (4 MB).
        options = (
            f"-p {PGPORT} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_wal_size=8GB -c shared_buffers=512MB"
        )
        _quietly(
            _as_postgres(
                [str(PGBIN / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o", options, "start"]
            )
        )
        try:
            _quietly([str(PGBIN / "createdb"), "-h", "127.0.0.1", "-p", str(PGPORT), "-U", "sanad", "sanad"])
            yield f"postgres://sanad@127.0.0.1:{PGPORT}/sanad"
        finally:
            subprocess.run(
                _as_postgres([str(PGBIN / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
                stdout=subprocess.DEVNULL,
                check=False,
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)


def drive(args: argparse.Namespace) -> None:
    _say(
        f"# statistics benchmark: {args.cases:,} victim cases, {args.criminal:,} criminal cases, "
        f"seed {args.seed}"
    )
    if os.environ.get("SANAD_DATABASE_URL"):
        _run_phases(os.environ["SANAD_DATABASE_URL"], args)
        return
    wanted = {name.strip() for name in args.databases.split(",") if name.strip()}
    if "sqlite" in wanted:
        _run_phases("sqlite:///{home}/bench.sqlite3", args)
    if "postgresql" in wanted:
        if not (PGBIN / "initdb").exists():
            _say(f"# PostgreSQL 15 not found in {PGBIN}: PostgreSQL skipped")
            return
        with _throwaway_postgres() as url:
            _run_phases(url, args)


# --- inside a phase: Django on the throwaway home ------------------------------------------------------------


def _start_django() -> None:
    """Like benchkit.start_django, but on the home the driver made: both phases share its keys and database."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "sanad.settings.base"
    os.environ.setdefault("SANAD_ALLOWED_HOSTS", "testserver")
    from sanad.crypto.keys import create_local_keys

    create_local_keys(Path(os.environ["SANAD_HOME"]))
    import django

    django.setup()


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


class Sink:
    """Rows of one table waiting to be inserted: COPY on PostgreSQL, executemany on SQLite. Each row gives the
    ``columns`` in order; every other column gets ``fixed`` or the field's default, adapted once."""

    def __init__(self, model: Any, columns: tuple[str, ...], fixed: dict[str, Any] | None = None) -> None:
        from django.db import connection, models

        fields = {field.attname: field for field in model._meta.concrete_fields}
        constants = dict(fixed or {})
        for name, field in fields.items():
            if name in columns or name in constants:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                constants[name] = connection.ops.adapt_datetimefield_value(NOW)
            elif field.has_default() or not field.null:
                default = field.get_default()  # "" for text without a default
                if default is None:
                    raise ValueError(f"{model.__name__}.{name} needs a value")
                constants[name] = (
                    json.dumps(default)
                    if isinstance(field, models.JSONField)
                    else field.get_db_prep_save(default, connection)
                )
        names = [*columns, *constants]
        quote = connection.ops.quote_name
        table, column_list = quote(model._meta.db_table), ", ".join(quote(fields[n].column) for n in names)
        self.tail = tuple(constants.values())
        self.rows: list[tuple[Any, ...]] = []
        self.count = 0
        if connection.vendor == "postgresql":
            self.statement = f"COPY {table} ({column_list}) FROM STDIN"
        else:
            marks = ", ".join("?" for _name in names)
            self.statement = f"INSERT INTO {table} ({column_list}) VALUES ({marks})"  # noqa: S608

    def flush(self, cursor: Any) -> None:
        """Insert the waiting rows with ``cursor``, the driver's own cursor."""
        tail = self.tail
        if self.statement.startswith("COPY"):
            with cursor.copy(self.statement) as copy:
                for row in self.rows:
                    copy.write_row(row + tail)
        else:
            cursor.executemany(self.statement, [row + tail for row in self.rows])
        self.count += len(self.rows)
        self.rows.clear()


class World:
    """Generates the data set, deterministic for a seed, and inserts it table by table in parent order."""

    def __init__(self, cases: int, criminal: int, seed: int) -> None:
        from django.db import connection

        self.rng = random.Random(seed)
        self.cases, self.criminal = cases, criminal
        self.native_uuid = connection.features.has_native_uuid_field
        self.sinks: list[Sink] = []
        self.region_weights = _cumulative(REGION_WEIGHTS)
        self.sex_weights = _cumulative(SEX_WEIGHTS)
        self.precision_weights = _cumulative(PRECISION_WEIGHTS)
        self.form_weights = _cumulative(FORM_WEIGHTS)
        self.pattern_weights = _cumulative([weight for _pattern, weight in DECISION_PATTERNS])
        self.victim_case_sample: list[tuple[Any, date]] = []  # for referrals, consents and victim links
        self.criminal_case_sample: list[Any] = []

    def uid(self) -> Any:
        """A UUID4 from the seeded generator, as the database stores it (hex text on SQLite)."""
        value = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        return value if self.native_uuid else value.hex

    def sink(self, model: Any, columns: tuple[str, ...], fixed: dict[str, Any] | None = None) -> Sink:
        made = Sink(model, columns, fixed)
        self.sinks.append(made)
        return made

    def flush(self) -> None:
        from django.db import connection, transaction

        with transaction.atomic(), connection.cursor() as cursor:
            for sink in self.sinks:
                sink.flush(cursor.cursor)

    def day(self, start: date = FIRST_DAY, span: int = SPAN) -> date:
        return start + timedelta(days=self.rng.randrange(span))

    def organisations(self) -> dict[str, list[Any]]:
        from sanad.accounts.models import Organisation

        kinds = {"ngo": 12, "social_services": 6, "shelter": 4, "police": 6, "gendarmerie": 3,
                 "prosecution": 4, "court": 4, "hotline": 1, "commission": 1}  # fmt: skip
        made: dict[str, list[Any]] = {}
        for kind, count in kinds.items():
            for number in range(count):
                organisation = Organisation.objects.create(
                    short_code=f"{kind}-{number}".replace("_", "-"),
                    name=f"{kind} {number}",
                    type=kind,
                    region=REGIONS[number % len(REGIONS)],
                )
                key = organisation.pk if self.native_uuid else organisation.pk.hex
                made.setdefault(kind, []).append(key)
        return made

    def person_facts(self, reference: date) -> tuple[str, str | None, str, str]:
        """(sex, birth date, its precision, nationalities): about a fifth children when first seen."""
        rng = self.rng
        sex = rng.choices(SEXES, cum_weights=self.sex_weights)[0]
        precision = rng.choices(PRECISIONS, cum_weights=self.precision_weights)[0]
        age = rng.randint(6, 17) if rng.random() < 0.22 else rng.randint(18, 60)
        born = reference - timedelta(days=age * 365 + rng.randrange(365))
        birth: date | None = born
        if precision == "year":
            birth = date(born.year, 7, 1)
        elif precision == "year_month":
            birth = date(born.year, born.month, 1)
        elif precision == "unknown":
            birth = None if rng.random() < 0.9 else born  # a few dates whose precision says not to trust them
        draw = rng.random()
        if draw < 0.72:
            nationalities = ["MAR"]
        elif draw < 0.73:
            nationalities = ["MAR", rng.choice(["FRA", "ESP", "BEL"])]
        elif draw < 0.97:
            nationalities = [rng.choice(FOREIGN)] if rng.random() < 0.97 else rng.sample(FOREIGN, 2)
        else:
            nationalities = []
        return sex, birth.isoformat() if birth else None, precision, json.dumps(nationalities)

    def forms(self) -> str:
        rng = self.rng
        draw = rng.random()
        if draw < 0.05:
            return "[]"
        count = 2 if draw < 0.20 else 1
        chosen: set[str] = set()
        while len(chosen) < count:
            chosen.add(rng.choices(FORMS, cum_weights=self.form_weights)[0])
        return json.dumps(sorted(chosen))

    def victims(self, organisations: dict[str, list[Any]]) -> None:
        from sanad.cases.models import Case
        from sanad.identification.models import StatusDecision
        from sanad.people.models import Person
        from sanad.referrals.models import Consent

        rng = self.rng
        owners = organisations["ngo"] + organisations["social_services"] + organisations["police"]
        authorities = organisations["prosecution"]
        persons = self.sink(
            Person, ("id", "owning_organisation_id", "sex", "birth_date", "birth_date_precision",
                     "nationalities", "linked_to_id"),
        )  # fmt: skip
        cases = self.sink(
            Case, ("id", "reference", "person_id", "owning_organisation_id", "opened_on", "region",
                   "forms_of_exploitation", "exploitation_country"),
        )  # fmt: skip
        decisions = self.sink(
            StatusDecision, ("id", "case_id", "status", "decided_on", "decided_by_organisation_id"),
            {"legal_basis": "Loi 27-14, art. 4", "rationale": ""},
        )  # fmt: skip
        consents = self.sink(
            Consent, ("id", "case_id", "decision", "given_on", "withdrawn_at"),
            {"purpose": "statistics", "method": "signed_form"},
        )  # fmt: skip
        person_count = round(self.cases * PERSONS_PER_CASE)
        twice = set(rng.sample(range(person_count), self.cases - person_count))
        roots: list[tuple[Any, tuple[str, str | None, str, str]]] = []  # recent unlinked records
        blank = ("unknown", None, "unknown", "[]")
        case_number = 0
        for index in range(person_count):
            person_id = self.uid()
            opened = self.day()
            facts = self.person_facts(opened)
            linked_to = None
            if len(roots) > 100 and rng.random() < LINKED_SHARE:
                linked_to, root_facts = roots[rng.randrange(len(roots))]
                facts = root_facts if rng.random() < 0.5 else blank  # the same human: her facts, or none
            elif len(roots) < 5000:
                roots.append((person_id, facts))
            else:
                roots[index % 5000] = (person_id, facts)
            owner = rng.choice(owners)
            persons.rows.append((person_id, owner, *facts, linked_to))
            for number in range(2 if index in twice else 1):
                if number:
                    opened = min(LAST_DAY, opened + timedelta(days=rng.randint(30, 900)))
                case_number += 1
                case_id = self.uid()
                cases.rows.append(
                    (case_id, f"V-{opened.year}-{case_number:07d}", person_id, owner, opened,
                     rng.choices(REGIONS, cum_weights=self.region_weights)[0], self.forms(),
                     "MAR" if rng.random() < 0.85 else rng.choice(["ESP", "LBY", "DZA", ""])),
                )  # fmt: skip
                decided = opened + timedelta(days=rng.randint(0, 60))
                pattern = rng.choices(DECISION_PATTERNS, cum_weights=self.pattern_weights)[0][0]
                for status in pattern:
                    decisions.rows.append((self.uid(), case_id, status, decided, rng.choice(authorities)))
                    decided += timedelta(days=rng.randint(30, 300))
                if rng.random() < 0.005:
                    withdrawn = (
                        self.adapt(datetime.combine(decided, datetime.min.time(), tzinfo=UTC))
                        if rng.random() < 0.3
                        else None
                    )
                    refused = "refused" if rng.random() < 0.1 else "given"
                    consents.rows.append((self.uid(), case_id, refused, opened, withdrawn))
                if len(self.victim_case_sample) < 20_000 or rng.random() < 0.02:
                    self.victim_case_sample.append((case_id, opened))
            if index % BATCH == BATCH - 1:
                self.flush()
        self.flush()
        self.sinks.clear()

    def adapt(self, moment: datetime) -> Any:
        from django.db import connection

        return connection.ops.adapt_datetimefield_value(moment)

    def justice(self, organisations: dict[str, list[Any]]) -> None:
        from sanad.justice.models import Charge, CriminalCase, Defendant, OffenceArticle, Sentence, Verdict

        rng = self.rng
        articles = list(OffenceArticle.objects.values_list("pk", "is_trafficking_offence"))
        trafficking = [pk for pk, is_trafficking in articles if is_trafficking]
        every_article = [pk for pk, _is_trafficking in articles]
        units = organisations["police"] + organisations["gendarmerie"]
        courts = organisations["court"]
        criminal_cases = self.sink(
            CriminalCase, ("id", "reference", "investigating_unit_id", "prosecution_office_id", "court_id",
                           "region", "opened_on", "origin", "forms_of_exploitation", "referred_to_prosecution_on"),
        )  # fmt: skip
        defendants = self.sink(
            Defendant, ("id", "criminal_case_id", "number", "sex", "nationality", "age", "role",
                        "is_public_official", "investigated_on"),
            {"full_name": ""},
        )  # fmt: skip
        charges = self.sink(Charge, ("id", "defendant_id", "article_id", "charged_on"))
        verdicts = self.sink(Verdict, ("id", "charge_id", "court_level", "outcome", "decided_on"))
        sentences = self.sink(
            Sentence, ("id", "defendant_id", "court_level", "decided_on", "prison_months", "suspended_months",
                       "fine_minor"),
        )  # fmt: skip
        for index in range(self.criminal):
            opened = self.day()
            case_id = self.uid()
            criminal_cases.rows.append(
                (case_id, f"PJ-{opened.year}-{index:07d}", rng.choice(units), rng.choice(organisations["prosecution"]),
                 rng.choice(courts) if rng.random() < 0.8 else None, rng.choices(REGIONS, cum_weights=self.region_weights)[0],
                 opened, rng.choice(["proactive", "victim_complaint", "hotline_alert", "labour_inspection"]),
                 json.dumps(rng.sample(CRIMINAL_FORMS, rng.choice([1, 1, 1, 2]))), opened),
            )  # fmt: skip
            if len(self.criminal_case_sample) < 5000:
                self.criminal_case_sample.append(case_id)
            for number in range(1, rng.choice([1, 1, 2, 2, 2]) + 1):
                defendant_id = self.uid()
                defendants.rows.append(
                    (defendant_id, case_id, number, rng.choice(["male", "male", "female"]),
                     rng.choice(DEFENDANT_NATIONALITIES), rng.randint(20, 65), rng.choice(ROLES),
                     rng.random() < 0.02, opened + timedelta(days=rng.randint(0, 30))),
                )  # fmt: skip
                if rng.random() < 0.75:
                    self.charges(
                        defendant_id, opened, (trafficking, every_article), (charges, verdicts, sentences)
                    )
            if index % BATCH == BATCH - 1:
                self.flush()
        self.flush()
        self.sinks.clear()

    def charges(
        self,
        defendant_id: Any,
        opened: date,
        articles: tuple[list[Any], list[Any]],
        sinks: tuple[Sink, Sink, Sink],
    ) -> None:
        """One or two charges, a first-instance verdict on two thirds, an appeal on some, one sentence."""
        rng = self.rng
        trafficking, every_article = articles
        charges, verdicts, sentences = sinks
        charged = opened + timedelta(days=rng.randint(10, 120))
        chosen = {rng.choice(trafficking)}
        if rng.random() < 0.3:
            chosen.add(rng.choice(every_article))
        sentenced = False
        for article in sorted(chosen):
            charge_id = self.uid()
            charges.rows.append((charge_id, defendant_id, article, charged))
            if rng.random() < 0.35:
                continue  # pending
            decided = charged + timedelta(days=rng.randint(60, 500))
            outcome = rng.choices(["convicted", "acquitted", "dismissed"], weights=[70, 20, 10])[0]
            verdicts.rows.append((self.uid(), charge_id, "first_instance", outcome, decided))
            if rng.random() < 0.15:
                appeal = rng.choice(["convicted", "acquitted"])
                verdicts.rows.append((self.uid(), charge_id, "appeal", appeal, decided + timedelta(days=200)))
            if outcome == "convicted" and not sentenced:
                sentenced = True
                prison = rng.choice([6, 12, 24, 60, 72, 120, 240])
                sentences.rows.append(
                    (self.uid(), defendant_id, "first_instance", decided, prison,
                     rng.choice([0, 0, 0, prison // 2, prison]), rng.choice([0, 1_000_000, 5_000_000])),
                )  # fmt: skip

    def operations(self, organisations: dict[str, list[Any]]) -> None:
        """Hotline contacts, referrals and links between victim and criminal cases: a few thousand each."""
        from sanad.hotline.models import Contact
        from sanad.justice.models import VictimLink
        from sanad.referrals.models import Referral

        rng = self.rng
        count = max(2000, self.cases // 200)
        contacts = self.sink(
            Contact, ("id", "reference", "hotline_id", "channel", "contact_type", "received_at", "language",
                      "region", "reporter_relation", "state", "triaged_at", "escalated_at"),
        )  # fmt: skip
        for number in range(count):
            received = datetime.combine(self.day(), datetime.min.time(), tzinfo=UTC) + timedelta(
                minutes=rng.randrange(24 * 60)
            )
            triaged = received + timedelta(minutes=rng.randint(5, 3000)) if rng.random() < 0.9 else None
            escalated = triaged + timedelta(hours=1) if triaged and rng.random() < 0.2 else None
            state = "escalated" if escalated else "triaged" if triaged else "new"
            contacts.rows.append(
                (self.uid(), f"HL-{number:08d}", organisations["hotline"][0],
                 rng.choice(["phone", "phone", "web_form", "social_media", "email"]),
                 rng.choice(["crisis", "tip", "tip", "information", "other"]), self.adapt(received),
                 rng.choice(["darija", "french", "arabic", "english"]), rng.choice(REGIONS),
                 rng.choice(["self", "third_party", "anonymous"]), state,
                 self.adapt(triaged) if triaged else None, self.adapt(escalated) if escalated else None),
            )  # fmt: skip
        referrals = self.sink(
            Referral, ("id", "case_id", "from_organisation_id", "to_organisation_id", "service_type", "urgency",
                       "state", "due_at", "sent_at", "accepted_at", "declined_at"),
            {"from_snapshot": "{}", "to_snapshot": "{}"},
        )  # fmt: skip
        providers = organisations["ngo"] + organisations["shelter"]
        for case_id, opened in rng.sample(self.victim_case_sample, min(count, len(self.victim_case_sample))):
            sent = datetime.combine(opened, datetime.min.time(), tzinfo=UTC) + timedelta(
                hours=rng.randint(1, 24 * 60)
            )
            state = rng.choice(REFERRAL_STATES)
            answered = sent + timedelta(hours=rng.randint(1, 200))
            referrals.rows.append(
                (self.uid(), case_id, rng.choice(organisations["social_services"]), rng.choice(providers),
                 rng.choice(SERVICES), rng.choice(["emergency", "urgent", "routine"]), state,
                 self.adapt(sent + timedelta(days=5)), self.adapt(sent),
                 self.adapt(answered) if state in ("accepted", "in_progress", "completed") else None,
                 self.adapt(answered) if state == "declined" else None),
            )  # fmt: skip
        links = self.sink(VictimLink, ("id", "criminal_case_id", "case_id", "penalised_on"))
        pairs = {
            (rng.choice(self.criminal_case_sample), rng.choice(self.victim_case_sample))
            for _number in range(count if self.criminal_case_sample else 0)
        }
        for criminal_case_id, (case_id, opened) in sorted(pairs, key=str):
            penalised = self.day(opened, 400) if rng.random() < 0.05 else None
            links.rows.append((self.uid(), criminal_case_id, case_id, penalised))
        self.flush()
        self.sinks.clear()


def _cumulative(weights: list[float]) -> list[float]:
    total, running = 0.0, []
    for weight in weights:
        total += weight
        running.append(total)
    return running


@contextmanager
def _fast_sqlite() -> Iterator[None]:
    """For the load only: no fsync, the rollback journal in memory, a large page cache."""
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous = OFF")
        cursor.execute("PRAGMA journal_mode = MEMORY")
        cursor.execute("PRAGMA cache_size = -1000000")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA journal_mode = DELETE")


def load(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import connection

    from sanad.cases.models import Case
    from sanad.hotline.models import Contact
    from sanad.identification.models import StatusDecision
    from sanad.justice.models import Charge, CriminalCase, Defendant, Sentence, Verdict
    from sanad.people.models import Person
    from sanad.referrals.models import Referral

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    world = World(args.cases, args.criminal, args.seed)
    with _fast_sqlite():
        organisations = world.organisations()
        world.victims(organisations)
        victims_done = time.perf_counter()
        world.justice(organisations)
        world.operations(organisations)
    loaded = time.perf_counter()
    # Planner statistics and, on PostgreSQL, the visibility map, as a production database has them (autovacuum
    # there; ANALYZE on SQLite); and no autovacuum run starting in the middle of the measures.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    analysed = time.perf_counter()
    models = (
        Person,
        Case,
        StatusDecision,
        CriminalCase,
        Defendant,
        Charge,
        Verdict,
        Sentence,
        Contact,
        Referral,
    )
    counts = ", ".join(f"{model.objects.count():,} {model.__name__}" for model in models)
    _say(
        f"## {connection.vendor}: loaded in {loaded - started:.0f} s (victim cases {victims_done - started:.0f} s), "
        f"{'VACUUM ANALYZE' if connection.vendor == 'postgresql' else 'ANALYZE'} {analysed - loaded:.0f} s: {counts}"
    )
    linked = Person.objects.filter(linked_to__isnull=False).count()
    _say(f"#   {linked:,} person records linked to another record of the same human")


# --- the measures --------------------------------------------------------------------------------------------


def raw_victim_counts(start: date, end: date) -> dict[tuple[str, str, str], int]:
    """(sex, age group, citizenship) -> persons: one hand-written query, the block "all detected victims" of
    the victims table. Linked records count once, as their root record; the first presumed or identified
    decision over all her records dates her; sex, date of birth and nationalities are the root record's."""
    from django.conf import settings
    from django.db import connection

    from sanad.cases.models import Case
    from sanad.identification.models import StatusDecision
    from sanad.people.models import Person
    from sanad.statistics.victims import qualifying_statuses

    quote = connection.ops.quote_name
    decision, case, person = (quote(model._meta.db_table) for model in (StatusDecision, Case, Person))
    statuses = list(qualifying_statuses())
    # Her age in whole years on the decision day, as sanad.statistics.victims.age_on counts it: a birthday on
    # 29 February is reached on 1 March in other years. The same arithmetic on both databases.
    if connection.vendor == "postgresql":
        year, month_day = "EXTRACT(YEAR FROM {0})::int", "to_char({0}, 'MMDD')"
        national, has_any = "r.nationalities @> %s::jsonb", "jsonb_array_length(r.nationalities) > 0"
        country = json.dumps([settings.SANAD_COUNTRY])
    else:
        year, month_day = "CAST(strftime('%%Y', {0}) AS INTEGER)", "strftime('%%m%%d', {0})"
        national = "EXISTS (SELECT 1 FROM json_each(r.nationalities) AS n WHERE n.value = %s)"
        has_any = "json_array_length(r.nationalities) > 0"
        country = settings.SANAD_COUNTRY
    on, born = "f.first_on", "r.birth_date"
    child = (
        f"{year.format(on)} - {year.format(born)} "
        f"- CASE WHEN {month_day.format(on)} < {month_day.format(born)} THEN 1 ELSE 0 END < 18"
    )
    sql = f"""
        WITH firsts AS (
            SELECT COALESCE(p.linked_to_id, p.id) AS person_key, MIN(d.decided_on) AS first_on
            FROM {decision} d
            JOIN {case} c ON c.id = d.case_id
            JOIN {person} p ON p.id = c.person_id
            WHERE d.status IN ({", ".join(["%s"] * len(statuses))})
            GROUP BY COALESCE(p.linked_to_id, p.id)
            HAVING MIN(d.decided_on) >= %s AND MIN(d.decided_on) <= %s
        )
        SELECT r.sex,
               CASE WHEN r.birth_date IS NULL OR r.birth_date_precision = 'unknown' THEN 'unknown'
                    WHEN {child} THEN 'child' ELSE 'adult' END,
               CASE WHEN {national} THEN 'national' WHEN {has_any} THEN 'foreign' ELSE 'unknown' END,
               COUNT(*)
        FROM firsts f JOIN {person} r ON r.id = f.person_key
        GROUP BY 1, 2, 3
    """  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [*statuses, start, end, country])
        return {(sex, age, citizenship): count for sex, age, citizenship, count in cursor.fetchall()}


def _median_ms(run: Callable[[], Any]) -> tuple[float, Any]:
    """Median milliseconds of ROUNDS runs after one warm-up, and the last result."""
    result = run()
    times = []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def _compare(table: Any, raw: dict[tuple[str, str, str], int]) -> tuple[int, int, list[str]]:
    from sanad.statistics import victims as counting

    differences = []
    for citizenship in counting.CITIZENSHIPS:
        for sex in counting.SEXES:
            for age in counting.AGE_GROUPS:
                mine = table.at(f"all:{citizenship}", f"{sex}:{age}")
                theirs = raw.get((sex, age, citizenship), 0)
                if mine != theirs:
                    differences.append(f"{citizenship}/{sex}/{age}: table {mine}, raw query {theirs}")
    return int(table.at("all", "total")), sum(raw.values()), differences


def measure(args: argparse.Namespace) -> None:
    from django.db import connection

    from sanad.statistics.periods import calendar_year, tip_period
    from sanad.statistics.tables import compute_table, compute_tables

    vendor = connection.vendor
    period = calendar_year(YEAR)
    connection.ensure_connection()
    rss_before = _rss_mb()
    whole_ms, tables = _median_ms(lambda: compute_tables(period))
    victims_ms, victims = _median_ms(lambda: compute_table("victims", period=period))
    raw_ms, raw = _median_ms(lambda: raw_victim_counts(period.start, period.end))
    started = time.perf_counter()
    compute_tables(tip_period(TIP_YEAR))
    tip_ms = (time.perf_counter() - started) * 1000
    rss_after = _rss_mb()
    tracemalloc.start()
    compute_tables(period)
    _size, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    table_total, raw_total, differences = _compare(victims, raw)
    whole_ratio, victims_ratio = whole_ms / raw_ms, victims_ms / raw_ms
    _say(
        f"#   {len(tables)} tables; detected victims {YEAR}: victims table {table_total:,}, raw query {raw_total:,}"
    )
    if differences:
        _say("#   MISMATCH between the victims table and the raw query: " + "; ".join(differences[:12]))
    else:
        _say("#   all 36 cells sex x age group x citizenship of the victims table equal the raw query's")
    verdict = "under" if whole_ms < GOAL_MS else "OVER"
    _say(
        f"#   whole national set {whole_ms:,.0f} ms ({verdict} 2 s), victims table {victims_ms:,.0f} ms, "
        f"raw GROUP BY {raw_ms:,.0f} ms; ratios {whole_ratio:.1f}x and {victims_ratio:.1f}x; "
        f"TIP period {TIP_YEAR} once {tip_ms:,.0f} ms"
    )
    _say(
        f"#   memory: resident peak {rss_after:,.0f} MB ({rss_before:,.0f} MB before computing); Python "
        f"allocations peak {traced_peak / 2**20:,.0f} MB during one whole-set computation (tracemalloc)"
    )
    scale = f"{args.cases // 1000:,}k victim cases, {vendor}"
    results = [
        (f"statistics ({scale}): national table set {YEAR}", whole_ms, "ms", GOAL_MS),
        (f"statistics ({scale}): national table set / raw GROUP BY", whole_ratio, "x", GOAL_RATIO),
        (f"statistics ({scale}): victims table {YEAR}", victims_ms, "ms", GOAL_MS),
        (f"statistics ({scale}): victims table / raw GROUP BY", victims_ratio, "x", GOAL_RATIO),
        (f"statistics ({scale}): national table set, TIP period {TIP_YEAR}", tip_ms, "ms", GOAL_MS),
    ]
    for name, figure, unit, goal in results:
        _say(f"RESULT\t{name}\t{figure:.2f}\t{unit}\t{goal}\tlower")
    if differences:
        raise SystemExit("the victims table and the raw query disagree")
    if args.profile:
        profile(period)


def profile(period: Any) -> None:
    """cProfile of one whole-set computation; its queries re-run one by one, slowest first, with plans."""
    import cProfile
    import io
    import pstats

    from django.db import connection

    from sanad.statistics.tables import compute_tables

    queries: list[tuple[str, Any]] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append((sql, params))
        return execute(sql, params, many, context)

    profiler = cProfile.Profile()
    started = time.perf_counter()
    with connection.execute_wrapper(record):
        profiler.enable()
        compute_tables(period)
        profiler.disable()
    wall = time.perf_counter() - started
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(35)
    _say(f"## profile: one whole-set computation, {wall:.2f} s under cProfile, {len(queries)} queries")
    _say(text.getvalue())
    timed = []
    with connection.cursor() as cursor:
        for sql, params in queries:
            begun = time.perf_counter()
            cursor.execute(sql, params)
            rows = len(cursor.fetchall())
            timed.append((time.perf_counter() - begun, rows, sql, params))
    timed.sort(key=lambda item: -item[0])
    _say(f"## the queries re-run alone: {sum(item[0] for item in timed):.2f} s in all; the slowest:")
    for seconds, rows, sql, params in timed[:12]:
        _say(
            f"{seconds * 1000:8.0f} ms {rows:>8,} rows  {len(params or ())} params  {' '.join(sql.split())[:400]}"
        )
    explain = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        for seconds, _rows, sql, params in timed[:5]:
            cursor.execute(explain + sql, params)
            plan = "\n".join("    " + " | ".join(str(cell) for cell in row) for row in cursor.fetchall())
            _say(f"## plan of the {seconds * 1000:.0f} ms query {' '.join(sql.split())[:200]}\n{plan}")


def main() -> None:
    args = _parse()
    if args.phase is None:
        drive(args)
        return
    _start_django()
    if args.phase == "load":
        load(args)
    else:
        measure(args)


if __name__ == "__main__":
    main()
