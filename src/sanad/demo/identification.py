"""Demo identification data: coded exploitation details of each case, screenings with the current guide,
submissions to a competent authority and the status decisions it takes.

The patterns follow what is reported for Morocco: sub-Saharan migrants mostly in forced begging, sexual
exploitation or forced criminality, recruited at home and brought through Niger, Mali and Algeria; Moroccan
women in sexual exploitation or domestic servitude, often recruited for the Gulf, or for seasonal farm work in
Spain; Moroccan children in domestic servitude, begging and child labour; men in farming, building and fishing.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sanad.accounts.models import Organisation, User
from sanad.cases.models import Case
from sanad.catalogs import loader
from sanad.identification.guide import Guide, Indicator, Profile
from sanad.identification.models import (
    Answer,
    CaseSubmission,
    EvidenceSource,
    IdentificationGuide,
    Screening,
    ScreeningAnswer,
    ScreeningOutcome,
    StatusDecision,
    VictimStatus,
)
from sanad.identification.scoring import score
from sanad.identification.services import install_shipped_guide, suggested_profile
from sanad.people.models import Person, Sex


@dataclass(frozen=True)
class Scenario:
    forms: tuple[str, ...]  # the first always, the others now and then
    means: tuple[str, ...]  # means of control typical of the scenario
    relations: tuple[str, ...]  # repeated codes weigh more
    methods: tuple[str, ...]
    sectors: tuple[str, ...] = ()  # "" stands for no sector recorded
    countries: tuple[str, ...] = ("MAR",)  # where the exploitation takes place
    regions: tuple[str, ...] = ()  # regions of exploitation in Morocco, if typical
    months: tuple[int, int] = (1, 24)  # how long the exploitation lasted
    lead_days: tuple[int, int] = (0, 60)  # from recruitment to the start of exploitation
    online: float = 0.0  # share exploited online (sexual exploitation)


SCENARIOS: dict[str, Scenario] = {
    # Foreign nationals, mostly from West and Central Africa.
    "migrant_begging": Scenario(
        ("forced_begging",),
        ("takes_earnings", "debt_bondage", "threats_law_enforcement", "physical_threats", "withholds_necessities",
         "restricts_movement", "physical_abuse"),
        ("stranger", "acquaintance", "acquaintance", "friend", "other"),
        ("friends_or_social_events", "friends_or_social_events", "other", "unknown"),
        months=(1, 18), lead_days=(90, 720),
    ),
    "migrant_sexual": Scenario(
        ("sexual_exploitation",),
        ("debt_bondage", "withholds_documents", "false_promises", "physical_threats", "threatens_children_family",
         "sexual_abuse", "psychological_abuse", "restricts_movement", "takes_earnings", "other"),
        ("acquaintance", "acquaintance", "friend", "family", "stranger", "intimate_partner"),
        ("friends_or_social_events", "friends_or_social_events", "family_or_family_events", "online_social_network"),
        sectors=("", "", "accommodation_food_services"), months=(2, 30), lead_days=(60, 720), online=0.1,
    ),
    "migrant_criminality": Scenario(
        ("forced_criminality",),
        ("debt_bondage", "physical_threats", "threats_law_enforcement", "takes_earnings", "psychoactive_substance"),
        ("stranger", "acquaintance"),
        ("friends_or_social_events", "other", "unknown"),
        months=(1, 12), lead_days=(90, 540),
    ),
    "migrant_labour": Scenario(
        ("forced_labour",),
        ("takes_earnings", "excessive_working_hours", "withholds_documents", "debt_bondage",
         "threats_law_enforcement", "withholds_necessities"),
        ("employer_or_recruiter_agency", "acquaintance", "stranger"),
        ("at_work", "friends_or_social_events", "online_advertisement"),
        sectors=("agriculture_forestry_fishing", "construction", "construction", "manufacturing"),
        months=(2, 24), lead_days=(60, 540),
    ),
    "migrant_domestic": Scenario(
        ("domestic_servitude",),
        ("withholds_documents", "excessive_working_hours", "restricts_movement", "takes_earnings",
         "psychological_abuse", "withholds_necessities", "false_promises"),
        ("employer_or_recruiter_agency", "employer_or_recruiter_agency", "employer_or_recruiter_agency", "acquaintance"),
        ("online_advertisement", "at_place_of_business", "friends_or_social_events"),
        sectors=("households_as_employers",), months=(3, 36), lead_days=(30, 180),
    ),
    # Moroccan children.
    "child_domestic": Scenario(
        ("domestic_servitude", "child_labour"),
        ("takes_earnings", "excessive_working_hours", "restricts_movement", "physical_abuse", "psychological_abuse",
         "withholds_necessities"),
        ("family", "family", "acquaintance", "employer_or_recruiter_agency"),
        ("family_or_family_events", "family_or_family_events", "other"),
        sectors=("households_as_employers",), months=(3, 48), lead_days=(0, 30),
    ),
    "child_begging": Scenario(
        ("forced_begging",),
        ("takes_earnings", "physical_abuse", "physical_threats", "withholds_necessities", "psychological_abuse"),
        ("family", "family", "acquaintance", "stranger"),
        ("family_or_family_events", "other", "unknown"),
        months=(1, 24), lead_days=(0, 14),
    ),
    "child_labour": Scenario(
        ("child_labour", "forced_labour"),
        ("excessive_working_hours", "takes_earnings", "physical_abuse", "withholds_necessities",
         "psychological_abuse"),
        ("family", "acquaintance", "employer_or_recruiter_agency"),
        ("family_or_family_events", "at_work", "at_place_of_business"),
        sectors=("agriculture_forestry_fishing", "manufacturing", "other_services", "wholesale_retail_trade",
                 "construction"),
        months=(2, 36), lead_days=(0, 30),
    ),
    "child_sexual": Scenario(
        ("sexual_exploitation",),
        ("psychological_abuse", "sexual_abuse", "psychoactive_substance", "threatens_children_family",
         "physical_threats", "false_promises", "restricts_movement"),
        ("intimate_partner", "acquaintance", "stranger", "friend"),
        ("online_social_network", "online_social_network", "friends_or_social_events", "at_educational_institution"),
        months=(1, 12), lead_days=(7, 90), online=0.3,
    ),
    "child_criminality": Scenario(
        ("forced_criminality",),
        ("psychoactive_substance", "physical_threats", "takes_earnings", "threats_law_enforcement"),
        ("acquaintance", "stranger", "friend"),
        ("friends_or_social_events", "other"),
        months=(1, 12), lead_days=(0, 30),
    ),
    # Moroccan women.
    "woman_sexual": Scenario(
        ("sexual_exploitation",),
        ("psychological_abuse", "sexual_abuse", "physical_abuse", "physical_threats", "takes_earnings",
         "psychoactive_substance", "threatens_children_family", "false_promises"),
        ("intimate_partner", "intimate_partner", "acquaintance", "friend", "stranger"),
        ("online_social_network", "online_social_network", "friends_or_social_events", "online_advertisement"),
        sectors=("", "", "accommodation_food_services"), months=(1, 36), lead_days=(14, 180), online=0.25,
    ),
    "woman_gulf_sexual": Scenario(
        ("sexual_exploitation",),
        ("false_promises", "withholds_documents", "debt_bondage", "restricts_movement", "sexual_abuse",
         "psychological_abuse", "threats_law_enforcement"),
        ("employer_or_recruiter_agency", "employer_or_recruiter_agency", "acquaintance", "friend"),
        ("online_advertisement", "online_social_network", "friends_or_social_events"),
        sectors=("accommodation_food_services", "other_services"), countries=("ARE", "ARE", "SAU", "JOR"),
        months=(2, 24), lead_days=(15, 120),
    ),
    "woman_gulf_domestic": Scenario(
        ("domestic_servitude",),
        ("withholds_documents", "excessive_working_hours", "restricts_movement", "takes_earnings",
         "psychological_abuse", "false_promises", "withholds_necessities", "physical_abuse"),
        ("employer_or_recruiter_agency", "employer_or_recruiter_agency", "acquaintance"),
        ("online_advertisement", "at_place_of_business", "friends_or_social_events"),
        sectors=("households_as_employers",), countries=("SAU", "SAU", "ARE", "JOR"),
        months=(3, 36), lead_days=(20, 150),
    ),
    "woman_domestic": Scenario(
        ("domestic_servitude",),
        ("excessive_working_hours", "takes_earnings", "restricts_movement", "psychological_abuse",
         "withholds_necessities", "withholds_documents"),
        ("acquaintance", "family", "employer_or_recruiter_agency"),
        ("family_or_family_events", "friends_or_social_events", "at_place_of_business"),
        sectors=("households_as_employers",), months=(3, 48), lead_days=(0, 60),
    ),
    "woman_farm_spain": Scenario(
        ("forced_labour",),
        ("excessive_working_hours", "takes_earnings", "withholds_documents", "withholds_necessities",
         "threats_law_enforcement", "false_promises", "sexual_abuse"),
        ("employer_or_recruiter_agency",),
        ("at_place_of_business", "online_advertisement", "at_work"),
        sectors=("agriculture_forestry_fishing",), countries=("ESP",), months=(1, 6), lead_days=(30, 120),
    ),
    "woman_forced_marriage": Scenario(
        ("forced_marriage", "domestic_servitude"),
        ("psychological_abuse", "restricts_movement", "physical_abuse", "threatens_children_family",
         "withholds_documents"),
        ("family", "family", "acquaintance"),
        ("family_or_family_events",),
        months=(3, 48), lead_days=(0, 60),
    ),
    # Moroccan men.
    "man_farm": Scenario(
        ("forced_labour",),
        ("takes_earnings", "excessive_working_hours", "withholds_necessities", "debt_bondage", "physical_threats",
         "restricts_movement"),
        ("employer_or_recruiter_agency", "acquaintance", "stranger"),
        ("at_work", "at_place_of_business", "friends_or_social_events"),
        sectors=("agriculture_forestry_fishing",), regions=("MA-09", "MA-03", "MA-05", "MA-04", "MA-07"),
        months=(1, 24), lead_days=(0, 30),
    ),
    "man_building": Scenario(
        ("forced_labour",),
        ("takes_earnings", "excessive_working_hours", "withholds_documents", "debt_bondage", "false_promises",
         "withholds_necessities"),
        ("employer_or_recruiter_agency", "employer_or_recruiter_agency", "acquaintance", "friend"),
        ("at_work", "online_advertisement", "friends_or_social_events", "online_social_network"),
        sectors=("construction",), countries=("MAR", "MAR", "SAU", "ARE"), months=(1, 24), lead_days=(7, 120),
    ),
    "man_fishing": Scenario(
        ("forced_labour",),
        ("excessive_working_hours", "takes_earnings", "debt_bondage", "restricts_movement", "physical_abuse",
         "withholds_necessities"),
        ("employer_or_recruiter_agency", "acquaintance"),
        ("at_work", "at_place_of_business"),
        sectors=("agriculture_forestry_fishing",), regions=("MA-09", "MA-11", "MA-12", "MA-01"),
        months=(1, 18), lead_days=(0, 30),
    ),
    "man_spain": Scenario(
        ("forced_labour",),
        ("false_promises", "takes_earnings", "excessive_working_hours", "threats_law_enforcement",
         "withholds_documents", "debt_bondage"),
        ("employer_or_recruiter_agency", "acquaintance", "friend"),
        ("online_advertisement", "online_social_network", "friends_or_social_events"),
        sectors=("agriculture_forestry_fishing", "construction"), countries=("ESP",), months=(1, 18),
        lead_days=(15, 120),
    ),
    "man_criminality": Scenario(
        ("forced_criminality",),
        ("debt_bondage", "physical_threats", "threatens_children_family", "psychoactive_substance"),
        ("acquaintance", "friend", "stranger"),
        ("friends_or_social_events", "other"),
        months=(1, 12), lead_days=(0, 60),
    ),
    "man_begging": Scenario(
        ("forced_begging",),
        ("takes_earnings", "withholds_necessities", "restricts_movement", "physical_threats"),
        ("acquaintance", "stranger", "family"),
        ("other", "unknown", "family_or_family_events"),
        months=(1, 24), lead_days=(0, 30),
    ),
}  # fmt: skip

# Scenario weights by group of victims.
WEIGHTS: dict[str, dict[str, int]] = {
    "foreign_female": {"migrant_sexual": 45, "migrant_begging": 25, "migrant_domestic": 15,
                       "migrant_criminality": 5, "migrant_labour": 5},
    "foreign_male": {"migrant_begging": 30, "migrant_criminality": 25, "migrant_labour": 40, "migrant_sexual": 5},
    "filipina": {"migrant_domestic": 85, "migrant_sexual": 15},
    "bangladeshi": {"migrant_labour": 100},
    "girl": {"child_domestic": 40, "child_sexual": 25, "child_begging": 20, "child_labour": 12,
             "child_criminality": 3},
    "boy": {"child_labour": 40, "child_begging": 30, "child_criminality": 15, "child_sexual": 10,
            "child_domestic": 5},
    "woman": {"woman_sexual": 35, "woman_gulf_domestic": 18, "woman_domestic": 15, "woman_gulf_sexual": 12,
              "woman_farm_spain": 12, "woman_forced_marriage": 5},
    "man": {"man_farm": 25, "man_building": 25, "man_fishing": 12, "man_spain": 12, "man_criminality": 12,
            "man_begging": 5, "woman_sexual": 4},
}  # fmt: skip

# Routes from the country of origin to Morocco.
TRANSIT: dict[str, tuple[tuple[str, ...], ...]] = {
    "NGA": (("NER", "DZA"),),
    "CMR": (("NGA", "NER", "DZA"), ("NER", "DZA")),
    "CIV": (("MLI", "DZA"), ("BFA", "NER", "DZA")),
    "SEN": (("MLI", "DZA"), ("MRT",)),
    "GIN": (("MLI", "DZA"), ("MLI", "MRT")),
    "COD": (("CMR", "NGA", "NER", "DZA"), ("NER", "DZA")),
    "MLI": (("DZA",),),
    "PHL": ((), ("ARE",)),
    "BGD": ((), ("ARE",)),
}
ONLINE_METHODS = ("online_social_network", "online_advertisement")
PLATFORMS = ("Facebook", "WhatsApp", "TikTok", "Instagram")
MEANS_COUNT = {0: 4, 1: 14, 2: 25, 3: 30, 4: 18, 5: 9}


def _scenario(rng: random.Random, person: Person, opened: date) -> Scenario:
    nationality = person.nationalities[0] if person.nationalities else "MAR"
    male = person.sex == Sex.MALE
    age = person.age_on(opened)
    if nationality == "PHL":
        group = "filipina"
    elif nationality == "BGD" and male:
        group = "bangladeshi"
    elif nationality != "MAR":
        group = "foreign_male" if male else "foreign_female"
    elif age is not None and age < 18:
        group = "boy" if male else "girl"
    else:
        group = "man" if male else "woman"
    weights = WEIGHTS[group]
    return SCENARIOS[rng.choices(list(weights), weights=list(weights.values()))[0]]


def exploitation_details(rng: random.Random, person: Person, opened: date, region: str) -> dict[str, Any]:
    """Coded exploitation details of one case opened on ``opened``: forms, sectors, means, recruitment, route."""
    scenario = _scenario(rng, person, opened)
    nationality = person.nationalities[0] if person.nationalities else "MAR"
    forms = [scenario.forms[0], *(form for form in scenario.forms[1:] if rng.random() < 0.25)]
    sector = rng.choice(scenario.sectors) if scenario.sectors else ""
    catalogue_order = [entry.code for entry in loader.means_of_control().entries]
    count = rng.choices(list(MEANS_COUNT), weights=list(MEANS_COUNT.values()))[0]
    means = sorted(rng.sample(scenario.means, min(count, len(scenario.means))), key=catalogue_order.index)
    method = rng.choice(scenario.methods)
    platform = rng.choices(PLATFORMS, weights=[40, 30, 15, 15])[0] if method in ONLINE_METHODS else ""
    if platform and rng.random() < 0.15:
        platform = ""  # the person does not remember or does not say
    ended = None if rng.random() < 0.15 else opened - timedelta(days=rng.randint(0, 40))
    started = (ended or opened) - timedelta(
        days=rng.randint(scenario.months[0] * 30, scenario.months[1] * 30)
    )
    recruited = started - timedelta(days=rng.randint(*scenario.lead_days))
    country = rng.choice(scenario.countries)
    exploitation_region = ""
    if country == "MAR" and scenario.regions:
        exploitation_region = rng.choice(scenario.regions)
    elif country == "MAR":
        exploitation_region = region if rng.random() < 0.8 else rng.choice(loader.regions().entries).code
    transit = list(rng.choice(TRANSIT.get(nationality, ((),)))) if nationality != "MAR" else []
    online: bool | None = False
    if "sexual_exploitation" in forms and rng.random() < scenario.online:
        online = True
    elif rng.random() < 0.15:
        online = None  # not recorded
    return {
        "forms_of_exploitation": forms,
        "sectors": [sector] if sector else [],
        "means_of_control": means,
        "recruitment_country": nationality,
        "recruitment_date": None if rng.random() < 0.08 else recruited,
        "recruiter_relation": "unknown" if rng.random() < 0.05 else rng.choice(scenario.relations),
        "recruitment_method": method,
        "recruitment_platform": platform,
        "exploitation_country": country,
        "exploitation_region": exploitation_region,
        "exploitation_started_on": None if rng.random() < 0.04 else started,
        "exploitation_ended_on": ended,
        "exploitation_online": online,
        "transit_countries": transit,
    }


# --- Screenings -----------------------------------------------------------------------------------------------

INTERVIEW_LANGUAGES: dict[str, tuple[str, ...]] = {
    "MAR": ("darija",) * 8 + ("tamazight", "tarifit", "arabic", "french"),
    "NGA": ("english", "english", "pidgin_nigerian"),
    "CMR": ("french",),
    "CIV": ("french", "french", "bambara"),
    "SEN": ("wolof", "french"),
    "GIN": ("fulah", "french"),
    "COD": ("lingala", "french"),
    "MLI": ("bambara", "french"),
    "PHL": ("tagalog", "english"),
    "BGD": ("bengali",),
}
EVIDENCE = {
    EvidenceSource.SELF_REPORT: 55,
    EvidenceSource.OBSERVED: 20,
    EvidenceSource.THIRD_PARTY: 15,
    EvidenceSource.DOCUMENT: 10,
}
NOTES_YES = (
    "Déclare avoir remis son passeport à l'employeur dès l'arrivée.",
    "Constaté lors de la visite du logement.",
    "Confirmé par l'association qui a orienté la personne.",
    "Dit devoir rembourser le prix du voyage.",
    "Aucun jour de repos depuis plusieurs mois.",
    "Récit cohérent, à recouper avec l'enquête.",
    "Messages de menace montrés pendant l'entretien.",
)
NOTES_UNKNOWN = ("Ne souhaite pas répondre pour le moment.", "À revoir lors d'un second entretien.")
# Probability of (presumed, possible, none) by the number of means of control recorded on the case.
TARGETS = {0: (10, 35, 55), 1: (18, 42, 40), 2: (36, 40, 24), 3: (50, 35, 15), 4: (62, 30, 8), 5: (70, 25, 5)}


def _satisfying(rng: random.Random, rule: Any) -> tuple[set[str], bool]:
    """Dimensions that satisfy a combination rule, and whether the act must be present."""
    if isinstance(rule, str):
        return {rule}, False
    if "act_present" in rule:
        return set(), True
    if "any_of" in rule:
        return _satisfying(rng, rng.choice(rule["any_of"]))
    dimensions: set[str] = set()
    act = False
    for part in rule["all_of"]:
        more, needs_act = _satisfying(rng, part)
        dimensions |= more
        act = act or needs_act
    return dimensions, act


def _plan(rng: random.Random, guide: Guide, profile: Profile, target: str) -> tuple[set[str], str]:
    """The dimensions to make positive and the answer on the act, aiming at ``target``."""
    if target == ScreeningOutcome.NONE:
        return set(), rng.choice([Answer.YES, Answer.UNKNOWN, Answer.NO])
    dimensions, needs_act = _satisfying(rng, guide.child_rule if profile.is_child else guide.adult_rule)
    act = Answer.YES if needs_act or rng.random() < 0.8 else Answer.UNKNOWN
    if target == ScreeningOutcome.PRESUMED:
        return dimensions | {code for code in guide.dimensions if rng.random() < 0.25}, act
    if needs_act and rng.random() < 0.5:
        return dimensions, rng.choice([Answer.NO, Answer.UNKNOWN])
    kept = dimensions - {rng.choice(sorted(dimensions))} if dimensions else set()
    if not kept:  # e.g. a child profile: one dimension other than the one the rule needs
        others = [code for code in guide.dimensions if code not in dimensions] or list(guide.dimensions)
        kept = {rng.choice(others)}
    return kept, act


def _dimension_answers(
    rng: random.Random, guide: Guide, indicators: tuple[Indicator, ...], positive: bool, preferred: set[str]
) -> dict[str, str]:
    """Answers to the indicators of one dimension; the "yes" answers go first to the case's means of control."""
    order = sorted(indicators, key=lambda indicator: (indicator.htcds not in preferred, rng.random()))
    answers: dict[str, str] = {}
    counts = {"strong": 0, "medium": 0, "weak": 0}
    if positive:
        for indicator in order:
            if any(threshold.met_by(counts) for threshold in guide.dimension_rule):
                break
            answers[indicator.id] = Answer.YES
            counts[indicator.strength] += 1
        extra = [
            indicator for indicator in order if indicator.id not in answers and indicator.htcds in preferred
        ]
        if extra and rng.random() < 0.5:
            answers[extra[0].id] = Answer.YES
    elif order and rng.random() < 0.4:
        single = {order[0].strength: 1}
        if not any(threshold.met_by(single) for threshold in guide.dimension_rule):
            answers[order[0].id] = Answer.YES
    for indicator in indicators:
        if indicator.id not in answers:
            answers[indicator.id] = Answer.UNKNOWN if rng.random() < 0.15 else Answer.NO
    return answers


def _answers(
    rng: random.Random, guide: Guide, profile: Profile, target: str, means: list[str]
) -> tuple[dict[str, str], str]:
    positive, act = _plan(rng, guide, profile, target)
    htcds = loader.means_of_control().by_code()
    preferred = {htcds[code].htcds for code in means if code in htcds} - {""}
    answers: dict[str, str] = {}
    for dimension in guide.dimensions:
        answers |= _dimension_answers(
            rng, guide, profile.by_dimension(dimension), dimension in positive, preferred
        )
    return answers, act


def _target(rng: random.Random, means: list[str], floor: str = "") -> str:
    weights = TARGETS[min(len(means), 5)]
    outcomes: list[str] = [ScreeningOutcome.PRESUMED, ScreeningOutcome.POSSIBLE, ScreeningOutcome.NONE]
    target = rng.choices(outcomes, weights=weights)[0]
    if floor and outcomes.index(target) > outcomes.index(floor) and rng.random() < 0.7:
        return floor  # a second interview seldom finds less than the first
    return target


def _new_id(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _interview_language(rng: random.Random, person: Person) -> tuple[str, bool]:
    nationality = person.nationalities[0] if person.nationalities else "MAR"
    language = rng.choice(INTERVIEW_LANGUAGES.get(nationality, ("french", "english")))
    if nationality != "MAR":
        return language, rng.random() < (0.3 if language in {"french", "english"} else 0.9)
    return language, language in {"tamazight", "tarifit"} and rng.random() < 0.4


@dataclass
class _Batch:
    screenings: list[Screening]
    answers: list[ScreeningAnswer]
    submissions: list[CaseSubmission]
    decisions: list[StatusDecision]


def _screening(
    rng: random.Random, batch: _Batch, case: Case, guide: IdentificationGuide, **fields: Any
) -> Screening:
    """Add a screening of ``case`` with answers to every indicator of its profile, scored as recorded."""
    definition = guide.definition
    profile = definition.profile(suggested_profile(case, guide).profile)
    answers, act = _answers(rng, definition, profile, fields.pop("target"), case.means_of_control)
    result = score(definition, profile.code, answers, act)
    language, interpreter = _interview_language(rng, case.person)
    screening = Screening(
        id=_new_id(rng),
        case=case,
        guide=guide,
        profile=profile.code,
        interviewer=case.case_worker,
        organisation=case.owning_organisation,
        interview_language=language,
        interpreter_used=interpreter,
        act_present=act,
        outcome=result.outcome,
        dimension_results=result.as_record(),
        **fields,
    )
    batch.screenings.append(screening)
    for indicator_id in sorted(answers):
        answer = answers[indicator_id]
        evidence = (
            rng.choices(list(EVIDENCE), weights=list(EVIDENCE.values()))[0] if answer == Answer.YES else ""
        )
        note = ""
        if answer == Answer.YES and rng.random() < 0.04:
            note = rng.choice(NOTES_YES)
        elif answer == Answer.UNKNOWN and rng.random() < 0.02:
            note = rng.choice(NOTES_UNKNOWN)
        batch.answers.append(
            ScreeningAnswer(
                screening=screening,
                indicator_id=indicator_id,
                answer=answer,
                evidence_source=evidence,
                note=note,
            )
        )
    return screening


# --- Submissions and decisions ----------------------------------------------------------------------------------

LEGAL_BASES = (
    "Loi 27-14, art. 448-1 du Code pénal",
    "Loi 27-14, art. 448-1 du Code pénal",
    "Loi 27-14, art. 448-1 et 448-2 du Code pénal",
    "Loi 27-14, art. 448-1 et 448-3 du Code pénal",
)
RATIONALES = {
    VictimStatus.IDENTIFIED: (
        "Recrutement par tromperie et exploitation établis par l'enquête ; qualité de victime reconnue.",
        "Déclarations concordantes, corroborées par les constatations ; la personne est identifiée comme victime.",
        "Contrainte et exploitation établies ; protection et assistance à maintenir.",
    ),
    VictimStatus.PRESUMED: (
        "Indicateurs forts relevés à l'entretien ; présomption retenue dans l'attente de l'enquête.",
        "Éléments sérieux de contrainte ; mesures de protection accordées à titre provisoire.",
    ),
    VictimStatus.POSSIBLE: (
        "Éléments insuffisants à ce stade ; un entretien complémentaire est demandé.",
        "Indices d'exploitation à confirmer ; le dossier reste ouvert.",
    ),
    VictimStatus.NOT_A_VICTIM: (
        "Litige de travail sans élément de contrainte ; orientation vers l'inspection du travail.",
        "Aucun élément d'exploitation établi après audition ; orientation vers les services sociaux.",
    ),
}
STATUS_GIVEN_OUTCOME = {
    ScreeningOutcome.PRESUMED: {"identified": 75, "presumed": 12, "possible": 5, "not_a_victim": 8},
    ScreeningOutcome.POSSIBLE: {"identified": 25, "presumed": 25, "possible": 30, "not_a_victim": 20},
    ScreeningOutcome.NONE: {"identified": 8, "presumed": 7, "possible": 25, "not_a_victim": 60},
}
LATER_STATUS = {
    "presumed": {"identified": 75, "not_a_victim": 25},
    "possible": {"identified": 60, "presumed": 15, "not_a_victim": 25},
    "not_a_victim": {"identified": 50, "possible": 50},
}
SUBMITTED_GIVEN_OUTCOME = {
    ScreeningOutcome.PRESUMED: 0.8,
    ScreeningOutcome.POSSIBLE: 0.55,
    ScreeningOutcome.NONE: 0.25,
}


def _decision(
    rng: random.Random,
    case: Case,
    status: str,
    day: date,
    *,
    authority: Organisation,
    authority_user: User | None,
) -> StatusDecision:
    return StatusDecision(
        id=_new_id(rng),
        case=case,
        status=status,
        decided_on=day,
        decided_by_organisation=authority,
        decided_by=authority_user if authority.short_code == "parquet-rabat" else None,
        legal_basis=rng.choice(LEGAL_BASES),
        rationale=rng.choice(RATIONALES[VictimStatus(status)]),
    )


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass(frozen=True)
class Authorities:
    prosecution: Organisation
    police: Organisation
    prosecution_user: User | None


def _submit_and_decide(
    rng: random.Random, batch: _Batch, case: Case, screenings: list[Screening], authorities: Authorities, *,
    latest: date, tz: Any,
) -> None:  # fmt: skip
    first = screenings[0]
    if rng.random() >= SUBMITTED_GIVEN_OUTCOME[ScreeningOutcome(first.outcome)]:
        return
    submitted_on = first.interviewed_on + timedelta(days=rng.randint(1, 14))
    if submitted_on > latest:
        return
    authority = authorities.prosecution if rng.random() < 0.8 else authorities.police
    batch.submissions.append(
        CaseSubmission(
            id=_new_id(rng),
            case=case,
            authority=authority,
            submitted_at=datetime.combine(
                submitted_on, time(rng.randint(9, 16), rng.randint(0, 59)), tzinfo=tz
            ),
            submitted_by=case.case_worker,
        )
    )
    decided_on = submitted_on + timedelta(days=rng.randint(10, 45))
    if rng.random() >= 0.9 or decided_on > latest:
        return  # still pending
    basis = [screening for screening in screenings if screening.interviewed_on <= decided_on][-1]
    status = _weighted(rng, STATUS_GIVEN_OUTCOME[ScreeningOutcome(basis.outcome)])
    batch.decisions.append(
        _decision(
            rng, case, status, decided_on, authority=authority, authority_user=authorities.prosecution_user
        )
    )
    later = decided_on + timedelta(days=rng.randint(30, 180))
    if status in LATER_STATUS and rng.random() < 0.28 and later <= latest:
        batch.decisions.append(
            _decision(
                rng,
                case,
                _weighted(rng, LATER_STATUS[status]),
                later,
                authority=authority,
                authority_user=authorities.prosecution_user,
            )
        )


def current_demo_guide() -> IdentificationGuide | None:
    """The guide new screenings use; the shipped one is installed when the database has none (a flushed test db)."""
    if not IdentificationGuide.objects.filter(is_current=True).exists():
        install_shipped_guide()
    return IdentificationGuide.objects.filter(is_current=True).first()


def create_identification(
    rng: random.Random, cases: list[Case], authorities: Authorities, *, latest: date, tz: Any
) -> tuple[int, int]:
    """Screenings of about 70% of the cases, submissions and decisions; returns (screenings, decisions)."""
    guide = current_demo_guide()
    if guide is None:
        return 0, 0
    batch = _Batch([], [], [], [])
    for case in cases:
        if rng.random() >= 0.7:
            continue
        first_day = min(case.opened_on + timedelta(days=rng.randint(0, 21)), latest)
        first = _screening(
            rng, batch, case, guide, interviewed_on=first_day, target=_target(rng, case.means_of_control)
        )
        screenings = [first]
        second_day = first_day + timedelta(days=rng.randint(60, 200))
        if rng.random() < 0.14 and second_day <= latest:
            target = _target(rng, case.means_of_control, floor=first.outcome)
            screenings.append(_screening(rng, batch, case, guide, interviewed_on=second_day, target=target))
        _submit_and_decide(rng, batch, case, screenings, authorities, latest=latest, tz=tz)
    Screening.objects.bulk_create(batch.screenings)
    ScreeningAnswer.objects.bulk_create(batch.answers, batch_size=2000)
    CaseSubmission.objects.bulk_create(batch.submissions)
    StatusDecision.objects.bulk_create(batch.decisions)
    return len(batch.screenings), len(batch.decisions)
