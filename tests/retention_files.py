"""A hand-made set of old and recent files for the retention rule, with every module's rows about each person.

Today is 2026-06-15 and the period 10 years: cases closed before 2016-06-15 are past it.

- Amina: two records linked as one person. Unit A's case closed 2012, unit B's closed 2013; presumed on
  2009-03-01 (unit B, she was 17: a child), identified on 2009-06-10 (unit A, she was 18). Her full file:
  screening with a note, consent, referral with a note, service, placement, plan, follow-up, escalated hotline
  contact, police alert, break-glass grant, a criminal case with every charge judged, a rectification.
  Anonymised.
- Layla: one case closed 2011, date of birth unknown; the record unit B holds of her (linked) has no case.
  Anonymised, both records.
- Khadija: case closed 2012, victim in a criminal case whose charge awaits its verdict. Kept.
- Fatima: unit A's case closed 2010, and the record unit B holds of her (linked) has an open case. Kept.
- Salma: case closed in 2024, inside the period. Kept.
- Hotline: a contact closed in 2012 without a case (anonymised), one still new since 2012 (kept, reported) and
  one closed last year (kept).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sanad.access.models import BreakGlassGrant
from sanad.accounts.models import Organisation, User
from sanad.cases.models import Case, CasePlan, CaseStatus, CaseTransfer, FollowUp
from sanad.hotline.models import Contact, PoliceAlert, TriageState
from sanad.hotline.services import callback_index
from sanad.identification.models import Screening, ScreeningAnswer, StatusDecision
from sanad.identification.services import current_guide, install_shipped_guide
from sanad.justice.models import Charge, CriminalCase, Defendant, OffenceArticle, Verdict, VictimLink
from sanad.justice.services import install_shipped_offence_articles
from sanad.people.models import BirthDatePrecision, Person
from sanad.people.services import identity_indexes
from sanad.privacy.models import Rectification
from sanad.referrals.models import Consent, Referral, ServiceDelivery
from sanad.shelters.models import Placement

TODAY = date(2026, 6, 15)
YEARS = 10
_numbers = itertools.count(1)

AMINA = ("Amina", "Benziane", "أمينة", "بن زيان")
AMINA_B = ("Amina", "Ben Ziane", "أمينة", "بنزيان")
LAYLA = ("Layla", "Chraibi", "ليلى", "الشرايبي")
KHADIJA = ("Khadija", "Alaoui", "خديجة", "العلوي")
FATIMA = ("Fatima", "Zahraoui", "فاطمة", "الزهراوي")
SALMA = ("Salma", "Idrissi", "سلمى", "الإدريسي")
AMINA_PHONE = "+212 661 77 88 99"
AMINA_DOCUMENT = "BE445566"
AMINA_ALIAS = "Mina la Rbatia"
SECRETS = (
    "Amina was held in a villa near Agadir by her cousin Rachid.",
    "Needs a safe room; her cousin Rachid is looking for her.",
    "Her cousin Rachid Benziane recruited her.",
    "Mother in Khouribga, reachable on Thursdays.",
    "Asthma; inhaler twice a day.",
    "Caller says Amina Benziane is locked in a villa.",
    "Unit informed: villa Agadir.",
    "Amina's mother identified her at the station.",
    "Brother of Amina called, she is missing.",
    "Old spelling Benzian on the first form.",
    "Tip about a girl named Nour in Fes.",
    "Caller referred to the labour inspectorate in Fes.",
)


@dataclass
class Files:
    organisations: dict[str, Organisation] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)
    criminal_cases: dict[str, CriminalCase] = field(default_factory=dict)

    def names_of(self, *keys: str) -> list[str]:
        table = {
            "amina": (*AMINA, *AMINA_B, AMINA_ALIAS),
            "layla": LAYLA,
            "khadija": KHADIJA,
            "fatima": FATIMA,
            "salma": SALMA,
        }
        return [part for key in keys for part in table[key]]


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)


def _person(owner: Organisation, names: tuple[str, str, str, str], **facts: Any) -> Person:
    given_latin, family_latin, given_ar, family_ar = names
    phone, document = facts.pop("phone", ""), facts.pop("document_number", "")
    defaults: dict[str, Any] = {
        "sex": "female",
        "birth_date": date(1990, 5, 1),
        "birth_date_precision": BirthDatePrecision.FULL,
        "nationalities": ["MAR"],
        "languages": ["ary"],
    }
    return Person.objects.create(
        owning_organisation=owner,
        given_name_latin=given_latin,
        family_name_latin=family_latin,
        given_name_ar=given_ar,
        family_name_ar=family_ar,
        phone=phone,
        document_number=document,
        document_type="passport" if document else "",
        **identity_indexes(phone=phone, document_number=document),
        **{**defaults, **facts},
    )


def _case(person: Person, opened: date, closed: date | None, **facts: Any) -> Case:
    return Case.objects.create(
        reference=f"MA-{opened.year}-{next(_numbers):06d}",
        person=person,
        owning_organisation=person.owning_organisation,
        opened_on=opened,
        region=facts.pop("region", "MA-06"),
        status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
        closed_on=closed,
        closure_reason="reintegrated" if closed else "",
        **facts,
    )


def _decide(
    case: Case, on: date, status: str, authority: Organisation, rationale: str = ""
) -> StatusDecision:
    return StatusDecision.objects.create(
        case=case,
        status=status,
        decided_on=on,
        decided_by_organisation=authority,
        legal_basis="Law 27-14",
        rationale=rationale or "Indicators of forced labour confirmed.",
    )


def _criminal_case(files: Files, reference: str, victim: Case, *, judged: bool) -> CriminalCase:
    orgs = files.organisations
    criminal = CriminalCase.objects.create(
        reference=reference,
        investigating_unit=orgs["police"],
        region="MA-06",
        opened_on=date(2009, 2, 1),
        origin="victim_complaint",
        forms_of_exploitation=["forced_labour"],
    )
    defendant = Defendant.objects.create(
        criminal_case=criminal,
        number=1,
        full_name="Rachid Tahiri",
        sex="male",
        nationality="MAR",
        age=35,
        role="recruiter",
        investigated_on=date(2009, 2, 3),
    )
    charge = Charge.objects.create(
        defendant=defendant, article=OffenceArticle.objects.get(code="PC-448-2"), charged_on=date(2009, 3, 1)
    )
    if judged:
        Verdict.objects.create(
            charge=charge, court_level="first_instance", outcome="convicted", decided_on=date(2011, 1, 10)
        )
    VictimLink.objects.create(criminal_case=criminal, case=victim, testified=True, legal_aid=True)
    files.criminal_cases[reference] = criminal
    return criminal


def _full_file(files: Files, case: Case, worker: User) -> None:
    orgs = files.organisations
    guide = current_guide()
    screening = Screening.objects.create(
        case=case,
        guide=guide,
        profile="adult_labour",
        interviewed_on=date(2009, 2, 20),
        interviewer=worker,
        organisation=case.owning_organisation,
        outcome="presumed",
        offline_instance="uuid:odk-amina-1",
    )
    ScreeningAnswer.objects.create(screening=screening, indicator_id="DR01", answer="yes", note=SECRETS[0])
    consent = Consent.objects.create(
        case=case, purpose="referral", decision="given", method="signed_form", given_on=date(2009, 2, 21)
    )
    Consent.objects.create(
        case=case, purpose="statistics", decision="given", method="signed_form", given_on=date(2009, 2, 21)
    )
    referral = Referral.objects.create(
        case=case,
        from_organisation=case.owning_organisation,
        to_organisation=orgs["shelter"],
        service_type="shelter",
        urgency="urgent",
        note=SECRETS[1],
        state="completed",
        due_at=_at(date(2009, 2, 23)),
        sent_at=_at(date(2009, 2, 22)),
        accepted_at=_at(date(2009, 2, 22)),
        completed_at=_at(date(2009, 9, 1)),
        consent=consent,
        decline_reason="",
        consent_override_reason="",
    )
    ServiceDelivery.objects.create(
        case=case,
        referral=referral,
        service_type="shelter",
        provider=orgs["shelter"],
        delivered_on=date(2009, 3, 1),
        notes=SECRETS[2],
    )
    Placement.objects.create(
        shelter=orgs["shelter"],
        case=case,
        referral=referral,
        category="women",
        admitted_at=_at(date(2009, 2, 22)),
        discharged_at=_at(date(2009, 9, 1)),
        discharge_reason="Back with her mother in Khouribga",
    )
    CasePlan.objects.create(case=case, needs=SECRETS[3], goals="Vocational training", updated_by=worker)
    FollowUp.objects.create(case=case, happened_on=date(2010, 1, 5), kind="visit", note=SECRETS[7])
    CaseTransfer.objects.create(
        case=case,
        from_organisation=case.owning_organisation,
        to_organisation=orgs["ngo_b"],
        state="declined",
        requested_at=_at(date(2010, 2, 1)),
        answered_at=_at(date(2010, 2, 2)),
    )
    contact = Contact.objects.create(
        reference=f"AMIN-{next(_numbers):04d}",
        hotline=orgs["hotline"],
        channel="phone",
        contact_type="tip",
        received_at=_at(date(2009, 2, 10)),
        reporter_relation="third_party",
        narrative=SECRETS[5],
        callback_number=AMINA_PHONE,
        callback_index=callback_index(AMINA_PHONE),
        state=TriageState.ESCALATED,
        triaged_at=_at(date(2009, 2, 10)),
        escalated_at=_at(date(2009, 2, 11)),
        person=case.person,
        case=case,
        escalated_to=case.owning_organisation,
    )
    PoliceAlert.objects.create(
        contact=contact,
        unit=orgs["police"],
        recipient_name="Cdt. Idrissi",
        method="phone",
        sent_at=_at(date(2009, 2, 10)),
        note=SECRETS[6],
    )
    files.contacts["amina"] = contact
    BreakGlassGrant.objects.create(
        user=worker,
        case=case,
        reason=SECRETS[8],
        granted_at=_at(date(2009, 4, 1)),
        expires_at=_at(date(2009, 4, 1)),
    )
    Rectification.objects.create(
        person=case.person,
        field="family_name_latin",
        old_value="Benzian",
        new_value="Benziane",
        reason=SECRETS[9],
        request_reference="DSR-2010-01",
        requested_by="person",
        recorded_at=_at(date(2010, 3, 1)),
    )


def build_files(*, worker: User | None = None) -> Files:
    install_shipped_guide()
    install_shipped_offence_articles()
    files = Files()
    orgs = files.organisations
    for key, kind, region in (
        ("ngo_a", "ngo", "MA-06"),
        ("ngo_b", "social_services", "MA-01"),
        ("parquet", "prosecution", "MA-06"),
        ("police", "police", "MA-06"),
        ("hotline", "hotline", "MA-04"),
        ("shelter", "shelter", "MA-06"),
    ):
        orgs[key] = Organisation.objects.create(
            short_code=f"r-{key}", name=f"Retention org {key}", type=kind, region=region
        )
    worker = worker or User.objects.create(username="retention-worker")
    persons, cases = files.persons, files.cases

    persons["amina"] = _person(
        orgs["ngo_a"],
        AMINA,
        birth_date=date(1991, 5, 1),
        phone=AMINA_PHONE,
        document_number=AMINA_DOCUMENT,
        other_names=AMINA_ALIAS,
        medical_alerts=SECRETS[4],
    )
    persons["amina_b"] = _person(
        orgs["ngo_b"], AMINA_B, birth_date=date(1991, 7, 1), birth_date_precision=BirthDatePrecision.YEAR
    )
    Person.objects.filter(pk=persons["amina_b"].pk).update(linked_to=persons["amina"])
    cases["amina"] = _case(
        persons["amina"],
        date(2009, 2, 1),
        date(2012, 5, 1),
        forms_of_exploitation=["forced_labour"],
        sectors=["T"],
        recruiter_relation="family",
        exploitation_country="MAR",
        external_reference="NGO-A-77",
        recruitment_platform="Facebook group of her cousin Rachid",
        exploitation_started_on=date(2008, 6, 1),
        exploitation_ended_on=date(2009, 1, 30),
    )
    cases["amina_b"] = _case(
        persons["amina_b"],
        date(2009, 1, 10),
        date(2013, 2, 1),
        forms_of_exploitation=["sexual_exploitation"],
        region="MA-01",
    )
    _decide(cases["amina_b"], date(2009, 3, 1), "presumed", orgs["parquet"], rationale=SECRETS[7])
    _decide(cases["amina"], date(2009, 6, 10), "identified", orgs["parquet"])
    _full_file(files, cases["amina"], worker)
    _criminal_case(files, "PJ-2009-0001", cases["amina"], judged=True)

    persons["layla"] = _person(orgs["ngo_a"], LAYLA, birth_date=None, birth_date_precision="unknown")
    persons["layla_b"] = _person(orgs["ngo_b"], LAYLA, birth_date=None, birth_date_precision="unknown")
    Person.objects.filter(pk=persons["layla_b"].pk).update(linked_to=persons["layla"])
    cases["layla"] = _case(
        persons["layla"], date(2010, 1, 5), date(2011, 3, 1), forms_of_exploitation=["forced_begging"]
    )
    _decide(cases["layla"], date(2010, 2, 1), "identified", orgs["parquet"])

    persons["khadija"] = _person(orgs["ngo_a"], KHADIJA, birth_date=date(1985, 1, 1))
    cases["khadija"] = _case(
        persons["khadija"], date(2010, 3, 1), date(2012, 1, 1), forms_of_exploitation=["forced_labour"]
    )
    _decide(cases["khadija"], date(2010, 4, 1), "identified", orgs["parquet"])
    _criminal_case(files, "PJ-2010-0002", cases["khadija"], judged=False)

    persons["fatima"] = _person(orgs["ngo_a"], FATIMA, nationalities=["SEN"])
    persons["fatima_b"] = _person(orgs["ngo_b"], FATIMA, nationalities=["SEN"])
    Person.objects.filter(pk=persons["fatima_b"].pk).update(linked_to=persons["fatima"])
    cases["fatima"] = _case(
        persons["fatima"], date(2009, 5, 1), date(2010, 6, 1), forms_of_exploitation=["forced_labour"]
    )
    cases["fatima_b"] = _case(
        persons["fatima_b"], date(2025, 1, 1), None, forms_of_exploitation=["forced_labour"]
    )
    _decide(cases["fatima"], date(2009, 7, 1), "identified", orgs["parquet"])

    persons["salma"] = _person(orgs["ngo_a"], SALMA, birth_date=date(2008, 9, 9))
    cases["salma"] = _case(
        persons["salma"], date(2023, 1, 1), date(2024, 2, 1), forms_of_exploitation=["forced_marriage"]
    )
    _decide(cases["salma"], date(2023, 3, 1), "presumed", orgs["parquet"])

    for key, state, received, closed in (
        ("old_closed", TriageState.CLOSED, date(2012, 1, 1), date(2012, 1, 2)),
        ("old_open", TriageState.NEW, date(2012, 2, 1), None),
        ("recent_closed", TriageState.CLOSED, date(2025, 3, 1), date(2025, 3, 2)),
    ):
        files.contacts[key] = Contact.objects.create(
            reference=f"CONT-{next(_numbers):04d}",
            hotline=orgs["hotline"],
            channel="phone",
            contact_type="information",
            received_at=_at(received),
            reporter_relation="self",
            narrative=SECRETS[10],
            callback_number="0661 12 34 56",
            callback_index=callback_index("0661 12 34 56"),
            state=state,
            closed_at=_at(closed) if closed else None,
            closing_reason=SECRETS[11] if closed else "",
        )
    for person in persons.values():
        person.refresh_from_db()
    return files
