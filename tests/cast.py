"""The cast of the suite: users on every side of every permission boundary, with their records.

- ``caseworker`` and ``colleague`` work for unit A (Casablanca); ``other_caseworker`` for unit B (Tanger).
- ``coordinator``, ``analyst``, ``auditor`` and ``admin`` work for the commission.
- ``provider`` (a shelter), ``justice`` (police), ``operator`` and ``supervisor`` (hotline),
  ``other_operator`` (a second hotline), ``authority`` (prosecution, decides victim status).
- ``prosecutor`` is a justice officer of the prosecution office, ``gendarme`` of the gendarmerie: the
  criminal case of the cast is investigated by the police, referred to that prosecution office, and links
  case A; the gendarmerie does not reach it.
- ``focal`` is the national-plan focal point of a ministry responsible for the cast's plan measure;
  ``other_focal`` is the focal point of the police, responsible for none of it.
- ``reviewer`` reviews duplicate persons across organisations (sees identity in the linkage queue only); the
  cast holds one pair for review, unit A's first person and unit B's.
- ``nomember`` has an account and no membership; ``disabled`` is an inactive case worker of unit A.
Each unit has persons with names in both scripts and a case each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from sanad.access.policy import requires_second_factor
from sanad.accounts.mfa import enrol_authenticator_app
from sanad.accounts.models import Membership, Organisation, Role, User
from sanad.accounts.services import sync_default_roles
from sanad.cases.models import Case, CaseTransfer
from sanad.cases.services import next_case_reference
from sanad.hotline.models import Contact, TriageState
from sanad.hotline.services import callback_index
from sanad.identification.models import CaseSubmission, Screening
from sanad.identification.services import AnswerInput, current_guide, install_shipped_guide, record_screening
from sanad.justice.models import Charge, CriminalCase, Defendant, OffenceArticle
from sanad.justice.services import (
    add_charge,
    add_defendant,
    install_shipped_offence_articles,
    link_victim_case,
    open_criminal_case,
)
from sanad.linkage.models import CandidatePair, LinkageRun, RunState
from sanad.linkage.services import ordered
from sanad.people.models import BirthDatePrecision, Person, Sex
from sanad.people.services import identity_indexes
from sanad.referrals.models import Consent, Referral
from sanad.referrals.services import record_consent, send_referral
from sanad.shelters.models import Placement, ShelterCapacity
from tests.cast_plans import build_plans
from tests.cast_prevention import build_prevention

PASSWORD = "correct horse battery staple 42"
# Every user whose role requires a second factor has an authenticator app with this secret (base32).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

NAMES_A = [("Amina", "Benziane", "أمينة", "بن زيان"), ("Khadija", "Alaoui", "خديجة", "العلوي")]
NAMES_B = [("Youssef", "Tazi", "يوسف", "التازي")]
PHONE_A = "+212612345678"
CALLBACK = "+212 661 00 11 22"
REFERRAL_NOTE = "Needs a women's shelter tonight; speaks Darija and some French."
CONTACT_NARRATIVE = "Une voisine dit que Fatima, 15 ans, travaille chez les Benali sans salaire."
DOCUMENT_A = "BK123456"
SUSPECT_NAME = "Hamid Ouazzani"
SUSPECT_DOCUMENT = "JK778899"


@dataclass
class Cast:
    organisations: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    persons_a: list[Person] = field(default_factory=list)
    persons_b: list[Person] = field(default_factory=list)
    case_a: Case | None = None
    case_b: Case | None = None
    contact: Contact | None = None
    screening: Screening | None = None
    referral: Referral | None = None
    consent: Consent | None = None
    placement: Placement | None = None
    transfer: CaseTransfer | None = None
    criminal_case: CriminalCase | None = None
    defendant: Defendant | None = None
    charge: Charge | None = None
    campaign: Any = None
    training: Any = None
    plan: Any = None
    measure: Any = None
    manual_indicator: Any = None
    computed_indicator: Any = None
    report: Any = None
    draft_report: Any = None
    evidence: Any = None
    recommendation: Any = None
    candidate_pair: Any = None

    def __getattr__(self, name: str) -> User:
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)

    @property
    def all_names(self) -> list[str]:
        return [part for names in (*NAMES_A, *NAMES_B) for part in names]


def _organisation(code: str, kind: str, region: str) -> Organisation:
    return Organisation.objects.create(short_code=code, name=f"Org {code}", type=kind, region=region)


def _user(username: str, organisation: Organisation | None, roles: list[str], *, active: bool = True) -> User:
    user = User(username=username, first_name=username.title(), is_active=active)
    user.set_password(PASSWORD)
    user.save()
    if organisation is not None:
        membership = Membership.objects.create(user=user, organisation=organisation)
        membership.roles.set(Role.objects.filter(code__in=roles))
        if requires_second_factor(user):
            enrol_authenticator_app(user, TOTP_SECRET)
    return user


def _person(owner: Organisation, names: tuple[str, str, str, str], **extra: str) -> Person:
    given_latin, family_latin, given_ar, family_ar = names
    phone = extra.get("phone", "")
    document = extra.get("document_number", "")
    return Person.objects.create(
        owning_organisation=owner,
        given_name_latin=given_latin,
        family_name_latin=family_latin,
        given_name_ar=given_ar,
        family_name_ar=family_ar,
        sex=Sex.FEMALE,
        birth_date=date(2003, 7, 1),
        birth_date_precision=BirthDatePrecision.YEAR,
        nationalities=["MAR"],
        phone=phone,
        document_type="cin" if document else "",
        document_number=document,
        **identity_indexes(phone=phone, document_number=document),
    )


def _case(person: Person, owner: Organisation, worker: User | None, region: str) -> Case:
    return Case.objects.create(
        reference=next_case_reference(year=2025),
        person=person,
        owning_organisation=owner,
        case_worker=worker,
        opened_on=date(2025, 3, 14),
        region=region,
    )


def build_cast() -> Cast:
    # Transactional tests flush every table, the roles seeded by migration included.
    sync_default_roles()
    install_shipped_guide()
    cast = Cast()
    orgs = cast.organisations
    orgs["commission"] = _organisation("commission", "commission", "MA-04")
    orgs["unit_a"] = _organisation("unit-a", "social_services", "MA-06")
    orgs["unit_b"] = _organisation("unit-b", "social_services", "MA-01")
    orgs["shelter"] = _organisation("shelter", "shelter", "MA-06")
    orgs["shelter"].services, orgs["shelter"].regions_served = ["shelter", "medical"], ["MA-06", "MA-04"]
    orgs["shelter"].save(update_fields=["services", "regions_served"])
    ShelterCapacity.objects.create(shelter=orgs["shelter"], category="women", beds=2)
    orgs["police"] = _organisation("police", "police", "MA-06")
    orgs["hotline"] = _organisation("hotline", "hotline", "MA-04")
    orgs["hotline_2"] = _organisation("hotline-2", "hotline", "MA-06")
    orgs["gendarmerie"] = _organisation("gendarmerie", "gendarmerie", "MA-06")
    orgs["prosecution"] = _organisation("prosecution", "prosecution", "MA-04")
    orgs["court"] = _organisation("court", "court", "MA-04")
    orgs["ministry"] = _organisation("ministry", "ministry", "MA-04")
    orgs["iom"] = _organisation("iom", "international_organisation", "MA-04")
    users = cast.users
    users["caseworker"] = _user("caseworker", orgs["unit_a"], ["case_worker"])
    users["manager"] = _user("manager", orgs["unit_a"], ["case_manager"])
    users["colleague"] = _user("colleague", orgs["unit_a"], ["case_worker"])
    users["other_caseworker"] = _user("other_caseworker", orgs["unit_b"], ["case_worker"])
    users["coordinator"] = _user("coordinator", orgs["commission"], ["coordinator"])
    users["analyst"] = _user("analyst", orgs["commission"], ["analyst"])
    users["auditor"] = _user("auditor", orgs["commission"], ["auditor"])
    users["admin"] = _user("admin", orgs["commission"], ["admin"])
    users["provider"] = _user("provider", orgs["shelter"], ["service_provider"])
    users["justice"] = _user("justice", orgs["police"], ["justice_officer"])
    users["operator"] = _user("operator", orgs["hotline"], ["hotline_operator"])
    users["authority"] = _user("authority", orgs["prosecution"], ["identification_authority"])
    users["supervisor"] = _user("supervisor", orgs["hotline"], ["hotline_supervisor"])
    users["other_operator"] = _user("other_operator", orgs["hotline_2"], ["hotline_operator"])
    users["prosecutor"] = _user("prosecutor", orgs["prosecution"], ["justice_officer"])
    users["gendarme"] = _user("gendarme", orgs["gendarmerie"], ["justice_officer"])
    users["focal"] = _user("focal", orgs["ministry"], ["focal_point"])
    users["other_focal"] = _user("other_focal", orgs["police"], ["focal_point"])
    users["reviewer"] = _user("reviewer", orgs["commission"], ["linkage_reviewer"])
    users["nomember"] = _user("nomember", None, [])
    users["disabled"] = _user("disabled", orgs["unit_a"], ["case_worker"], active=False)
    cast.persons_a = [
        _person(orgs["unit_a"], NAMES_A[0], phone=PHONE_A, document_number=DOCUMENT_A),
        _person(orgs["unit_a"], NAMES_A[1]),
    ]
    cast.persons_b = [_person(orgs["unit_b"], NAMES_B[0])]
    with transaction.atomic():  # case references are numbered under a row lock
        cast.case_a = _case(cast.persons_a[0], orgs["unit_a"], users["caseworker"], "MA-06")
        _case(cast.persons_a[1], orgs["unit_a"], users["colleague"], "MA-06")
        cast.case_b = _case(cast.persons_b[0], orgs["unit_b"], users["other_caseworker"], "MA-01")
    cast.contact = Contact.objects.create(
        reference="TEST-0001",
        hotline=orgs["hotline"],
        channel="phone",
        contact_type="tip",
        received_at=timezone.now() - timedelta(minutes=12),
        reporter_relation="third_party",
        narrative=CONTACT_NARRATIVE,
        callback_number=CALLBACK,
        callback_index=callback_index(CALLBACK),
        state=TriageState.TRIAGED,
        triaged_at=timezone.now() - timedelta(minutes=10),
    )
    guide = current_guide()
    cast.screening = record_screening(
        actor=users["caseworker"],
        case=cast.case_a,
        guide=guide,
        profile="adult_labour",
        interviewed_on=date(2025, 3, 20),
        answers={i.id: AnswerInput("unknown") for i in guide.definition.profile("adult_labour").indicators},
    )
    CaseSubmission.objects.create(
        case=cast.case_a,
        authority=orgs["prosecution"],
        submitted_at=timezone.now(),
        submitted_by=users["caseworker"],
    )
    _referral_network(cast)
    _criminal_case(cast)
    build_prevention(cast)
    build_plans(cast)
    cast.candidate_pair = _candidate_pair(cast.persons_a[0], cast.persons_b[0])
    return cast


def _candidate_pair(one: Person, other: Person) -> CandidatePair:
    run = LinkageRun.objects.create(
        requested_at=timezone.now(), state=RunState.DONE, auto_link_threshold=0.9, review_threshold=0.3
    )
    first, second = ordered(one.pk, other.pk)
    return CandidatePair.objects.create(first_id=first, second_id=second, probability=0.6, run=run)


def _criminal_case(cast: Cast) -> None:
    """Police case PJ-2025-0001, referred to the prosecution office: one suspect charged under 448-2, and
    case A linked as its victim."""
    orgs, users = cast.organisations, cast.users
    install_shipped_offence_articles()  # transactional tests flush what the migration seeded
    cast.criminal_case = open_criminal_case(
        actor=users["justice"], reference="PJ-2025-0001", investigating_unit=orgs["police"], region="MA-06",
        opened_on=date(2025, 2, 1), origin="hotline_alert", forms_of_exploitation=["forced_labour"],
    )  # fmt: skip
    cast.criminal_case.prosecution_office = orgs["prosecution"]
    cast.criminal_case.referred_to_prosecution_on = date(2025, 2, 20)
    cast.criminal_case.save(update_fields=["prosecution_office", "referred_to_prosecution_on"])
    cast.defendant = add_defendant(
        actor=users["justice"], criminal_case=cast.criminal_case, full_name=SUSPECT_NAME,
        document_number=SUSPECT_DOCUMENT, sex="male", nationality="MAR", age=41, role="exploiter",
        arrested_on=date(2025, 2, 3),
    )  # fmt: skip
    cast.charge = add_charge(
        actor=users["justice"], defendant=cast.defendant,
        article=OffenceArticle.objects.get(code="PC-448-2"), charged_on=date(2025, 3, 1),
    )  # fmt: skip
    link_victim_case(
        actor=users["justice"], criminal_case=cast.criminal_case, case_reference=cast.case_a.reference
    )


def _referral_network(cast: Cast) -> None:
    """Case A: consent to referrals and a referral to the shelter awaiting its answer; case B's person is
    already placed in the shelter; and unit B offers case B to unit A."""
    orgs, users = cast.organisations, cast.users
    cast.consent = record_consent(
        actor=users["caseworker"], case=cast.case_a, purpose="referral", decision="given",
        method="signed_form", given_on=date(2025, 3, 15),
    )  # fmt: skip
    cast.referral = send_referral(
        actor=users["caseworker"], case=cast.case_a, to_organisation=orgs["shelter"], service_type="shelter",
        urgency="urgent", note=REFERRAL_NOTE,
    )  # fmt: skip
    cast.placement = Placement.objects.create(
        shelter=orgs["shelter"],
        case=cast.case_b,
        category="women",
        admitted_at=timezone.now() - timedelta(days=3),
    )
    cast.transfer = CaseTransfer.objects.create(
        case=cast.case_b, from_organisation=orgs["unit_b"], to_organisation=orgs["unit_a"],
        requested_at=timezone.now(), requested_by=users["other_caseworker"],
    )  # fmt: skip
