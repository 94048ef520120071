"""The national-scale generator: persons with their encrypted identity, cases, screenings, status decisions,
consents and referrals; hotline contacts; criminal cases with defendants, charges, verdicts and sentences.

Deterministic for a seed (UUIDs included) except the encrypted values, whose Fernet tokens carry a random IV.
Rows are generated one person (or contact, or criminal case) at a time and flushed every ``BATCH``, so memory
stays flat whatever the scale.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sanad.crypto.normalise import canonical_document_number, canonical_phone
from sanad.crypto.ring import active_key_ring, blind_index, text_encryptor, use_key_ring
from sanad.demo.names import FAMILY, FEMALE_GIVEN, FOREIGN, MALE_GIVEN
from sanad.demo.national import distributions as shape
from sanad.demo.national.bulk import Sinks, moment_adapter

BATCH = 20_000  # persons, contacts or criminal cases per transaction
SAMPLE_PER_CHUNK = 1_000  # cases of each chunk kept for contacts and victim links, besides 2% of the rest
LINKED_SHARE = 0.02  # person records that another agency's record of the same human points to
TWICE_SHARE = 0.05  # persons with a second case

# The version (4) and variant (RFC 4122) bits of a UUID4, as uuid.UUID(version=4) sets them.
UUID4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
UUID4_SET = (0x4000 << 64) | (0x8000 << 48)

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Scale:
    """How many rows of each kind; referrals and contacts are spread so that their totals come close."""

    cases: int
    referrals: int
    contacts: int
    criminal_cases: int


@dataclass(frozen=True)
class Period:
    first_day: date
    last_day: date
    now: datetime  # nothing happens after it; the hotline's and the referrals' open work is just before it


@dataclass
class Cast:
    """Primary keys (as the database stores them) of who owns, decides, receives and works on the rows."""

    owners: list[Any]  # organisations that register persons and own their cases
    authorities: list[Any]  # competent authorities deciding victim status
    providers: list[Any]  # organisations receiving referrals
    hotline: Any
    investigating_units: list[Any]
    prosecution_offices: list[Any]
    courts: list[Any]
    case_workers: dict[Any, list[Any]] = field(default_factory=dict)  # organisation -> its case workers
    operators: list[Any] = field(default_factory=list)
    escalation_targets: list[Any] = field(default_factory=list)
    guide: Any = None  # the current identification guide, or None for no screenings
    # (profile code, outcome, dimension results) the guide's own scoring gave for some answer sets
    screening_results: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class Made:
    """What was written, per table."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, sinks: Sinks) -> None:
        from django.utils import translation

        with translation.override("en"):  # the command's report is in English, as the rest of its output
            for sink in sinks.sinks:
                name = str(sink.model._meta.verbose_name_plural)
                self.counts[name] = self.counts.get(name, 0) + sink.count


def _cumulative(weights: Sequence[float]) -> list[float]:
    total, running = 0.0, []
    for weight in weights:
        total += weight
        running.append(total)
    return running


@dataclass
class VictimChunk:
    last: int  # persons generated so far, this chunk included
    tables: tuple[list[tuple[Any, ...]], ...]  # persons, cases, screenings, decisions, consents, referrals
    sample: list[tuple[Any, date]]  # some of its cases, for contacts and victim links


_WORLD: NationalWorld | None = None  # in a forked generator process: the world it generates for


def _adopt_world(world: NationalWorld) -> None:
    """In a new generator process: start Django, take the parent's key ring, keep the world."""
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    use_key_ring(world.key_ring)
    world.bind()
    global _WORLD  # noqa: PLW0603 - one world per generator process, set once when the pool starts
    _WORLD = world


def _victim_chunk(bounds: tuple[int, int]) -> VictimChunk:
    assert _WORLD is not None
    return _WORLD.victim_chunk(bounds)


class NationalWorld:
    def __init__(
        self,
        scale: Scale,
        period: Period,
        cast: Cast,
        *,
        seed: int,
        vendor: str,
        reference_prefix: str,
        progress: Progress | None = None,
    ) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.scale, self.period, self.cast = scale, period, cast
        self.native_uuid = vendor == "postgresql"
        self.prefix = reference_prefix
        self.progress = progress or (lambda _stage, _done, _total: None)
        self.vendor = vendor
        self.key_ring = active_key_ring()
        self.bind()
        self.span = (period.last_day - period.first_day).days + 1
        self.region_weights = _cumulative(shape.REGION_WEIGHTS)
        self.sex_weights = _cumulative(shape.SEX_WEIGHTS)
        self.precision_weights = _cumulative(shape.PRECISION_WEIGHTS)
        self.form_weights = _cumulative(shape.FORM_WEIGHTS)
        self.pattern_weights = _cumulative([weight for _pattern, weight in shape.DECISION_PATTERNS])
        self.closure_weights = _cumulative(shape.CLOSURE_WEIGHTS)
        self.answered_weights = _cumulative(shape.ANSWERED_WEIGHTS)
        self.settled_weights = _cumulative(shape.SETTLED_WEIGHTS)
        self.case_numbers: dict[int, int] = {}  # year -> last case number used
        self.victim_case_sample: list[tuple[Any, date]] = []  # for contacts and victim links
        self.criminal_case_sample: list[Any] = []
        self.made = Made()

    def bind(self) -> None:
        """The callables a generator process makes for itself (they do not cross process boundaries)."""
        self.encrypt = text_encryptor()
        self.adapt = moment_adapter(self.vendor)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        for name in ("encrypt", "adapt", "progress"):
            state.pop(name, None)
        return state

    # --- small draws ---------------------------------------------------------------------------------------

    def uid(self) -> Any:
        """A UUID4 from the seeded generator, as the database stores it (hex text on SQLite)."""
        bits = (self.rng.getrandbits(128) & UUID4_CLEAR) | UUID4_SET
        return uuid.UUID(int=bits) if self.native_uuid else f"{bits:032x}"

    def day(self, start: date | None = None, span: int | None = None) -> date:
        return (start or self.period.first_day) + timedelta(days=self.rng.randrange(span or self.span))

    def moment(self, day: date, *, hours: int = 0) -> datetime:
        return datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(
            minutes=self.rng.randrange(24 * 60) + hours * 60
        )

    def case_reference(self, year: int) -> str:
        number = self.case_numbers.get(year, 0) + 1
        self.case_numbers[year] = number
        return f"{self.prefix}-{year}-{number:06d}"

    def person_facts(self, reference: date) -> tuple[str, str | None, str, list[str]]:
        """(sex, birth date, its precision, nationalities): about a fifth children when first seen."""
        rng = self.rng
        sex = rng.choices(shape.SEXES, cum_weights=self.sex_weights)[0]
        precision = rng.choices(shape.PRECISIONS, cum_weights=self.precision_weights)[0]
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
            nationalities = (
                [rng.choice(shape.FOREIGN)] if rng.random() < 0.97 else rng.sample(shape.FOREIGN, 2)
            )
        else:
            nationalities = []
        return sex, birth.isoformat() if birth else None, precision, nationalities

    def identity(self, sex: str, nationalities: list[str]) -> tuple[str, ...]:
        """Encrypted names in one or both scripts, phone and document with their blind indexes."""
        rng, encrypt = self.rng, self.encrypt
        if not nationalities or nationalities[0] == "MAR":
            given_latin, given_ar = rng.choice(MALE_GIVEN if sex == "male" else FEMALE_GIVEN)
            family_latin, family_ar = rng.choice(FAMILY)
            script = rng.random()
            if script < 0.15:
                given_latin = family_latin = ""
            elif script < 0.3:
                given_ar = family_ar = ""
            document_type, document = "cin", f"{rng.choice('ABCDGHJKLMNPSTXZ')}{rng.randint(100000, 999999)}"
        else:
            _country, _sex, given_latin, family_latin = rng.choice(FOREIGN)
            given_ar = family_ar = ""
            document_type, document = "passport", f"P{rng.randint(1000000, 9999999)}"
        if rng.random() < 0.4:
            document_type = document = ""
        phone = f"+2126{rng.randint(10000000, 99999999)}" if rng.random() < 0.6 else ""
        return (
            encrypt(given_ar),
            encrypt(family_ar),
            encrypt(given_latin),
            encrypt(family_latin),
            document_type,
            encrypt(document),
            blind_index(canonical_document_number(document), purpose="document") if document else "",
            encrypt(phone),
            blind_index(canonical_phone(phone), purpose="phone") if phone else "",
        )

    def forms(self) -> str:
        rng = self.rng
        draw = rng.random()
        if draw < 0.05:
            return "[]"
        count = 2 if draw < 0.20 else 1
        chosen: set[str] = set()
        while len(chosen) < count:
            chosen.add(rng.choices(shape.FORMS, cum_weights=self.form_weights)[0])
        return json.dumps(sorted(chosen))

    def referral_count(self) -> int:
        """Poisson-distributed with the mean that gives the scale's total (Knuth's method: the mean is small)."""
        mean = self.scale.referrals / max(1, self.scale.cases)
        limit, count, product = pow(2.718281828459045, -mean), 0, self.rng.random()
        while product > limit:
            count += 1
            product *= self.rng.random()
        return count

    # --- victims -------------------------------------------------------------------------------------------

    def victims(self, workers: int = 0) -> None:
        """Persons and their cases, in chunks of ``BATCH`` persons generated by ``workers`` forked processes
        (0: in this one) and written here in chunk order, so the data are the same either way."""
        from sanad.cases.models import Case
        from sanad.identification.models import Screening, StatusDecision
        from sanad.people.models import Person
        from sanad.referrals.models import Consent, Referral

        started = time.perf_counter()
        sinks = Sinks(self.period.now)
        sinks(
            Person, ("id", "owning_organisation_id", "given_name_ar", "family_name_ar", "given_name_latin",
                     "family_name_latin", "document_type", "document_number", "document_number_index", "phone",
                     "phone_index", "sex", "birth_date", "birth_date_precision", "nationalities", "linked_to_id"),
        )  # fmt: skip
        sinks(
            Case, ("id", "reference", "person_id", "owning_organisation_id", "case_worker_id", "opened_on",
                   "region", "status", "closed_on", "closure_reason", "forms_of_exploitation",
                   "exploitation_country"),
        )  # fmt: skip
        sinks(
            Screening, ("id", "case_id", "guide_id", "profile", "interviewed_on", "interviewer_id",
                        "organisation_id", "outcome", "dimension_results"),
        )  # fmt: skip
        sinks(
            StatusDecision, ("id", "case_id", "status", "decided_on", "decided_by_organisation_id"),
            {"legal_basis": "Loi 27-14, art. 4", "rationale": ""},
        )  # fmt: skip
        sinks(
            Consent, ("id", "case_id", "purpose", "organisation_id", "decision", "given_on", "withdrawn_at"),
            {"method": "signed_form"},
        )  # fmt: skip
        sinks(
            Referral, ("id", "case_id", "from_organisation_id", "to_organisation_id", "service_type", "urgency",
                       "state", "due_at", "sent_at", "accepted_at", "declined_at", "expired_at",
                       "in_progress_at", "completed_at", "withdrawn_at", "consent_id"),
            {"from_snapshot": "{}", "to_snapshot": "{}"},
        )  # fmt: skip
        person_count = round(self.scale.cases / (1 + TWICE_SHARE))
        chunks = range((person_count + BATCH - 1) // BATCH)
        bounds = [(number * BATCH, min(person_count, (number + 1) * BATCH)) for number in chunks]
        if workers > 1 and len(bounds) > 1:
            # Spawned, not forked: the parent may hold threads (DuckDB's, after a linkage run) whose locks a
            # forked child would inherit held for ever.
            context = multiprocessing.get_context("spawn")
            with context.Pool(workers, initializer=_adopt_world, initargs=(self,)) as pool:
                self._write_victims(pool.imap(_victim_chunk, bounds), sinks, person_count)
        else:
            self._write_victims(map(self.victim_chunk, bounds), sinks, person_count)
        self.made.add(sinks)
        self.made.seconds["victims"] = time.perf_counter() - started

    def _write_victims(self, chunks: Iterator[VictimChunk], sinks: Sinks, person_count: int) -> None:
        for chunk in chunks:
            for sink, rows in zip(sinks.sinks, chunk.tables, strict=True):
                sink.rows = rows
            # Case references are numbered here, in chunk order: each year's series has no gap.
            sinks.sinks[1].rows = [
                (row[0], self.case_reference(int(row[5][:4])), *row[2:]) for row in sinks.sinks[1].rows
            ]
            sinks.flush()
            self.victim_case_sample.extend(chunk.sample)
            self.progress("persons and their cases", chunk.last, person_count)

    def victim_chunk(self, bounds: tuple[int, int]) -> VictimChunk:
        """The rows of persons ``bounds[0]`` to ``bounds[1] - 1``, from a random stream of their own."""
        first, last = bounds
        rng = self.rng = random.Random(f"{self.seed}:victims:{first}")
        cast = self.cast
        persons: list[tuple[Any, ...]] = []
        cases: list[tuple[Any, ...]] = []
        screenings: list[tuple[Any, ...]] = []
        decisions: list[tuple[Any, ...]] = []
        consents: list[tuple[Any, ...]] = []
        referrals: list[tuple[Any, ...]] = []
        sample: list[tuple[Any, date]] = []
        roots: list[tuple[Any, tuple[str, str | None, str, list[str]]]] = []  # recent unlinked records
        blank: tuple[str, str | None, str, list[str]] = ("unknown", None, "unknown", [])
        for index in range(first, last):
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
            owner = rng.choice(cast.owners)
            sex, birth, precision, nationalities = facts
            persons.append(
                (person_id, owner, *self.identity(sex, nationalities), sex, birth, precision,
                 json.dumps(nationalities), linked_to),
            )  # fmt: skip
            for number in range(2 if rng.random() < TWICE_SHARE else 1):
                if number:
                    opened = min(self.period.last_day, opened + timedelta(days=rng.randint(30, 900)))
                case_id = self.case(cases, person_id, owner, opened)
                first_status = self.decisions(decisions, case_id, opened)
                self.screening(screenings, case_id, owner, opened, birth=birth, first_status=first_status)
                self.referrals(referrals, consents, case_id, owner, opened)
                if rng.random() < 0.005:
                    withdrawn = self.adapt(self.moment(opened)) if rng.random() < 0.3 else None
                    decision = "refused" if rng.random() < 0.1 else "given"
                    consents.append(
                        (self.uid(), case_id, "statistics", owner, decision, opened.isoformat(), withdrawn)
                    )
                if len(sample) < SAMPLE_PER_CHUNK or rng.random() < 0.02:
                    sample.append((case_id, opened))
        return VictimChunk(last, (persons, cases, screenings, decisions, consents, referrals), sample)

    def case(self, cases: list[tuple[Any, ...]], person_id: Any, owner: Any, opened: date) -> Any:
        rng = self.rng
        case_id = self.uid()
        workers = self.cast.case_workers.get(owner)
        worker = rng.choice(workers) if workers else None
        closed_on, reason, status = None, "", "open"
        age_days = (self.period.last_day - opened).days
        # Most cases older than a year are closed; a few stay open for years (a trial, a long reintegration).
        if age_days > 60 and rng.random() < min(0.95, age_days / 500):
            closed_on = min(
                self.period.last_day, opened + timedelta(days=rng.randint(30, min(720, age_days)))
            )
            reason = rng.choices(shape.CLOSURE_REASONS, cum_weights=self.closure_weights)[0]
            status = "closed"
        cases.append(
            (case_id, None, person_id, owner, worker, opened.isoformat(),
             rng.choices(shape.REGIONS, cum_weights=self.region_weights)[0], status,
             closed_on.isoformat() if closed_on else None, reason, self.forms(),
             "MAR" if rng.random() < 0.85 else rng.choice(["ESP", "LBY", "DZA", ""])),
        )  # fmt: skip
        return case_id

    def decisions(self, decisions: list[tuple[Any, ...]], case_id: Any, opened: date) -> str | None:
        """The case's status decisions; returns the first status, or None when none was decided yet."""
        rng = self.rng
        decided = opened + timedelta(days=rng.randint(7, 60))
        if decided > self.period.last_day:
            return None
        pattern = rng.choices(shape.DECISION_PATTERNS, cum_weights=self.pattern_weights)[0][0]
        for status in pattern:
            if decided > self.period.last_day:
                break
            decisions.append(
                (self.uid(), case_id, status, decided.isoformat(), rng.choice(self.cast.authorities))
            )
            decided += timedelta(days=rng.randint(30, 300))
        return pattern[0]

    def screening(
        self,
        screenings: list[tuple[Any, ...]],
        case_id: Any,
        owner: Any,
        opened: date,
        *,
        birth: str | None,
        first_status: str | None,
    ) -> None:
        rng, cast = self.rng, self.cast
        if cast.guide is None or not cast.screening_results or rng.random() < 0.1:
            return
        interviewed = opened + timedelta(days=rng.randint(0, 6))
        if interviewed > self.period.last_day:
            return
        child = birth is not None and (interviewed - date.fromisoformat(birth)).days < 18 * 365
        wanted = shape.SCREENING_FOR_STATUS.get(first_status or "", "possible")
        fitting = [
            row for row in cast.screening_results if row[0].startswith("child_" if child else "adult_")
        ] or cast.screening_results
        matching = [row for row in fitting if row[1] == wanted] or fitting
        profile, outcome, results = rng.choice(matching)
        workers = cast.case_workers.get(owner)
        screenings.append(
            (self.uid(), case_id, cast.guide, profile, interviewed.isoformat(),
             rng.choice(workers) if workers else None, owner, outcome, results),
        )  # fmt: skip

    def referrals(
        self,
        referrals: list[tuple[Any, ...]],
        consents: list[tuple[Any, ...]],
        case_id: Any,
        owner: Any,
        opened: date,
    ) -> None:
        rng, cast = self.rng, self.cast
        count = self.referral_count()
        if not count or not cast.providers:
            return
        consent_id = self.uid()
        consents.append((consent_id, case_id, "referral", owner, "given", opened.isoformat(), None))
        recent = self.period.now - timedelta(days=5)
        for number in range(count):
            day = min(
                self.period.last_day,
                opened + timedelta(days=rng.randint(0, 30) + number * rng.randint(5, 90)),
            )
            sent = self.moment(day)
            if sent > self.period.now:
                continue
            moments: dict[str, datetime | None] = dict.fromkeys(
                ("accepted", "declined", "expired", "in_progress", "completed", "withdrawn")
            )
            if sent > recent:
                state = "sent" if rng.random() < 0.6 else "accepted"
            else:
                state = rng.choices(shape.ANSWERED_STATES, cum_weights=self.answered_weights)[0]
            answered = sent + timedelta(hours=rng.randint(1, 96))
            if state in ("accepted", "in_progress", "completed"):
                moments["accepted"] = min(answered, self.period.now)
            if state in ("in_progress", "completed"):
                moments["in_progress"] = answered + timedelta(days=1)
            if state == "completed":
                moments["completed"] = answered + timedelta(days=rng.randint(10, 180))
            if state in ("declined", "expired", "withdrawn"):
                moments[state] = answered
            urgency = rng.choices(["emergency", "urgent", "routine"], weights=[10, 30, 60])[0]
            referrals.append(
                (self.uid(), case_id, owner, rng.choice(cast.providers), rng.choice(shape.SERVICES), urgency,
                 state, self.adapt(sent + timedelta(days=3 if urgency == "routine" else 1)), self.adapt(sent),
                 *(self.adapt(moments[name]) for name in ("accepted", "declined", "expired", "in_progress",
                                                             "completed", "withdrawn")),
                 consent_id),
            )  # fmt: skip

    # --- hotline -------------------------------------------------------------------------------------------

    def contacts(self) -> None:
        from sanad.hotline.models import Contact
        from sanad.hotline.services import REFERENCE_ALPHABET

        rng, cast = self.rng, self.cast
        started = time.perf_counter()
        sinks = Sinks(self.period.now)
        contacts = sinks(
            Contact, ("id", "reference", "hotline_id", "channel", "contact_type", "received_at", "language",
                      "region", "reporter_relation", "urgency", "narrative", "callback_number", "callback_index",
                      "state", "triaged_at", "escalated_at", "information_only_at", "not_trafficking_at",
                      "closed_at", "assigned_to_id", "escalated_to_id", "case_id"),
        )  # fmt: skip
        references: set[str] = set()
        total = self.scale.contacts
        backlog_from = self.period.now - timedelta(days=2)
        for index in range(total):
            received = self.moment(self.day())
            if received > self.period.now:
                received = self.period.now - timedelta(minutes=rng.randrange(3 * 24 * 60))
            reference = ""
            while not reference or reference in references:
                body = "".join(rng.choices(REFERENCE_ALPHABET, k=8))
                reference = f"{body[:4]}-{body[4:]}"
            references.add(reference)
            operator = rng.choice(cast.operators) if cast.operators else None
            moments: dict[str, datetime | None] = dict.fromkeys(
                ("triaged", "escalated", "information_only", "not_trafficking", "closed")
            )
            escalated_to = case_id = None
            if received > backlog_from:
                state = "new" if rng.random() < 0.4 else "triaged"
                assigned = operator if state == "triaged" else None
            else:
                state = rng.choices(shape.SETTLED_STATES, cum_weights=self.settled_weights)[0]
                assigned = operator
            if state != "new":
                moments["triaged"] = min(self.period.now, received + timedelta(minutes=rng.randint(2, 600)))
            if state in ("escalated", "information_only", "not_trafficking", "closed"):
                moments[state] = min(self.period.now, received + timedelta(hours=rng.randint(1, 40)))
            if state == "escalated" and cast.escalation_targets:
                escalated_to = rng.choice(cast.escalation_targets)
                if self.victim_case_sample and rng.random() < 0.5:
                    case_id = rng.choice(self.victim_case_sample)[0]
            callback = f"06{rng.randint(10000000, 99999999)}" if rng.random() < 0.4 else ""
            contacts.add(
                self.uid(), reference, cast.hotline, rng.choice(shape.CHANNELS), rng.choice(shape.CONTACT_TYPES),
                self.adapt(received), rng.choice(shape.CONTACT_LANGUAGES),
                rng.choices(shape.REGIONS, cum_weights=self.region_weights)[0],
                rng.choice(["self", "third_party", "third_party", "anonymous"]), rng.choice([1, 1, 1, 2, 3]),
                self.encrypt("Synthetic contact: no real person."), self.encrypt(callback),
                blind_index(canonical_phone(callback), purpose="phone") if callback else "", state,
                *(self.adapt(moments[name]) for name in ("triaged", "escalated", "information_only",
                                                            "not_trafficking", "closed")),
                assigned, escalated_to, case_id,
            )  # fmt: skip
            if index % BATCH == BATCH - 1 and index + 1 < total:
                sinks.flush()
                self.progress("hotline contacts", index + 1, total)
        sinks.flush()
        self.progress("hotline contacts", total, total)
        self.made.add(sinks)
        self.made.seconds["contacts"] = time.perf_counter() - started

    # --- criminal justice ----------------------------------------------------------------------------------

    def justice(self) -> None:
        from sanad.justice.models import Charge, CriminalCase, Defendant, OffenceArticle, Sentence, Verdict

        rng, cast = self.rng, self.cast
        started = time.perf_counter()
        articles = list(OffenceArticle.objects.values_list("pk", "is_trafficking_offence"))
        trafficking = [pk for pk, is_trafficking in articles if is_trafficking]
        every_article = [pk for pk, _is_trafficking in articles]
        sinks = Sinks(self.period.now)
        criminal_cases = sinks(
            CriminalCase, ("id", "reference", "investigating_unit_id", "prosecution_office_id", "court_id",
                           "region", "opened_on", "origin", "forms_of_exploitation", "referred_to_prosecution_on"),
        )  # fmt: skip
        defendants = sinks(
            Defendant, ("id", "criminal_case_id", "number", "full_name", "sex", "nationality", "age", "role",
                        "is_public_official", "investigated_on"),
        )  # fmt: skip
        charges = sinks(Charge, ("id", "defendant_id", "article_id", "charged_on"))
        verdicts = sinks(Verdict, ("id", "charge_id", "court_level", "outcome", "decided_on"))
        sentences = sinks(
            Sentence, ("id", "defendant_id", "court_level", "decided_on", "prison_months", "suspended_months",
                       "fine_minor"),
        )  # fmt: skip
        total = self.scale.criminal_cases
        for index in range(total):
            opened = self.day()
            case_id = self.uid()
            criminal_cases.add(
                case_id, f"PJ-{opened.year}-{index + 1:07d}", rng.choice(cast.investigating_units),
                rng.choice(cast.prosecution_offices), rng.choice(cast.courts) if rng.random() < 0.8 else None,
                rng.choices(shape.REGIONS, cum_weights=self.region_weights)[0], opened.isoformat(),
                rng.choice(shape.CRIMINAL_ORIGINS), json.dumps(rng.sample(shape.CRIMINAL_FORMS, rng.choice([1, 1, 1, 2]))),
                opened.isoformat(),
            )  # fmt: skip
            if len(self.criminal_case_sample) < 5000:
                self.criminal_case_sample.append(case_id)
            for number in range(1, rng.choice([1, 1, 2, 2, 2]) + 1):
                defendant_id = self.uid()
                sex = rng.choice(["male", "male", "female"])
                given = rng.choice(MALE_GIVEN if sex == "male" else FEMALE_GIVEN)[0]
                defendants.add(
                    defendant_id, case_id, number, self.encrypt(f"{given} {rng.choice(FAMILY)[0]}"), sex,
                    rng.choice(shape.DEFENDANT_NATIONALITIES), rng.randint(20, 65), rng.choice(shape.DEFENDANT_ROLES),
                    rng.random() < 0.02, (opened + timedelta(days=rng.randint(0, 30))).isoformat(),
                )  # fmt: skip
                if rng.random() < 0.75:
                    self.charges(
                        defendant_id, opened, (trafficking, every_article), (charges, verdicts, sentences)
                    )
            if index % BATCH == BATCH - 1 and index + 1 < total:
                sinks.flush()
                self.progress("criminal cases", index + 1, total)
        sinks.flush()
        self.progress("criminal cases", total, total)
        self.made.add(sinks)
        self.made.seconds["justice"] = time.perf_counter() - started

    def charges(
        self,
        defendant_id: Any,
        opened: date,
        articles: tuple[list[Any], list[Any]],
        sinks: tuple[Any, Any, Any],
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
            charges.add(charge_id, defendant_id, article, charged.isoformat())
            decided = charged + timedelta(days=rng.randint(60, 500))
            if rng.random() < 0.35 or decided > self.period.last_day:
                continue  # pending
            outcome = rng.choices(["convicted", "acquitted", "dismissed"], weights=[70, 20, 10])[0]
            verdicts.add(self.uid(), charge_id, "first_instance", outcome, decided.isoformat())
            appeal_on = decided + timedelta(days=200)
            if rng.random() < 0.15 and appeal_on <= self.period.last_day:
                verdicts.add(
                    self.uid(),
                    charge_id,
                    "appeal",
                    rng.choice(["convicted", "acquitted"]),
                    appeal_on.isoformat(),
                )
            if outcome == "convicted" and not sentenced:
                sentenced = True
                prison = rng.choice([6, 12, 24, 60, 72, 120, 240])
                sentences.add(
                    self.uid(), defendant_id, "first_instance", decided.isoformat(), prison,
                    rng.choice([0, 0, 0, prison // 2, prison]), rng.choice([0, 1_000_000, 5_000_000]),
                )  # fmt: skip

    def victim_links(self) -> None:
        from sanad.justice.models import VictimLink

        rng = self.rng
        sinks = Sinks(self.period.now)
        links = sinks(VictimLink, ("id", "criminal_case_id", "case_id", "penalised_on"))
        count = max(2000, self.scale.criminal_cases // 2) if self.criminal_case_sample else 0
        pairs = {
            (rng.choice(self.criminal_case_sample), rng.choice(self.victim_case_sample))
            for _number in range(count)
        }
        for criminal_case_id, (case_id, opened) in sorted(pairs, key=str):
            penalised = self.day(opened, 400) if rng.random() < 0.05 else None
            links.add(self.uid(), criminal_case_id, case_id, penalised.isoformat() if penalised else None)
        sinks.flush()
        self.made.add(sinks)
