"""The victim counting rules (DESIGN §4), each against a fixture whose answer was worked out by hand."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from sanad.accounts.models import Organisation
from sanad.cases.models import Case
from sanad.identification.models import StatusDecision
from sanad.people.models import BirthDatePrecision, Person
from sanad.people.services import link_same_person
from sanad.referrals.models import Consent
from sanad.statistics.periods import calendar_year, tip_period
from sanad.statistics.tables import compute_table
from sanad.statistics.victims import detected_victims, detected_victims_by_period, victims_identified

pytestmark = pytest.mark.django_db
_references = itertools.count(1)


@pytest.fixture
def agencies() -> dict[str, Organisation]:
    return {
        code: Organisation.objects.create(short_code=code, name=f"Org {code}", type=kind, region="MA-06")
        for code, kind in (("ngo", "social_services"), ("police", "police"), ("parquet", "prosecution"))
    }


def _person(owner: Organisation, **facts: Any) -> Person:
    defaults: dict[str, Any] = {
        "sex": "female",
        "birth_date": date(1990, 5, 1),
        "birth_date_precision": BirthDatePrecision.FULL,
        "nationalities": ["MAR"],
    }
    return Person.objects.create(owning_organisation=owner, **{**defaults, **facts})


def _case(person: Person, *, forms: list[str] | None = None, region: str = "MA-06") -> Case:
    return Case.objects.create(
        reference=f"T-{next(_references)}",
        person=person,
        owning_organisation=person.owning_organisation,
        opened_on=date(2024, 1, 2),
        region=region,
        forms_of_exploitation=forms or [],
    )


def _decide(case: Case, on: date, status: str, authority: Organisation) -> None:
    StatusDecision.objects.create(
        case=case, status=status, decided_on=on, decided_by_organisation=authority, legal_basis="Law 27-14"
    )


def test_a_victim_of_two_forms_counts_once_in_the_total_and_once_in_each_form(agencies: Any) -> None:
    person = _person(agencies["ngo"])
    _decide(
        _case(person, forms=["forced_labour", "sexual_exploitation"]),
        date(2024, 3, 1),
        "presumed",
        agencies["parquet"],
    )
    other = _person(agencies["ngo"], sex="male")
    _decide(_case(other, forms=["forced_begging"]), date(2024, 4, 1), "identified", agencies["parquet"])

    table = compute_table("victims", period=calendar_year(2024))

    assert table.at("all", "total") == 2
    assert table.at("form:sexual_exploitation", "total") == 1
    assert table.at("form:forced_labour", "total") == 1
    assert table.at("form:other", "total") == 1
    assert table.at("sub_form:begging", "male:adult") == 1
    assert table.at("form:none", "total") == 0
    assert table.at("form:forced_labour", "female:adult") == 1


def test_the_same_person_registered_by_two_agencies_and_linked_counts_once(agencies: Any) -> None:
    by_ngo = _person(agencies["ngo"], birth_date=None, birth_date_precision=BirthDatePrecision.UNKNOWN)
    by_police = _person(agencies["police"])
    _decide(_case(by_ngo, forms=["forced_labour"]), date(2024, 6, 1), "presumed", agencies["parquet"])
    _decide(
        _case(by_police, forms=["sexual_exploitation"]), date(2024, 2, 1), "identified", agencies["parquet"]
    )
    assert victims_identified(calendar_year(2024)) == 2  # not linked yet: two records, two persons

    link_same_person(actor=None, record=by_ngo, same_as=by_police)

    victims = detected_victims(calendar_year(2024))
    assert len(victims) == 1
    assert victims[0].decided_on == date(2024, 2, 1)  # the earliest decision on either record
    assert victims[0].forms == {"forced_labour", "sexual_exploitation"}  # forms from both records
    assert victims[0].age_group == "adult"  # the police record knows her birth date
    assert victims_identified(calendar_year(2024)) == 1


def test_a_decision_on_31_march_and_one_on_1_april_fall_in_different_tip_periods(agencies: Any) -> None:
    _decide(_case(_person(agencies["ngo"])), date(2024, 3, 31), "presumed", agencies["parquet"])
    _decide(_case(_person(agencies["ngo"])), date(2024, 4, 1), "presumed", agencies["parquet"])

    assert victims_identified(tip_period(2024)) == 1  # 1 April 2023 to 31 March 2024
    assert victims_identified(tip_period(2025)) == 1  # 1 April 2024 to 31 March 2025
    assert victims_identified(calendar_year(2024)) == 2


def test_a_child_at_decision_date_stays_a_child_in_that_periods_table_after_turning_18(agencies: Any) -> None:
    girl = _person(agencies["ngo"], birth_date=date(2006, 9, 15))
    _decide(_case(girl, forms=["domestic_servitude"]), date(2024, 9, 14), "identified", agencies["parquet"])

    assert timezone.localdate() > date(2024, 9, 15)  # she is 18 today
    table = compute_table("victims", period=calendar_year(2024))
    assert table.at("all", "female:child") == 1
    assert table.at("all", "female:adult") == 0


def test_unknown_age_and_sex_stay_unknown(agencies: Any) -> None:
    person = _person(
        agencies["ngo"], sex="unknown", birth_date=None, birth_date_precision="unknown", nationalities=[]
    )
    _decide(_case(person), date(2024, 5, 5), "presumed", agencies["parquet"])

    table = compute_table("victims", period=calendar_year(2024))
    assert table.at("all", "unknown:unknown") == 1
    assert table.at("all:unknown", "unknown:unknown") == 1  # citizenship unknown too
    assert (
        sum(table.at("all", f"{sex}:{age}") or 0 for sex in ("female", "male") for age in ("child", "adult"))
        == 0
    )
    assert table.at("form:none", "total") == 1


def test_withdrawn_statistics_consent_is_counted_in_tables_and_flagged_for_the_microdata(
    agencies: Any,
) -> None:
    case = _case(_person(agencies["ngo"]), forms=["forced_labour"])
    _decide(case, date(2024, 7, 1), "identified", agencies["parquet"])
    Consent.objects.create(
        case=case, purpose="statistics", organisation=agencies["ngo"], decision="given", method="signed_form",
        given_on=date(2024, 7, 1), withdrawn_at=timezone.now(),
    )  # fmt: skip

    assert compute_table("victims", period=calendar_year(2024)).at("all", "total") == 1
    assert detected_victims(calendar_year(2024))[0].statistics_consent_withdrawn is True


def test_presumed_then_identified_counts_once_at_the_first_decision_and_not_a_victim_never(
    agencies: Any,
) -> None:
    case = _case(_person(agencies["ngo"]))
    _decide(case, date(2023, 12, 20), "presumed", agencies["parquet"])
    _decide(case, date(2024, 2, 1), "identified", agencies["parquet"])
    _decide(_case(_person(agencies["ngo"])), date(2024, 2, 1), "not_a_victim", agencies["parquet"])

    assert victims_identified(calendar_year(2023)) == 1
    assert victims_identified(calendar_year(2024)) == 0


def test_identified_only_rule_is_configurable(agencies: Any, settings: Any) -> None:
    case = _case(_person(agencies["ngo"]))
    _decide(case, date(2023, 12, 20), "presumed", agencies["parquet"])
    _decide(case, date(2024, 2, 1), "identified", agencies["parquet"])
    settings.SANAD_VICTIM_STATUSES = "identified"

    assert victims_identified(calendar_year(2023)) == 0
    assert victims_identified(calendar_year(2024)) == 1


def test_region_is_the_region_of_the_case_holding_the_first_decision(agencies: Any) -> None:
    person = _person(agencies["ngo"])
    _decide(_case(person, region="MA-01"), date(2024, 1, 10), "presumed", agencies["parquet"])
    _decide(_case(person, region="MA-06"), date(2024, 5, 10), "identified", agencies["parquet"])

    assert compute_table("victims", period=calendar_year(2024), region="MA-01").at("all", "total") == 1
    assert compute_table("victims", period=calendar_year(2024), region="MA-06").at("all", "total") == 0


def test_citizenship_splits_add_up_and_foreigners_are_counted_by_country(agencies: Any) -> None:
    for nationalities in (["MAR"], ["CIV"], ["CIV"], ["NGA", "MAR"], []):
        _decide(
            _case(_person(agencies["ngo"], nationalities=nationalities)),
            date(2024, 8, 1),
            "presumed",
            agencies["parquet"],
        )

    victims = compute_table("victims", period=calendar_year(2024))
    assert victims.at("all:national", "total") == 2  # one of her nationalities is Moroccan
    assert victims.at("all:foreign", "total") == 2
    assert victims.at("all:unknown", "total") == 1
    by_country = compute_table("victims_by_country", period=calendar_year(2024))
    assert by_country.at("country:CIV", "female") == 2
    assert by_country.at("country:NGA", "total") == 1
    assert by_country.at("country:MAR", "total") == 2


def test_the_counting_reads_follow_id_sets_by_foreign_key_and_by_key(agencies: Any) -> None:
    from sanad.among import Among

    first, second, third = (_person(agencies["ngo"]) for _ in range(3))
    cases = [_case(person) for person in (first, second, third)]
    persons = Person.objects.order_by()
    assert set(persons.filter(Among("pk", [first.pk, third.pk]))) == {first, third}
    assert not persons.filter(Among("pk", [])).exists()
    either = Among("pk", [first.pk]) | Among("pk", [second.pk])
    assert set(persons.filter(either)) == {first, second}
    by_person = Case.objects.filter(Among("person_id", {second.pk, third.pk}))
    assert set(by_person) == {cases[1], cases[2]}


def test_ids_read_as_keys_lead_back_to_their_rows(agencies: Any) -> None:
    """``Key`` hands ids over without building UUID objects; ``Among`` must find the same rows with them."""
    from sanad.among import Among, Key

    first, second = (_person(agencies["ngo"]) for _ in range(2))
    cases = [_case(first), _case(first), _case(second)]
    keys = set(Case.objects.filter(person=first).values_list(Key("pk"), flat=True))
    assert len(keys) == 2
    assert set(Case.objects.filter(Among("pk", keys))) == {cases[0], cases[1]}
    person_keys = set(Case.objects.values_list(Key("person_id"), flat=True))
    assert set(Person.objects.filter(Among("pk", person_keys))) == {first, second}


@pytest.mark.sqlite_only  # the plan asked is SQLite's
def test_sqlite_searches_the_index_for_the_ids_instead_of_scanning_the_table(agencies: Any) -> None:
    """Django compares a plain boolean expression with ``= true`` on SQLite, and SQLite then scans the whole
    table: the justice figures over 200,000 criminal cases took twice as long."""
    from sanad.among import Among

    person = _person(agencies["ngo"])
    query = Case.objects.filter(Among("person_id", [person.pk])).order_by().values_list("pk").query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
    assert "SEARCH cases_case USING INDEX" in plan, plan
    assert "SCAN cases_case" not in plan, plan


def test_two_periods_read_at_once_count_each_victim_in_the_period_of_her_first_decision(
    agencies: Any,
) -> None:
    """The TIP set and the CTDC export read several periods in one go; each victim still counts once, in the
    period of her first decision, exactly as when each period is read alone."""
    before = _person(agencies["ngo"], sex="male")  # presumed in 2023, identified in 2024: a 2023 victim
    first_case = _case(before, forms=["forced_labour"])
    _decide(first_case, date(2023, 12, 31), "presumed", agencies["parquet"])
    _decide(first_case, date(2024, 1, 1), "identified", agencies["parquet"])
    linked = _person(agencies["police"])  # linked to a record decided in 2024; her own decision is in 2023
    _decide(_case(linked, forms=["sexual_exploitation"]), date(2023, 3, 31), "presumed", agencies["parquet"])
    root = _person(agencies["ngo"])
    _decide(_case(root, forms=["forced_begging"]), date(2024, 6, 1), "identified", agencies["parquet"])
    link_same_person(actor=None, record=linked, same_as=root)
    later = _person(agencies["ngo"], birth_date=date(2006, 9, 15))  # a child at her 2024 decision
    _decide(_case(later, forms=["domestic_servitude"]), date(2024, 9, 14), "identified", agencies["parquet"])
    _decide(_case(_person(agencies["ngo"])), date(2025, 1, 2), "presumed", agencies["parquet"])  # after both

    periods = [calendar_year(2023), calendar_year(2024), tip_period(2024)]
    together = detected_victims_by_period(periods)

    assert {each: together[each] for each in periods} == {each: detected_victims(each) for each in periods}
    assert [(v.key, v.decided_on) for v in together[calendar_year(2023)]] == [
        (root.pk, date(2023, 3, 31)),
        (before.pk, date(2023, 12, 31)),
    ]
    assert [(v.key, v.age_group) for v in together[calendar_year(2024)]] == [(later.pk, "child")]
    assert {v.key for v in together[tip_period(2024)]} == {before.pk}  # 1 April 2023 to 31 March 2024
    assert together[calendar_year(2023)][0].forms == {"sexual_exploitation", "other"}


def test_a_victims_facts_do_not_depend_on_the_order_her_records_are_read_in(agencies: Any) -> None:
    """PostgreSQL returns rows in the order they lie on disk, which an update changes (the retention run
    rewrites every case it anonymises). The facts of a person with several records must be the same read
    in any order: her first case's country, or else the earliest decided case's that records one; her root
    record's sex and nationalities, or else those of her other records."""
    root = _person(agencies["ngo"], sex="unknown", nationalities=[])
    first_record = _person(agencies["police"], sex="female", nationalities=["SEN"])
    second_record = _person(agencies["parquet"], sex="male", nationalities=["MLI"])
    without_country = _case(first_record, forms=["sexual_exploitation"], region="MA-01")
    _decide(without_country, date(2024, 3, 1), "presumed", agencies["parquet"])
    with_country = _case(root, forms=["forced_labour"])
    Case.objects.filter(pk=with_country.pk).update(exploitation_country="MAR")
    _decide(with_country, date(2024, 5, 1), "identified", agencies["parquet"])
    _case(second_record)
    for record in (first_record, second_record):
        link_same_person(actor=None, record=record, same_as=root)
    smaller = min(first_record, second_record, key=lambda record: str(record.pk))

    facts = set()
    for order in itertools.permutations(Case.objects.values_list("pk", flat=True)):
        for position, pk in enumerate(order):  # a later update moves the row to the end of the table
            Case.objects.filter(pk=pk).update(external_reference=f"moved {position}")
        (victim,) = detected_victims(calendar_year(2024))
        facts.add(
            (victim.decided_on, victim.region, victim.exploitation_country, victim.sex, victim.nationalities)
        )

    expected_nationalities = ("SEN",) if smaller == first_record else ("MLI",)
    expected_sex = "female" if smaller == first_record else "male"
    assert facts == {(date(2024, 3, 1), "MA-01", "MAR", expected_sex, expected_nationalities)}
