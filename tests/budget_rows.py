"""Rows the query-budget tests add to the cast: more of what a list shows, and more of what a detail page
shows per row (a case with several screenings, decisions, referrals...). Every builder takes the cast and a
number of rows and returns texts the page must show afterwards, so that a budget never passes because the
new rows landed on another page or out of the viewer's sight.

Rows are made through the services where the service is how the rows come to exist in real use (they write
the audit and timeline rows that come with them), directly otherwise, as tests/cast.py does.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from sanad.access.models import BreakGlassGrant
from sanad.accounts.models import Membership, Organisation, Role, User
from sanad.api.tokens import issue_token
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.cases.models import Case, CaseTransfer, TransferState
from sanad.cases.services import next_case_reference, record_follow_up
from sanad.hotline.models import Contact, PoliceAlert, TriageState
from sanad.hotline.services import callback_index
from sanad.identification.models import CaseSubmission, IdentificationGuide, StatusDecision
from sanad.identification.services import AnswerInput, current_guide, record_screening
from sanad.justice.models import OffenceArticle
from sanad.justice.services import (
    add_charge,
    add_defendant,
    link_victim_case,
    open_criminal_case,
    record_sentence,
    record_verdict,
)
from sanad.linkage.models import CandidatePair, LinkageRun, LinkDecision, RunState
from sanad.linkage.services import ordered
from sanad.people.models import BirthDatePrecision, Person, Sex
from sanad.plans import services as plans
from sanad.prevention.services import record_campaign, record_training
from sanad.referrals.models import Referral
from sanad.referrals.services import record_consent, record_service_delivered, send_referral
from sanad.reports.models import JobState, NarrativeSection, ReportJob
from sanad.shelters.models import Placement, ShelterCapacity
from sanad.tip.models import ReadinessRating, TierListImport, TierPlacement, Waiver
from sanad.tip.readiness import current_period_year
from tests.cast import CALLBACK, Cast

SERIAL = itertools.count(1)
# Inside the cast's year (cases opened 2025-03-14) and the statistics' default period.
YEAR = 2025


def _n() -> int:
    return next(SERIAL)


def person(owner: Organisation) -> Person:
    n = _n()
    return Person.objects.create(
        owning_organisation=owner, given_name_latin=f"Given{n}", family_name_latin=f"Family{n}",
        given_name_ar="سلمى", family_name_ar=f"العائلة {n}", sex=Sex.FEMALE,
        birth_date=date(1970 + n % 20, 1, 1), birth_date_precision=BirthDatePrecision.YEAR,
        nationalities=["MAR"], phone=f"+21266{n:07d}",
        document_type="cin", document_number=f"ZZ{n:06d}",
    )  # fmt: skip


def victim_case(cast: Cast, *, owner: str = "unit_a") -> Case:
    organisation = cast.organisations[owner]
    worker = cast.caseworker if owner == "unit_a" else cast.other_caseworker
    with transaction.atomic():  # references are numbered under a row lock
        return Case.objects.create(
            reference=next_case_reference(year=YEAR), person=person(organisation),
            owning_organisation=organisation, case_worker=worker,
            opened_on=date(YEAR, 6, 1) + timedelta(days=_n() % 90), region="MA-06",
            forms_of_exploitation=["forced_labour", "sexual_exploitation"][: 1 + _n() % 2],
        )  # fmt: skip


def _answer(number: int) -> AnswerInput:
    if number % 2:
        return AnswerInput("yes", evidence_source="self_report", note="She says so.")
    return AnswerInput("unknown")


def _screen(case: Case, actor: User) -> None:
    guide = current_guide()
    indicators = guide.definition.profile("adult_labour").indicators
    record_screening(
        actor=actor, case=case, guide=guide, profile="adult_labour", interviewed_on=date(YEAR, 6, 2),
        answers={i.id: _answer(n) for n, i in enumerate(indicators)},
    )  # fmt: skip


def _decide(cast: Cast, case: Case, *, status: str = "identified", on: date | None = None) -> StatusDecision:
    return StatusDecision.objects.create(
        case=case, status=status, decided_on=on or date(YEAR, 7, 1), legal_basis=f"Law 27-14 art. {_n()}",
        decided_by_organisation=cast.organisations["prosecution"], decided_by=cast.authority,
        rationale="Indicators of forced labour confirmed.",
    )  # fmt: skip


def _refer(cast: Cast, case: Case, actor: User, *, service: str = "shelter") -> Referral:
    record_consent(
        actor=actor, case=case, purpose="referral", decision="given", method="signed_form",
        given_on=date(YEAR, 6, 3),
    )  # fmt: skip
    return send_referral(
        actor=actor, case=case, to_organisation=cast.organisations["shelter"], service_type=service,
        urgency="routine", note="Needs a bed.",
    )  # fmt: skip


# --- Cases and what hangs from them ----------------------------------------------------------------------


def cases(cast: Cast, count: int) -> list[str]:
    """Cases of unit A, each screened, submitted to the prosecution office (which decided half of them),
    consented and referred to the shelter: they show in every list of cases, referrals or submissions."""
    shown = []
    for number in range(count):
        case = victim_case(cast)
        _screen(case, cast.caseworker)
        CaseSubmission.objects.create(
            case=case, authority=cast.organisations["prosecution"], submitted_at=timezone.now(),
            submitted_by=cast.caseworker,
        )  # fmt: skip
        if number % 2:
            _decide(cast, case)
        _refer(cast, case, cast.caseworker)
        shown.append(case.reference)
    return shown


def undecided_submissions(cast: Cast, count: int) -> list[str]:
    """Cases before the prosecution office awaiting its decision (the authority's home page)."""
    shown = []
    for _ in range(count):
        case = victim_case(cast)
        CaseSubmission.objects.create(
            case=case, authority=cast.organisations["prosecution"], submitted_at=timezone.now(),
            submitted_by=cast.caseworker,
        )  # fmt: skip
        shown.append(case.reference)
    return shown


def victims(cast: Cast, count: int) -> list[str]:
    """Identified victims of both units with their cases linked to criminal cases: the statistics' rows."""
    for number in range(count):
        case = victim_case(cast, owner="unit_a" if number % 2 else "unit_b")
        _decide(cast, case, status="presumed", on=date(YEAR, 5, 1))
        _decide(cast, case, status="identified", on=date(YEAR, 7, 1))
    criminal_cases(cast, max(count // 2, 1))
    return []


def case_a_identification(cast: Cast, count: int) -> list[str]:
    """Case A screened again and again, decided and submitted several times: its identification panel."""
    shown = []
    for _ in range(count):
        _screen(cast.case_a, cast.caseworker)
        shown.append(_decide(cast, cast.case_a, status="presumed").legal_basis)
        CaseSubmission.objects.create(
            case=cast.case_a, authority=cast.organisations["police"], submitted_at=timezone.now(),
            submitted_by=cast.caseworker, withdrawn_at=timezone.now(), withdrawn_by=cast.caseworker,
        )  # fmt: skip
    return shown


def case_a_file(cast: Cast, count: int) -> list[str]:
    """Case A with several of everything its page shows: screenings, decisions, submissions, consents,
    referrals, services, placements, follow-ups, transfers, criminal proceedings and timeline events."""
    case, worker = cast.case_a, cast.caseworker
    shown = []
    for number in range(count):
        _screen(case, worker)
        decision = _decide(cast, case, status="presumed")
        shown.append(decision.legal_basis)
        CaseSubmission.objects.create(
            case=case, authority=cast.organisations["police"], submitted_at=timezone.now(),
            submitted_by=worker, withdrawn_at=timezone.now(), withdrawn_by=worker,
        )  # fmt: skip
        referral = _refer(cast, case, worker, service="medical" if number % 2 else "shelter")
        record_service_delivered(
            actor=worker, case=case, service_type="medical", delivered_on=date(YEAR, 6, 10),
            notes="Check-up.",
        )  # fmt: skip
        Placement.objects.create(
            shelter=cast.organisations["shelter"], case=case, referral=referral, category="women",
            admitted_at=timezone.now() - timedelta(days=30),
            discharged_at=timezone.now() - timedelta(days=20),
            discharge_reason="Moved to family",
        )  # fmt: skip
        record_follow_up(actor=worker, case=case, happened_on=date(YEAR, 6, 20), kind="visit", note="Visit.")
        CaseTransfer.objects.create(
            case=case, from_organisation=cast.organisations["unit_a"],
            to_organisation=cast.organisations["unit_b"], state=TransferState.DECLINED,
            requested_at=timezone.now(), requested_by=worker, answered_at=timezone.now(),
        )  # fmt: skip
        criminal_case = _criminal_case(cast)
        link_victim_case(actor=cast.justice, criminal_case=criminal_case, case_reference=case.reference)
        shown.append(criminal_case.reference)
    return shown


def cases_of_person_a(cast: Cast, count: int) -> list[str]:
    """Person A registered again in later cases of unit A."""
    shown = []
    for _ in range(count):
        with transaction.atomic():
            case = Case.objects.create(
                reference=next_case_reference(year=YEAR), person=cast.persons_a[0],
                owning_organisation=cast.organisations["unit_a"], case_worker=cast.colleague,
                opened_on=date(YEAR, 8, 1), region="MA-06",
            )  # fmt: skip
        shown.append(case.reference)
    return shown


NAMESAKE = "Ouazzani"


def namesakes(cast: Cast, count: int) -> list[str]:
    """Persons of several organisations who share a family name, as a data-subject search finds them."""
    shown = []
    for number in range(count):
        record = person(cast.organisations["unit_b" if number % 2 else "unit_a"])
        record.family_name_latin = NAMESAKE
        record.save(update_fields=["family_name_latin"])
        shown.append(record.given_name_latin)
    return shown


def persons(cast: Cast, count: int) -> list[str]:
    """Persons registered by unit A, each with a case."""
    return [victim_case(cast).person.family_name_latin for _ in range(count)]


def transfers(cast: Cast, count: int) -> list[str]:
    """Cases of unit B offered to unit A."""
    shown = []
    for _ in range(count):
        case = victim_case(cast, owner="unit_b")
        CaseTransfer.objects.create(
            case=case, from_organisation=cast.organisations["unit_b"],
            to_organisation=cast.organisations["unit_a"], requested_at=timezone.now(),
            requested_by=cast.other_caseworker,
        )  # fmt: skip
        shown.append(case.reference)
    return shown


def referrals_to_shelter(
    cast: Cast, count: int, *, owners: tuple[str, ...] = ("unit_a", "unit_b")
) -> list[str]:
    """Referrals to the shelter from both units."""
    shown = []
    for number in range(count):
        owner = owners[number % len(owners)]
        case = victim_case(cast, owner=owner)
        _refer(cast, case, cast.caseworker if owner == "unit_a" else cast.other_caseworker)
        shown.append(case.reference)
    return shown


def referrals_from_unit_a(cast: Cast, count: int) -> list[str]:
    return referrals_to_shelter(cast, count, owners=("unit_a",))


def referral_file(cast: Cast, count: int) -> list[str]:
    """The cast's referral with services recorded on it, and more referrals of its case."""
    for _ in range(count):
        record_service_delivered(
            actor=cast.caseworker, case=cast.case_a, referral=cast.referral, service_type="shelter",
            delivered_on=date(YEAR, 6, 10),
        )  # fmt: skip
    referrals_to_shelter(cast, count)
    return []


def placements(cast: Cast, count: int) -> list[str]:
    """People placed in the cast's shelter."""
    shown = []
    for _ in range(count):
        case = victim_case(cast)
        Placement.objects.create(
            shelter=cast.organisations["shelter"], case=case, category="women",
            admitted_at=timezone.now() - timedelta(days=2),
        )  # fmt: skip
        shown.append(case.reference)
    return shown


def shelters(cast: Cast, count: int) -> list[str]:
    """More shelters with beds of several categories and people in them."""
    shown = []
    for _ in range(count):
        shelter = organisation(cast, kind="shelter", services=["shelter"])
        for category in ("women", "children"):
            ShelterCapacity.objects.create(shelter=shelter, category=category, beds=4)
        Placement.objects.create(
            shelter=shelter, case=victim_case(cast), category="children",
            admitted_at=timezone.now() - timedelta(days=5),
        )  # fmt: skip
        shown.append(shelter.name)
    return shown


# --- Hotline ---------------------------------------------------------------------------------------------


def contacts(cast: Cast, count: int) -> list[str]:
    """Open contacts of the cast's hotline, some taken by the operator, the others waiting."""
    shown = []
    for number in range(count):
        contact = Contact.objects.create(
            reference=f"BUDG-{_n():04d}", hotline=cast.organisations["hotline"], channel="phone",
            contact_type="crisis", received_at=timezone.now() - timedelta(minutes=number + 1),
            reporter_relation="self", urgency=1 + number % 3, narrative="Locked in a flat.",
            state=TriageState.NEW, assigned_to=cast.operator if number % 2 else None,
            recorded_by=cast.operator, region="MA-06", language="darija",
        )  # fmt: skip
        shown.append(contact.reference)
    return shown


def contact_file(cast: Cast, count: int) -> list[str]:
    """The cast's contact with police alerts, and earlier calls from the same number, one escalated."""
    shown = []
    for number in range(count):
        alert = PoliceAlert.objects.create(
            contact=cast.contact, unit=cast.organisations["police"], recipient_name=f"Officer {_n()}",
            method="phone", sent_at=timezone.now(), sent_by=cast.operator,
        )  # fmt: skip
        earlier = Contact.objects.create(
            reference=f"SAME-{_n():04d}", hotline=cast.organisations["hotline"], channel="phone",
            contact_type="tip", received_at=timezone.now() - timedelta(days=number + 1),
            reporter_relation="third_party", callback_number=CALLBACK,
            callback_index=callback_index(CALLBACK),
            state=TriageState.ESCALATED, case=cast.case_b if number == 0 else None,
            escalated_to=cast.organisations["unit_b"] if number == 0 else None,
        )  # fmt: skip
        shown += [alert.recipient_name, earlier.reference]
    return shown


# --- Organisations, users, tokens, audit ----------------------------------------------------------------


def organisation(cast: Cast, *, kind: str = "ngo", services: list[str] | None = None) -> Organisation:
    n = _n()
    return Organisation.objects.create(
        short_code=f"org-{n}", name=f"Organisation {n}", type=kind, region="MA-06",
        services=services or [], regions_served=["MA-06"], languages=["darija", "french"],
    )  # fmt: skip


def organisations(cast: Cast, count: int) -> list[str]:
    """Organisations offering services, each with staff."""
    shown = []
    for _ in range(count):
        found = organisation(cast, services=["psychosocial", "legal_aid"])
        _member(found, ["case_worker"])
        shown.append(found.name)
    return shown


def _member(organisation: Organisation, roles: list[str]) -> User:
    user = User.objects.create(username=f"user-{_n()}", first_name="Staff", last_name=organisation.short_code)
    membership = Membership.objects.create(user=user, organisation=organisation)
    membership.roles.set(Role.objects.filter(code__in=roles))
    return user


def users(cast: Cast, count: int) -> list[str]:
    """Users of several organisations with several roles each."""
    return [_member(organisation(cast), ["case_worker", "case_manager"]).username for _ in range(count)]


def tokens(cast: Cast, count: int) -> list[str]:
    shown = []
    for _ in range(count):
        token, _secret = issue_token(
            actor=cast.admin, organisation=organisation(cast), name=f"System {_n()}", roles=["case_worker"],
            scopes=["cases:read"], days=30,
        )  # fmt: skip
        shown.append(token.name)
    return shown


AUDITED = "budget-audited-"


def audit_events(cast: Cast, count: int) -> list[str]:
    shown = []
    for number in range(count):
        label = f"{AUDITED}{_n()}"
        record_event(
            action=AuditAction.VIEW_IDENTITY,
            actor=[cast.caseworker, cast.operator, cast.provider][number % 3],
            target=cast.case_a, target_label=label,
        )  # fmt: skip
        shown.append(label)
    return shown


# --- Criminal justice ------------------------------------------------------------------------------------


def _articles() -> list[OffenceArticle]:
    return list(OffenceArticle.objects.filter(is_active=True).order_by("code"))


def _criminal_case(cast: Cast) -> Any:
    return open_criminal_case(
        actor=cast.justice, reference=f"PJ-{YEAR}-B{_n():04d}",
        investigating_unit=cast.organisations["police"], region="MA-06", opened_on=date(YEAR, 2, 1),
        origin="proactive", forms_of_exploitation=["forced_labour"],
        prosecution_office=cast.organisations["prosecution"], referred_to_prosecution_on=date(YEAR, 2, 10),
    )  # fmt: skip


def _defendant(cast: Cast, criminal_case: Any, article: OffenceArticle, *, convicted: bool) -> Any:
    defendant = add_defendant(
        actor=cast.justice, criminal_case=criminal_case, full_name=f"Suspect {_n()}", sex="male",
        nationality="MAR", age=35, role="recruiter", arrested_on=date(YEAR, 2, 3),
        trial_opened_on=date(YEAR, 4, 1),
    )  # fmt: skip
    charge = add_charge(actor=cast.justice, defendant=defendant, article=article, charged_on=date(YEAR, 3, 1))
    if convicted:
        record_verdict(
            actor=cast.justice, charge=charge, court_level="first_instance", outcome="convicted",
            decided_on=date(YEAR, 5, 1), court=cast.organisations["court"],
        )  # fmt: skip
        record_sentence(
            actor=cast.justice, defendant=defendant, court_level="first_instance",
            decided_on=date(YEAR, 5, 1),
            prison_months=60, fine_minor=1_000_000,
        )  # fmt: skip
    return defendant


def criminal_cases(cast: Cast, count: int) -> list[str]:
    """Criminal cases of the police unit referred to the prosecution office, each with suspects charged and
    one convicted, and a victim case linked."""
    shown = []
    articles = _articles()
    for number in range(count):
        criminal_case = _criminal_case(cast)
        _defendant(cast, criminal_case, articles[number % len(articles)], convicted=True)
        _defendant(cast, criminal_case, articles[(number + 1) % len(articles)], convicted=False)
        link_victim_case(
            actor=cast.justice, criminal_case=criminal_case, case_reference=victim_case(cast).reference
        )
        shown.append(criminal_case.reference)
    return shown


def criminal_case_file(cast: Cast, count: int) -> list[str]:
    """The cast's criminal case with more suspects (charged, judged, sentenced) and more victim cases, whose
    identity the coordinator has opened by break-glass."""
    shown = []
    articles = _articles()
    for number in range(count):
        defendant = _defendant(cast, cast.criminal_case, articles[number % len(articles)], convicted=True)
        add_charge(
            actor=cast.justice, defendant=defendant, article=articles[(number + 1) % len(articles)],
            charged_on=date(YEAR, 3, 2),
        )  # fmt: skip
        case = victim_case(cast, owner="unit_b" if number % 2 else "unit_a")
        link_victim_case(actor=cast.justice, criminal_case=cast.criminal_case, case_reference=case.reference)
        BreakGlassGrant.objects.create(
            user=cast.coordinator, case=case, reason="Court hearing tomorrow, prosecutor asks.",
            granted_at=timezone.now(), expires_at=timezone.now() + timedelta(hours=1),
        )  # fmt: skip
        shown.append(case.reference)
    return shown


def articles(cast: Cast, count: int) -> list[str]:
    shown = []
    for _ in range(count):
        n = _n()
        article = OffenceArticle.objects.create(
            code=f"budget-{n}", law="Law 27-14", article=f"{n}", label_en=f"Offence {n}",
            label_fr=f"Infraction {n}", label_ar=f"جريمة {n}",
        )  # fmt: skip
        shown.append(article.code)
    return shown


# --- Identification guides -------------------------------------------------------------------------------


def guides(cast: Cast, count: int) -> list[str]:
    """Older guide versions, each used by a few screenings."""
    shipped = current_guide()
    shown = []
    for _ in range(count):
        version = f"budget-{_n()}"
        guide = IdentificationGuide.objects.create(
            version=version, content={**shipped.content, "version": version}, source_sha256="0" * 64,
            loaded_at=timezone.now() - timedelta(days=_n()), loaded_by=cast.admin,
        )  # fmt: skip
        for _screening in range(2):
            indicators = guide.definition.profile("adult_labour").indicators
            record_screening(
                actor=cast.caseworker, case=cast.case_a, guide=guide, profile="adult_labour",
                interviewed_on=date(YEAR, 6, 2), answers={i.id: AnswerInput("unknown") for i in indicators},
            )  # fmt: skip
        shown.append(version)
    return shown


# --- Record linkage --------------------------------------------------------------------------------------


def _run() -> LinkageRun:
    return LinkageRun.objects.create(
        requested_at=timezone.now(), state=RunState.DONE, auto_link_threshold=0.9, review_threshold=0.3,
        records=10, persons=9, records_linked=1, pairs_for_review=1, expected_duplicates=0.5,
    )  # fmt: skip


def pairs(cast: Cast, count: int) -> list[str]:
    """Pairs for review between persons of different organisations, from several runs."""
    shown = []
    for _ in range(count):
        one, other = person(cast.organisations["unit_a"]), person(cast.organisations["unit_b"])
        first, second = ordered(one.pk, other.pk)
        pair = CandidatePair.objects.create(first_id=first, second_id=second, probability=0.5, run=_run())
        shown.append(f"Pair {pair.pk}")
    return shown


def runs(cast: Cast, count: int) -> list[str]:
    for _ in range(count):
        run = _run()
        run.requested_by = cast.reviewer
        run.save(update_fields=["requested_by"])
    pairs(cast, count)
    return []


def links(cast: Cast, count: int) -> list[str]:
    """Records of unit B linked to records of unit A, with the reviewer's decisions."""
    shown = []
    for _ in range(count):
        root, record = person(cast.organisations["unit_a"]), person(cast.organisations["unit_b"])
        record.linked_to = root
        record.save(update_fields=["linked_to"])
        first, second = ordered(root.pk, record.pk)
        LinkDecision.objects.create(
            first_id=first, second_id=second, verdict="same", decided_by=cast.reviewer,
            decided_at=timezone.now(),
        )  # fmt: skip
        shown.append(str(record))
    return shown


def records_of_person_a(cast: Cast, count: int) -> list[str]:
    """More records linked to unit A's first person, each with its cases and a decision."""
    root = cast.persons_a[0]
    shown = []
    for number in range(count):
        record = person(cast.organisations["unit_b" if number % 2 else "hotline"])
        record.linked_to = root
        record.save(update_fields=["linked_to"])
        Case.objects.create(
            reference=f"LNK-{_n()}", person=record, owning_organisation=record.owning_organisation,
            opened_on=date(YEAR, 4, 1), region="MA-01",
        )  # fmt: skip
        first, second = ordered(root.pk, record.pk)
        LinkDecision.objects.create(
            first_id=first, second_id=second, verdict="same", decided_by=cast.reviewer,
            decided_at=timezone.now(), note="Same document number.",
        )  # fmt: skip
        shown.append(record.family_name_latin)
    return shown


# --- Prevention, plans, reports, TIP ---------------------------------------------------------------------


def campaigns(cast: Cast, count: int) -> list[str]:
    shown = []
    for number in range(count):
        campaign = record_campaign(
            actor=cast.coordinator, title=f"Campaign {_n()}", type="radio_spot",
            organiser=cast.organisations["ministry" if number % 2 else "commission"],
            partners=[cast.organisations["iom"], cast.organisations["police"]], starts_on=date(YEAR, 9, 1),
            ends_on=date(YEAR, 9, 30), regions=["MA-04", "MA-06"], languages=["darija"], audience="Parents",
            audience_reached=5000 + number, reach_method="broadcast_ratings", budget_minor=100_000,
        )  # fmt: skip
        shown.append(campaign.title)
    return shown


def trainings(cast: Cast, count: int) -> list[str]:
    shown = []
    for number in range(count):
        training = record_training(
            actor=cast.coordinator, title=f"Training {_n()}", audience_sector="judges",
            organiser=cast.organisations["ministry" if number % 2 else "commission"],
            partners=[cast.organisations["iom"], cast.organisations["court"]], held_on=date(YEAR, 9, 10),
            region="MA-04", hours=Decimal(4), participants_female=5, participants_male=6,
            covers_nrm=True,
        )  # fmt: skip
        shown.append(training.title)
    return shown


def campaign_partners(cast: Cast, count: int) -> list[str]:
    partners = [organisation(cast) for _ in range(count)]
    cast.campaign.partners.add(*partners)
    return [partner.name for partner in partners]


def training_partners(cast: Cast, count: int) -> list[str]:
    partners = [organisation(cast) for _ in range(count)]
    cast.training.partners.add(*partners)
    return [partner.name for partner in partners]


def indicators(cast: Cast, count: int) -> list[str]:
    """The cast's measure with more indicators, manual and computed from the statistics."""
    shown = []
    for number in range(count):
        name = f"Indicator {_n()}"
        computed = {"source": "computed", "statistic": "victims_identified"} if number % 2 else {}
        plans.add_indicator(
            actor=cast.coordinator, measure=cast.measure, name=name, unit="persons",
            direction="increase", targets={"2024": "4"}, **({"source": "manual"} | computed),
        )  # fmt: skip
        shown.append(name)
    return shown


def measure_reports(cast: Cast, count: int) -> list[str]:
    """The cast's measure with more indicators and more periods reported."""
    shown = indicators(cast, count)
    starts = [date(2025, 1, 1), date(2025, 7, 1), date(2026, 1, 1), date(2026, 7, 1)]
    reported = set(cast.measure.reports.values_list("period_start", flat=True))
    for start in [day for day in starts if day not in reported][:count]:
        if start <= timezone.localdate():
            plans.start_report(actor=cast.focal, measure=cast.measure, period_start=start)
    return shown


def report_values(cast: Cast, count: int) -> list[str]:
    """The cast's submitted report read after more indicators and more evidence files came with it."""
    shown = indicators(cast, count)
    draft = cast.draft_report
    for _ in range(count):
        plans.attach_evidence(
            actor=cast.focal, report=draft, upload=SimpleUploadedFile(f"minutes-{_n()}.pdf", b"%PDF-1.4\n")
        )
    report = cast.report
    for indicator in cast.measure.indicators.all():
        report.values.get_or_create(indicator=indicator, defaults={"value": Decimal(3)})
    return shown


def recommendations(cast: Cast, count: int) -> list[str]:
    """More recommendations, each linked to several measures."""
    measures = list(cast.measure.objective.measures.all())
    for number in range(count):
        measures.append(
            plans.create_measure(
                actor=cast.coordinator, objective=cast.measure.objective, code=f"1.1.{_n() + 10}",
                title=f"Measure {number}", responsible=cast.organisations["ministry"],
                partners=[cast.organisations["iom"]], starts_on=date(2024, 1, 1), ends_on=date(2025, 12, 31),
                budget_planned_minor=1_000_00,
            )
        )  # fmt: skip
    shown = []
    for _ in range(count):
        text = f"Recommendation {_n()}: prosecute more cases."
        plans.create_recommendation(
            actor=cast.coordinator, source="TIP", report_year=YEAR, priority=10 + _n(),
            original_language="en", text_en=text, measures=measures[-2:],
        )  # fmt: skip
        shown.append(text)
    return shown


def report_jobs(cast: Cast, count: int) -> list[str]:
    for number in range(count):
        ReportJob.objects.create(
            year=2020 + number % 5, language=["fr", "ar", "en"][number % 3], requested_by=cast.coordinator,
            requested_at=timezone.now() - timedelta(minutes=_n()), state=JobState.DONE, progress=100,
        )  # fmt: skip
        NarrativeSection.objects.get_or_create(
            year=2020 + number % 5, language="fr", section="introduction",
            defaults={"text": "Intro.", "updated_at": timezone.now(), "updated_by": cast.coordinator},
        )  # fmt: skip
    return []


def tier_history(cast: Cast, count: int) -> list[str]:
    """A later report year with more countries placed, Morocco's history with more years and waivers, an
    import, and the commission's readiness ratings."""
    batch = TierListImport.objects.create(year=2030, file_name="tiers.csv", imported_by=cast.admin)
    placed = set(TierPlacement.objects.filter(year=2030).values_list("iso3", flat=True))
    countries = [iso3 for iso3 in TIP_COUNTRIES if iso3 not in placed][:count]
    for number, iso3 in enumerate(["MAR", *countries]):
        TierPlacement.objects.get_or_create(
            iso3=iso3, year=2030, defaults={"tier": ["1", "2", "2WL", "3"][number % 4], "list_import": batch}
        )
    for _ in range(count):
        year = 1960 + _n() % 40
        TierPlacement.objects.get_or_create(iso3="MAR", year=year, defaults={"tier": "2WL"})
        Waiver.objects.get_or_create(iso3="MAR", year=year)
    for criterion in ("C1", "C2", "C3", "C4", "C5", "C6")[:count]:
        ReadinessRating.objects.get_or_create(
            period_year=current_period_year(timezone.localdate()), criterion=criterion,
            defaults={"rating": "partly", "note": "Convictions fell.", "set_by": cast.coordinator},
        )  # fmt: skip
    return []


# Countries of the shipped history, for comparisons and a later year's list.
TIP_COUNTRIES = ["FRA", "ESP", "SEN", "NGA", "PHL", "VNM", "BRA", "IND", "EGY", "TUN", "DZA", "MLI"]


def everything(cast: Cast, count: int) -> list[str]:
    """A bit of every kind, for the home page whose panels count and list them."""
    for grow in (
        cases,
        undecided_submissions,
        contacts,
        criminal_cases,
        pairs,
        audit_events,
        placements,
        shelters,
        campaigns,
    ):
        grow(cast, count)
    return []
