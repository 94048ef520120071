"""The demo data set is deterministic, realistic enough to work with, and loads once."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import datetime, time, timedelta
from statistics import mean

import pytest
from django.core.management import call_command
from django.db.models import F, Min
from django.utils import timezone

from sanad.access import policy
from sanad.accounts.models import Organisation, Role, User
from sanad.cases.models import (
    Case,
    CaseEvent,
    CasePlan,
    CaseReferenceCounter,
    CaseTransfer,
    FollowUp,
)
from sanad.catalogs import loader
from sanad.demo.generator import DEMO_NOW, LATEST_OPENING, create_demo
from sanad.demo.names import FAMILY, FEMALE_GIVEN, FOREIGN, MALE_GIVEN
from sanad.hotline.models import Contact, PoliceAlert, TriageState
from sanad.identification.models import (
    CaseSubmission,
    IdentificationGuide,
    Screening,
    ScreeningAnswer,
    StatusDecision,
)
from sanad.identification.selectors import rescore
from sanad.justice import chronology
from sanad.justice.models import Charge, CriminalCase, Defendant, Sentence, Verdict, VictimLink
from sanad.people.models import BirthDatePrecision, Person
from sanad.plans import evidence
from sanad.plans.models import (
    EvidenceFile,
    IndicatorValue,
    Measure,
    Objective,
    Plan,
    ProgressReport,
    Recommendation,
)
from sanad.plans.selectors import late_measures, reports_due
from sanad.plans.services import report_period
from sanad.prevention.models import MEASURING_METHODS, AudienceSector, Campaign, CampaignType, Training
from sanad.referrals.deadlines import answer_due
from sanad.referrals.models import Consent, Referral, ServiceDelivery
from sanad.shelters.models import Placement, ShelterCapacity
from sanad.statistics.indicators import STATISTICS, national_value


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
                tuple(c.person.languages),
                str(c.closed_on),
                c.closure_reason,
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
        "referrals": sorted(
            (
                r.case.reference,
                r.service_type,
                r.to_organisation.short_code,
                r.urgency,
                r.state,
                r.sent_at.isoformat(),
                r.due_at.isoformat(),
                r.decline_reason,
                r.consent_id is None,
            )
            for r in Referral.objects.select_related("case", "to_organisation")
        ),
        "placements": sorted(
            (
                p.case.reference,
                p.shelter.short_code,
                p.category,
                p.admitted_at.isoformat(),
                str(p.discharged_at),
                p.discharge_reason,
            )
            for p in Placement.objects.select_related("case", "shelter")
        ),
        "events": sorted(
            (e.case.reference, e.kind, e.occurred_at.isoformat())
            for e in CaseEvent.objects.select_related("case")
        ),
        **_criminal_fingerprint(),
        **_plans_fingerprint(),
    }


def _criminal_fingerprint() -> dict[str, list[tuple]]:
    return {
        "criminal_cases": sorted(
            (
                c.reference,
                c.investigating_unit.short_code,
                c.prosecution_office.short_code if c.prosecution_office else "",
                c.court.short_code if c.court else "",
                c.region,
                str(c.opened_on),
                c.origin,
                tuple(c.forms_of_exploitation),
                str(c.referred_to_prosecution_on),
            )
            for c in CriminalCase.objects.select_related("investigating_unit", "prosecution_office", "court")
        ),
        "defendants": sorted(
            (
                d.criminal_case.reference,
                d.number,
                d.full_name,
                d.sex,
                d.nationality,
                d.age,
                d.role,
                d.official_function,
                str(d.investigated_on),
                str(d.arrested_on),
                str(d.trial_opened_on),
            )
            for d in Defendant.objects.select_related("criminal_case")
        ),
        "verdicts": sorted(
            (
                str(v.charge.defendant),
                v.charge.article.code,
                str(v.charge.charged_on),
                v.court_level,
                v.outcome,
                str(v.decided_on),
            )
            for v in Verdict.objects.select_related("charge__defendant__criminal_case", "charge__article")
        ),
        "sentences": sorted(
            (
                str(s.defendant),
                s.court_level,
                s.prison_months,
                s.suspended_months,
                s.fine_minor,
                s.restitution_minor,
                s.confiscation,
            )
            for s in Sentence.objects.select_related("defendant__criminal_case")
        ),
        "victim_links": sorted(
            (
                link.criminal_case.reference,
                link.case.reference,
                tuple(link.participation.values()),
                link.compensation_minor,
                str(link.penalised_on),
                link.linked_at.isoformat(),
            )
            for link in VictimLink.objects.select_related("criminal_case", "case")
        ),
    }


def _plans_fingerprint() -> dict[str, list[tuple]]:
    return {
        "measures": sorted(
            (
                m.objective.axis.plan.code,
                m.code,
                m.title,
                m.responsible.short_code,
                tuple(sorted(partner.short_code for partner in m.partners.all())),
                str(m.starts_on),
                str(m.ends_on),
                m.budget_planned_minor,
                m.status,
                m.percent_done,
                m.budget_spent_minor,
                str(m.status_as_of),
            )
            for m in Measure.objects.select_related("objective__axis__plan", "responsible").prefetch_related(
                "partners"
            )
        ),
        "reports": sorted(
            (
                r.measure.objective.axis.plan.code,
                r.measure.code,
                str(r.period_start),
                r.state,
                r.status,
                r.percent_done,
                r.budget_spent_minor,
                r.created_at.isoformat(),
                str(r.submitted_at),
                str(r.reviewed_at),
                r.review_comment,
            )
            for r in ProgressReport.objects.select_related("measure__objective__axis__plan")
        ),
        "indicator_values": sorted(
            (
                v.report.measure.objective.axis.plan.code,
                v.report.measure.code,
                str(v.report.period_start),
                v.indicator.name,
                str(v.value),
            )
            for v in IndicatorValue.objects.select_related(
                "report__measure__objective__axis__plan", "indicator"
            )
        ),
        "recommendations": sorted(
            (
                r.report_year,
                r.priority,
                r.status,
                r.is_synthetic,
                tuple(sorted(m.code for m in r.measures.all())),
            )
            for r in Recommendation.objects.prefetch_related("measures")
        ),
        "campaigns": sorted(
            (
                c.title,
                c.type,
                c.organiser.short_code,
                str(c.starts_on),
                str(c.ends_on),
                tuple(c.regions),
                tuple(c.languages),
                c.audience_reached,
                c.reach_method,
                c.budget_minor,
                c.recorded_at.isoformat(),
            )
            for c in Campaign.objects.select_related("organiser")
        ),
        "trainings": sorted(
            (
                t.title,
                t.audience_sector,
                t.organiser.short_code,
                str(t.held_on),
                str(t.ends_on),
                t.region,
                str(t.hours),
                t.participants_female,
                t.participants_male,
                t.participants_unknown_sex,
                t.covers_identification_guide,
                t.covers_nrm,
                t.budget_minor,
            )
            for t in Training.objects.select_related("organiser")
        ),
    }


@pytest.mark.django_db
def test_same_seed_same_data_and_a_second_run_changes_nothing() -> None:
    first = create_demo(seed=7, password="pw", persons=80, contacts=300)
    fingerprint = _fingerprint()
    assert fingerprint["contacts"] and fingerprint["screenings"] and fingerprint["decisions"]
    assert fingerprint["referrals"] and fingerprint["placements"] and fingerprint["events"]
    assert fingerprint["verdicts"] and fingerprint["sentences"] and fingerprint["victim_links"]
    assert fingerprint["measures"] and fingerprint["reports"] and fingerprint["indicator_values"]
    assert fingerprint["campaigns"] and fingerprint["trainings"]
    again = create_demo(seed=7, password="pw", persons=80, contacts=300)
    assert first.created and not again.created
    assert (
        again.contacts, again.screenings, again.decisions, again.referrals, again.placements,
        again.criminal_cases, again.defendants, again.campaigns, again.trainings, again.plans, again.measures,
        again.progress_reports, again.recommendations,
    ) == (
        first.contacts, first.screenings, first.decisions, first.referrals, first.placements,
        first.criminal_cases, first.defendants, first.campaigns, first.trainings, first.plans, first.measures,
        first.progress_reports, first.recommendations,
    )  # fmt: skip
    assert _fingerprint() == fingerprint
    # Plans and prevention records hold organisations and users with PROTECT; an action plan holds the
    # strategy it implements.
    for model in (EvidenceFile, IndicatorValue, ProgressReport, Recommendation, Measure, Objective):
        model.objects.all().delete()
    Plan.objects.exclude(implements=None).delete()
    for model in (Plan, Campaign, Training):
        model.objects.all().delete()
    # The criminal cases hold victim cases, organisations and their own rows with PROTECT; a reclassified
    # charge holds the charge it replaced.
    for model in (VictimLink, Sentence, Verdict):
        model.objects.all().delete()
    Charge.objects.exclude(reclassified_from=None).delete()
    for model in (Charge, Defendant, CriminalCase):
        model.objects.all().delete()
    # The referral network, contacts, screenings, submissions and decisions hold their cases (and persons) and
    # organisations with PROTECT: first out.
    for model in (
        CaseEvent,
        ServiceDelivery,
        Placement,
        Referral,
        Consent,
        CasePlan,
        FollowUp,
        CaseTransfer,
        ShelterCapacity,
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
    assert f"{Referral.objects.count()} referrals, {Placement.objects.count()} placements, " in out
    assert f"{CriminalCase.objects.count()} criminal cases, {Defendant.objects.count()} defendants, " in out
    assert f"{Campaign.objects.count()} campaigns, {Training.objects.count()} trainings, 2 plans, " in out
    assert f"{ProgressReport.objects.count()} progress reports, 12 recommendations." in out
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


@pytest.mark.django_db
def test_demo_referral_network_is_consistent() -> None:
    create_demo(seed=2014, password="pw", persons=300, contacts=100)
    now = datetime.combine(LATEST_OPENING, time(18), tzinfo=timezone.get_current_timezone())
    referrals = list(
        Referral.objects.select_related("case", "consent", "to_organisation", "from_organisation")
    )
    assert {r.state for r in referrals} == {
        "sent", "accepted", "declined", "expired", "in_progress", "completed", "withdrawn"
    }  # fmt: skip
    assert any(r.consent_id is None for r in referrals)
    for r in referrals:
        chain = [r.sent_at, r.accepted_at, r.declined_at, r.expired_at, r.in_progress_at, r.completed_at,
                 r.withdrawn_at]  # fmt: skip
        stamps = [moment for moment in chain if moment is not None]
        assert stamps == sorted(set(stamps)) and stamps[-1] <= now, r.case.reference
        if r.state != "sent":
            assert getattr(r, f"{r.state}_at") == stamps[-1], r.case.reference
        assert r.due_at == answer_due(r.sent_at, r.urgency)
        for answer in (r.accepted_at, r.declined_at):
            assert answer is None or answer < r.due_at
        assert r.expired_at is None or r.expired_at > r.due_at
        assert (r.state == "declined") == bool(r.decline_reason)
        if r.consent is not None:
            assert r.consent.case_id == r.case_id and r.consent.purpose == "referral"
            assert r.consent.is_valid and r.consent.given_on <= timezone.localdate(r.sent_at)
        else:
            assert r.consent_override_reason
        assert r.service_type in r.to_organisation.services
        assert r.to_organisation_id != r.from_organisation_id
        assert r.from_organisation_id == r.case.owning_organisation_id
        assert r.to_snapshot["short_code"] == r.to_organisation.short_code
        assert r.from_snapshot["id"] == str(r.from_organisation_id)
    closed_shelter = Organisation.objects.get(accepting_referrals=False, type="shelter")
    assert not closed_shelter.referrals_received.filter(sent_at__gt=now - timedelta(days=30)).exists()
    shelter = Organisation.objects.get(short_code="shelter-casablanca")
    inbox = Referral.objects.filter(to_organisation=shelter)
    assert inbox.filter(state="sent", due_at__gt=now).count() >= 3
    assert inbox.filter(state="accepted", placements__isnull=True).exists()
    assert Consent.objects.filter(
        case__owning_organisation__short_code="unit-casablanca",
        case__status="open",
        purpose="referral",
        decision="given",
        withdrawn_at__isnull=True,
    ).exists()

    for capacity in ShelterCapacity.objects.select_related("shelter"):
        current = Placement.objects.filter(
            shelter=capacity.shelter, category=capacity.category, discharged_at__isnull=True
        )
        assert current.filter(over_capacity_reason="").count() <= capacity.beds, capacity
    assert Placement.objects.exclude(over_capacity_reason="").count() == 1
    assert Placement.objects.filter(shelter=shelter, discharged_at__isnull=True).count() >= 3
    for placement in Placement.objects.select_related("referral"):
        referral = placement.referral
        assert referral is not None and referral.to_organisation_id == placement.shelter_id
        assert placement.admitted_at == referral.in_progress_at
        if referral.state == "completed":
            assert placement.discharged_at == referral.completed_at and placement.discharge_reason
        assert placement.discharged_at is None or placement.discharged_at > placement.admitted_at
    for delivery in ServiceDelivery.objects.select_related("referral"):
        assert delivery.referral is not None and delivery.provider_id == delivery.referral.to_organisation_id
        assert delivery.referral.state in ("in_progress", "completed", "withdrawn")

    cases = list(Case.objects.all())
    opened = set(CaseEvent.objects.filter(kind="opened").values_list("case_id", flat=True))
    assert opened == {case.pk for case in cases}
    assert CaseEvent.objects.filter(occurred_at__gt=now).count() == 0
    assert set(CaseEvent.objects.values_list("kind", flat=True)) >= {
        "screened", "submitted", "status_decided", "consent_recorded", "referral_sent", "admitted",
        "discharged", "service_delivered", "plan_updated", "follow_up", "transfer_requested", "closed",
    }  # fmt: skip
    for case in cases:
        if case.status == "closed":
            assert case.closure_reason and case.opened_on <= case.closed_on <= LATEST_OPENING
        else:
            assert not case.closure_reason and case.closed_on is None
    transfers = CaseTransfer.objects.all()
    assert {transfer.state for transfer in transfers} == {"requested", "accepted", "declined"}
    assert transfers.filter(state="requested", to_organisation__short_code="unit-casablanca").exists()
    languages = set(loader.languages().by_code())
    assert all(set(person.languages) <= languages for person in Person.objects.all())
    assert Person.objects.exclude(medical_alerts="").exists()


def _assert_criminal_chronology() -> None:
    """Every row keeps the order of events the services enforce (justice.chronology), and more."""
    for criminal_case in CriminalCase.objects.all():
        chronology.check_case(criminal_case)
        referred = criminal_case.referred_to_prosecution_on
        assert (criminal_case.prosecution_office_id is None) == (referred is None)
        assert referred is None or referred <= LATEST_OPENING
    for defendant in Defendant.objects.select_related("criminal_case"):
        chronology.check_defendant(defendant)
        for day in (defendant.investigated_on, defendant.arrested_on, defendant.trial_opened_on):
            assert day is None or day <= LATEST_OPENING
    for charge in Charge.objects.select_related("defendant__criminal_case", "reclassified_from"):
        chronology.check_charge(charge)
        referred = charge.defendant.criminal_case.referred_to_prosecution_on
        assert referred is not None and referred <= charge.charged_on <= LATEST_OPENING
        if charge.reclassified_from is not None:
            assert charge.charged_on == charge.reclassified_from.verdicts.get().decided_on
    verdicts = list(Verdict.objects.select_related("charge__defendant__criminal_case"))
    by_charge: dict[object, list[Verdict]] = {}
    for verdict in verdicts:
        by_charge.setdefault(verdict.charge_id, []).append(verdict)
    for verdict in verdicts:
        earlier = [v for v in by_charge[verdict.charge_id] if v.court_level != verdict.court_level]
        chronology.check_verdict(verdict, earlier=earlier)
        assert verdict.decided_on <= LATEST_OPENING and verdict.court is not None
        assert verdict.court.type == "court"
    for sentence in Sentence.objects.all():
        days = [
            v.decided_on
            for v in verdicts
            if v.charge.defendant_id == sentence.defendant_id
            and v.court_level == sentence.court_level
            and v.outcome == "convicted"
        ]
        assert days and sentence.decided_on >= min(days)
        assert sentence.suspended_months <= sentence.prison_months
    linked = {
        (case_id, detail["criminal_case"])
        for case_id, detail in CaseEvent.objects.filter(kind="criminal_case_linked").values_list(
            "case_id", "detail"
        )
    }
    for link in VictimLink.objects.select_related("criminal_case", "case"):
        case, criminal_case = link.case, link.criminal_case
        # A victim's case opened at most some weeks after the investigation, linked while it was open.
        assert case.opened_on <= criminal_case.opened_on + timedelta(days=42)
        day = timezone.localdate(link.linked_at)
        assert max(case.opened_on, criminal_case.opened_on) <= day <= LATEST_OPENING
        assert case.closed_on is None or day < case.closed_on
        assert (case.pk, criminal_case.reference) in linked
        assert link.penalised_on is None or link.penalised_on <= LATEST_OPENING


@pytest.mark.django_db
def test_demo_criminal_cases_follow_the_reported_figures() -> None:
    """Per full year, about as many persons prosecuted and convicted as Morocco reports (2024: 155 cases,
    213 prosecuted, 60 to 120 convicted), with acquittals, appeals, complicity and non-punishment breaches, in
    the order of events the services enforce."""
    summary = create_demo(seed=2014, password="pw", persons=300, contacts=50)
    assert summary.criminal_cases == CriminalCase.objects.count()
    assert summary.defendants == Defendant.objects.count()
    # A person is prosecuted at her first charge, convicted at her first conviction at any court level.
    first_charge = dict(
        Charge.objects.values("defendant").annotate(first=Min("charged_on")).values_list("defendant", "first")
    )
    first_conviction = dict(
        Verdict.objects.filter(outcome="convicted")
        .values("charge__defendant")
        .annotate(first=Min("decided_on"))
        .values_list("charge__defendant", "first")
    )
    for year in (2024, 2025):
        assert 110 <= CriminalCase.objects.filter(opened_on__year=year).count() <= 170
        prosecuted = sum(1 for day in first_charge.values() if day.year == year)
        convicted = sum(1 for day in first_conviction.values() if day.year == year)
        assert 150 <= prosecuted <= 260, (year, prosecuted)
        assert 60 <= convicted <= 100, (year, convicted)
    for year in (2024, 2025, 2026):
        officials = Defendant.objects.filter(criminal_case__opened_on__year=year, is_public_official=True)
        assert 1 <= officials.count() <= 6 and not officials.filter(official_function="").exists()

    # About a sixth of the persons judged at first instance are acquitted; more recent cases are pending.
    outcomes: dict[object, set[str]] = {}
    for person, outcome in Verdict.objects.filter(court_level="first_instance").values_list(
        "charge__defendant", "outcome"
    ):
        outcomes.setdefault(person, set()).add(outcome)
    acquitted = sum(1 for judged in outcomes.values() if judged == {"acquitted"})
    assert 0.08 <= acquitted / len(outcomes) <= 0.25
    pending = Counter(
        Defendant.objects.filter(charges__isnull=False)
        .exclude(charges__verdicts__court_level="first_instance")
        .distinct()
        .values_list("criminal_case__opened_on__year", flat=True)
    )
    assert 0 < pending[2024] < pending[2026]
    appeal = Verdict.objects.filter(court_level="appeal")
    assert appeal.filter(outcome="convicted", charge__verdicts__outcome="acquitted").exists()
    assert appeal.filter(outcome="convicted", charge__verdicts__court_level="first_instance",
                         charge__verdicts__outcome="convicted").exists()  # fmt: skip
    reclassified = Charge.objects.filter(reclassified_from__article__code="PC-448-2", article__code="PC-498")
    assert reclassified.exists()
    assert all(
        charge.reclassified_from.verdicts.get(court_level="first_instance").outcome == "reclassified"
        for charge in reclassified.select_related("reclassified_from")
        if charge.reclassified_from is not None
    )
    assert 1 <= VictimLink.objects.exclude(penalised_on=None).count() <= 3

    # Sentences: trafficking of adults mostly five to ten years, of children twenty or more, lesser offences
    # short and sometimes suspended; fines, restitution and confiscation now and then.
    terms: dict[str, list[int]] = {}
    for sentence in Sentence.objects.filter(court_level="first_instance"):
        codes = set(
            Verdict.objects.filter(
                charge__defendant=sentence.defendant_id, court_level="first_instance", outcome="convicted"
            ).values_list("charge__article__code", flat=True)
        )
        main = next((code for code in ("PC-448-4", "PC-448-3", "PC-448-2") if code in codes), "related")
        terms.setdefault(main, []).append(sentence.prison_months)
    adult = terms["PC-448-2"]
    assert sum(1 for months in adult if 60 <= months <= 120) / len(adult) >= 0.7
    assert min(terms["PC-448-4"]) >= 240
    assert max(terms["related"]) <= 72
    sentences = Sentence.objects.all()
    assert sentences.filter(suspended_months__gt=0).exclude(suspended_months=F("prison_months")).exists()
    assert sentences.filter(prison_months__gt=0, suspended_months=F("prison_months")).exists()
    assert sentences.filter(fine_minor__gt=0).count() == sentences.count()
    assert sentences.filter(restitution_minor__gt=0).exists() and sentences.filter(confiscation=True).exists()

    # Suspects: two in three men, nine in ten Moroccan, none named like a demo user (stored in clear).
    defendants = list(Defendant.objects.all())
    assert 0.6 <= sum(1 for d in defendants if d.sex == "male") / len(defendants) <= 0.8
    assert 0.85 <= sum(1 for d in defendants if d.nationality == "MAR") / len(defendants) <= 0.97
    assert len({d.nationality for d in defendants}) >= 5
    assert all(d.age is not None and 18 <= d.age <= 70 for d in defendants)
    user_names = {part for user in User.objects.all() for part in (user.first_name, user.last_name)}
    assert not any(set(d.full_name.split()) & user_names for d in defendants)
    origins = Counter(CriminalCase.objects.values_list("origin", flat=True))
    assert len(origins) >= 6 and origins["foreign_request"] > 0
    forms = Counter(form for case in CriminalCase.objects.all() for form in case.forms_of_exploitation)
    assert [form for form, _count in forms.most_common(2)] == ["sexual_exploitation", "forced_labour"]

    # Both sides of the pipeline have a demo justice officer with cases to work on.
    for username in ("justice", "justice.parquet"):
        assert policy.criminal_cases_visible_to(User.objects.get(username=username)).count() >= 50
    _assert_criminal_chronology()


# --- National plans and prevention -------------------------------------------------------------------------

VERBATIM_STARTS = {
    (2024, 1): "Systematically implement procedures to proactively identify trafficking victims",
    (2024, 2): "Fully implement the NRM and train judicial and law enforcement authorities, …",
    (2025, 1): "Use the established SOPs for victim identification",
    (2025, 2): "Fully implement the NRM and train judicial and law enforcement authorities, as well as civil",
    (2025, 3): "Increase front-line officials' capacity throughout Morocco",
}


def _assert_plan_structure() -> None:
    strategy = Plan.objects.get(code="strategy-2023-2030")
    action = Plan.objects.get(code="action-plan-2024-2025")
    assert (strategy.kind, strategy.reporting, strategy.implements) == ("strategy", "yearly", None)
    assert (str(strategy.starts_on), str(strategy.ends_on)) == ("2023-01-01", "2030-12-31")
    assert (action.kind, action.reporting, action.implements) == ("action_plan", "half_yearly", strategy)
    assert (str(action.starts_on), str(action.ends_on)) == ("2024-01-01", "2025-12-31")
    for axis in strategy.axes.all():
        assert 2 <= axis.objectives.count() <= 4, axis
    measures = list(
        Measure.objects.select_related("objective__axis__plan", "responsible").prefetch_related(
            "partners", "indicators"
        )
    )
    per_plan = Counter(m.objective.axis.plan.code for m in measures)
    assert 36 <= per_plan[strategy.code] <= 44 and 10 <= per_plan[action.code] <= 14
    assert {m.responsible.type for m in measures} >= {
        "ministry", "police", "gendarmerie", "prosecution", "labour_inspection", "commission", "ngo"
    }  # fmt: skip
    assert any(p.type == "international_organisation" for m in measures for p in m.partners.all())
    with_indicators = 0
    for m in measures:
        plan = m.objective.axis.plan
        assert plan.starts_on <= m.starts_on <= m.ends_on <= plan.ends_on, m
        assert m.budget_planned_minor > 0 and len(m.partners.all()) <= 2
        assert m.responsible not in m.partners.all()
        indicators = list(m.indicators.all())
        assert len(indicators) <= 2, m
        with_indicators += bool(indicators)
        for indicator in indicators:
            if indicator.is_computed:
                assert indicator.statistic in STATISTICS
            else:
                assert indicator.baseline is not None and indicator.baseline_year and indicator.targets
                assert all(year.isdigit() and value.isdigit() for year, value in indicator.targets.items())
    assert with_indicators >= 0.85 * len(measures)
    computed = {i.statistic for m in measures for i in m.indicators.all() if i.is_computed}
    assert computed == set(STATISTICS)


def _assert_recommendations() -> None:
    recommendations = list(Recommendation.objects.prefetch_related("measures__objective__axis__plan"))
    assert sorted((r.source, r.report_year, r.priority) for r in recommendations) == [
        ("TIP", 2024, 1), ("TIP", 2024, 2), *(("TIP", 2025, priority) for priority in range(1, 11))
    ]  # fmt: skip
    for r in recommendations:
        assert r.original_language == "en" and r.text_en and r.text_fr and r.text_ar
        verbatim = VERBATIM_STARTS.get((r.report_year, r.priority))
        assert r.is_synthetic == (verbatim is None), r
        if verbatim is not None:
            assert r.text_en.startswith(verbatim), r
        assert 1 <= len(r.measures.all()) <= 3
        assert {m.objective.axis.plan.code for m in r.measures.all()} == {"action-plan-2024-2025"}
    cut_off = {(2024, 2), (2025, 3)}
    assert {(r.report_year, r.priority) for r in recommendations if r.text_en.endswith("…")} == cut_off
    assert len({r.status for r in recommendations}) >= 3


def _assert_reports() -> None:
    coordinator = User.objects.get(username="coordinator")
    now = datetime.combine(LATEST_OPENING, DEMO_NOW, tzinfo=timezone.get_current_timezone())
    reports = list(
        ProgressReport.objects.select_related(
            "measure__responsible", "created_by", "submitted_by", "reviewed_by"
        ).prefetch_related("values__indicator", "measure__indicators")
    )
    assert {r.state for r in reports} == {"draft", "submitted", "returned", "approved"}
    assert {r.status for r in reports} == {"not_started", "on_track", "delayed", "done", "cancelled"}
    for r in reports:
        assert policy.is_responsible_for(r.created_by, r.measure.responsible_id), r
        assert r.created_at <= now and r.period_start <= timezone.localdate(r.created_at)
        assert r.status != "done" or r.percent_done == 100
        if r.state == "draft":
            assert r.submitted_at is None and r.reviewed_at is None
            continue
        assert r.submitted_by == r.created_by and r.created_at <= r.submitted_at <= now
        assert r.period_end < timezone.localdate(r.submitted_at)
        if r.state in ("approved", "returned"):
            assert r.reviewed_by == coordinator and r.submitted_at < r.reviewed_at <= now
        if r.state == "returned":
            assert r.review_comment
        values = {v.indicator_id: v for v in r.values.all()}
        assert set(values) == {i.pk for i in r.measure.indicators.all()}, r
        for value in values.values():
            if value.indicator.is_computed:
                assert value.value == national_value(value.indicator.statistic, report_period(r))
    latest: dict[object, ProgressReport] = {}
    for r in reports:
        if r.state == "approved" and (
            r.measure_id not in latest or r.period_end > latest[r.measure_id].period_end
        ):
            latest[r.measure_id] = r
    for m in Measure.objects.all():
        report = latest.get(m.pk)
        expected = (
            (report.status, report.percent_done, report.period_end) if report else ("not_started", 0, None)
        )
        assert (m.status, m.percent_done, m.status_as_of) == expected, m

    due = reports_due(user=coordinator, today=LATEST_OPENING)
    assert any(entry.is_overdue(LATEST_OPENING) and entry.draft is None for entry in due)
    assert {entry.draft.state for entry in due if entry.draft is not None} == {"draft", "returned"}
    late = late_measures(user=coordinator, today=LATEST_OPENING)
    assert any(m.status == "delayed" for m in late) and any(m.ends_on < LATEST_OPENING for m in late)
    # The demo logins' focal points each find a report to correct or to finish, with its evidence.
    focal_justice = User.objects.get(username="focal.justice")
    focal_police = User.objects.get(username="focal.police")
    assert focal_justice.organisation.type == "ministry" and focal_police.organisation.type == "police"
    assert focal_justice.role_codes() == focal_police.role_codes() == ["focal_point"]
    assert focal_justice.has_usable_password() and focal_police.has_usable_password()
    assert {e.draft.state for e in reports_due(user=focal_justice, today=LATEST_OPENING) if e.draft} >= {
        "returned"
    }
    assert {e.draft.state for e in reports_due(user=focal_police, today=LATEST_OPENING) if e.draft} >= {
        "draft"
    }
    files = list(EvidenceFile.objects.select_related("report__measure"))
    assert files and {f.report.measure.responsible.short_code for f in files} >= {
        "min-justice",
        "police-bnpj",
    }
    for attached in files:
        content = evidence.read(attached.storage_name)
        assert hashlib.sha256(content).hexdigest() == attached.sha256
        assert content.startswith(b"%PDF-1.4") or attached.original_name.endswith(".txt")
        assert attached.report.created_at <= attached.uploaded_at <= (attached.report.submitted_at or now)


def _assert_prevention() -> None:
    now = datetime.combine(LATEST_OPENING, DEMO_NOW, tzinfo=timezone.get_current_timezone())
    regions, languages = set(loader.regions().by_code()), set(loader.languages().by_code())
    campaigns = list(Campaign.objects.prefetch_related("partners"))
    assert 20 <= len(campaigns) <= 30
    assert {c.starts_on.year for c in campaigns} == {2024, 2025, 2026}
    assert {c.type for c in campaigns} == set(CampaignType.values)
    assert any(not c.regions for c in campaigns) and any(c.regions for c in campaigns)
    assert any(p.type == "international_organisation" for c in campaigns for p in c.partners.all())
    assert any({"tamazight", "tarifit"} & set(c.languages) for c in campaigns)
    measured = [c for c in campaigns if c.audience_reached is not None]
    assert len(measured) >= 0.8 * len(campaigns)
    assert all(c.reach_method in MEASURING_METHODS for c in measured)
    for c in campaigns:
        assert (c.ends_on or c.starts_on) <= LATEST_OPENING and c.recorded_at <= now
        assert set(c.regions) <= regions and set(c.languages) <= languages and c.languages
    trainings = list(Training.objects.all())
    assert 50 <= len(trainings) <= 70
    assert {t.held_on.year for t in trainings} == {2024, 2025, 2026}
    assert {t.audience_sector for t in trainings} == set(AudienceSector.values)
    assert (
        {t.covers_identification_guide for t in trainings}
        == {t.covers_nrm for t in trainings}
        == {True, False}
    )
    for t in trainings:
        assert (t.ends_on or t.held_on) <= LATEST_OPENING and t.recorded_at <= now
        assert t.participants_total > 0 and t.participants_female and t.hours > 0 and t.region in regions


def _assert_no_person_name_in_texts() -> None:
    """Plan and prevention texts are stored in clear: none holds a demo person's name (the rule of
    tests/test_plaintext_at_rest.py)."""
    public = " ".join(f"{o.name} {o.name_ar}" for o in Organisation.objects.all())
    names = {arabic for _latin, arabic in FEMALE_GIVEN + MALE_GIVEN + FAMILY if len(arabic) >= 3}
    names |= {latin for latin, _arabic in FEMALE_GIVEN + MALE_GIVEN + FAMILY if len(latin) >= 5}
    names |= {part for row in FOREIGN for part in row[2:] if len(part) >= 5}
    names = {name for name in names if name not in public}
    texts = [
        *(f"{m.title} {m.description}" for m in Measure.objects.all()),
        *(f"{o.title}" for o in Objective.objects.all()),
        *(f"{r.narrative} {r.review_comment}" for r in ProgressReport.objects.all()),
        *(f"{r.text_en} {r.text_fr} {r.text_ar} {r.status_note}" for r in Recommendation.objects.all()),
        *(f"{c.title} {c.audience} {c.other_partners} {c.notes}" for c in Campaign.objects.all()),
        *(f"{t.title} {t.notes}" for t in Training.objects.all()),
    ]
    found = sorted({name for name in names for text in texts if name in text})
    assert not found, found


@pytest.mark.django_db
def test_demo_plans_reports_recommendations_campaigns_and_trainings() -> None:
    summary = create_demo(seed=2014, password="pw", persons=120, contacts=200)
    assert (summary.plans, summary.recommendations) == (2, 12)
    assert summary.measures == Measure.objects.count()
    assert summary.progress_reports == ProgressReport.objects.count()
    assert (summary.campaigns, summary.trainings) == (Campaign.objects.count(), Training.objects.count())
    _assert_plan_structure()
    _assert_recommendations()
    _assert_reports()
    _assert_prevention()
    _assert_no_person_name_in_texts()
