"""``sanad demo --scale``: the national-scale data set is consistent, encrypted and usable by the application,
the same whether forked processes generate it or not."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from sanad.cases.models import Case
from sanad.cases.services import next_case_reference
from sanad.crypto.ring import decrypt_text
from sanad.demo import national
from sanad.demo.generator import LATEST_OPENING, create_demo
from sanad.demo.names import FAMILY, FEMALE_GIVEN, FOREIGN, MALE_GIVEN
from sanad.demo.national import world as national_world
from sanad.hotline.models import Contact, TriageState
from sanad.identification.models import IdentificationGuide, Screening, StatusDecision
from sanad.identification.scoring import score
from sanad.identification.services import install_shipped_guide
from sanad.justice.models import CriminalCase, Defendant
from sanad.people.models import Person
from sanad.people.services import identity_indexes
from sanad.referrals.models import Consent, Referral
from sanad.statistics.periods import calendar_year
from sanad.statistics.tables import compute_table

SMALL = national.Scale(cases=900, referrals=1800, contacts=400, criminal_cases=80)
NOW = national.demo_now(LATEST_OPENING)
LATIN_NAMES = {name for name, _arabic in FEMALE_GIVEN + MALE_GIVEN + FAMILY} | {
    name for row in FOREIGN for name in row[2:]
}


def _add(workers: int = 0, scale: national.Scale = SMALL) -> national.Made:
    return national.add_national_scale(
        scale, cast=national.demo_cast(seed=3), last_day=LATEST_OPENING, now=NOW, seed=5, workers=workers
    )


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 200 persons: the small set goes through several transactions and worker chunks."""
    monkeypatch.setattr(national_world, "BATCH", 200)


@pytest.mark.django_db
def test_national_scale_is_consistent_encrypted_and_counted(small_chunks: None) -> None:
    create_demo(seed=7, password="pw", persons=30, contacts=60)
    before = Counter(
        {model: model.objects.count() for model in (Person, Case, Referral, Contact, CriminalCase)}
    )
    demo_contacts = list(Contact.objects.values_list("pk", flat=True))
    demo_referrals = list(Referral.objects.values_list("pk", flat=True))
    made = _add(workers=2)
    added = {model: model.objects.count() - before[model] for model in before}

    # The sizes asked for, within the spread of the random draws.
    assert added[Case] == pytest.approx(SMALL.cases, rel=0.05)
    assert added[Person] == round(SMALL.cases / 1.05)
    assert added[Referral] == pytest.approx(SMALL.referrals, rel=0.15)
    assert added[Contact] == SMALL.contacts
    assert added[CriminalCase] == SMALL.criminal_cases
    assert made.counts[str(Case._meta.verbose_name_plural)] == added[Case]

    # Identity is encrypted at rest: no name in the clear in the table, the model reads it back.
    table = Person._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT given_name_latin, family_name_latin, phone FROM {table}")  # noqa: S608
        stored = [value for row in cursor.fetchall() for value in row if value]
    assert stored and not LATIN_NAMES & set(stored)
    readable = [
        person for person in Person.objects.order_by("pk")[:200] if person.latin_name or person.arabic_name
    ]
    assert len(readable) > 150
    # (The demo's own duplicate registrations spell some names in capitals.)
    known = {name.casefold() for name in LATIN_NAMES}
    assert {person.family_name_latin.casefold() for person in readable if person.family_name_latin} <= known
    with_phone = [person for person in readable if person.phone]
    assert with_phone and all(
        person.phone_index == identity_indexes(phone=person.phone, document_number="")["phone_index"]
        for person in with_phone
    )
    # A link always points at a record that is not itself linked (the statistics count the root once).
    assert Person.objects.filter(linked_to__isnull=False).exists()
    assert not Person.objects.filter(linked_to__linked_to__isnull=False).exists()

    # Case references continue each year's series: the next case of a bulk year takes the next number.
    references = list(Case.objects.values_list("reference", flat=True))
    assert len(set(references)) == len(references)
    assert all(re.fullmatch(r"MA-20\d\d-\d{6}", reference) for reference in references)
    numbers_2020 = [int(reference[-6:]) for reference in references if reference.startswith("MA-2020-")]
    assert sorted(numbers_2020) == list(range(1, len(numbers_2020) + 1))
    assert next_case_reference(year=2020) == f"MA-2020-{len(numbers_2020) + 1:06d}"

    # Nothing happens after the demo's day; open work is recent, as in a living system.
    assert not Case.objects.filter(opened_on__gt=LATEST_OPENING).exists()
    assert not StatusDecision.objects.filter(decided_on__gt=LATEST_OPENING).exists()
    assert not Referral.objects.filter(sent_at__gt=NOW).exists()
    assert not Contact.objects.filter(received_at__gt=NOW).exists()
    backlog = Contact.objects.exclude(pk__in=demo_contacts).filter(
        state__in=[TriageState.NEW, TriageState.TRIAGED]
    )
    assert not backlog.filter(received_at__lt=NOW - timedelta(days=3)).exists()
    settled = set(Contact.objects.exclude(pk__in=demo_contacts).values_list("state", flat=True))
    assert {"closed", "escalated", "information_only", "not_trafficking"} <= settled
    bulk_referrals = Referral.objects.exclude(pk__in=demo_referrals)
    assert not bulk_referrals.filter(state="sent", sent_at__lt=NOW - timedelta(days=6)).exists()
    assert not bulk_referrals.filter(state="accepted", accepted_at=None).exists()
    assert not bulk_referrals.filter(consent=None).exists()
    assert Consent.objects.filter(purpose="statistics").exists()
    old_cases = Case.objects.filter(opened_on__lt=date(2020, 1, 1))
    assert old_cases.filter(status="closed").count() > 0.8 * old_cases.count()
    assert not Case.objects.filter(status="closed", closed_on=None).exists()

    # Screenings carry what the guide's own scoring gives for some answers of their profile.
    screening = Screening.objects.select_related("guide").exclude(dimension_results={}).first()
    assert screening is not None and screening.outcome in {"presumed", "possible", "none"}
    assert set(screening.dimension_results) == set(screening.guide.definition.dimensions)
    assert Defendant.objects.exclude(full_name="").count() == Defendant.objects.count()

    # The counting module works on it: this year's detected victims are counted, a few hundred at most.
    victims = compute_table("victims", period=calendar_year(2020))
    assert 0 < victims.at("all", "total") < SMALL.cases / 5


@pytest.mark.django_db
def test_worker_processes_generate_the_same_rows_as_one_process(small_chunks: None) -> None:
    create_demo(seed=7, password="pw", persons=10, contacts=10)
    cast = national.demo_cast(seed=3)
    period = national.Period(first_day=date(2016, 1, 1), last_day=LATEST_OPENING, now=NOW)

    def chunks(workers: int) -> list[Any]:
        world = national_world.NationalWorld(
            SMALL,
            period,
            cast,
            seed=5,
            vendor=connection.vendor,
        )
        bounds = [(first, first + 200) for first in range(0, 800, 200)]
        if not workers:
            return [world.victim_chunk(bound) for bound in bounds]
        return list(national_world.victim_chunks_in_processes(world, bounds, workers))

    def readable(chunk: Any) -> tuple[Any, ...]:
        persons = [
            tuple(
                decrypt_text(value) if index in {2, 3, 4, 5, 7, 9} and value else value
                for index, value in enumerate(row)
            )
            for row in chunk.tables[0]
        ]
        return (persons, *chunk.tables[1:], chunk.sample)

    alone, forked = chunks(0), chunks(2)
    assert [readable(chunk) for chunk in alone] == [readable(chunk) for chunk in forked]
    # And the chunks differ from one another: each has its own random stream.
    assert alone[0].tables[0][0][0] != alone[1].tables[0][0][0]


@pytest.mark.django_db
def test_demo_command_adds_the_scale_asked_for_with_progress(
    small_chunks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(
        national.SCALES, "medium", national.Scale(cases=500, referrals=900, contacts=250, criminal_cases=40)
    )
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    out = StringIO()
    call_command(
        "demo", "--scale", "medium", "--persons", "20", "--contacts", "30", "--password", "pw", stdout=out
    )
    text = out.getvalue()
    assert "Adding the medium national-scale data set: 500 cases" in text
    assert re.search(r"persons and their cases: 200 of 476 \(42%\)", text)
    assert "persons and their cases: 476 of 476 (100%)" in text
    assert re.search(r"Added in [\d,]+ s: 476 persons, \d{3} cases", text)
    assert "sanad link run" in text
    cases, referrals = Case.objects.count(), Referral.objects.count()
    assert cases > 500
    # A second run keeps what exists and adds nothing.
    again = StringIO()
    call_command("demo", "--scale", "medium", "--password", "pw", stdout=again)
    assert "Kept the existing demo data" in again.getvalue() and "Adding" not in again.getvalue()
    assert (Case.objects.count(), Referral.objects.count()) == (cases, referrals)


@pytest.mark.django_db
def test_screening_results_are_what_the_guide_scores() -> None:
    install_shipped_guide()
    guide = IdentificationGuide.objects.get(is_current=True)
    results = national.screening_results(guide, seed=1, per_profile=6)
    assert {outcome for _profile, outcome, _record in results} == {"presumed", "possible", "none"}
    assert {profile for profile, _outcome, _record in results} == set(guide.definition.profiles)
    # Scoring a profile with no "yes" at all never gives a presumed victim.
    for code in guide.definition.profiles:
        assert str(score(guide.definition, code, {}).outcome) == "none"
