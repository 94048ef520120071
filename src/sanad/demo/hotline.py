"""Demo hotline contacts: three years of signals with their triage, escalations and police alerts.

Volumes follow the seasons (more in July and August and December, fewer in Ramadan) and grow slowly year on year.
Narratives are short French or Darija (Latin script) sentences that name nobody.
"""

from __future__ import annotations

import math
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sanad.accounts.models import Organisation, User
from sanad.cases.models import Case
from sanad.hotline.models import (
    AlertMethod,
    Channel,
    Contact,
    ContactType,
    PoliceAlert,
    ReporterRelation,
    TriageState,
    Urgency,
)
from sanad.hotline.services import REFERENCE_ALPHABET, callback_index

FIRST_DAY = date(2024, 1, 1)

CHANNELS = {
    Channel.PHONE: 65, Channel.WEB_FORM: 10, Channel.SOCIAL_MEDIA: 8, Channel.AGENCY_REFERRAL: 8,
    Channel.WALK_IN: 5, Channel.EMAIL: 4,
}  # fmt: skip
TYPES = {
    ContactType.INFORMATION: 35, ContactType.TIP: 30, ContactType.REFERRAL_REQUEST: 15, ContactType.CRISIS: 8,
    ContactType.OTHER: 12,
}  # fmt: skip
LANGUAGES = {
    "darija": 55, "french": 15, "arabic": 10, "english": 8, "tamazight": 5, "tarifit": 2, "spanish": 1,
    "wolof": 1, "bambara": 1, "pidgin_nigerian": 1, "lingala": 0.5, "fulah": 0.5,
}  # fmt: skip
REGIONS = {
    "MA-06": 25, "MA-04": 17, "MA-01": 14, "MA-02": 11, "MA-03": 8, "MA-07": 8, "MA-09": 6, "MA-05": 4,
    "MA-08": 2, "MA-10": 2, "MA-11": 2, "MA-12": 1, "": 4,
}  # fmt: skip
CITIES = {
    "MA-01": ("Tanger", "Tétouan"), "MA-02": ("Oujda", "Nador"), "MA-03": ("Fès", "Meknès"),
    "MA-04": ("Rabat", "Salé", "Kénitra"), "MA-05": ("Béni Mellal",), "MA-06": ("Casablanca", "El Jadida", "Settat"),
    "MA-07": ("Marrakech", "Safi"), "MA-08": ("Errachidia", "Ouarzazate"), "MA-09": ("Agadir", "Inezgane"),
    "MA-10": ("Guelmim",), "MA-11": ("Laâyoune",), "MA-12": ("Dakhla",), "": ("la ville",),
}  # fmt: skip
RELATIONS: dict[str, dict[str, int]] = {
    ContactType.CRISIS: {ReporterRelation.SELF: 50, ReporterRelation.THIRD_PARTY: 45, ReporterRelation.ANONYMOUS: 5},
    ContactType.TIP: {ReporterRelation.THIRD_PARTY: 55, ReporterRelation.ANONYMOUS: 40, ReporterRelation.SELF: 5},
    ContactType.INFORMATION: {ReporterRelation.SELF: 60, ReporterRelation.THIRD_PARTY: 30, ReporterRelation.ANONYMOUS: 10},
    ContactType.REFERRAL_REQUEST: {ReporterRelation.THIRD_PARTY: 60, ReporterRelation.SELF: 40},
    ContactType.OTHER: {ReporterRelation.SELF: 50, ReporterRelation.THIRD_PARTY: 30, ReporterRelation.ANONYMOUS: 20},
}  # fmt: skip
URGENCIES: dict[str, dict[int, int]] = {
    ContactType.CRISIS: {Urgency.EMERGENCY: 60, Urgency.URGENT: 35, Urgency.ROUTINE: 5},
    ContactType.TIP: {Urgency.EMERGENCY: 3, Urgency.URGENT: 25, Urgency.ROUTINE: 72},
    ContactType.REFERRAL_REQUEST: {Urgency.URGENT: 30, Urgency.ROUTINE: 70},
    ContactType.INFORMATION: {Urgency.URGENT: 3, Urgency.ROUTINE: 97},
    ContactType.OTHER: {Urgency.URGENT: 5, Urgency.ROUTINE: 95},
}
# Final state of a contact that is no longer open, by type: escalated, information only, not trafficking, closed.
OUTCOMES: dict[str, tuple[int, int, int, int]] = {
    ContactType.INFORMATION: (0, 68, 5, 27),
    ContactType.TIP: (15, 10, 40, 35),
    ContactType.REFERRAL_REQUEST: (25, 35, 10, 30),
    ContactType.CRISIS: (50, 5, 10, 35),
    ContactType.OTHER: (0, 25, 30, 45),
}
FINAL_STATES = (
    TriageState.ESCALATED,
    TriageState.INFORMATION_ONLY,
    TriageState.NOT_TRAFFICKING,
    TriageState.CLOSED,
)
# (narrative, is Darija); {ville} is a city of the contact's region.
NARRATIVES: dict[str, tuple[tuple[str, bool], ...]] = {
    ContactType.CRISIS: (
        (
            "Une jeune femme appelle depuis un appartement à {ville} : on lui a pris son passeport, elle ne peut pas sortir.",
            False,
        ),
        (
            "Un migrant à {ville} dit que son ami est retenu par des passeurs qui réclament de l'argent à la famille.",
            False,
        ),
        (
            "Wahed lbent kat3iyet men {ville}, katgoul biha m7boussa f dar w kaydorbouha, bghat tkhrej daba.",
            True,
        ),
        (
            "Ana khddam f chantier f {ville}, chdo lina lpaspor w ma khellsouna walou, kayhddouna ila hdrna.",
            True,
        ),
    ),
    ContactType.TIP: (
        (
            "Signalement : des enfants mendient chaque soir au même carrefour à {ville}, un adulte récupère l'argent.",
            False,
        ),
        ("Un voisin signale des femmes étrangères qui ne sortent jamais d'une villa à {ville}.", False),
        (
            "Annonce suspecte sur les réseaux sociaux : emplois de serveuses aux Émirats, billet et visa offerts.",
            False,
        ),
        ("Des ouvriers agricoles logés dans un hangar près de {ville}, sans salaire depuis des mois.", False),
        ("Kayna wa7d lbent sghira khddama f dar f {ville}, ma kat9rach w ma kat5rojch abadan.", True),
    ),
    ContactType.REFERRAL_REQUEST: (
        (
            "Une association demande une place d'hébergement à {ville} pour une femme migrante et son enfant.",
            False,
        ),
        ("Un hôpital signale une patiente mineure qui dit travailler comme bonne sans être payée.", False),
        (
            "Demande d'orientation vers une aide juridique pour une travailleuse revenue d'Arabie saoudite.",
            False,
        ),
        ("3afak bghit chi jam3iya f {ville} t3awn khti, rj3at men lkhalij w ma 3endha walou.", True),
    ),
    ContactType.INFORMATION: (
        ("Demande d'informations sur les droits des victimes de traite et sur la loi 27-14.", False),
        ("Question sur la vérification d'une agence de recrutement pour un emploi à l'étranger.", False),
        ("Un étudiant demande de la documentation pour un exposé sur la traite des êtres humains.", False),
        ("Kayn wa7d l'annonce f Facebook kat3ti khdma f Sbanya b contrat, wach hadi m3qoula?", True),
    ),
    ContactType.OTHER: (
        (
            "Appel sans rapport avec la traite : litige de salaire, orienté vers l'inspection du travail.",
            False,
        ),
        ("Appel muet, la personne a raccroché.", False),
        ("Bghit nsowl 3la wra9 dyal l'isti9rar, machi 3la l'ittijar.", True),
    ),
}
CLOSING_REASONS = (
    "Appel muet, aucune suite possible.",
    "Erreur de numéro.",
    "Hors champ : litige de travail orienté vers l'inspection du travail.",
    "Doublon d'un signalement déjà enregistré.",
    "Informations insuffisantes ; l'appelant n'a pas rappelé.",
    "Orienté vers une association locale, sans suite pour la ligne.",
    "Violence conjugale : orienté vers la cellule de prise en charge des femmes.",
)
# Officers by unit; the family names are not among the demo persons' names (see names.py).
OFFICERS = {
    "police-bnpj": ("Comm. Bouzidi", "Insp. Marzouki", "OPJ Rhazali", "Comm. Ouardighi"),
    "gendarmerie": ("Adj. Hamdouchi", "Lt. Benslimane", "Cdt. Tounsi", "Adj. Jebli"),
}
ALERT_METHODS = {
    AlertMethod.PHONE: 60, AlertMethod.SECURE_EMAIL: 20, AlertMethod.RADIO: 10, AlertMethod.IN_PERSON: 5,
    AlertMethod.LETTER: 5,
}  # fmt: skip
ALERT_NOTES = (
    "",
    "",
    "",
    "Patrouille envoyée sur place.",
    "L'officier rappelle la ligne après intervention.",
)
MONTH_FACTOR = (0.9, 0.82, 0.85, 0.95, 1.0, 1.1, 1.4, 1.45, 1.05, 0.95, 0.95, 1.25)
WEEKDAY_FACTOR = (1.0, 1.0, 1.0, 1.0, 1.05, 0.85, 0.75)
RAMADAN = ((date(2024, 3, 11), date(2024, 4, 9)), (date(2025, 3, 1), date(2025, 3, 30)),
           (date(2026, 2, 18), date(2026, 3, 19)))  # fmt: skip
HOURS_ANY = (1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 4, 6, 7, 7, 6, 6, 7, 7, 6, 5, 5, 4.5, 4, 3, 2, 1.5)
HOURS_OFFICE = tuple(1.0 if 9 <= hour < 17 else 0.0 for hour in range(24))
# Lognormal delays in minutes: (median, sigma).
TRIAGE_DELAY = {
    Channel.PHONE: (3, 1.48), Channel.WALK_IN: (5, 1.2), Channel.AGENCY_REFERRAL: (60, 1.0),
    Channel.WEB_FORM: (300, 1.0), Channel.EMAIL: (300, 1.0), Channel.SOCIAL_MEDIA: (300, 1.0),
}  # fmt: skip
STATE_DELAY = {
    TriageState.INFORMATION_ONLY: (4, 0.8),
    TriageState.NOT_TRAFFICKING: (30, 1.5),
    TriageState.CLOSED: (180, 1.5),
}


@dataclass(frozen=True)
class Staff:
    hotline: Organisation
    operator: User
    supervisor: User
    police: Organisation
    gendarmerie: Organisation


def _day_weights(last: date) -> tuple[list[date], list[float]]:
    days, weights = [], []
    day = FIRST_DAY
    while day <= last:
        growth = 1 + 0.12 * (day - FIRST_DAY).days / 365
        ramadan = 0.8 if any(start <= day <= end for start, end in RAMADAN) else 1.0
        days.append(day)
        weights.append(growth * MONTH_FACTOR[day.month - 1] * WEEKDAY_FACTOR[day.weekday()] * ramadan)
        day += timedelta(days=1)
    return days, weights


def _delay(
    rng: random.Random, median_sigma: tuple[float, float], cap_minutes: float = 4 * 24 * 60
) -> timedelta:
    median, sigma = median_sigma
    return timedelta(minutes=min(rng.lognormvariate(math.log(median), sigma), cap_minutes))


def _pick[T](rng: random.Random, weights: dict[T, Any]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class _References:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used = set(Contact.objects.values_list("reference", flat=True))

    def new(self) -> str:
        while True:
            body = "".join(self.rng.choice(REFERENCE_ALPHABET) for _ in range(8))
            reference = f"{body[:4]}-{body[4:]}"
            if reference not in self.used:
                self.used.add(reference)
                return reference


def _narrative(rng: random.Random, contact_type: str, language: str, region: str) -> str:
    templates = NARRATIVES[contact_type]
    darija = [text for text, is_darija in templates if is_darija]
    french = [text for text, is_darija in templates if not is_darija]
    text = rng.choice(darija if language == "darija" and darija and rng.random() < 0.6 else french)
    return text.format(ville=rng.choice(CITIES[region]))


def _received(rng: random.Random, day: date, channel: str, tz: Any, now: datetime) -> datetime:
    hours = HOURS_OFFICE if channel in {Channel.WALK_IN, Channel.AGENCY_REFERRAL} else HOURS_ANY
    hour = rng.choices(range(24), weights=hours)[0]
    moment = datetime.combine(day, time(hour, rng.randint(0, 59), rng.randint(0, 59)), tzinfo=tz).astimezone(
        UTC
    )
    # On the demo's last day nothing arrives after "now".
    return min(moment, now - timedelta(minutes=rng.randint(20, 600)))


def _draft(
    rng: random.Random, day: date, references: _References, staff: Staff, *, tz: Any, now: datetime
) -> Contact:
    channel = _pick(rng, CHANNELS)
    contact_type = (
        ContactType.REFERRAL_REQUEST
        if channel == Channel.AGENCY_REFERRAL and rng.random() < 0.5
        else _pick(rng, TYPES)
    )
    relation = _pick(rng, RELATIONS[contact_type])
    if channel == Channel.AGENCY_REFERRAL:
        relation = ReporterRelation.THIRD_PARTY
    language = _pick(rng, LANGUAGES)
    region = _pick(rng, REGIONS)
    recorder = staff.supervisor if rng.random() < 0.08 else staff.operator
    return Contact(
        id=uuid.UUID(int=rng.getrandbits(128), version=4),
        reference=references.new(),
        hotline=staff.hotline,
        channel=channel,
        contact_type=contact_type,
        received_at=_received(rng, day, channel, tz, now),
        language=language,
        region=region,
        reporter_relation=relation,
        urgency=_pick(rng, URGENCIES[contact_type]),
        narrative=_narrative(rng, contact_type, language, region),
        recorded_by=None if channel == Channel.WEB_FORM else recorder,  # public tips come in by themselves
        assigned_to=recorder,
    )


def _leave_open(rng: random.Random, contact: Contact, now: datetime) -> None:
    if rng.random() < 0.6:
        contact.state = TriageState.NEW
        if contact.recorded_by_id is None or rng.random() < 0.5:
            contact.assigned_to = None
        return
    contact.state = TriageState.TRIAGED
    contact.triaged_at = min(contact.received_at + _delay(rng, TRIAGE_DELAY[Channel(contact.channel)]), now)
    contact.version = 2


def _finish(rng: random.Random, contact: Contact, state: str, now: datetime) -> None:
    """Triage the contact and move it to its final state, with every timestamp after the one before."""
    contact.triaged_at = min(contact.received_at + _delay(rng, TRIAGE_DELAY[Channel(contact.channel)]), now)
    contact.state = state
    contact.version = 3
    if state == TriageState.ESCALATED:
        urgent = contact.contact_type == ContactType.CRISIS
        contact.escalated_at = min(contact.triaged_at + _delay(rng, (20, 1.0) if urgent else (360, 1.2)), now)
    else:
        stamp = min(contact.triaged_at + _delay(rng, STATE_DELAY[TriageState(state)]), now)
        setattr(contact, f"{state}_at", stamp)
    if state == TriageState.CLOSED:
        contact.closing_reason = rng.choice(CLOSING_REASONS)


def _link_case(
    rng: random.Random, contact: Contact, cases_by_day: dict[date, list[Case]], linked: set[Any], tz: Any
) -> None:
    """Link an escalated contact to a case opened within a few days after it, if there is one free."""
    day = contact.received_at.astimezone(tz).date()
    candidates = [
        case
        for offset in range(5)
        for case in cases_by_day.get(day + timedelta(days=offset), [])
        if case.pk not in linked
    ]
    if not candidates or rng.random() < 0.1:
        return
    case = rng.choice(candidates)
    linked.add(case.pk)
    contact.case, contact.person, contact.escalated_to = case, case.person, case.owning_organisation
    contact.region = case.region
    if case.person.phone and rng.random() < 0.6:
        contact.callback_number = case.person.phone


def _callbacks(rng: random.Random, contacts: list[Contact]) -> None:
    """About 40% leave a number; about 5% of the numbers are those of an earlier caller."""
    numbers: list[str] = []
    indexes: dict[str, str] = {}
    for contact in contacts:
        if not contact.callback_number:
            share = 0.15 if contact.reporter_relation == ReporterRelation.ANONYMOUS else 0.46
            if rng.random() >= share:
                continue
            if numbers and rng.random() < 0.05:
                contact.callback_number = rng.choice(numbers)
            else:
                contact.callback_number = f"+2126{rng.randint(10000000, 99999999)}"
        numbers.append(contact.callback_number)
        if contact.callback_number not in indexes:
            indexes[contact.callback_number] = callback_index(contact.callback_number)
        contact.callback_index = indexes[contact.callback_number]


def _alert(rng: random.Random, contact: Contact, staff: Staff, now: datetime) -> PoliceAlert:
    rural = contact.region in {"MA-05", "MA-08", "MA-10", "MA-11", "MA-12"}
    unit = staff.gendarmerie if rng.random() < (0.7 if rural else 0.3) else staff.police
    assert contact.triaged_at is not None
    return PoliceAlert(
        id=uuid.UUID(int=rng.getrandbits(128), version=4),
        contact=contact,
        unit=unit,
        recipient_name=rng.choice(OFFICERS[unit.short_code]),
        method=_pick(rng, ALERT_METHODS),
        sent_at=min(contact.triaged_at + _delay(rng, (10, 1.0)), now),
        sent_by=contact.assigned_to or staff.operator,
        note=rng.choice(ALERT_NOTES),
    )


def create_contacts(
    rng: random.Random, *, count: int, staff: Staff, cases: list[Case], last_day: date, now: datetime, tz: Any
) -> int:
    """``count`` contacts from 1 January 2024 to ``last_day``; the last few are still open in the queue."""
    if count <= 0:
        return 0
    now = now.astimezone(UTC)  # arithmetic on UTC datetimes is not fooled by Morocco's clock changes
    days, weights = _day_weights(last_day)
    references = _References(rng)
    contacts = [
        _draft(rng, day, references, staff, tz=tz, now=now)
        for day in sorted(rng.choices(days, weights, k=count))
    ]
    contacts.sort(key=lambda contact: contact.received_at)
    still_open = min(15, max(1, count // 50))
    cases_by_day: dict[date, list[Case]] = defaultdict(list)
    for case in cases:
        if case.owning_organisation_id != staff.hotline.pk:
            cases_by_day[case.opened_on].append(case)
    linked: set[Any] = set()
    for position, contact in enumerate(contacts):
        if position >= len(contacts) - still_open:
            _leave_open(rng, contact, now)
            continue
        state = rng.choices(FINAL_STATES, weights=OUTCOMES[contact.contact_type])[0]
        _finish(rng, contact, state, now)
        if state == TriageState.ESCALATED:
            _link_case(rng, contact, cases_by_day, linked, tz)
    _callbacks(rng, contacts)
    alerts = [
        _alert(rng, contact, staff, now)
        for contact in contacts
        if contact.contact_type == ContactType.CRISIS
        and contact.triaged_at is not None
        and rng.random() < 0.3
    ]
    Contact.objects.bulk_create(contacts, batch_size=500)
    PoliceAlert.objects.bulk_create(alerts)
    return len(contacts)
