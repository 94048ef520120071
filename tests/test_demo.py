"""The demo data set is deterministic, realistic enough to work with, and loads once."""

from __future__ import annotations

from collections import Counter
from statistics import mean

import pytest
from django.core.management import call_command
from django.utils import timezone

from sanad.accounts.models import Organisation, Role, User
from sanad.cases.models import Case, CaseReferenceCounter
from sanad.catalogs import loader
from sanad.demo.generator import LATEST_OPENING, create_demo
from sanad.hotline.models import Contact, PoliceAlert, TriageState
from sanad.identification.models import (
    CaseSubmission,
    IdentificationGuide,
    Screening,
    ScreeningAnswer,
    StatusDecision,
)
from sanad.identification.selectors import rescore
from sanad.people.models import BirthDatePrecision, Person


def _fingerprint() -> dict[str, list[tuple]]:
    return {
        "cases": sorted(
            (
                c.reference,
                c.region,
                str(c.opened_on),
                c.person.sex,
                str(c.person.birth_date),
                c.person.given_name_ar,
                tuple(c.forms_of_exploitation),
                tuple(c.means_of_control),
                str(c.recruitment_date),
                c.exploitation_country,
            )
            for c in Case.objects.select_related("person")
        ),
        "contacts": sorted(
            (
                c.reference,
                c.channel,
                c.contact_type,
                c.received_at.isoformat(),
                c.state,
                c.narrative,
                c.callback_number,
                c.case.reference if c.case else "",
            )
            for c in Contact.objects.select_related("case")
        ),
        "screenings": sorted(
            (
                s.case.reference,
                str(s.interviewed_on),
                s.profile,
                s.outcome,
                s.act_present,
                s.interview_language,
            )
            for s in Screening.objects.select_related("case")
        ),
        "answers": sorted(
            (
                a.screening.case.reference,
                str(a.screening.interviewed_on),
                a.indicator_id,
                a.answer,
                a.evidence_source,
            )
            for a in ScreeningAnswer.objects.select_related("screening__case")
        ),
        "decisions": sorted(
            (d.case.reference, d.status, str(d.decided_on), d.decided_by_organisation.short_code)
            for d in StatusDecision.objects.select_related("case", "decided_by_organisation")
        ),
    }


@pytest.mark.django_db
def test_same_seed_same_data_and_a_second_run_changes_nothing() -> None:
    first = create_demo(seed=7, password="pw", persons=80, contacts=300)
    fingerprint = _fingerprint()
    assert fingerprint["contacts"] and fingerprint["screenings"] and fingerprint["decisions"]
    again = create_demo(seed=7, password="pw", persons=80, contacts=300)
    assert first.created and not again.created
    assert (again.contacts, again.screenings, again.decisions) == (
        first.contacts,
        first.screenings,
        first.decisions,
    )
    assert _fingerprint() == fingerprint
    # Contacts, screenings, submissions and decisions hold their cases (and persons) with PROTECT: first out.
    for model in (
        PoliceAlert,
        Contact,
        StatusDecision,
        CaseSubmission,
        Screening,
        Case,
        Person,
        User,
        Organisation,
    ):
        model.objects.all().delete()
    CaseReferenceCounter.objects.all().delete()
    create_demo(seed=7, password="pw", persons=80, contacts=300)
    assert _fingerprint() == fingerprint


@pytest.mark.django_db
def test_demo_covers_every_role_region_years_and_partial_birth_dates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("demo", "--persons", "300", "--contacts", "600", "--password", "pw")
    out = capsys.readouterr().out
    assert "600 contacts" in out and "screenings" in out and "status decisions" in out
    for role in Role.objects.all():
        assert role.code in out, f"no demo login printed for {role.code}"
        assert User.objects.filter(membership__roles=role).exists()
    assert Organisation.objects.filter(type="shelter").count() == 3
    assert {c.opened_on.year for c in Case.objects.all()} == {2024, 2025, 2026}
    assert Case.objects.values("region").distinct().count() >= 8
    precisions = set(Person.objects.values_list("birth_date_precision", flat=True))
    assert {BirthDatePrecision.FULL, BirthDatePrecision.YEAR, BirthDatePrecision.ESTIMATED} <= precisions
    arabic = Person.objects.exclude(given_name_ar="").count()
    latin_only = Person.objects.filter(given_name_ar="").count()
    assert arabic > 100 and latin_only > 50


@pytest.mark.django_db
def test_demo_hotline_contacts_screenings_and_decisions_are_realistic_and_consistent() -> None:
    summary = create_demo(seed=2014, password="pw", persons=300, contacts=1200)
    assert summary.contacts == Contact.objects.count() == 1200
    contacts = list(Contact.objects.select_related("case"))
    local = [timezone.localtime(contact.received_at) for contact in contacts]
    assert {moment.year for moment in local} == {2024, 2025, 2026}
    assert max(moment.date() for moment in local) <= LATEST_OPENING
    assert len({contact.channel for contact in contacts}) >= 5
    assert {contact.contact_type for contact in contacts} == {
        "crisis", "tip", "referral_request", "information", "other"
    }  # fmt: skip
    per_month = Counter((moment.year, moment.month) for moment in local)
    summer = mean(per_month[(year, month)] for year in (2024, 2025, 2026) for month in (7, 8))
    late_winter = mean(per_month[(year, month)] for year in (2024, 2025, 2026) for month in (2, 3))
    assert summer > late_winter
    open_contacts = [contact for contact in contacts if contact.is_open]
    assert 5 <= len(open_contacts) <= 30
    assert any(contact.assigned_to_id is None for contact in open_contacts)
    escalated = [contact for contact in contacts if contact.state == TriageState.ESCALATED]
    assert escalated and any(contact.case_id for contact in escalated)
    for contact in contacts:
        stamps = [moment for _label, moment in contact.state_timestamps()]
        assert stamps == sorted(stamps), contact.reference
        if contact.state == TriageState.CLOSED:
            assert contact.closing_reason
        if contact.case is not None:
            assert contact.state == TriageState.ESCALATED and contact.person_id == contact.case.person_id
            assert contact.escalated_to_id == contact.case.owning_organisation_id
    assert PoliceAlert.objects.filter(contact__contact_type="crisis").exists()

    screenings = list(Screening.objects.select_related("guide", "case").prefetch_related("answers"))
    assert len({screening.case_id for screening in screenings}) > Case.objects.count() // 2
    for screening in screenings:
        result = rescore(screening)
        assert result.outcome == screening.outcome
        assert result.as_record() == screening.dimension_results
        indicators = {
            indicator.id for indicator in screening.guide.definition.profile(screening.profile).indicators
        }
        answers = list(screening.answers.all())
        assert {answer.indicator_id for answer in answers} == indicators
        assert all(answer.evidence_source for answer in answers if answer.answer == "yes")
    assert {screening.outcome for screening in screenings} == {"presumed", "possible", "none"}

    decisions = list(StatusDecision.objects.select_related("case"))
    assert len({decision.status for decision in decisions}) >= 3
    for decision in decisions:
        assert CaseSubmission.objects.filter(
            case=decision.case, authority=decision.decided_by_organisation
        ).exists()
        assert decision.case.opened_on <= decision.decided_on <= LATEST_OPENING
        assert decision.legal_basis and decision.rationale

    codes = {
        "forms_of_exploitation": set(loader.exploitation_forms().by_code()),
        "sectors": set(loader.sectors().by_code()),
        "means_of_control": set(loader.means_of_control().by_code()),
    }
    for case in Case.objects.all():
        for field, known in codes.items():
            assert set(getattr(case, field)) <= known, (case.reference, field)
        assert case.forms_of_exploitation
        assert case.recruiter_relation in loader.recruiter_relations().by_code()
        assert case.recruitment_method in loader.recruitment_methods().by_code()
        dates = [
            case.recruitment_date,
            case.exploitation_started_on,
            case.exploitation_ended_on,
            case.opened_on,
        ]
        known_dates = [day for day in dates if day is not None]
        assert known_dates == sorted(known_dates), case.reference


@pytest.mark.django_db
def test_demo_installs_the_shipped_guide_in_a_flushed_database() -> None:
    IdentificationGuide.objects.all().delete()  # as after a transactional test's flush
    summary = create_demo(seed=3, password="pw", persons=20, contacts=40)
    assert summary.screenings > 0 and summary.contacts == 40
    assert IdentificationGuide.objects.filter(is_current=True).count() == 1
