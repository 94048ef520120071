"""Demo criminal cases: investigations, suspects, charges, verdicts at first instance and on appeal, sentences,
and the victim cases linked to them.

The volumes follow what Morocco reports (shared facts §3): about 150 trafficking cases registered a year, some
200 persons prosecuted, 60 to 120 convicted and a sixth of the judgments acquittals; nine in ten suspects
Moroccan, two in three men; mostly sexual exploitation, then forced labour. Most suspects are held and tried
within weeks, three trials in ten drag on for two years or more, so many recent cases are still pending. A
few public officials are among the suspects every year (official complicity, a TIP criterion).

Rows are built in memory and bulk-created, like the rest of the demo: the services stamp their audit rows and
case events with today's clock and random ids, while the demo needs fixed dates (nothing after its "today")
and the same rows from the same seed. The rows still go through the checks the services make: the codes
(check_case_codes, check_defendant_codes) and the order of events (justice.chronology; tests/test_demo.py
runs check_defendant, which reads the saved charges, on every defendant).
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sanad.accounts.models import Organisation, User
from sanad.cases.models import Case, CaseEvent, ClosureReason
from sanad.demo.names import FAMILY, FEMALE_GIVEN, MALE_GIVEN
from sanad.demo.organisations import USERS
from sanad.justice import chronology
from sanad.justice.models import (
    CaseOrigin,
    Charge,
    CourtLevel,
    CriminalCase,
    Defendant,
    DefendantRole,
    OffenceArticle,
    Sentence,
    Verdict,
    VerdictOutcome,
    VictimLink,
)
from sanad.justice.services import (
    check_case_codes,
    check_defendant_codes,
    document_index,
    install_shipped_offence_articles,
)
from sanad.people.models import Sex

# Cases registered a year (155 in 2024, 110 in 2023 by the Public Prosecutor's Office); a partial last year
# gets its share.
CASES_PER_YEAR = {2024: 150, 2025: 146, 2026: 152}


@dataclass(frozen=True)
class Jurisdiction:
    parquet: str
    appeal_court: str  # its criminal chambers try felonies at first instance, and hear the appeals
    first_court: str  # tries the cases charged only with lesser offences
    prefix: str  # of the register numbers of the cases the parquet registers itself
    regions: tuple[str, ...]


JURISDICTIONS = (
    Jurisdiction("parquet-rabat", "court-appeal-rabat", "court-first-rabat", "PG-RABAT",
                 ("MA-04", "MA-03", "MA-05", "MA-10", "MA-11", "MA-12")),
    Jurisdiction("parquet-casablanca", "court-appeal-casablanca", "court-first-casablanca", "PG-CASA",
                 ("MA-06", "MA-07", "MA-08", "MA-09")),
    Jurisdiction("parquet-tanger", "court-appeal-tanger", "court-first-tanger", "PG-TANGER", ("MA-01", "MA-02")),
)  # fmt: skip


@dataclass(frozen=True)
class Unit:
    prefix: str  # of its register numbers
    weight: int
    regions: dict[str, int]  # where its investigations take place


UNITS = {
    # The national brigade takes the large networks, wherever they operate.
    "police-bnpj": Unit("BNPJ", 35, {"MA-06": 40, "MA-04": 15, "MA-07": 10, "MA-01": 10, "MA-02": 8, "MA-03": 7,
                                     "MA-09": 5, "MA-05": 3, "MA-08": 2}),
    "police-tanger": Unit("PJ-TANGER", 20, {"MA-01": 80, "MA-02": 20}),
    "police-marrakech": Unit("PJ-MARRAKECH", 15, {"MA-07": 70, "MA-09": 20, "MA-08": 10}),
    # The gendarmerie covers the countryside: farms, building sites, domestic work in small towns.
    "gendarmerie": Unit("GR", 30, {"MA-04": 35, "MA-03": 25, "MA-05": 20, "MA-02": 8, "MA-10": 5, "MA-11": 4,
                                   "MA-12": 3}),
}  # fmt: skip
ORIGINS = {
    CaseOrigin.VICTIM_COMPLAINT: 28, CaseOrigin.PROACTIVE: 25, CaseOrigin.HOTLINE_ALERT: 15,
    CaseOrigin.REFERRAL_BY_SERVICES: 13, CaseOrigin.LABOUR_INSPECTION: 8, CaseOrigin.FOREIGN_REQUEST: 5,
    CaseOrigin.OTHER: 6,
}  # fmt: skip
# 2024: 147 persons prosecuted for sex trafficking, 66 for forced labour.
FORMS = {
    "sexual_exploitation": 52, "forced_labour": 24, "domestic_servitude": 8, "forced_begging": 7,
    "forced_criminality": 4, "slavery_and_similar_practices": 3, "child_labour": 2,
}  # fmt: skip
# Share of the cases with child victims, by the main form of exploitation.
CHILD_SHARE = {
    "sexual_exploitation": 0.12, "forced_labour": 0.05, "domestic_servitude": 0.4, "forced_begging": 0.5,
    "forced_criminality": 0.2, "slavery_and_similar_practices": 0.1, "child_labour": 1.0,
}  # fmt: skip
MIGRANT_FORMS = {"forced_begging", "forced_criminality"}
DEFENDANTS_PER_CASE = {1: 70, 2: 18, 3: 7, 4: 3, 5: 2}
ROLES = {
    DefendantRole.EXPLOITER: 30, DefendantRole.RECRUITER: 25, DefendantRole.INTERMEDIARY: 14,
    DefendantRole.TRANSPORTER: 10, DefendantRole.HARBOURER: 10, DefendantRole.FINANCIER: 5,
    DefendantRole.OTHER: 6,
}  # fmt: skip
OFFICIAL_FUNCTIONS = (
    "gendarme", "agent d'autorité", "fonctionnaire des douanes", "fonctionnaire de police", "moqaddem",
    "agent de l'état civil",
)  # fmt: skip
# Foreign suspects: (nationality, sex, given, family). Not the demo victims' names (names.py).
FOREIGN_SUSPECTS = (
    ("SEN", "male", "Ousmane", "Sarr"), ("SEN", "female", "Khady", "Faye"), ("CIV", "male", "Yao", "Kouassi"),
    ("CIV", "female", "Adjoua", "Konan"), ("NGA", "male", "Emeka", "Nwosu"), ("NGA", "female", "Gift", "Okonkwo"),
    ("SYR", "male", "Khaled", "Darwish"), ("SYR", "male", "Tarek", "Al Hamwi"), ("ESP", "male", "Javier", "Moreno"),
    ("ESP", "female", "Lucia", "Navarro"), ("CMR", "male", "Serge", "Nkoulou"), ("GIN", "male", "Alpha", "Bah"),
    ("DZA", "male", "Sofiane", "Brahimi"),
)  # fmt: skip
ALIASES = ("El Haj", "Chef", "Mama", "Le Boss", "Tonton", "الحاجة", "الشاف", "Sghir")
# Demo users' names are stored in clear: a suspect shares no part of them.
CLEAR_NAMES = frozenset(part for _username, first, last, *_rest in USERS for part in (first, last))
SUSPECT_MALE = [name for name in MALE_GIVEN if name[0] not in CLEAR_NAMES]
SUSPECT_FEMALE = [name for name in FEMALE_GIVEN if name[0] not in CLEAR_NAMES]
SUSPECT_FAMILY = [name for name in FAMILY if name[0] not in CLEAR_NAMES]
SUSPECT_FOREIGN = [row for row in FOREIGN_SUSPECTS if not {row[2], row[3]} & CLEAR_NAMES]

# The most serious offence first: it sets the sentence.
SEVERITY = ("PC-448-4", "PC-448-3", "PC-448-2", "PC-499", "PC-497", "PC-498", "L0203-52", "PC-467-2", "LC-10")
# Prison terms in months the courts hand down, by offence (the shipped ranges; now and then below the
# minimum, for mitigating circumstances), and the fines in dirhams.
TERMS: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "PC-448-4": ((240, 240, 264, 300, 360), (100_000, 150_000, 200_000, 300_000)),
    "PC-448-3": ((120, 120, 144, 180, 240), (100_000, 150_000, 200_000, 500_000)),
    "PC-448-2": (
        (36, 48, 60, 60, 60, 60, 72, 72, 84, 84, 96, 120),
        (10_000, 20_000, 30_000, 50_000, 100_000),
    ),
    "PC-499": ((24, 36, 48, 60), (5_000, 10_000, 20_000)),
    "PC-497": ((24, 36, 48, 60), (5_000, 10_000, 20_000)),
    "PC-498": ((6, 12, 18, 24, 36), (5_000, 10_000, 20_000)),
    "L0203-52": ((6, 12, 18, 24, 36), (10_000, 20_000, 50_000)),
    "PC-467-2": ((12, 18, 24, 36), (2_000, 5_000, 10_000)),
    "LC-10": ((0, 0, 1, 2, 3), (25_000, 30_000)),
}
# At first instance: convicted, acquitted, dismissed, or the trafficking charge reclassified as procuring.
FIRST_OUTCOMES = {"convicted": 62, "acquitted": 17, "dismissed": 15, "reclassified": 3}
# Victims' cases opened at most this long after the investigation are linked to it; none opened long before.
LINK_BEFORE = timedelta(days=42)
LINK_AFTER = timedelta(days=300)
LINK_SHARE = 0.45
LINKS_PER_CASE = 4
NON_PUNISHMENT_BREACHES = 2


def _weighted[T](rng: random.Random, weights: dict[T, int]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _minor(dirhams: int) -> int:
    return dirhams * 100


class _Deck[T]:
    """Draws in the given proportions, without replacement from a shuffled deck: the yearly figures then stay
    close to the intended shares instead of wandering with the luck of independent draws."""

    def __init__(self, rng: random.Random, weights: dict[T, int]) -> None:
        self.rng = rng
        self.cards = [value for value, weight in weights.items() for _ in range(weight)]
        self.left: list[T] = []

    def draw(self) -> T:
        if not self.left:
            self.left = list(self.cards)
            self.rng.shuffle(self.left)
        return self.left.pop()


# Most suspects are held and tried within weeks; three trials in ten are adjourned again and again, for two
# years or more, which leaves many recent cases pending.
PACES = {"held": 66, "slow": 4, "adjourned": 30}


def _trial_lag(rng: random.Random, pace: str) -> tuple[timedelta, timedelta]:
    """Days from the first charge to the opening of the trial, and from there to the judgment."""
    match pace:
        case "held":
            return timedelta(days=rng.randint(7, 45)), timedelta(days=rng.randint(7, 45))
        case "slow":
            return timedelta(days=rng.randint(110, 330)), timedelta(days=rng.randint(14, 150))
    return timedelta(days=rng.randint(640, 1000)), timedelta(days=rng.randint(14, 150))


def _jurisdiction(region: str) -> Jurisdiction:
    return next(j for j in JURISDICTIONS if region in j.regions)


@dataclass
class _Accused:
    """A defendant while the docket is drafted, with her charges and her first-instance sentence."""

    defendant: Defendant
    foreign: bool
    charges: list[Charge] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    sentence: Sentence | None = None

    @property
    def first_charged(self) -> date:
        return min(charge.charged_on for charge in self.charges)

    def codes(self) -> set[str]:
        return {charge.article.code for charge in self.charges}


@dataclass
class _Plan:
    """What the case is about, which decides the charges."""

    forms: list[str]
    child: bool
    aggravated: bool
    jurisdiction: Jurisdiction


@dataclass
class JusticeCounts:
    criminal_cases: int
    defendants: int
    victim_links: int


class _Docket:
    def __init__(
        self,
        rng: random.Random,
        organisations: dict[str, Organisation],
        users: dict[str, User],
        *,
        last_day: date,
    ) -> None:
        self.rng = rng
        self.ids = random.Random(rng.getrandbits(64))
        self.organisations = organisations
        # The demo justice officers, by organisation: they open, refer and link the cases of their own.
        self.officers = {
            organisations[code].pk: users[username]
            for username, _first, _last, code, roles in USERS
            if "justice_officer" in roles
        }
        self.articles = {article.code: article for article in OffenceArticle.objects.all()}
        self.last_day = last_day
        self.numbers: Counter[tuple[str, int]] = Counter()
        self.cases: list[CriminalCase] = []
        self.accused: list[_Accused] = []
        self.verdicts: list[Verdict] = []
        self.sentences: list[Sentence] = []
        self.restitution: Counter[uuid.UUID] = Counter()  # by criminal case, shared out to its victims
        self.checked: set[tuple[str, str, str]] = set()
        self.paces = _Deck(random.Random(rng.getrandbits(64)), PACES)
        self.outcomes = _Deck(random.Random(rng.getrandbits(64)), FIRST_OUTCOMES)

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.ids.getrandbits(128), version=4)

    # --- cases ----------------------------------------------------------------------------------------------------

    def year(self, year: int) -> None:
        first = date(year, 1, 1)
        last = min(date(year, 12, 31), self.last_day)
        days = (last - first).days + 1
        count = round(CASES_PER_YEAR.get(year, 155) * days / 365)
        openings = sorted(first + timedelta(days=self.rng.randrange(days)) for _ in range(count))
        complicity = set(self.rng.sample(range(count), self.rng.randint(3, 6)))
        for index, opened in enumerate(openings):
            self.criminal_case(opened, official=index in complicity)

    def criminal_case(self, opened: date, *, official: bool) -> None:
        rng = self.rng
        unit_code = _weighted(rng, {code: unit.weight for code, unit in UNITS.items()})
        region = _weighted(rng, UNITS[unit_code].regions)
        jurisdiction = _jurisdiction(region)
        origin = _weighted(rng, ORIGINS)
        forms = self._forms(origin)
        # A victim's complaint or a foreign authority's request often reaches the parquet first, which
        # registers the case and names the unit to investigate.
        by_parquet = (
            origin in (CaseOrigin.VICTIM_COMPLAINT, CaseOrigin.FOREIGN_REQUEST) and rng.random() < 0.5
        )
        referred: date | None = opened if by_parquet else opened + timedelta(days=rng.randint(1, 30))
        if referred is not None and (referred > self.last_day or (not by_parquet and rng.random() < 0.04)):
            referred = None  # still with the unit, or closed there: suspects unknown, evidence too thin
        unit = self.organisations[unit_code]
        parquet = self.organisations[jurisdiction.parquet] if referred is not None else None
        prefix = jurisdiction.prefix if by_parquet else UNITS[unit_code].prefix
        criminal_case = CriminalCase(
            id=self.new_id(),
            reference=self._reference(prefix, opened.year),
            investigating_unit=unit,
            prosecution_office=parquet,
            region=region,
            opened_on=opened,
            origin=origin,
            forms_of_exploitation=sorted(forms),
            referred_to_prosecution_on=referred,
            created_by=self.officers.get(parquet.pk if by_parquet and parquet else unit.pk),
        )
        check_case_codes(region=region, origin=origin, forms_of_exploitation=forms, investigating_unit=unit,
                         prosecution_office=parquet)  # fmt: skip
        chronology.check_case(criminal_case)
        self.cases.append(criminal_case)
        child = rng.random() < CHILD_SHARE[forms[0]]
        # An organised group or several victims aggravate the offence for all; an official's function, for her.
        plan = _Plan(forms, child, rng.random() < 0.08, jurisdiction)
        accused = self._suspects(criminal_case, plan, official=official)
        if referred is not None:
            for person in accused:
                self._charge_all(person, plan, referred)
            self._try(criminal_case, plan, accused)

    def _reference(self, prefix: str, year: int) -> str:
        self.numbers[(prefix, year)] += 1
        return f"{prefix}/{year}/{self.numbers[(prefix, year)]:04d}"

    def _forms(self, origin: str) -> list[str]:
        rng = self.rng
        if origin == CaseOrigin.LABOUR_INSPECTION:
            main = rng.choice(("forced_labour", "forced_labour", "child_labour", "domestic_servitude"))
        else:
            main = _weighted(rng, FORMS)
        forms = [main]
        if rng.random() < 0.12:
            other = _weighted(rng, FORMS)
            if other != main:
                forms.append(other)
        return forms

    # --- suspects -------------------------------------------------------------------------------------------------

    def _suspects(self, criminal_case: CriminalCase, plan: _Plan, *, official: bool) -> list[_Accused]:
        rng = self.rng
        count = _weighted(rng, DEFENDANTS_PER_CASE)
        migrants = bool(MIGRANT_FORMS & set(plan.forms)) or criminal_case.origin == CaseOrigin.FOREIGN_REQUEST
        accused = [
            self._suspect(criminal_case, foreign_share=0.35 if migrants else 0.05) for _ in range(count)
        ]
        if official:
            accused.append(self._official(criminal_case))
        accused.sort(key=lambda person: person.defendant.investigated_on)
        for number, person in enumerate(accused, start=1):
            person.defendant.number = number
        self.accused.extend(accused)
        return accused

    def _suspect(self, criminal_case: CriminalCase, *, foreign_share: float) -> _Accused:
        rng = self.rng
        role = _weighted(rng, ROLES)
        # Women are more often recruiters or harbourers than exploiters or transporters.
        female_share = 0.45 if role in (DefendantRole.RECRUITER, DefendantRole.HARBOURER) else 0.25
        sex = Sex.FEMALE if rng.random() < female_share else Sex.MALE
        foreign = rng.random() < foreign_share
        age = round(rng.triangular(20, 65, 34))
        return self._defendant(criminal_case, sex=sex, foreign=foreign, role=role, age=age)

    def _official(self, criminal_case: CriminalCase) -> _Accused:
        rng = self.rng
        accused = self._defendant(
            criminal_case,
            sex=Sex.MALE if rng.random() < 0.85 else Sex.FEMALE,
            foreign=False,
            role=rng.choice((DefendantRole.INTERMEDIARY, DefendantRole.OTHER, DefendantRole.TRANSPORTER)),
            age=rng.randint(30, 58),
        )
        accused.defendant.is_public_official = True
        accused.defendant.official_function = rng.choice(OFFICIAL_FUNCTIONS)
        return accused

    def _defendant(
        self, criminal_case: CriminalCase, *, sex: str, foreign: bool, role: str, age: int
    ) -> _Accused:
        rng = self.rng
        opened = criminal_case.opened_on
        # Most suspects are known when the investigation opens; accomplices turn up weeks or months later.
        later = rng.randint(1, 20) if rng.random() < 0.8 else rng.randint(30, 200)
        investigated = min(opened + timedelta(days=0 if rng.random() < 0.5 else later), self.last_day)
        arrested = investigated + timedelta(days=rng.randint(0, 2)) if rng.random() < 0.72 else None
        name, nationality, document = self._identity(sex, foreign)
        defendant = Defendant(
            id=self.new_id(),
            criminal_case=criminal_case,
            number=0,
            full_name=name,
            aliases=rng.choice(ALIASES) if rng.random() < 0.15 else "",
            document_number=document,
            document_number_index=document_index(document),
            sex=sex,
            nationality=nationality,
            age=age,
            role=role,
            investigated_on=investigated,
            arrested_on=arrested if arrested is not None and arrested <= self.last_day else None,
        )
        # Codes checked once per kind of suspect (the check lists every country code each time); the ages are
        # drawn from 20 to 65.
        if (sex, nationality, role) not in self.checked:
            check_defendant_codes(sex=sex, nationality=nationality, role=role, age=age)
            self.checked.add((sex, nationality, role))
        return _Accused(defendant, foreign=foreign)

    def _identity(self, sex: str, foreign: bool) -> tuple[str, str, str]:
        rng = self.rng
        if foreign:
            candidates = [row for row in SUSPECT_FOREIGN if row[1] == sex] or SUSPECT_FOREIGN
            nationality, _sex, given, family = rng.choice(candidates)
            document = f"{nationality[:1]}{rng.randint(1000000, 9999999)}" if rng.random() < 0.6 else ""
            return f"{given} {family}", nationality, document
        given_latin, given_ar = rng.choice(SUSPECT_FEMALE if sex == Sex.FEMALE else SUSPECT_MALE)
        family_latin, family_ar = rng.choice(SUSPECT_FAMILY)
        # Police reports are written in Arabic or in French.
        name = f"{given_ar} {family_ar}" if rng.random() < 0.3 else f"{given_latin} {family_latin.upper()}"
        document = (
            f"{rng.choice('ABCDGHJKLMNPSTXZ')}{rng.randint(100000, 999999)}" if rng.random() < 0.8 else ""
        )
        return name, "MAR", document

    # --- charges --------------------------------------------------------------------------------------------------

    def _charge_all(self, accused: _Accused, plan: _Plan, referred: date) -> None:
        rng = self.rng
        defendant = accused.defendant
        if rng.random() < 0.06:
            return  # released without charge
        # Charged when brought before the prosecutor, once the case is with the parquet.
        seen = defendant.arrested_on or defendant.investigated_on
        day = max(referred, seen) + timedelta(days=rng.randint(0, 3))
        if day > self.last_day:
            return
        for code in self._articles(accused, plan):
            self._charge(accused, code, day)

    def _articles(self, accused: _Accused, plan: _Plan) -> list[str]:
        rng = self.rng
        defendant = accused.defendant
        if plan.aggravated or defendant.is_public_official:
            main = "PC-448-3"  # aggravating circumstances
        elif plan.child:
            main = "PC-448-4"
        else:
            main = "PC-448-2"
        related = []
        if "sexual_exploitation" in plan.forms and rng.random() < 0.35:
            related.append("PC-497" if plan.child else rng.choice(("PC-498", "PC-498", "PC-499")))
        if {"forced_labour", "child_labour"} & set(plan.forms) and rng.random() < 0.2:
            related.append("PC-467-2" if plan.child else "LC-10")
        if accused.foreign and rng.random() < 0.3:
            related.append("L0203-52")
        # Go-betweens are often charged with the lesser offence only.
        peripheral = defendant.role in (
            DefendantRole.FINANCIER,
            DefendantRole.OTHER,
            DefendantRole.TRANSPORTER,
        )
        if related and peripheral and not defendant.is_public_official and rng.random() < 0.4:
            return related
        return [main, *related]

    def _charge(
        self, accused: _Accused, code: str, day: date, *, reclassified_from: Charge | None = None
    ) -> Charge:
        charge = Charge(
            id=self.new_id(),
            defendant=accused.defendant,
            article=self.articles[code],
            charged_on=day,
            reclassified_from=reclassified_from,
        )
        chronology.check_charge(charge)
        accused.charges.append(charge)
        return charge

    # --- trial and judgment ---------------------------------------------------------------------------------------

    def _try(self, criminal_case: CriminalCase, plan: _Plan, accused: list[_Accused]) -> None:
        """Co-defendants are tried together; one charged after the trial opened is tried on her own."""
        rng = self.rng
        charged = [person for person in accused if person.charges]
        if not charged:
            return
        felony = any(charge.article.is_trafficking_offence for person in charged for charge in person.charges)
        court = self.organisations[
            plan.jurisdiction.appeal_court if felony else plan.jurisdiction.first_court
        ]
        appeal_court = self.organisations[plan.jurisdiction.appeal_court]
        wait, hearings = _trial_lag(rng, self.paces.draw())
        trial = min(person.first_charged for person in charged) + wait
        judgment = trial + hearings
        for person in charged:
            charged_on = person.first_charged
            own_trial, own_judgment = trial, judgment
            if charged_on > trial:
                wait, hearings = _trial_lag(rng, self.paces.draw())
                own_trial = charged_on + wait
                own_judgment = own_trial + hearings
            if own_trial <= self.last_day:
                person.defendant.trial_opened_on = own_trial
                criminal_case.court = court
            if own_judgment <= self.last_day:
                self._judge(person, own_judgment, court)
                self._appeal(person, own_judgment, appeal_court)

    def _judge(self, accused: _Accused, day: date, court: Organisation) -> None:
        rng = self.rng
        outcome = self.outcomes.draw()
        charges = list(accused.charges)
        convicted = []
        for charge in charges:
            if outcome == "reclassified" and charge.article.code == "PC-448-2":
                target = self._reclassify(accused, charge, day, court)
                if target is not None:
                    convicted.append(target)
                    continue
            result = VerdictOutcome.CONVICTED if outcome in ("convicted", "reclassified") else outcome
            # Now and then the court finds no trafficking but convicts of the lesser offence.
            if (
                result == VerdictOutcome.CONVICTED
                and len(charges) > 1
                and charge.article.is_trafficking_offence
            ):
                result = VerdictOutcome.ACQUITTED if rng.random() < 0.15 else result
            self._verdict(accused, charge, CourtLevel.FIRST_INSTANCE, result, day=day, court=court)
            if result == VerdictOutcome.CONVICTED:
                convicted.append(charge.article.code)
        if convicted:
            accused.sentence = self._sentence(accused, CourtLevel.FIRST_INSTANCE, day, convicted)

    def _reclassify(self, accused: _Accused, charge: Charge, day: date, court: Organisation) -> str | None:
        """The court finds procuring rather than trafficking and convicts of it in the same judgment."""
        target = next((code for code in ("PC-498", "PC-499") if code not in accused.codes()), None)
        if target is None:
            return None
        level = CourtLevel.FIRST_INSTANCE
        self._verdict(accused, charge, level, VerdictOutcome.RECLASSIFIED, day=day, court=court)
        new = self._charge(accused, target, day, reclassified_from=charge)
        self._verdict(accused, new, level, VerdictOutcome.CONVICTED, day=day, court=court)
        return target

    def _appeal(self, accused: _Accused, judged: date, court: Organisation) -> None:
        """The defence appeals some convictions, the prosecution some acquittals; the appeal chamber mostly
        upholds."""
        rng = self.rng
        decided = [
            (verdict.charge, verdict)
            for verdict in accused.verdicts
            if verdict.outcome in (VerdictOutcome.CONVICTED, VerdictOutcome.ACQUITTED)
        ]
        if not decided:
            return
        was_convicted = accused.sentence is not None
        if rng.random() >= (0.2 if was_convicted else 0.35):
            return
        day = judged + timedelta(days=rng.randint(90, 420))
        if day > self.last_day:
            return  # the appeal is still to be heard
        reverse = rng.random() < (0.15 if was_convicted else 0.35)
        convicted = []
        for charge, first in decided:
            outcome = first.outcome
            if reverse:
                outcome = VerdictOutcome.ACQUITTED if was_convicted else VerdictOutcome.CONVICTED
            self._verdict(accused, charge, CourtLevel.APPEAL, outcome, day=day, court=court)
            if outcome == VerdictOutcome.CONVICTED:
                convicted.append(charge.article.code)
        if convicted:
            self._sentence(accused, CourtLevel.APPEAL, day, convicted, earlier=accused.sentence)

    def _verdict(
        self, accused: _Accused, charge: Charge, level: str, outcome: str, *, day: date, court: Organisation
    ) -> Verdict:
        verdict = Verdict(
            id=self.new_id(), charge=charge, court_level=level, outcome=outcome, decided_on=day, court=court
        )
        chronology.check_verdict(verdict, earlier=[v for v in accused.verdicts if v.charge is charge])
        accused.verdicts.append(verdict)
        self.verdicts.append(verdict)
        return verdict

    # --- sentences ------------------------------------------------------------------------------------------------

    def _sentence(
        self,
        accused: _Accused,
        level: str,
        day: date,
        convicted: list[str],
        *,
        earlier: Sentence | None = None,
    ) -> Sentence:
        rng = self.rng
        code = min(convicted, key=SEVERITY.index)
        terms, fines = TERMS[code]
        if earlier is not None:
            # On appeal the term mostly stands; a third of the time it is cut.
            cut = rng.choice((0, 0, 12, 24)) if earlier.prison_months > 36 else 0
            prison, suspended = earlier.prison_months - cut, earlier.suspended_months
            fine, restitution, confiscation = (
                earlier.fine_minor,
                earlier.restitution_minor,
                earlier.confiscation,
            )
        else:
            prison = rng.choice(terms)
            suspended = self._suspended(code, prison)
            fine = _minor(rng.choice(fines))
            restitution = _minor(rng.choice((20_000, 50_000, 100_000, 200_000))) if rng.random() < 0.25 else 0
            confiscation = rng.random() < (0.3 if accused.defendant.role == DefendantRole.FINANCIER else 0.06)
            self.restitution[accused.defendant.criminal_case.pk] += restitution
        sentence = Sentence(
            id=self.new_id(),
            defendant=accused.defendant,
            court_level=level,
            decided_on=day,
            prison_months=prison,
            suspended_months=min(suspended, prison),
            fine_minor=fine,
            restitution_minor=restitution,
            confiscation=confiscation,
        )
        self.sentences.append(sentence)
        return sentence

    def _suspended(self, code: str, prison: int) -> int:
        """Trafficking terms are served; the lesser offences are often partly or wholly suspended."""
        if code.startswith("PC-448") or prison == 0:
            return 0
        draw = self.rng.random()
        if code == "LC-10" or draw < 0.2:
            return prison
        return prison // 2 if draw < 0.45 else 0

    # --- saving ---------------------------------------------------------------------------------------------------

    def save(self) -> None:
        CriminalCase.objects.bulk_create(self.cases)
        Defendant.objects.bulk_create([person.defendant for person in self.accused])
        charges = [charge for person in self.accused for charge in person.charges]
        # A reclassified charge points at the one it replaces: that one first.
        charges.sort(key=lambda charge: charge.reclassified_from is not None)
        Charge.objects.bulk_create(charges)
        Verdict.objects.bulk_create(self.verdicts)
        Sentence.objects.bulk_create(self.sentences)


# --- victims ----------------------------------------------------------------------------------------------------


class _Links:
    """Victim cases linked to the criminal cases, with how the victims took part."""

    def __init__(self, rng: random.Random, docket: _Docket, *, last_day: date, tz: Any) -> None:
        self.rng = rng
        self.ids = random.Random(rng.getrandbits(64))
        self.docket = docket
        self.last_day = last_day
        self.tz = tz
        self.links: list[VictimLink] = []
        self.events: list[CaseEvent] = []
        self.count: Counter[uuid.UUID] = Counter()
        self.tried = {p.defendant.criminal_case_id for p in docket.accused if p.defendant.trial_opened_on}
        self.convicted = {s.defendant.criminal_case_id for s in docket.sentences}

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.ids.getrandbits(128), version=4)

    def link(self, case: Case) -> None:
        rng = self.rng
        if case.closure_reason == ClosureReason.NOT_A_VICTIM or rng.random() >= LINK_SHARE:
            return
        forms = set(case.forms_of_exploitation)
        candidates = [
            criminal_case
            for criminal_case in self.docket.cases
            if case.opened_on - LINK_BEFORE <= criminal_case.opened_on <= case.opened_on + LINK_AFTER
            and forms & set(criminal_case.forms_of_exploitation)
            and self.count[criminal_case.pk] < LINKS_PER_CASE
        ]
        if not candidates:
            return
        # Most victims are heard where they were found.
        weights = [
            6 if c.region == case.region else 2 if c.region in _jurisdiction(case.region).regions else 1
            for c in candidates
        ]
        criminal_case = rng.choices(candidates, weights=weights)[0]
        start = max(case.opened_on, criminal_case.opened_on)
        # Linked while the victim's case is open: before the day it closed.
        end = min(self.last_day, case.closed_on - timedelta(days=1) if case.closed_on else self.last_day)
        if start > end:
            return
        day = min(start + timedelta(days=rng.randint(0, 30)), end)
        self._add(case, criminal_case, day)

    def _add(self, case: Case, criminal_case: CriminalCase, day: date) -> None:
        rng = self.rng
        referred = criminal_case.referred_to_prosecution_on
        agency = (
            criminal_case.prosecution_office
            if referred is not None and referred <= day and criminal_case.prosecution_office is not None
            else criminal_case.investigating_unit
        )
        officer = self.docket.officers.get(agency.pk)
        minutes = rng.randint(9 * 60, 17 * 60)
        linked_at = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=self.tz)
        tried = criminal_case.pk in self.tried
        age = case.person.age_on(case.opened_on)
        complaint = 0.8 if criminal_case.origin == CaseOrigin.VICTIM_COMPLAINT else 0.35
        protection = 0.5 if age is not None and age < 18 else 0.15
        self.links.append(
            VictimLink(
                id=self.new_id(),
                criminal_case=criminal_case,
                case=case,
                complaint_filed=rng.random() < complaint,
                testified=tried and rng.random() < 0.6,
                legal_aid=rng.random() < 0.65,
                court_protection=tried and rng.random() < protection,
                linked_by=officer,
                linked_at=linked_at,
            )
        )
        self.count[criminal_case.pk] += 1
        self.events.append(
            CaseEvent(
                id=self.new_id(),
                case=case,
                occurred_at=linked_at,
                kind="criminal_case_linked",
                actor=officer,
                organisation=agency,
                detail={"criminal_case": criminal_case.reference},
            )
        )

    def compensate(self) -> None:
        """The victims share the restitution the courts ordered; a few more get damages as civil parties."""
        rng = self.rng
        for link in self.links:
            case_id = link.criminal_case.pk
            if self.docket.restitution[case_id]:
                link.compensation_minor = self.docket.restitution[case_id] // self.count[case_id]
            elif case_id in self.convicted and rng.random() < 0.15:
                link.compensation_minor = _minor(rng.choice((10_000, 20_000, 50_000)))

    def penalise(self) -> None:
        """A couple of victims were prosecuted for what they were made to do (begging, carrying drugs, irregular
        stay) before anyone saw them as victims: breaches of the non-punishment principle."""
        if not self.links:
            return
        compelled = [
            link
            for link in self.links
            if {"forced_criminality", "forced_begging"} & set(link.case.forms_of_exploitation)
            or link.case.person.nationalities[:1] != ["MAR"]
        ]
        pool = compelled or self.links
        for link in self.rng.sample(pool, min(NON_PUNISHMENT_BREACHES, len(pool))):
            case = link.case
            day = case.opened_on - timedelta(days=self.rng.randint(7, 60))
            started = case.exploitation_started_on
            link.penalised_on = (
                max(day, started) if started is not None and started <= case.opened_on else day
            )

    def save(self) -> None:
        # linked_at is stamped with the clock on insert, in the rows and in memory: put back the demo's moment.
        moments = {link.pk: link.linked_at for link in self.links}
        VictimLink.objects.bulk_create(self.links)
        for link in self.links:
            link.linked_at = moments[link.pk]
        VictimLink.objects.bulk_update(self.links, ["linked_at"])
        CaseEvent.objects.bulk_create(self.events)


def create_criminal_justice(
    rng: random.Random,
    link_rng: random.Random,
    cases: list[Case],
    organisations: dict[str, Organisation],
    users: dict[str, User],
    *,
    years: tuple[int, ...],
    last_day: date,
    tz: Any,
) -> JusticeCounts:
    """Criminal cases opened in ``years`` up to ``last_day``, and the victim cases linked to them. The links come
    from their own random stream, so the number of demo persons leaves the criminal cases as they are."""
    install_shipped_offence_articles()  # a flushed test database has lost the data migration's rows
    docket = _Docket(rng, organisations, users, last_day=last_day)
    for year in years:
        docket.year(year)
    docket.save()
    links = _Links(link_rng, docket, last_day=last_day, tz=tz)
    for case in cases:
        links.link(case)
    links.compensate()
    links.penalise()
    links.save()
    return JusticeCounts(
        criminal_cases=len(docket.cases), defendants=len(docket.accused), victim_links=len(links.links)
    )
