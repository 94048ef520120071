"""The justice counting rules on hand-computed fixtures: one defendant, one rule, one expected number."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Q

from sanad.justice.models import CriminalCase, Defendant, OffenceArticle
from sanad.justice.services import (
    add_charge,
    add_defendant,
    link_victim_case,
    open_criminal_case,
    record_participation,
    record_sentence,
    record_verdict,
)
from sanad.statistics.justice import justice_figures
from sanad.statistics.periods import calendar_year, tip_period
from tests.cast import Cast

pytestmark = pytest.mark.django_db


def _case(cast: Cast, reference: str, opened_on: date, forms: list[str] | None = None) -> CriminalCase:
    return open_criminal_case(
        actor=cast.justice,
        reference=reference,
        investigating_unit=cast.organisations["police"],
        region="MA-06",
        opened_on=opened_on,
        origin="proactive",
        forms_of_exploitation=["sexual_exploitation"] if forms is None else forms,
    )


def _defendant(cast: Cast, case: CriminalCase, **fields: object) -> Defendant:
    values: dict[str, object] = {"full_name": "X", "sex": "male", "nationality": "MAR", "role": "exploiter"}
    values.update(fields)
    return add_defendant(actor=cast.justice, criminal_case=case, **values)


def _article(code: str) -> OffenceArticle:
    return OffenceArticle.objects.get(code=code)


def _figures(year: int, *, tip: bool = False):
    return justice_figures(
        Q(reference__startswith="T-"), period=tip_period(year) if tip else calendar_year(year)
    )


def test_a_defendant_charged_in_two_years_counts_once_in_the_year_of_the_first_charge(cast: Cast) -> None:
    case = _case(cast, "T-1", date(2023, 1, 10))
    person = _defendant(cast, case)
    add_charge(
        actor=cast.justice, defendant=person, article=_article("PC-448-2"), charged_on=date(2023, 6, 1)
    )
    add_charge(actor=cast.justice, defendant=person, article=_article("PC-498"), charged_on=date(2024, 2, 1))

    assert _figures(2023).persons["prosecuted"] == 1
    assert _figures(2024).persons["prosecuted"] == 0
    assert _figures(2023).cases["prosecuted"] == 1
    assert _figures(2024).cases["prosecuted"] == 0


def test_convicted_on_appeal_after_an_acquittal_counts_in_the_year_of_the_conviction(cast: Cast) -> None:
    case = _case(cast, "T-2", date(2022, 11, 1))
    person = _defendant(cast, case)
    charge = add_charge(
        actor=cast.justice, defendant=person, article=_article("PC-448-2"), charged_on=date(2022, 12, 1)
    )
    record_verdict(
        actor=cast.justice, charge=charge, court_level="first_instance", outcome="acquitted",
        decided_on=date(2023, 5, 4),
    )  # fmt: skip
    record_verdict(
        actor=cast.justice,
        charge=charge,
        court_level="appeal",
        outcome="convicted",
        decided_on=date(2024, 3, 9),
    )

    in_2023, in_2024 = _figures(2023), _figures(2024)
    assert (in_2023.persons["convicted"], in_2024.persons["convicted"]) == (0, 1)
    assert (in_2023.cases["convicted"], in_2024.cases["convicted"]) == (0, 1)
    # The first-instance conviction rate of 2023 sees one judgment, an acquittal.
    assert (in_2023.judged_at_first_instance, in_2023.convicted_at_first_instance) == (1, 0)
    assert in_2023.conviction_rate == 0
    assert in_2024.persons_under_trafficking_law["convicted"] == 1


def test_persons_and_cases_are_counted_apart(cast: Cast) -> None:
    case = _case(cast, "T-3", date(2024, 1, 5))
    for _number in range(3):
        person = _defendant(cast, case)
        add_charge(
            actor=cast.justice, defendant=person, article=_article("PC-448-2"), charged_on=date(2024, 4, 2)
        )
    _case(cast, "T-4", date(2024, 2, 1))  # opened, nobody charged yet

    figures = _figures(2024)
    assert figures.persons == {"investigated": 3, "prosecuted": 3, "convicted": 0}
    assert figures.cases == {"investigated": 2, "prosecuted": 1, "convicted": 0}
    assert all(table.unit == "persons" for table in figures.tables)


def test_a_person_counts_once_in_each_form_of_her_case_and_once_in_the_total(cast: Cast) -> None:
    both = _case(cast, "T-5", date(2024, 3, 1), forms=["sexual_exploitation", "forced_labour"])
    _defendant(cast, both)
    unknown = _case(cast, "T-6", date(2024, 3, 2), forms=[])
    _defendant(cast, unknown)

    figures = _figures(2024)
    by_form = next(table for table in figures.tables if "form of exploitation" in table.caption)
    rows = dict(by_form.rows)
    assert figures.persons["investigated"] == 2
    assert rows["Sexual exploitation"][0] == 1
    assert rows["Forced labour"][0] == 1
    assert rows["Unknown"][0] == 1
    # Shares use as denominator the persons with any information on the form: one, not two.
    assert by_form.denominators is not None and by_form.denominators[0] == 1


def test_a_tip_period_runs_from_april_to_march(cast: Cast) -> None:
    case = _case(cast, "T-7", date(2024, 1, 2))
    person = _defendant(cast, case)
    add_charge(
        actor=cast.justice, defendant=person, article=_article("PC-448-2"), charged_on=date(2024, 3, 15)
    )

    assert _figures(2024, tip=True).persons["prosecuted"] == 1  # 1 April 2023 - 31 March 2024
    assert _figures(2025, tip=True).persons["prosecuted"] == 0
    assert _figures(2024).persons["prosecuted"] == 1


def _convict(cast: Cast, case: CriminalCase, *, on: date, **sentence: int) -> Defendant:
    person = _defendant(cast, case)
    charge = add_charge(
        actor=cast.justice, defendant=person, article=_article("PC-448-2"), charged_on=case.opened_on
    )
    record_verdict(
        actor=cast.justice, charge=charge, court_level="first_instance", outcome="convicted", decided_on=on
    )
    if sentence:
        record_sentence(
            actor=cast.justice, defendant=person, court_level="first_instance", decided_on=on, **sentence
        )
    return person


def test_sentences_are_banded_by_custodial_term_and_suspensions_are_shown(cast: Cast) -> None:
    case = _case(cast, "T-8", date(2024, 1, 1))
    _convict(cast, case, on=date(2024, 6, 1), prison_months=72)
    _convict(cast, case, on=date(2024, 6, 1), prison_months=24, suspended_months=24)
    _convict(cast, case, on=date(2024, 7, 1), prison_months=18, suspended_months=6)
    _convict(cast, case, on=date(2024, 7, 1), fine_minor=2_000_000)
    _convict(cast, case, on=date(2024, 7, 2))  # convicted, sentence not yet recorded

    sentences = _figures(2024).sentences
    assert (sentences.convicted, sentences.sentenced) == (5, 4)
    assert dict(sentences.bands) == {
        "No custodial term (fine or fully suspended)": 2,
        "Under 1 year": 0,
        "1 to under 5 years": 1,
        "5 to under 10 years": 1,
        "10 years or more": 0,
    }
    assert sentences.custodial_one_year_or_more == 2
    assert (sentences.with_suspension, sentences.fully_suspended) == (2, 1)
    assert sentences.median_custodial_months == 6  # custodial terms 0, 0, 12, 72
    assert sentences.fines == 1


def test_conviction_rate_and_time_to_verdict_at_first_instance(cast: Cast) -> None:
    case = _case(cast, "T-9", date(2024, 1, 1))
    _convict(cast, case, on=date(2024, 1, 31))  # 30 days
    _convict(cast, case, on=date(2024, 3, 1))  # 60 days
    acquitted = _defendant(cast, case)
    charge = add_charge(
        actor=cast.justice, defendant=acquitted, article=_article("PC-448-2"), charged_on=date(2024, 1, 2)
    )
    record_verdict(
        actor=cast.justice, charge=charge, court_level="first_instance", outcome="acquitted",
        decided_on=date(2024, 4, 10),
    )  # fmt: skip  # 100 days

    figures = _figures(2024)
    assert (figures.judged_at_first_instance, figures.convicted_at_first_instance) == (3, 2)
    assert figures.conviction_rate == pytest.approx(2 / 3)
    assert figures.median_days_to_first_instance_verdict == 60


def test_official_complicity_and_non_punishment_breaches(cast: Cast) -> None:
    case = _case(cast, "T-10", date(2024, 5, 1))
    _defendant(cast, case, is_public_official=True, official_function="agent d'autorité")
    _defendant(cast, case)
    link = link_victim_case(actor=cast.justice, criminal_case=case, case_reference=cast.case_b.reference)
    record_participation(
        actor=cast.justice, link=link, expected_version=link.version, penalised_on=date(2024, 6, 1)
    )

    figures = _figures(2024)
    assert figures.officials["investigated"] == 1
    assert figures.complicity_cases == 1
    assert figures.non_punishment_breaches == 1
    assert _figures(2025).non_punishment_breaches == 0


def test_a_reclassified_charge_is_not_a_judgment_and_its_new_charge_is_convicted(cast: Cast) -> None:
    case = _case(cast, "T-11", date(2024, 1, 1))
    person = _defendant(cast, case)
    charge = add_charge(
        actor=cast.justice, defendant=person, article=_article("PC-448-2"), charged_on=date(2024, 1, 15)
    )
    record_verdict(
        actor=cast.justice, charge=charge, court_level="first_instance", outcome="reclassified",
        decided_on=date(2024, 5, 1), reclassified_to=_article("PC-498"),
    )  # fmt: skip
    new_charge = person.charges.get(article__code="PC-498")
    assert new_charge.reclassified_from == charge
    record_verdict(
        actor=cast.justice, charge=new_charge, court_level="first_instance", outcome="convicted",
        decided_on=date(2024, 5, 1),
    )  # fmt: skip

    figures = _figures(2024)
    assert figures.persons["convicted"] == 1
    assert figures.persons_under_trafficking_law["convicted"] == 0
    by_offence = dict(next(table for table in figures.tables if "offence" in table.caption).rows)
    # Nobody has an offence before she is charged: the investigated column is not applicable, not zero.
    assert all(counts[0] is None for counts in by_offence.values())
    assert [label for label in by_offence if by_offence[label][2]] == [
        "PC-498 — Exploitation of the prostitution of others"
    ]
