"""Deterministic demo data: the same seed gives the same organisations, users, persons, cases, screenings,
status decisions, hotline contacts, referral network (consent, referrals, placements, case timelines),
criminal cases (defendants, charges, verdicts, sentences, linked victim cases), awareness campaigns and
trainings, and national plans (measures, indicators, progress reports, recommendations)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.db import connection, transaction
from django.utils import timezone

from sanad.access.policy import requires_second_factor
from sanad.accounts.mfa import enrol_authenticator_app
from sanad.accounts.models import Membership, Organisation, Role, User
from sanad.accounts.services import sync_default_roles
from sanad.cases.models import Case, CaseStatus
from sanad.cases.services import next_case_reference
from sanad.demo.duplicates import register_duplicates
from sanad.demo.hotline import Staff, create_contacts
from sanad.demo.identification import Authorities, create_identification, exploitation_details
from sanad.demo.justice import create_criminal_justice
from sanad.demo.names import FAMILY, FEMALE_GIVEN, FIRST_FOREIGN, FOREIGN, MALE_GIVEN
from sanad.demo.organisations import ORGANISATIONS, REPORTERS, USERS
from sanad.demo.plans import create_plans
from sanad.demo.prevention import create_prevention
from sanad.demo.referrals import create_capacities, create_referral_network, directory_fields, person_profile
from sanad.demo.reports import create_narratives
from sanad.hotline.models import Contact
from sanad.identification.models import Screening, StatusDecision
from sanad.justice.models import CriminalCase, Defendant
from sanad.people.models import BirthDatePrecision, Person, Sex
from sanad.people.services import identity_indexes
from sanad.plans.models import Measure, Plan, ProgressReport, Recommendation
from sanad.prevention.models import Campaign, Training
from sanad.referrals.models import Referral
from sanad.shelters.models import Placement
from sanad.tip.services import install_shipped_history

DEMO_MARKER = "cnclt"
YEARS = (2024, 2025, 2026)
# Fixed, not today: the same seed must give the same data whatever the day it runs.
LATEST_OPENING = date(2026, 11, 15)
# The demo's "now" on that day, for the hotline queue: nothing is received, triaged or closed after it.
DEMO_NOW = time(17, 30)


@dataclass
class DemoSummary:
    organisations: int
    users: int
    persons: int
    cases: int
    contacts: int
    screenings: int
    decisions: int
    created: bool
    referrals: int = 0
    placements: int = 0
    criminal_cases: int = 0
    defendants: int = 0
    campaigns: int = 0
    trainings: int = 0
    plans: int = 0
    measures: int = 0
    progress_reports: int = 0
    recommendations: int = 0


def demo_exists() -> bool:
    return Organisation.objects.filter(short_code=DEMO_MARKER).exists()


def _birth_date(rng: random.Random, opened: date) -> tuple[date | None, str]:
    age = rng.choices([rng.randint(12, 17), rng.randint(18, 29), rng.randint(30, 55)], weights=[25, 50, 25])[
        0
    ]
    precision = rng.choices(
        [BirthDatePrecision.FULL, BirthDatePrecision.YEAR_MONTH, BirthDatePrecision.YEAR,
         BirthDatePrecision.ESTIMATED, BirthDatePrecision.UNKNOWN],
        weights=[35, 10, 30, 15, 10],
    )[0]  # fmt: skip
    year = opened.year - age
    match precision:
        case BirthDatePrecision.FULL:
            return date(year, rng.randint(1, 12), rng.randint(1, 28)), precision
        case BirthDatePrecision.YEAR_MONTH:
            return date(year, rng.randint(1, 12), 15), precision
        case BirthDatePrecision.YEAR | BirthDatePrecision.ESTIMATED:
            return date(year, 7, 1), precision
    return None, BirthDatePrecision.UNKNOWN


def _foreign_name(
    names_rng: random.Random, nationality: str, sex: str, given: str, family: str
) -> tuple[str, str]:
    """Given and family name drawn apart among the names of the person's country (its own random stream,
    so the rest of the demo draws the same numbers whatever the name lists hold)."""
    givens = [row[2] for row in FOREIGN if row[0] == nationality and row[1] == sex] or [given]
    families = [row[3] for row in FOREIGN if row[0] == nationality] or [family]
    return names_rng.choice(givens), names_rng.choice(families)


def _person(rng: random.Random, owner: Organisation, opened: date, names_rng: random.Random) -> Person:
    birth_date, precision = _birth_date(rng, opened)
    if rng.random() < 0.7:
        sex = Sex.FEMALE if rng.random() < 0.72 else Sex.MALE
        given_latin, given_ar = rng.choice(FEMALE_GIVEN if sex == Sex.FEMALE else MALE_GIVEN)
        family_latin, family_ar = rng.choice(FAMILY)
        if rng.random() < 0.3:  # many registrations carry only one script
            given_latin, family_latin = ("", "") if rng.random() < 0.5 else (given_latin, family_latin)
        nationalities = ["MAR"]
        document_type, document_number = (
            "cin",
            f"{rng.choice('ABCDGHJKLMNPSTXZ')}{rng.randint(100000, 999999)}",
        )
    else:
        nationality, sex_code, given_latin, family_latin = rng.choice(FOREIGN[:FIRST_FOREIGN])
        given_latin, family_latin = _foreign_name(names_rng, nationality, sex_code, given_latin, family_latin)
        sex = Sex(sex_code)
        given_ar = family_ar = ""
        nationalities = [nationality]
        document_type, document_number = ("passport", f"P{rng.randint(1000000, 9999999)}")
        if rng.random() < 0.4:
            document_type = document_number = ""
    phone = f"+2126{rng.randint(10000000, 99999999)}" if rng.random() < 0.6 else ""
    return Person(
        owning_organisation=owner,
        given_name_ar=given_ar,
        family_name_ar=family_ar,
        given_name_latin=given_latin,
        family_name_latin=family_latin,
        sex=sex,
        birth_date=birth_date,
        birth_date_precision=precision,
        nationalities=nationalities,
        document_type=document_type,
        document_number=document_number,
        phone=phone,
        **identity_indexes(phone=phone, document_number=document_number),
    )


def _refresh_planner_statistics() -> None:
    """PostgreSQL plans queries from table statistics that autovacuum refreshes only after a commit; inside
    the demo's one transaction, thousands of fresh rows would still be planned as empty tables (nested loops
    over them took minutes). ANALYZE in the same transaction counts the rows it inserted."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def create_demo(
    *, seed: int, password: str, totp_secret: str | None = None, persons: int = 300, contacts: int = 3000
) -> DemoSummary:
    """Create the demo data set in one transaction; a second call changes nothing."""
    if demo_exists():
        return DemoSummary(
            organisations=Organisation.objects.count(),
            users=User.objects.count(),
            persons=Person.objects.count(),
            cases=Case.objects.count(),
            contacts=Contact.objects.count(),
            screenings=Screening.objects.count(),
            decisions=StatusDecision.objects.count(),
            created=False,
            referrals=Referral.objects.count(),
            placements=Placement.objects.count(),
            criminal_cases=CriminalCase.objects.count(),
            defendants=Defendant.objects.count(),
            campaigns=Campaign.objects.count(),
            trainings=Training.objects.count(),
            plans=Plan.objects.count(),
            measures=Measure.objects.count(),
            progress_reports=ProgressReport.objects.count(),
            recommendations=Recommendation.objects.count(),
        )
    rng = random.Random(seed)
    tz = timezone.get_current_timezone()
    with transaction.atomic():
        organisations, users = _organisations_and_users(password, totp_secret or generate_totp_secret())
        cases = _persons_and_cases(
            rng,
            random.Random(f"{seed}:cases"),
            organisations,
            users,
            persons,
            people_rng=random.Random(f"{seed}:people"),
        )
        authorities = Authorities(
            prosecution=organisations["parquet-rabat"],
            police=organisations["police-bnpj"],
            prosecution_user=users["authority"],
        )
        screenings, decisions = create_identification(
            random.Random(f"{seed}:identification"), cases, authorities, latest=LATEST_OPENING, tz=tz
        )
        staff = Staff(
            hotline=organisations["hotline"],
            operator=users["operator"],
            supervisor=users["supervisor"],
            police=organisations["police-bnpj"],
            gendarmerie=organisations["gendarmerie"],
        )
        made_contacts = create_contacts(
            random.Random(f"{seed}:hotline"),
            count=contacts,
            staff=staff,
            cases=cases,
            last_day=LATEST_OPENING,
            now=datetime.combine(LATEST_OPENING, DEMO_NOW, tzinfo=tz),
            tz=tz,
        )
        network = create_referral_network(
            random.Random(f"{seed}:referrals"),
            cases,
            organisations,
            users,
            now=datetime.combine(LATEST_OPENING, DEMO_NOW, tzinfo=tz),
            tz=tz,
        )
        # After the referral network, which closes cases: a victim case is linked while it is open.
        justice = create_criminal_justice(
            random.Random(f"{seed}:justice"),
            random.Random(f"{seed}:justice-links"),
            cases,
            organisations,
            users,
            years=YEARS,
            last_day=LATEST_OPENING,
            tz=tz,
        )
        _refresh_planner_statistics()
        # Last: the plans' computed indicators take the statistics of everything above, trainings included.
        focal_points = _focal_points(users)
        prevention = create_prevention(
            random.Random(f"{seed}:prevention"),
            organisations,
            focal_points=focal_points,
            commission=users["coordinator"],
            years=YEARS,
            last_day=LATEST_OPENING,
            now=datetime.combine(LATEST_OPENING, DEMO_NOW, tzinfo=tz),
            tz=tz,
        )
        plans = create_plans(
            random.Random(f"{seed}:plans"),
            organisations,
            focal_points=focal_points,
            coordinator=users["coordinator"],
            last_day=LATEST_OPENING,
            now=datetime.combine(LATEST_OPENING, DEMO_NOW, tzinfo=tz),
            tz=tz,
        )
        install_shipped_history()  # a flushed database has lost the data migration's tier history
        create_narratives(
            year=max(YEARS) - 1,  # the last complete year
            coordinator=users["coordinator"],
            now=datetime.combine(LATEST_OPENING, DEMO_NOW, tzinfo=tz),
        )
        register_duplicates(
            random.Random(f"{seed}:duplicates"),
            list({case.person_id: case.person for case in cases}.values()),
            organisations,
        )
    return DemoSummary(
        organisations=len(organisations),
        users=len(users),
        persons=len({case.person_id for case in cases}),
        cases=Case.objects.count(),
        contacts=made_contacts,
        screenings=screenings,
        decisions=decisions,
        created=True,
        referrals=network.referrals,
        placements=network.placements,
        criminal_cases=justice.criminal_cases,
        defendants=justice.defendants,
        campaigns=prevention.campaigns,
        trainings=prevention.trainings,
        plans=plans.plans,
        measures=plans.measures,
        progress_reports=plans.reports,
        recommendations=plans.recommendations,
    )


def _focal_points(users: dict[str, User]) -> dict[str, User]:
    """Organisation short code -> the focal point who reports on its plan measures and records its campaigns
    and trainings."""
    logins = {code: users[name] for name, _first, _last, code, roles in USERS if "focal_point" in roles}
    return logins | {code: users[name] for name, _first, _last, code in REPORTERS}


def _organisations_and_users(
    password: str, totp_secret: str
) -> tuple[dict[str, Organisation], dict[str, User]]:
    organisations = {
        code: Organisation.objects.create(
            short_code=code, name=name, name_ar=name_ar, type=kind, region=region, **directory_fields(code)
        )
        for code, name, name_ar, kind, region, _owns in ORGANISATIONS
    }
    create_capacities(organisations)
    sync_default_roles()
    roles = {role.code: role for role in Role.objects.all()}
    users: dict[str, User] = {}
    for username, first, last, organisation_code, role_codes in USERS:
        user = User(username=username, first_name=first, last_name=last, email=f"{username}@demo.invalid")
        user.set_password(password)
        user.save()
        membership = Membership.objects.create(user=user, organisation=organisations[organisation_code])
        membership.roles.set([roles[code] for code in role_codes])
        if requires_second_factor(user):
            # Every demo login that must use a second factor shares one authenticator key (`sanad demo-code`).
            enrol_authenticator_app(user, totp_secret)
        users[username] = user
    for username, first, last, organisation_code in REPORTERS:
        user = User(username=username, first_name=first, last_name=last, email=f"{username}@demo.invalid")
        user.set_unusable_password()  # not a demo login: see REPORTERS
        user.save()
        membership = Membership.objects.create(user=user, organisation=organisations[organisation_code])
        membership.roles.set([roles["focal_point"]])
        users[username] = user
    return organisations, users


def _persons_and_cases(
    rng: random.Random,
    details_rng: random.Random,
    organisations: dict[str, Organisation],
    users: dict[str, User],
    persons: int,
    *,
    people_rng: random.Random,
) -> list[Case]:
    """Persons and their cases; exploitation details, languages and medical alerts come from their own random
    streams."""
    owners = [organisations[code] for code, *_rest, owns in ORGANISATIONS if owns]
    workers = {
        organisations["unit-casablanca"].pk: users["caseworker"],
        organisations["unit-tanger"].pk: users["caseworker.tanger"],
    }
    cases: list[Case] = []
    # Seeded from the people stream's state without drawing from it, so the profiles stay as they were.
    names_rng = random.Random(repr(people_rng.getstate()[1][:8]))
    for _index in range(persons):
        owner = rng.choice(owners)
        opened = min(date(rng.choice(YEARS), 1, 1) + timedelta(days=rng.randint(0, 330)), LATEST_OPENING)
        person = _person(rng, owner, opened, names_rng)
        person_profile(people_rng, person, opened)
        person.save()
        for repeat in range(2 if rng.random() < 0.08 else 1):
            when = min(opened + timedelta(days=120 * repeat), LATEST_OPENING)
            region = owner.region if rng.random() < 0.8 else rng.choice(_regions())
            cases.append(
                Case.objects.create(
                    reference=next_case_reference(year=when.year),
                    person=person,
                    owning_organisation=owner,
                    case_worker=workers.get(owner.pk),
                    opened_on=when,
                    region=region,
                    status=CaseStatus.CLOSED if when.year < 2026 and rng.random() < 0.6 else CaseStatus.OPEN,
                    **exploitation_details(details_rng, person, when, region),
                )
            )
    return cases


def _regions() -> list[str]:
    from sanad.catalogs import loader

    return [entry.code for entry in loader.regions().entries]


def demo_logins() -> list[tuple[str, str, str]]:
    """(role, username, organisation) of one demo user per role."""
    rows = []
    for username, _first, _last, organisation_code, role_codes in USERS:
        organisation = next(o for o in ORGANISATIONS if o[0] == organisation_code)
        rows.append((", ".join(role_codes), username, organisation[1]))
    return rows
