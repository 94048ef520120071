"""Demo prevention: the awareness campaigns and the official trainings of three years, recorded through the
services by the organiser's focal point, or by the commission, which keeps the national register.

Campaigns recur as they do in practice (the World Day against Trafficking every 30 July, the seasonal
workers' departures every February, the school year); trainings follow the sectors the strategy trains most
(police, labour inspectors, social workers). Nothing starts after the demo's last day.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sanad.accounts.models import Organisation, User
from sanad.catalogs import loader
from sanad.prevention.models import AudienceSector, Campaign, CampaignType, ReachMethod, Training
from sanad.prevention.services import record_campaign, record_training

NATIONWIDE: tuple[str, ...] = ()


@dataclass(frozen=True)
class CampaignSpec:
    title: str
    type: str
    organiser: str
    partners: tuple[str, ...]
    regions: tuple[str, ...]
    languages: tuple[str, ...]
    audience: str
    reach: tuple[str, int, int]  # method, lowest and highest audience reached
    budget: tuple[int, int] | None  # dirhams
    days: int  # 1: an event of a single day
    starts: tuple[tuple[int, int, int], ...]  # (year, month, day); day 0: any day of the month
    other_partners: str = ""


C = CampaignSpec
NOT_MEASURED = (ReachMethod.NOT_MEASURED.value, 0, 0)
CAMPAIGNS = (
    C("Journée mondiale de la lutte contre la traite des personnes", CampaignType.COMMUNITY_OUTREACH, "cnclt",
      ("io-rabat", "ngo-nour"), NATIONWIDE, ("arabic", "french", "tamazight"), "Grand public",
      (ReachMethod.HEAD_COUNT, 2000, 6000), (150_000, 300_000), 1, ((2024, 7, 30), (2025, 7, 30), (2026, 7, 30))),
    C("Spot télévisé « La traite n'est pas un travail »", CampaignType.TV_SPOT, "cnclt", ("io-rabat",), NATIONWIDE,
      ("arabic", "darija", "tamazight", "french"), "Grand public", (ReachMethod.BROADCAST_RATINGS, 1_500_000, 4_000_000),
      (800_000, 1_500_000), 30, ((2024, 10, 0),), "Chaînes de télévision publiques"),
    C("Capsules radio en amazighe sur le recrutement frauduleux", CampaignType.RADIO_SPOT, "cnclt", ("ngo-nour",),
      ("MA-05", "MA-07", "MA-09"), ("tamazight", "darija"), "Familles rurales et jeunes en recherche d'emploi",
      (ReachMethod.BROADCAST_RATINGS, 200_000, 600_000), (120_000, 250_000), 45, ((2025, 2, 0),), "Radios régionales"),
    C("« Ton contrat, tes droits » : information des saisonnières agricoles", CampaignType.COMMUNITY_OUTREACH,
      "labour-inspection", ("io-rabat",), ("MA-04", "MA-05", "MA-09"), ("darija", "arabic", "spanish"),
      "Travailleuses saisonnières partant pour l'Espagne", (ReachMethod.HEAD_COUNT, 1500, 3500), (60_000, 120_000),
      21, ((2024, 2, 0), (2025, 2, 0), (2026, 2, 0))),
    C("Affiches et dépliants dans les gares routières et ferroviaires", CampaignType.BILLBOARD, "cnclt",
      ("ngo-tadamoun",), ("MA-06", "MA-01", "MA-02"), ("arabic", "french", "english"), "Voyageurs et migrants en transit",
      (ReachMethod.DISTRIBUTION_COUNT, 20_000, 60_000), (90_000, 180_000), 60, ((2024, 5, 0),)),
    C("Exposition itinérante « Visages de la traite »", CampaignType.EXHIBITION, "ngo-nour", ("io-rabat",),
      ("MA-06", "MA-04", "MA-07"), ("arabic", "french"), "Étudiants et grand public", (ReachMethod.HEAD_COUNT, 800, 3000),
      (70_000, 140_000), 20, ((2025, 4, 0),)),
    C("#PasÀVendre : campagne sur les réseaux sociaux", CampaignType.SOCIAL_MEDIA, "cnclt", ("police-bnpj",), NATIONWIDE,
      ("arabic", "darija", "french", "english"), "Jeunes de 15 à 30 ans",
      (ReachMethod.SOCIAL_MEDIA_ANALYTICS, 300_000, 1_200_000), (100_000, 200_000), 60, ((2024, 11, 0),)),
    C("« Trop beau pour être vrai » : alerte sur les fausses offres d'emploi en ligne", CampaignType.SOCIAL_MEDIA,
      "police-bnpj", (), NATIONWIDE, ("arabic", "darija", "french"), "Jeunes en recherche d'emploi à l'étranger",
      (ReachMethod.SOCIAL_MEDIA_ANALYTICS, 150_000, 700_000), None, 30, ((2025, 6, 0), (2026, 9, 0))),
    C("Campagne de sensibilisation dans les collèges et lycées", CampaignType.SCHOOLS, "min-education", ("cnclt",),
      ("MA-01", "MA-03", "MA-06"), ("arabic", "french", "tamazight"), "Élèves des collèges et lycées",
      (ReachMethod.HEAD_COUNT, 5000, 20_000), (200_000, 400_000), 90, ((2024, 10, 0), (2025, 10, 0), (2026, 3, 0))),
    C("Semaine de sensibilisation dans les universités", CampaignType.SCHOOLS, "cnclt", ("ngo-nour",),
      ("MA-04", "MA-03"), ("arabic", "french"), "Étudiantes et étudiants", (ReachMethod.HEAD_COUNT, 1000, 4000),
      (40_000, 80_000), 7, ((2025, 3, 0),)),
    C("Caravane d'information dans les quartiers d'accueil des migrants", CampaignType.COMMUNITY_OUTREACH,
      "ngo-tadamoun", ("io-rabat",), ("MA-02", "MA-01"), ("french", "english", "wolof", "bambara", "pidgin_nigerian"),
      "Migrantes et migrants d'Afrique subsaharienne", (ReachMethod.HEAD_COUNT, 300, 1200), (50_000, 110_000), 14,
      ((2024, 6, 0), (2025, 6, 0), (2026, 6, 0))),
    C("Théâtre-forum contre le placement des filles comme domestiques", CampaignType.OTHER, "ngo-nour", (),
      ("MA-05", "MA-03"), ("darija", "tamazight"), "Parents et responsables communautaires",
      (ReachMethod.ESTIMATE, 500, 1500), (30_000, 60_000), 30, ((2024, 3, 0),)),
    C("Journée internationale des migrants", CampaignType.COMMUNITY_OUTREACH, "ngo-tadamoun", ("cnclt",),
      ("MA-02",), ("french", "english", "arabic"), "Migrantes et migrants, associations de quartier",
      NOT_MEASURED, None, 1, ((2024, 12, 18), (2025, 12, 18))),
    C("Opération d'été : information des Marocains résidant à l'étranger aux ports", CampaignType.BILLBOARD, "cnclt",
      ("io-rabat",), ("MA-01", "MA-02"), ("arabic", "french", "spanish", "darija"),
      "Marocains résidant à l'étranger en transit", (ReachMethod.DISTRIBUTION_COUNT, 30_000, 80_000),
      (150_000, 250_000), 45, ((2024, 7, 1), (2025, 7, 1))),
    C("Émission spéciale sur la traite des enfants", CampaignType.RADIO_SPOT, "min-solidarite", ("ngo-nour",),
      NATIONWIDE, ("arabic", "darija"), "Parents et éducateurs", NOT_MEASURED, None, 1, ((2026, 10, 0),)),
)  # fmt: skip


@dataclass(frozen=True)
class SectorSpec:
    weight: int  # cards in the deck: how often the sector is trained
    organisers: tuple[str, ...]
    partners: tuple[str, ...]
    titles: tuple[str, ...]
    hours: tuple[int, ...]
    participants: tuple[int, int]
    female_share: tuple[float, float]
    guide: float  # chance the syllabus covers the identification guide
    nrm: float  # and the national referral mechanism


S = SectorSpec
SECTORS = {
    AudienceSector.POLICE: S(8, ("police-bnpj", "police-tanger", "police-marrakech"), ("io-rabat", "cnclt"),
        ("Identification des victimes de la traite lors des contrôles", "Audition des victimes : techniques et précautions",
         "Distinguer la traite du trafic de migrants"), (6, 12, 18, 24), (15, 40), (0.15, 0.3), 0.85, 0.6),
    AudienceSector.GENDARMERIE: S(5, ("gendarmerie",), ("io-rabat", "labour-inspection"),
        ("Traite et travail forcé en milieu rural", "Repérer les victimes aux points de passage"),
        (6, 12, 18), (15, 35), (0.05, 0.15), 0.8, 0.5),
    AudienceSector.PROSECUTORS: S(4, ("pmp",), ("io-rabat", "min-justice"),
        ("Application de la loi 27.14 par les parquets", "Non-pénalisation des victimes de la traite"),
        (6, 12), (20, 45), (0.3, 0.45), 0.5, 0.7),
    AudienceSector.JUDGES: S(3, ("min-justice",), ("pmp", "io-rabat"),
        ("La loi 27.14 devant les juridictions : qualification et peines", "Audition des victimes mineures"),
        (6, 12), (15, 35), (0.25, 0.4), 0.3, 0.5),
    AudienceSector.LABOUR_INSPECTORS: S(5, ("labour-inspection",), ("io-rabat", "gendarmerie"),
        ("Identification des victimes de travail forcé lors des visites de contrôle",
         "Travail domestique : appliquer la loi 19.12"), (12, 18, 24), (12, 30), (0.3, 0.5), 0.9, 0.7),
    AudienceSector.SOCIAL_WORKERS: S(5, ("min-solidarite", "cnclt"), ("ngo-nour", "io-rabat"),
        ("Prise en charge psychosociale des victimes de la traite", "Le mécanisme national d'orientation en pratique"),
        (12, 18, 24), (15, 35), (0.6, 0.8), 0.8, 0.95),
    AudienceSector.HEALTH_STAFF: S(2, ("cnclt",), ("hospital-marrakech",),
        ("Repérer les victimes de la traite aux urgences",), (6, 8), (15, 30), (0.5, 0.7), 0.9, 0.8),
    AudienceSector.NGO_STAFF: S(4, ("ngo-nour", "ngo-tadamoun", "io-rabat"), ("cnclt",),
        ("Accompagner les victimes étrangères", "Le guide d'identification pour les associations"),
        (8, 12, 16), (12, 30), (0.5, 0.75), 0.9, 0.85),
    AudienceSector.CONSULAR_STAFF: S(1, ("cnclt",), ("io-rabat",),
        ("Assistance consulaire aux Marocains victimes à l'étranger",), (6, 12), (12, 25), (0.35, 0.55), 0.7, 0.6),
    AudienceSector.OTHER: S(2, ("cnclt",), ("ngo-nour",),
        ("Traite des êtres humains : le traitement médiatique (journalistes)",
         "Agents d'autorité : repérer la traite dans les quartiers"), (4, 6, 8), (15, 40), (0.2, 0.5), 0.4, 0.2),
}  # fmt: skip
# Trainings a year; the last year is cut at the demo's last day.
TRAININGS_PER_YEAR = 21
TRAINING_MONTHS = (1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12)  # none in August


@dataclass
class PreventionCounts:
    campaigns: int
    trainings: int


def _minor(dirhams: int) -> int:
    return dirhams * 100


def _dealt[T](rng: random.Random, weights: dict[T, int]) -> Iterator[T]:
    """Endless draws in the given proportions, from a shuffled deck dealt out before it is shuffled again:
    every value comes up once the deck has gone round."""
    cards = [value for value, weight in weights.items() for _ in range(weight)]
    while True:
        rng.shuffle(cards)
        yield from cards


class _Register:
    def __init__(
        self,
        rng: random.Random,
        organisations: dict[str, Organisation],
        *,
        focal_points: dict[str, User],
        commission: User,
        last_day: date,
        now: datetime,
        tz: Any,
    ) -> None:
        self.rng = rng
        self.organisations = organisations
        self.focal_points, self.commission = focal_points, commission
        self.last_day, self.now, self.tz = last_day, now, tz
        self.regions = [entry.code for entry in loader.regions().entries]
        self.campaigns: dict[Any, datetime] = {}  # pk -> when it was entered
        self.trainings: dict[Any, datetime] = {}

    def _recorder(self, organiser: str) -> User:
        """The organiser's focal point; the commission enters what the others report on paper."""
        return self.focal_points.get(organiser, self.commission)

    def _entered(self, last: date) -> datetime:
        """Entered some days after the record's last day, in office hours, never after the demo's now."""
        day = min(last + timedelta(days=self.rng.randint(1, 20)), self.last_day)
        moment = datetime.combine(
            day, time(self.rng.randint(9, 16), self.rng.randrange(0, 60, 5)), tzinfo=self.tz
        )
        return min(moment, self.now)

    def campaign(self, spec: CampaignSpec, start: tuple[int, int, int]) -> None:
        rng = self.rng
        year, month, day = start
        starts_on = date(year, month, day or rng.randint(1, 25))
        if starts_on > self.last_day:
            return
        ends_on = None if spec.days == 1 else min(starts_on + timedelta(days=spec.days - 1), self.last_day)
        method, lowest, highest = spec.reach
        measured = method != ReachMethod.NOT_MEASURED
        reached = round(rng.randint(lowest, highest), -2 if highest >= 10_000 else -1) if measured else None
        budget = _minor(round(rng.randint(*spec.budget), -3)) if spec.budget else None
        campaign = record_campaign(
            actor=self._recorder(spec.organiser),
            title=f"{spec.title} ({year})",
            type=spec.type,
            organiser=self.organisations[spec.organiser],
            partners=[self.organisations[code] for code in spec.partners],
            other_partners=spec.other_partners,
            starts_on=starts_on,
            ends_on=ends_on,
            regions=spec.regions,
            languages=spec.languages,
            audience=spec.audience,
            audience_reached=reached,
            reach_method=method,
            budget_minor=budget,
        )
        self.campaigns[campaign.pk] = self._entered(ends_on or starts_on)

    def training(self, sector: AudienceSector, held_on: date) -> None:
        rng = self.rng
        spec = SECTORS[sector]
        organiser = self.organisations[rng.choice(spec.organisers)]
        hours = rng.choice(spec.hours)
        days = -(-hours // 6)  # six hours of training a day
        ends_on = held_on + timedelta(days=days - 1) if days > 1 else None
        if ends_on is not None and ends_on > self.last_day:
            held_on, ends_on = self.last_day - timedelta(days=days - 1), self.last_day
        total = rng.randint(*spec.participants)
        unknown = rng.randint(1, 3) if rng.random() < 0.1 else 0
        female = round((total - unknown) * rng.uniform(*spec.female_share))
        partners = [
            self.organisations[code]
            for code in spec.partners
            if code != organiser.short_code and rng.random() < 0.45
        ]
        region = organiser.region if rng.random() < 0.45 else rng.choice(self.regions)
        training = record_training(
            actor=self._recorder(organiser.short_code),
            title=rng.choice(spec.titles),
            audience_sector=sector,
            organiser=organiser,
            partners=partners,
            held_on=held_on,
            ends_on=ends_on,
            region=region,
            hours=Decimal(hours),
            participants_female=female,
            participants_male=total - unknown - female,
            participants_unknown_sex=unknown,
            covers_identification_guide=rng.random() < spec.guide,
            covers_nrm=rng.random() < spec.nrm,
            budget_minor=_minor(round(hours * total * rng.randint(60, 140), -2))
            if rng.random() < 0.8
            else None,
        )
        self.trainings[training.pk] = self._entered(ends_on or held_on)

    def stamp(self) -> None:
        """The services stamp recorded_at with the clock: put back the day each record was entered."""
        campaigns = list(Campaign.objects.filter(pk__in=list(self.campaigns)))
        for campaign in campaigns:
            campaign.recorded_at = campaign.updated_at = self.campaigns[campaign.pk]
        Campaign.objects.bulk_update(campaigns, ["recorded_at", "updated_at"])
        trainings = list(Training.objects.filter(pk__in=list(self.trainings)))
        for training in trainings:
            training.recorded_at = training.updated_at = self.trainings[training.pk]
        Training.objects.bulk_update(trainings, ["recorded_at", "updated_at"])


def create_prevention(
    rng: random.Random,
    organisations: dict[str, Organisation],
    *,
    focal_points: dict[str, User],
    commission: User,
    years: tuple[int, ...],
    last_day: date,
    now: datetime,
    tz: Any,
) -> PreventionCounts:
    """The campaigns of CAMPAIGNS in ``years`` and some twenty trainings a year (fewer in a year that
    ``last_day`` cuts short). ``focal_points`` maps an organisation's short code to the focal point who
    records for it; ``commission`` records for the others."""
    register = _Register(
        rng,
        organisations,
        focal_points=focal_points,
        commission=commission,
        last_day=last_day,
        now=now,
        tz=tz,
    )
    for spec in CAMPAIGNS:
        for start in spec.starts:
            if start[0] in years:
                register.campaign(spec, start)
    sectors = _dealt(
        random.Random(rng.getrandbits(64)), {sector: spec.weight for sector, spec in SECTORS.items()}
    )
    for year in years:
        last = min(date(year, 12, 31), last_day)
        months = [month for month in TRAINING_MONTHS if date(year, month, 1) <= last]
        count = round(TRAININGS_PER_YEAR * ((last - date(year, 1, 1)).days + 1) / 365)
        for _index in range(count):
            held_on = min(date(year, rng.choice(months), rng.randint(1, 28)), last)
            register.training(next(sectors), held_on)
    register.stamp()
    return PreventionCounts(campaigns=len(register.campaigns), trainings=len(register.trainings))
