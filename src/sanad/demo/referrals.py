"""Demo referral network: consent, referrals between the organisations of the directory, shelter placements,
services delivered, case plans, follow-ups, transfers, closures and the timeline of every case.

Everything is drawn from one random stream, in the order of the cases, so the same seed gives the same network.
Timestamps follow the rules of the services (referrals/services.py, shelters/services.py): a referral is
answered before it is due, expires a few minutes after (the expiry job), and nothing happens after "now".
Free text is short French that names nobody; timeline details hold codes only.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sanad.accounts.models import Organisation, User
from sanad.cases.models import (
    Case,
    CaseEvent,
    CasePlan,
    CaseStatus,
    CaseTransfer,
    ClosureReason,
    FollowUp,
    FollowUpKind,
    TransferState,
)
from sanad.demo.organisations import DIRECTORY, SHELTER_BEDS
from sanad.hotline.models import Contact
from sanad.identification.models import (
    CaseSubmission,
    Screening,
    ScreeningOutcome,
    StatusDecision,
    VictimStatus,
)
from sanad.people.models import Person, Sex
from sanad.referrals.deadlines import answer_due
from sanad.referrals.models import (
    ACTIVE_STATES,
    Consent,
    ConsentDecision,
    ConsentMethod,
    ConsentPurpose,
    Referral,
    ReferralState,
    ServiceDelivery,
    Urgency,
)
from sanad.shelters.models import BedCategory, Placement, ShelterCapacity

# --- Persons ------------------------------------------------------------------------------------------------------

# Languages spoken, by nationality: (code, share of the persons who speak it).
LANGUAGES: dict[str, tuple[tuple[str, float], ...]] = {
    "MAR": (("darija", 1), ("arabic", 0.6), ("french", 0.3), ("tamazight", 0.12), ("tarifit", 0.05),
            ("spanish", 0.04)),
    "NGA": (("english", 1), ("pidgin_nigerian", 0.8)),
    "CMR": (("french", 1), ("english", 0.3)),
    "CIV": (("french", 1), ("bambara", 0.4)),
    "SEN": (("wolof", 1), ("french", 0.7)),
    "GIN": (("fulah", 1), ("french", 0.6)),
    "COD": (("lingala", 1), ("french", 0.8)),
    "MLI": (("bambara", 1), ("french", 0.6)),
    "PHL": (("tagalog", 1), ("english", 0.9)),
    "BGD": (("bengali", 1), ("english", 0.3)),
}  # fmt: skip
MEDICAL_ALERTS = (
    "Diabétique",
    "Asthme",
    "Allergie à la pénicilline",
    "Hypertension",
    "Épilepsie, traitement en cours",
    "Traitement antirétroviral en cours",
    "Blessure à la jambe, suivi orthopédique",
    "Suivi psychiatrique, traitement en cours",
    "Anémie sévère",
)


def person_profile(rng: random.Random, person: Person, opened: date) -> None:
    """Languages spoken (codes, from the nationality) and, for a few, a short medical alert."""
    nationality = person.nationalities[0] if person.nationalities else "MAR"
    languages = [
        code
        for code, share in LANGUAGES.get(nationality, (("french", 1),))
        if share >= 1 or rng.random() < share
    ]
    if nationality != "MAR" and rng.random() < 0.15:
        languages.append("darija")  # picked up during years in Morocco
    person.languages = languages
    if rng.random() < 0.1:
        age = person.age_on(opened)
        if person.sex == Sex.FEMALE and (age is None or 16 <= age <= 40) and rng.random() < 0.35:
            person.medical_alerts = f"Enceinte ({rng.randint(2, 8)} mois)"
        else:
            person.medical_alerts = rng.choice(MEDICAL_ALERTS)


# --- Directory ----------------------------------------------------------------------------------------------------


def directory_fields(code: str) -> dict[str, Any]:
    """Organisation fields of the service directory for one demo organisation (none for the others)."""
    if code not in DIRECTORY:
        return {}
    services, regions, languages, accepting = DIRECTORY[code]
    return {
        "services": list(services),
        "regions_served": list(regions),
        "languages": list(languages),
        "accepting_referrals": accepting,
    }


def create_capacities(organisations: dict[str, Organisation]) -> None:
    ShelterCapacity.objects.bulk_create(
        ShelterCapacity(shelter=organisations[code], category=category, beds=beds)
        for code, categories in SHELTER_BEDS.items()
        for category, beds in categories.items()
        if beds
    )


# --- Referrals ----------------------------------------------------------------------------------------------------

# The order in which needs are usually met: safety and health first, return and reintegration last.
SERVICE_ORDER = (
    "shelter", "medical", "interpretation", "psychosocial", "legal_aid", "documentation", "financial_support",
    "repatriation", "reintegration", "education_training",
)  # fmt: skip
LATE_SERVICES = ("repatriation", "reintegration", "education_training")
URGENCIES: dict[str, dict[str, int]] = {
    "shelter": {Urgency.EMERGENCY: 20, Urgency.URGENT: 55, Urgency.ROUTINE: 25},
    "medical": {Urgency.EMERGENCY: 25, Urgency.URGENT: 45, Urgency.ROUTINE: 30},
    "": {Urgency.URGENT: 15, Urgency.ROUTINE: 85},
}
# Minutes from sending to the answer (always before it is due), and from acceptance to the start.
ANSWER_MINUTES = {Urgency.EMERGENCY: (15, 200), Urgency.URGENT: (45, 1200), Urgency.ROUTINE: (120, 5760)}
START_MINUTES = {"shelter": (120, 2160), "medical": (60, 14400), "": (1440, 30240)}
# Days from the start of a service to its end.
DURATION_DAYS = {
    "shelter": (45, 300), "medical": (1, 45), "psychosocial": (30, 180), "legal_aid": (30, 270),
    "interpretation": (1, 60), "repatriation": (20, 120), "reintegration": (60, 300),
    "education_training": (60, 270), "financial_support": (7, 60), "documentation": (14, 120),
}  # fmt: skip
EMERGENCY_STAY_DAYS = (2, 21)
# Share of referrals ending declined, expired or withdrawn; the rest is accepted.
OUTCOMES = {ReferralState.DECLINED: 12, ReferralState.EXPIRED: 6, ReferralState.WITHDRAWN: 3, "": 79}
DECLINE_REASONS = {
    "shelter": (
        "Capacité atteinte",
        "Capacité atteinte",
        "Hors zone d'intervention",
        "Profil non pris en charge par le centre",
        "Pas de place adaptée pour une mère avec enfant",
    ),
    "": (
        "Hors zone d'intervention",
        "Service suspendu temporairement",
        "Délai d'attente supérieur à trois mois",
        "Informations insuffisantes pour évaluer la demande",
        "Capacité atteinte",
    ),
}
NOTES = {
    "shelter": ("Besoin d'une mise à l'abri immédiate.", "Hébergement sécurisé demandé, la personne craint "
                "d'être retrouvée.", "Sortie d'hôpital prévue, aucun logement."),
    "medical": ("Bilan de santé complet demandé.", "Douleurs persistantes, consultation souhaitée.",
                "Suivi de grossesse à organiser."),
    "psychosocial": ("Troubles du sommeil et anxiété importante.", "Soutien psychologique demandé par la personne."),
    "legal_aid": ("Accompagnement pour le dépôt de plainte.", "Information sur les droits et la procédure pénale."),
    "interpretation": ("Interprète nécessaire pour les entretiens.",),
    "repatriation": ("Souhaite rentrer dans son pays, documents de voyage à établir.",),
    "reintegration": ("Projet de petit commerce à accompagner.", "Recherche d'emploi accompagnée."),
    "education_training": ("Rescolarisation souhaitée.", "Formation professionnelle en cuisine ou en couture."),
    "financial_support": ("Aide pour le loyer du premier mois.",),
    "documentation": ("Passeport retenu, démarches consulaires à engager.", "Pas de CIN, extrait d'acte de "
                      "naissance à obtenir."),
}  # fmt: skip
DELIVERY_NOTES = (
    "Séance individuelle.", "Rendez-vous honoré.", "Consultation réalisée.", "Démarche effectuée avec la personne.",
    "Point d'étape avec l'équipe.",
)  # fmt: skip
DISCHARGE_REASONS = (
    "Fin de la prise en charge, retour en famille",
    "Orientée vers un logement autonome",
    "Transférée vers un hébergement de moyen séjour",
    "Départ volontaire",
)
OVERRIDE_REASONS = {
    "medical": "Urgence médicale : la personne n'était pas en état de donner son consentement.",
    "shelter": "Danger immédiat : mise à l'abri avant le recueil du consentement.",
    "child": "Mineur en danger : orientation décidée avec le parquet malgré le refus du représentant légal.",
}
OVER_CAPACITY_REASON = (
    "Opération de démantèlement : plusieurs victimes mises à l'abri la même nuit, lit d'appoint."
)
CLUSTER_DISCHARGE = "Transférée vers un hébergement de moyen séjour"
# The shelter that no longer accepts referrals stopped this many days before "now".
NOT_ACCEPTING_DAYS = 40
# The demo shelter's residents "now", and the referrals waiting for its answer: (days before "now", urgency,
# minutes after midnight when sent).
RESIDENTS = 5
WAITING = (
    (3, Urgency.ROUTINE, 15 * 60 + 10),
    (0, Urgency.URGENT, 11 * 60 + 20),
    (0, Urgency.EMERGENCY, 16 * 60 + 5),
)
# The night the emergency beds of this shelter overflowed, this many days before "now".
CLUSTER_SHELTER, CLUSTER_DAYS = "shelter-tanger", 200

# --- Case lifecycle -----------------------------------------------------------------------------------------------

NEEDS = {
    "shelter": "Hébergement sécurisé", "medical": "Soins médicaux", "psychosocial": "Soutien psychologique",
    "legal_aid": "Accompagnement juridique", "interpretation": "Interprète pour les entretiens",
    "repatriation": "Retour volontaire", "reintegration": "Projet de réinsertion",
    "education_training": "Formation ou scolarité", "financial_support": "Aide financière ponctuelle",
    "documentation": "Papiers d'identité",
}  # fmt: skip
GOALS = (
    "Stabiliser l'hébergement d'ici trois mois.",
    "Obtenir un document d'identité.",
    "Reprendre une formation ou un emploi.",
    "Suivre la procédure judiciaire avec un avocat.",
    "Préparer un retour en famille en sécurité.",
    "Maintenir le suivi psychologique.",
)
FOLLOW_UP_KINDS = {
    FollowUpKind.PHONE: 45,
    FollowUpKind.OFFICE: 30,
    FollowUpKind.VISIT: 20,
    FollowUpKind.OTHER: 5,
}
FOLLOW_UP_NOTES = (
    "Appel de suivi, situation stable.",
    "Entretien au bureau : point sur les démarches en cours.",
    "Visite au lieu d'hébergement, besoins matériels relevés.",
    "Rendez-vous manqué, nouvel appel prévu.",
    "Point sur la procédure judiciaire.",
    "La formation a commencé.",
    "Accompagnement à une consultation médicale.",
)
CLOSURES = {
    ClosureReason.REINTEGRATED: 38, ClosureReason.LOST_CONTACT: 30, ClosureReason.DECLINED_ASSISTANCE: 14,
    ClosureReason.RETURNED: 12, ClosureReason.TRANSFERRED: 3, ClosureReason.NOT_A_VICTIM: 2,
}  # fmt: skip


def _weighted[T](rng: random.Random, weights: dict[T, int]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _snapshot(organisation: Organisation) -> dict[str, Any]:
    return {
        "id": str(organisation.pk),
        "short_code": organisation.short_code,
        "name": organisation.name,
        "type": organisation.type,
        "region": organisation.region,
    }


def referral_state(referral: Referral) -> str:
    """The state a referral's timestamps say it is in."""
    for state in ("completed", "withdrawn", "declined", "expired", "in_progress", "accepted"):
        if getattr(referral, f"{state}_at") is not None:
            return state
    return ReferralState.SENT


STAMPS = ("accepted_at", "declined_at", "expired_at", "in_progress_at", "completed_at", "withdrawn_at")


@dataclass
class _Facts:
    """What the identification demo recorded on one case, in date order."""

    screenings: list[tuple[date, str, Any, Any]] = field(default_factory=list)
    submissions: list[tuple[datetime, Any, Any, str]] = field(default_factory=list)
    decisions: list[tuple[date, str, Any, Any]] = field(default_factory=list)

    @property
    def latest_status(self) -> str:
        return self.decisions[-1][1] if self.decisions else ""


@dataclass
class _Draft:
    referral: Referral
    cluster: bool = False
    category: str = ""


@dataclass
class Counts:
    referrals: int
    placements: int


class _Network:
    def __init__(
        self,
        rng: random.Random,
        cases: list[Case],
        organisations: dict[str, Organisation],
        users: dict[str, User],
        *,
        now: datetime,
        tz: Any,
    ) -> None:
        self.rng = rng
        self.ids = random.Random(rng.getrandbits(64))
        self.cases = cases
        self.organisations = organisations
        self.by_pk = {organisation.pk: organisation for organisation in organisations.values()}
        self.providers = [organisations[code] for code in DIRECTORY]
        self.provider = users["provider"]
        self.users = users
        self.now, self.tz = now, tz
        self.today = now.astimezone(tz).date()
        self.not_accepting_since = now - timedelta(days=NOT_ACCEPTING_DAYS)
        self.facts: dict[Any, _Facts] = defaultdict(_Facts)
        self.consents: list[Consent] = []
        self.consent_at: dict[Any, tuple[Consent, datetime]] = {}  # case -> given referral consent
        self.refused: set[Any] = set()
        self.drafts: list[_Draft] = []
        self.placements: list[Placement] = []
        self.deliveries: list[ServiceDelivery] = []
        self.plans: list[CasePlan] = []
        self.follow_ups: list[FollowUp] = []
        self.transfers: list[CaseTransfer] = []
        self.events: list[CaseEvent] = []
        self.last_day: dict[Any, date] = {}
        self.opened_by: dict[Any, Organisation] = {}

    # --- helpers --------------------------------------------------------------------------------------------------

    def _new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.ids.getrandbits(128), version=4)

    def _at(self, day: date, start: int = 9 * 60, end: int = 17 * 60) -> datetime:
        minutes = self.rng.randint(start, end)
        return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=self.tz)

    def _minutes(self, start: datetime, low: int, high: int) -> datetime:
        return start + timedelta(minutes=self.rng.randint(low, high))

    def _between(self, start: datetime, end: datetime) -> datetime:
        """A moment strictly after ``start`` and not after ``end`` (which is later than ``start``)."""
        span = max(int((end - start).total_seconds() // 60), 2)
        return start + timedelta(minutes=self.rng.randint(1, span - 1))

    def _event(
        self, case: Case, when: datetime, kind: str, /, *, actor: Any = None, org: Any = None, **detail: Any
    ) -> None:
        self.events.append(
            CaseEvent(
                id=self._new_id(),
                case=case,
                occurred_at=when,
                kind=kind,
                actor_id=actor,
                organisation_id=org,
                detail=detail,
            )
        )

    def _touch(self, case: Case, when: date | datetime) -> None:
        day = when.astimezone(self.tz).date() if isinstance(when, datetime) else when
        if day > self.last_day.get(case.pk, case.opened_on):
            self.last_day[case.pk] = day

    def _cutoff(self, case: Case) -> datetime:
        """Nothing happens on an open case after "now"; a closed case's referrals end before it closes."""
        if case.status == CaseStatus.OPEN:
            return self.now
        day = min(
            case.opened_on + timedelta(days=self.rng.randint(150, 480)), self.today - timedelta(days=10)
        )
        return datetime.combine(day, time(17), tzinfo=self.tz)

    def _age(self, person: Person, day: date) -> int | None:
        return person.age_on(day)

    # --- identification facts and their timeline ------------------------------------------------------------------

    def load_facts(self) -> None:
        for case_id, day, outcome, interviewer, organisation in Screening.objects.values_list(
            "case_id", "interviewed_on", "outcome", "interviewer_id", "organisation_id"
        ):
            self.facts[case_id].screenings.append((day, outcome, interviewer, organisation))
        for case_id, moment, actor, authority, code in CaseSubmission.objects.values_list(
            "case_id", "submitted_at", "submitted_by_id", "authority_id", "authority__short_code"
        ):
            self.facts[case_id].submissions.append((moment, actor, authority, code))
        for case_id, day, status, actor, organisation in StatusDecision.objects.values_list(
            "case_id", "decided_on", "status", "decided_by_id", "decided_by_organisation_id"
        ):
            self.facts[case_id].decisions.append((day, status, actor, organisation))
        for facts in self.facts.values():
            facts.screenings.sort(key=lambda row: (row[0], row[1]))
            facts.submissions.sort(key=lambda row: (row[0], row[3]))
            facts.decisions.sort(key=lambda row: (row[0], row[1]))

    def identification_events(self, case: Case) -> None:
        facts = self.facts[case.pk]
        for day, outcome, interviewer, organisation in facts.screenings:
            self._event(
                case, self._at(day, 10 * 60, 16 * 60), "screened", actor=interviewer, org=organisation,
                outcome=outcome,
            )  # fmt: skip
            self._touch(case, day)
        for moment, actor, _authority, code in facts.submissions:
            self._event(
                case, moment, "submitted", actor=actor, org=case.owning_organisation_id, authority=code
            )
            self._touch(case, moment)
        for day, status, actor, organisation in facts.decisions:
            self._event(
                case, self._at(day, 10 * 60, 17 * 60), "status_decided", actor=actor, org=organisation,
                status=status,
            )  # fmt: skip
            self._touch(case, day)

    # --- consent and referrals ------------------------------------------------------------------------------------

    def _eligibility(self, facts: _Facts) -> float:
        presumed = any(outcome == ScreeningOutcome.PRESUMED for _d, outcome, *_rest in facts.screenings)
        if facts.latest_status in (VictimStatus.IDENTIFIED, VictimStatus.PRESUMED) or presumed:
            return 0.9
        if facts.latest_status == VictimStatus.POSSIBLE:
            return 0.7
        if facts.latest_status == VictimStatus.NOT_A_VICTIM:
            return 0.25
        if any(outcome == ScreeningOutcome.POSSIBLE for _d, outcome, *_rest in facts.screenings):
            return 0.12
        return 0.03

    def case_referrals(self, case: Case) -> None:
        facts = self.facts[case.pk]
        rng = self.rng
        if rng.random() >= self._eligibility(facts):
            return
        cutoff = self._cutoff(case)
        closed = case.status == CaseStatus.CLOSED
        limit = cutoff - timedelta(days=21) if closed else cutoff
        first_interview = facts.screenings[0][0] if facts.screenings else None
        consent_day = (
            first_interview
            if first_interview and rng.random() < 0.7
            else case.opened_on + timedelta(days=rng.randint(0, 10))
        )
        consent_day = min(consent_day, self.today)
        refused = rng.random() < 0.05
        override = None if refused or rng.random() >= 0.04 else self._override_first(case, limit)
        if override is not None:
            consent_day = min(max(consent_day, override.sent_at.astimezone(self.tz).date() + timedelta(days=2)),
                              self.today)  # fmt: skip
        consent = self._consent(case, consent_day, refused=refused)
        consented_at = self._at(consent_day, 9 * 60 + 45, 11 * 60)
        self._event(
            case, consented_at, "consent_recorded", actor=consent.recorded_by_id,
            org=case.owning_organisation_id, purpose=consent.purpose, decision=consent.decision,
        )  # fmt: skip
        self._touch(case, consent_day)
        if refused:
            self.refused.add(case.pk)
            age = self._age(case.person, consent_day)
            if age is not None and age < 18:
                sent_at = self._minutes(consented_at, 30, 240)
                self._referral_for(
                    case, "shelter", sent_at, limit, consent=None, override=OVERRIDE_REASONS["child"]
                )
            return
        self.consent_at[case.pk] = (consent, consented_at)
        sent = consented_at
        needs = self._needs(case, self._age(case.person, consent_day))
        if override is not None:
            needs = [service for service in needs if service != override.service_type]
        for index, service in enumerate(needs):
            gap = (20, 120) if service in LATE_SERVICES else (1, 30) if index else (0, 6)
            day = sent.astimezone(self.tz).date() + timedelta(days=rng.randint(*gap))
            sent_at = max(self._at(day), self._minutes(consented_at, 15, 90))
            if sent_at > limit:
                break
            self._referral_for(case, service, sent_at, limit, consent=consent, override="", retry=True)
            sent = sent_at

    def _consent(self, case: Case, day: date, *, refused: bool) -> Consent:
        age = self._age(case.person, day)
        if age is not None and age < 18:
            method = ConsentMethod.GUARDIAN
        else:
            method = (
                ConsentMethod.SIGNED_FORM if self.rng.random() < 0.65 else ConsentMethod.ORAL_WITH_WITNESS
            )
        consent = Consent(
            id=self._new_id(),
            case=case,
            purpose=ConsentPurpose.REFERRAL,
            decision=ConsentDecision.REFUSED if refused else ConsentDecision.GIVEN,
            method=method,
            given_on=day,
            recorded_by=case.case_worker,
        )
        self.consents.append(consent)
        return consent

    def _override_first(self, case: Case, limit: datetime) -> Referral | None:
        """An emergency referral sent on the day the case opened, before consent could be recorded."""
        sent_at = self._at(case.opened_on, 10 * 60, 16 * 60)
        if sent_at > limit:
            return None
        for service in ("medical", "shelter"):
            if self._recipient(case, service, sent_at, set()) is not None:
                return self._referral_for(
                    case, service, sent_at, limit, consent=None, override=OVERRIDE_REASONS[service],
                    urgency=Urgency.EMERGENCY,
                )  # fmt: skip
        return None

    def _needs(self, case: Case, age: int | None) -> list[str]:
        person, rng = case.person, self.rng
        foreign = bool(person.nationalities) and person.nationalities[0] != "MAR"
        child = age is not None and age < 18
        exploited = set(case.forms_of_exploitation) & {"sexual_exploitation", "domestic_servitude"}
        weights = {
            "shelter": 30 + (20 if person.sex == Sex.FEMALE or child else 0) + (15 if exploited else 0),
            "medical": 30 if person.medical_alerts else 18,
            "psychosocial": 55,
            "legal_aid": 35,
            "interpretation": 0 if set(person.languages) & {"darija", "arabic", "french"} else 70,
            "repatriation": 35 if foreign else 0,
            "reintegration": 12 if foreign else 40,
            "education_training": 45 if child else 12,
            "financial_support": 18,
            "documentation": 45 if foreign else 12,
        }
        chosen: list[str] = []
        for _round in range(rng.choices((1, 2, 3, 4), weights=(28, 35, 23, 14))[0]):
            codes = [code for code, weight in weights.items() if weight > 0 and code not in chosen]
            if not codes:
                break
            chosen.append(rng.choices(codes, weights=[weights[code] for code in codes])[0])
        return sorted(chosen, key=SERVICE_ORDER.index)

    def _category(self, person: Person, day: date, urgency: str, shelter: str) -> str:
        age = self._age(person, day)
        if urgency == Urgency.EMERGENCY:
            category = BedCategory.EMERGENCY
        elif age is not None and age < 18:
            category = BedCategory.CHILDREN
        else:
            category = BedCategory.MEN if person.sex == Sex.MALE else BedCategory.WOMEN
        return category if SHELTER_BEDS[shelter].get(category, 0) else BedCategory.EMERGENCY

    def _recipient(
        self, case: Case, service: str, at: datetime, exclude: set[Any], urgency: str = Urgency.ROUTINE
    ) -> Organisation | None:
        candidates = [
            organisation
            for organisation in self.providers
            if service in organisation.services
            and case.region in organisation.regions_served
            and organisation.pk != case.owning_organisation_id
            and organisation.pk not in exclude
            and (organisation.accepting_referrals or at < self.not_accepting_since)
        ]
        if service == "shelter" and urgency != Urgency.EMERGENCY:  # a shelter with beds of her category
            day = at.astimezone(self.tz).date()
            fitting = [
                shelter
                for shelter in candidates
                if self._category(case.person, day, urgency, shelter.short_code) != BedCategory.EMERGENCY
            ]
            candidates = fitting or candidates
        if not candidates:
            return None
        local = [organisation for organisation in candidates if organisation.region == case.region]
        if local and self.rng.random() < 0.7:
            return self.rng.choice(local)
        return self.rng.choice(candidates)

    def _referral_for(
        self,
        case: Case,
        service: str,
        sent_at: datetime,
        limit: datetime,
        *,
        consent: Consent | None,
        override: str,
        retry: bool = False,
        urgency: str = "",
        exclude: set[Any] | None = None,
    ) -> Referral | None:
        rng = self.rng
        urgency = urgency or _weighted(rng, URGENCIES.get(service, URGENCIES[""]))
        recipient = self._recipient(case, service, sent_at, exclude or set(), urgency)
        if recipient is None or sent_at > limit:
            return None
        sender = self.by_pk[case.owning_organisation_id]
        notes = NOTES[service]
        referral = Referral(
            id=self._new_id(),
            case=case,
            from_organisation=sender,
            to_organisation=recipient,
            service_type=service,
            urgency=urgency,
            note=rng.choice(notes) if rng.random() < 0.7 else "",
            sent_at=sent_at,
            due_at=answer_due(sent_at.astimezone(UTC), urgency),
            consent=consent,
            consent_override_reason=override if consent is None else "",
            sent_by=case.case_worker,
            from_snapshot=_snapshot(sender),
            to_snapshot=_snapshot(recipient),
        )
        self._timeline(referral, _weighted(rng, OUTCOMES))
        if not self._cut(referral, limit if case.status == CaseStatus.CLOSED else self.now, case):
            return None
        self.drafts.append(_Draft(referral))
        final = referral.declined_at or referral.expired_at
        if retry and final is not None and rng.random() < 0.55:
            again = self._at(final.astimezone(self.tz).date() + timedelta(days=rng.randint(1, 4)))
            self._referral_for(
                case, service, max(again, self._minutes(final, 30, 120)), limit, consent=consent,
                override=override, urgency=urgency, exclude={recipient.pk, *(exclude or set())},
            )  # fmt: skip
        return referral

    def _timeline(self, referral: Referral, outcome: str) -> None:
        """Every timestamp the referral would reach if nothing stopped it, in order."""
        rng, service = self.rng, referral.service_type
        low, high = ANSWER_MINUTES[Urgency(referral.urgency)]
        answered = min(
            self._minutes(referral.sent_at, low, high),
            referral.due_at - timedelta(minutes=rng.randint(3, 10)),
        )
        if outcome == ReferralState.DECLINED:
            referral.declined_at = answered
            referral.decline_reason = rng.choice(DECLINE_REASONS.get(service, DECLINE_REASONS[""]))
            return
        if outcome == ReferralState.EXPIRED:
            referral.expired_at = self._minutes(referral.due_at, 2, 14)
            return
        if outcome == ReferralState.WITHDRAWN and rng.random() < 0.55:
            referral.withdrawn_at = self._between(referral.sent_at, answered)
            return
        referral.accepted_at = answered
        if service == "shelter" and referral.urgency == Urgency.EMERGENCY:
            referral.in_progress_at = self._minutes(answered, 20, 180)
            days = EMERGENCY_STAY_DAYS
        else:
            referral.in_progress_at = self._minutes(answered, *START_MINUTES.get(service, START_MINUTES[""]))
            days = DURATION_DAYS[service]
        referral.completed_at = referral.in_progress_at + timedelta(
            days=rng.randint(*days), minutes=rng.randint(0, 480)
        )
        if outcome == ReferralState.WITHDRAWN:
            if rng.random() < 0.5:
                referral.withdrawn_at = self._between(answered, referral.in_progress_at)
                referral.in_progress_at = None
            else:
                referral.withdrawn_at = self._between(referral.in_progress_at, referral.completed_at)
            referral.completed_at = None

    def _cut(self, referral: Referral, cutoff: datetime, case: Case) -> bool:
        """Forget what would happen after ``cutoff``; a closed case's referrals all end before it closes."""
        for name in STAMPS:
            value = getattr(referral, name)
            if value is not None and value > cutoff:
                setattr(referral, name, None)
        if case.status == CaseStatus.OPEN:
            return True
        state = referral_state(referral)
        if state == ReferralState.IN_PROGRESS:
            assert referral.in_progress_at is not None
            referral.completed_at = self._between(referral.in_progress_at, cutoff)
        elif state == ReferralState.ACCEPTED:
            assert referral.accepted_at is not None
            referral.withdrawn_at = self._between(referral.accepted_at, cutoff)
        return state != ReferralState.SENT

    # --- one night of overflowing emergency beds ------------------------------------------------------------------

    def cluster(self) -> None:
        """Victims of one dismantled network, placed the same night in one shelter's emergency beds: the last
        one beyond capacity."""
        shelter = self.organisations[CLUSTER_SHELTER]
        night = datetime.combine(self.today - timedelta(days=CLUSTER_DAYS), time(20), tzinfo=self.tz)
        size = SHELTER_BEDS[CLUSTER_SHELTER][BedCategory.EMERGENCY] + 1
        with_shelter = {
            draft.referral.case_id for draft in self.drafts if draft.referral.service_type == "shelter"
        }
        eligible = [
            case
            for case in self.cases
            if case.status == CaseStatus.OPEN
            and case.pk in self.consent_at
            and self.consent_at[case.pk][1] < night
            and case.pk not in with_shelter
            and case.owning_organisation_id != shelter.pk
        ]
        near = [case for case in eligible if case.region in shelter.regions_served]
        chosen = near if len(near) >= size else eligible
        if len(chosen) < size:
            return
        for index, case in enumerate(self.rng.sample(chosen, size)):
            sender = self.by_pk[case.owning_organisation_id]
            sent_at = night + timedelta(minutes=25 * index + self.rng.randint(0, 10))
            accepted = self._minutes(sent_at, 10, 40)
            admitted = self._minutes(accepted, 20, 60)
            referral = Referral(
                id=self._new_id(),
                case=case,
                from_organisation=sender,
                to_organisation=shelter,
                service_type="shelter",
                urgency=Urgency.EMERGENCY,
                note=NOTES["shelter"][0],
                sent_at=sent_at,
                due_at=answer_due(sent_at.astimezone(UTC), Urgency.EMERGENCY),
                accepted_at=accepted,
                in_progress_at=admitted,
                completed_at=admitted
                + timedelta(days=self.rng.randint(3, 12), minutes=self.rng.randint(0, 300)),
                consent=self.consent_at[case.pk][0],
                sent_by=case.case_worker,
                from_snapshot=_snapshot(sender),
                to_snapshot=_snapshot(shelter),
            )
            self.drafts.append(_Draft(referral, cluster=True))

    # --- placements -----------------------------------------------------------------------------------------------

    def place(self) -> None:
        """Admit in the order of admission; a full category declines, except one night beyond capacity."""
        occupants: dict[tuple[str, str], list[Placement]] = defaultdict(list)
        over_capacity_used = False
        admitted = [
            draft
            for draft in self.drafts
            if draft.referral.service_type == "shelter" and draft.referral.in_progress_at is not None
        ]
        admitted.sort(key=lambda draft: draft.referral.in_progress_at or self.now)
        for draft in admitted:
            referral = draft.referral
            at = referral.in_progress_at
            assert at is not None
            code = referral.to_organisation.short_code
            category = (
                BedCategory.EMERGENCY
                if draft.cluster
                else self._category(
                    referral.case.person, at.astimezone(self.tz).date(), referral.urgency, code
                )
            )
            taken = sum(
                1
                for placement in occupants[(code, category)]
                if placement.discharged_at is None or placement.discharged_at > at
            )
            reason = ""
            if taken >= SHELTER_BEDS[code][category]:
                if not (draft.cluster and not over_capacity_used):
                    self._decline_full(referral)
                    continue
                reason, over_capacity_used = OVER_CAPACITY_REASON, True
            draft.category = category
            occupants[(code, category)].append(self._placement(draft, category, reason))

    def _decline_full(self, referral: Referral) -> None:
        referral.declined_at = referral.accepted_at
        referral.decline_reason = "Capacité atteinte"
        for name in ("accepted_at", "in_progress_at", "completed_at", "withdrawn_at"):
            setattr(referral, name, None)

    def _placement(self, draft: _Draft, category: str, over_capacity: str) -> Placement:
        referral = draft.referral
        assert referral.in_progress_at is not None
        discharged = referral.completed_at or referral.withdrawn_at
        reason = ""
        if referral.completed_at is not None:
            foreign = referral.case.person.nationalities[:1] != ["MAR"]
            choices = (*DISCHARGE_REASONS, "Retour dans le pays d'origine") if foreign else DISCHARGE_REASONS
            reason = CLUSTER_DISCHARGE if draft.cluster else self.rng.choice(choices)
        elif discharged is not None:
            reason = "Orientation retirée par l'organisation référente"
        placement = Placement(
            id=self._new_id(),
            shelter=referral.to_organisation,
            case=referral.case,
            referral=referral,
            category=category,
            admitted_at=referral.in_progress_at,
            discharged_at=discharged,
            discharge_reason=reason,
            over_capacity_reason=over_capacity,
            admitted_by=self.provider
            if referral.to_organisation.short_code == "shelter-casablanca"
            else None,
        )
        self.placements.append(placement)
        return placement

    def occupied_now(self, shelter: str, category: str) -> int:
        return sum(
            1
            for placement in self.placements
            if placement.shelter.short_code == shelter
            and placement.category == category
            and placement.discharged_at is None
        )

    # --- the provider's inbox -------------------------------------------------------------------------------------

    def inbox(self) -> None:
        """The demo shelter (shelter-casablanca) has a few residents, one accepted referral to admit and three
        waiting for an answer, all due after "now"."""
        shelter = self.organisations["shelter-casablanca"]
        active = {
            draft.referral.case_id
            for draft in self.drafts
            if draft.referral.service_type == "shelter" and referral_state(draft.referral) in ACTIVE_STATES
        }
        candidates = [
            case
            for case in self.cases
            if case.status == CaseStatus.OPEN
            and case.pk in self.consent_at
            and case.pk not in active
            and case.region in shelter.regions_served
            and self.consent_at[case.pk][1] < self.now - timedelta(days=60)
        ]
        self.rng.shuffle(candidates)
        residents = sum(self.occupied_now(shelter.short_code, category) for category in BedCategory.values)
        for case in list(candidates):
            if residents >= RESIDENTS:
                break
            sent = self._at(self.today - timedelta(days=self.rng.randint(5, 50)))
            category = self._free_category(case, shelter, sent)
            if category:
                draft = self._inbox_referral(case, shelter, sent, Urgency.URGENT, accepted=True)
                draft.referral.in_progress_at = self._minutes(draft.referral.sent_at, 300, 1440)
                self._placement(draft, category, "")
                candidates.remove(case)
                residents += 1
        for case in candidates:
            sent = datetime.combine(self.today - timedelta(days=2), time(10, 30), tzinfo=self.tz)
            if self._free_category(case, shelter, sent):
                self._inbox_referral(case, shelter, sent, Urgency.URGENT, accepted=True)
                candidates.remove(case)
                break
        for case, (days, urgency, minutes) in zip(candidates, WAITING, strict=False):
            day = self.today - timedelta(days=days)
            sent = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=self.tz)
            self._inbox_referral(case, shelter, sent, urgency)

    def _free_category(self, case: Case, shelter: Organisation, at: datetime) -> str:
        """The person's bed category in the shelter if a bed of it is free now, else ""."""
        category = self._category(
            case.person, at.astimezone(self.tz).date(), Urgency.URGENT, shelter.short_code
        )
        free = self.occupied_now(shelter.short_code, category) < SHELTER_BEDS[shelter.short_code][category]
        return category if category != BedCategory.EMERGENCY and free else ""

    def _inbox_referral(
        self, case: Case, shelter: Organisation, sent: datetime, urgency: str, *, accepted: bool = False
    ) -> _Draft:
        sender = self.by_pk[case.owning_organisation_id]
        referral = Referral(
            id=self._new_id(),
            case=case,
            from_organisation=sender,
            to_organisation=shelter,
            service_type="shelter",
            urgency=urgency,
            note=self.rng.choice(NOTES["shelter"]),
            sent_at=sent,
            due_at=answer_due(sent.astimezone(UTC), urgency),
            consent=self.consent_at[case.pk][0],
            sent_by=case.case_worker,
            from_snapshot=_snapshot(sender),
            to_snapshot=_snapshot(shelter),
        )
        if accepted:
            referral.accepted_at = self._minutes(sent, 60, 240)
        draft = _Draft(referral)
        self.drafts.append(draft)
        return draft

    # --- services delivered ---------------------------------------------------------------------------------------

    def deliver(self, draft: _Draft) -> None:
        referral = draft.referral
        if referral.in_progress_at is None:
            return
        start = referral.in_progress_at.astimezone(self.tz).date()
        end = (referral.completed_at or referral.withdrawn_at or self.now).astimezone(self.tz).date()
        span = (end - start).days
        days = {start} if referral.service_type == "shelter" else set()
        days |= {start + timedelta(days=self.rng.randint(0, span)) for _ in range(self.rng.randint(1, 4))}
        provider = referral.to_organisation
        for day in sorted(days):
            self.deliveries.append(
                ServiceDelivery(
                    id=self._new_id(),
                    case=referral.case,
                    referral=referral,
                    service_type=referral.service_type,
                    provider=provider,
                    delivered_on=day,
                    notes=self.rng.choice(DELIVERY_NOTES) if self.rng.random() < 0.5 else "",
                    recorded_by=self.provider if provider.short_code == "shelter-casablanca" else None,
                )
            )

    # --- transfers, plans and follow-ups --------------------------------------------------------------------------

    def transfer_cases(self) -> None:
        """One transfer accepted by Casablanca, one declined by an NGO, one waiting for Casablanca's answer."""
        codes = self.organisations
        casablanca, tanger = codes["unit-casablanca"], codes["unit-tanger"]
        with_contacts = set(Contact.objects.filter(case__isnull=False).values_list("case_id", flat=True))
        untouched = [
            case
            for case in self.cases
            if case.owning_organisation_id == casablanca.pk
            and case.status == CaseStatus.OPEN
            and not self._has_identification(case)
            and case.pk not in self.consent_at
            and case.pk not in self.refused
            and case.pk not in with_contacts
            and case.opened_on <= self.today - timedelta(days=30)
        ]
        if untouched:
            case = self.rng.choice(untouched)
            self.opened_by[case.pk] = codes["unit-marrakech"]
            requested = self._at(case.opened_on + timedelta(days=1))
            self._transfer(case, codes["unit-marrakech"], casablanca, requested, accept=True)
        others = [
            case
            for case in self.cases
            if case.owning_organisation_id == casablanca.pk
            and case.status == CaseStatus.OPEN
            and case.pk not in self.opened_by
            and case.opened_on <= self.today - timedelta(days=40)
        ]
        if others:
            case = self.rng.choice(others)
            day = case.opened_on + timedelta(
                days=self.rng.randint(10, (self.today - case.opened_on).days - 20)
            )
            self._transfer(case, casablanca, codes["ngo-nour"], self._at(day), accept=False)
        waiting = [
            case
            for case in self.cases
            if case.owning_organisation_id == tanger.pk
            and case.status == CaseStatus.OPEN
            and case.opened_on <= self.today - timedelta(days=10)
        ]
        if waiting:
            case = self.rng.choice(waiting)
            self._transfer(case, tanger, casablanca, self._at(self.today - timedelta(days=2)), accept=None)

    def _transfer(
        self,
        case: Case,
        source: Organisation,
        target: Organisation,
        requested: datetime,
        *,
        accept: bool | None,
    ) -> None:
        worker = {org.short_code: user for user, org in self._workers()}
        transfer = CaseTransfer(
            id=self._new_id(),
            case=case,
            from_organisation=source,
            to_organisation=target,
            requested_at=requested,
            requested_by=worker.get(source.short_code),
        )
        self._event(case, requested, "transfer_requested", actor=transfer.requested_by_id,
                    org=source.pk, to=target.short_code)  # fmt: skip
        self._touch(case, requested)
        if accept is not None:
            transfer.state = TransferState.ACCEPTED if accept else TransferState.DECLINED
            transfer.answered_at = self._minutes(requested, 120, 4 * 1440)
            transfer.answered_by = worker.get(target.short_code)
            self._event(
                case, transfer.answered_at, f"transfer_{transfer.state}", actor=transfer.answered_by_id,
                org=target.pk, **{"from": source.short_code, "to": target.short_code},
            )  # fmt: skip
            self._touch(case, transfer.answered_at)
        self.transfers.append(transfer)

    def _has_identification(self, case: Case) -> bool:
        facts = self.facts[case.pk]
        return bool(facts.screenings or facts.submissions or facts.decisions)

    def _workers(self) -> list[tuple[User, Organisation]]:
        return [
            (self.users["caseworker"], self.organisations["unit-casablanca"]),
            (self.users["caseworker.tanger"], self.organisations["unit-tanger"]),
        ]

    def plan_and_follow_up(self, case: Case, services: list[str]) -> None:
        rng = self.rng
        open_case = case.status == CaseStatus.OPEN
        consented = case.pk in self.consent_at
        end = self.today if open_case else self.last_day.get(case.pk, case.opened_on)
        start = case.opened_on + timedelta(days=7)
        if start > end:
            return
        if open_case and rng.random() < (0.55 if consented else 0.12):
            day = max(start, self.today - timedelta(days=rng.randint(0, 150)))
            needs = [NEEDS[code] for code in services] or [NEEDS["psychosocial"]]
            self.plans.append(
                CasePlan(
                    case=case,
                    needs=" ; ".join(needs) + ".",
                    goals=" ".join(rng.sample(GOALS, rng.randint(1, 2))),
                    review_on=day + timedelta(days=rng.randint(30, 90)),
                    updated_by=case.case_worker,
                )
            )
            self._event(case, self._at(day), "plan_updated", actor=case.case_worker_id,
                        org=case.owning_organisation_id)  # fmt: skip
            self._touch(case, day)
        if rng.random() < (0.6 if consented else 0.2 if open_case else 0.15):
            span = (end - start).days
            for day in sorted(
                {start + timedelta(days=rng.randint(0, span)) for _ in range(rng.randint(1, 4))}
            ):
                kind = _weighted(rng, FOLLOW_UP_KINDS)
                self.follow_ups.append(
                    FollowUp(
                        id=self._new_id(),
                        case=case,
                        happened_on=day,
                        kind=kind,
                        note=rng.choice(FOLLOW_UP_NOTES),
                        recorded_by=case.case_worker,
                    )
                )
                self._event(case, self._at(day), "follow_up", actor=case.case_worker_id,
                            org=case.owning_organisation_id, kind=kind)  # fmt: skip
                self._touch(case, day)

    # --- closure --------------------------------------------------------------------------------------------------

    def close(self, case: Case, completed: set[str]) -> None:
        rng = self.rng
        facts = self.facts[case.pk]
        foreign = case.person.nationalities[:1] != ["MAR"]
        if case.pk in self.refused:
            reason = ClosureReason.DECLINED_ASSISTANCE if rng.random() < 0.7 else ClosureReason.LOST_CONTACT
        elif facts.latest_status == VictimStatus.NOT_A_VICTIM and rng.random() < 0.8:
            reason = ClosureReason.NOT_A_VICTIM
        elif "repatriation" in completed:
            reason = ClosureReason.RETURNED
        elif completed & {"reintegration", "education_training"} and rng.random() < 0.8:
            reason = ClosureReason.REINTEGRATED
        else:
            weights = dict(CLOSURES)
            if not foreign:
                weights[ClosureReason.RETURNED] = 0
            reason = ClosureReason(_weighted(rng, weights))
        last = self.last_day.get(case.pk, case.opened_on)
        case.closed_on = min(last + timedelta(days=rng.randint(3, 60)), self.today)
        case.closure_reason = reason
        self._event(case, self._at(case.closed_on, 14 * 60, 17 * 60), "closed", actor=case.case_worker_id,
                    org=case.owning_organisation_id, reason=reason)  # fmt: skip

    # --- timeline of the referrals --------------------------------------------------------------------------------

    def referral_events(self, draft: _Draft) -> None:
        referral = draft.referral
        case = referral.case
        detail: dict[str, Any] = {
            "service": referral.service_type,
            "to": referral.to_organisation.short_code,
            "urgency": referral.urgency,
        }
        if referral.consent is None:
            detail["consent_override"] = True
        sender, recipient = referral.from_organisation_id, referral.to_organisation_id
        if referral.to_organisation.short_code == "shelter-casablanca" and (
            referral.accepted_at or referral.declined_at
        ):
            referral.answered_by = self.provider
        self._event(case, referral.sent_at, "referral_sent", actor=referral.sent_by_id, org=sender,
                    **detail)  # fmt: skip
        self._touch(case, referral.sent_at)
        previous: str = ReferralState.SENT
        moves = sorted(
            (moment, name[:-3]) for name in STAMPS if (moment := getattr(referral, name)) is not None
        )
        for moment, state in moves:
            actor, organisation = {
                "expired": (None, None),
                "withdrawn": (referral.sent_by_id, sender),
            }.get(state, (referral.answered_by_id, recipient))
            self._event(case, moment, f"referral_{state}", actor=actor, org=organisation,
                        **{"from": previous, "to": state, "service": referral.service_type})  # fmt: skip
            self._touch(case, moment)
            previous = state
        referral.state = previous
        referral.version = 1 + len(moves)

    def placement_events(self, placement: Placement) -> None:
        case, shelter = placement.case, placement.shelter
        self._event(
            case, placement.admitted_at, "admitted", actor=placement.admitted_by_id, org=shelter.pk,
            shelter=shelter.short_code, category=placement.category,
            over_capacity=bool(placement.over_capacity_reason),
        )  # fmt: skip
        if placement.discharged_at is not None:
            self._event(
                case, placement.discharged_at, "discharged", actor=placement.admitted_by_id,
                org=shelter.pk, shelter=shelter.short_code, category=placement.category,
            )  # fmt: skip

    def delivery_event(self, delivery: ServiceDelivery) -> None:
        self._event(
            delivery.case, self._at(delivery.delivered_on, 11 * 60, 17 * 60 + 30), "service_delivered",
            actor=delivery.recorded_by_id, org=delivery.provider.pk, service=delivery.service_type,
            provider=delivery.provider.short_code,
        )  # fmt: skip
        self._touch(delivery.case, delivery.delivered_on)

    def opened_events(self) -> None:
        for case in self.cases:
            organisation = self.opened_by.get(case.pk, self.by_pk[case.owning_organisation_id])
            actor = case.case_worker_id if case.pk not in self.opened_by else None
            self._event(case, self._at(case.opened_on, 8 * 60 + 30, 9 * 60 + 40), "opened", actor=actor,
                        org=organisation.pk, organisation=organisation.short_code)  # fmt: skip


def create_referral_network(
    rng: random.Random,
    cases: list[Case],
    organisations: dict[str, Organisation],
    users: dict[str, User],
    *,
    now: datetime,
    tz: Any,
) -> Counts:
    """Consent, referrals, placements, services, plans, follow-ups, transfers, closures and case timelines."""
    network = _Network(rng, cases, organisations, users, now=now, tz=tz)
    network.load_facts()
    for case in cases:
        network.identification_events(case)
        network.case_referrals(case)
    network.cluster()
    network.place()
    network.inbox()
    for draft in network.drafts:
        network.referral_events(draft)
        network.deliver(draft)
    for placement in network.placements:
        network.placement_events(placement)
    for delivery in network.deliveries:
        network.delivery_event(delivery)
    network.transfer_cases()
    services: dict[Any, list[str]] = defaultdict(list)
    completed: dict[Any, set[str]] = defaultdict(set)
    for draft in network.drafts:
        referral = draft.referral
        if referral.service_type not in services[referral.case_id]:
            services[referral.case_id].append(referral.service_type)
        if referral.completed_at is not None:
            completed[referral.case_id].add(referral.service_type)
    closed = []
    for case in cases:
        network.plan_and_follow_up(case, services[case.pk])
        if case.status == CaseStatus.CLOSED:
            network.close(case, completed[case.pk])
            closed.append(case)
    network.opened_events()
    _save(network, closed)
    return Counts(referrals=len(network.drafts), placements=len(network.placements))


def _save(network: _Network, closed: list[Case]) -> None:
    Consent.objects.bulk_create(network.consents)
    Referral.objects.bulk_create([draft.referral for draft in network.drafts])
    Placement.objects.bulk_create(network.placements)
    ServiceDelivery.objects.bulk_create(network.deliveries)
    CasePlan.objects.bulk_create(network.plans)
    FollowUp.objects.bulk_create(network.follow_ups)
    CaseTransfer.objects.bulk_create(network.transfers)
    Case.objects.bulk_update(closed, ["closed_on", "closure_reason"])
    admissions = Counter((placement.shelter_id, placement.category) for placement in network.placements)
    capacities = list(ShelterCapacity.objects.filter(shelter__type="shelter"))
    for capacity in capacities:
        capacity.admissions = admissions[(capacity.shelter_id, capacity.category)]
    ShelterCapacity.objects.bulk_update(capacities, ["admissions"])
    network.events.sort(key=lambda event: event.occurred_at)
    CaseEvent.objects.bulk_create(network.events, batch_size=2000)
