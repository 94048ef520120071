"""Justice figures per period: the counting rules of the prosecution pillar (DESIGN §4), in one place.

Units. A *person* is a defendant in one criminal case: the same human prosecuted in two criminal cases is two
persons, as the prosecution registers and UNODC count them. A *case* is a criminal case. Every table says
which unit it counts; the two are never added together.

Dates. A person counts as
- investigated in the period holding her ``investigated_on`` (brought into formal contact);
- prosecuted in the period holding her first charge, whatever the later charges;
- convicted in the period holding her first conviction at any court level: a person acquitted at first
  instance and convicted on appeal counts in the year of the appeal judgment; a later acquittal on appeal does
  not take back a conviction already counted (the judgment existed in that period).
A case counts as investigated when opened, prosecuted at its first charge, convicted at its first conviction.
"Under the anti-trafficking law" dates a person by her first charge (or conviction) under a trafficking-law
article, as the TIP report counts prosecutions under the law: a person first charged under a related
article in 2023 and under the trafficking law in 2024 is prosecuted in 2023 for all offences and in 2024
under the law, so that row is not a subset of the all-offences row of the same period.

Rates. The conviction rate is the share convicted at first instance (on any charge) among persons whose first
first-instance judgment (convicted, acquitted or dismissed; a reclassification is not a judgment on the
person) fell in the period.
The time to verdict runs from the opening of the criminal case to that judgment.

Sentences are those standing at the highest court level that sentenced the person; suspended months are
subtracted to get the custodial term, which is what the TIP report weighs.
"""

from __future__ import annotations

import statistics as stats
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.among import Among, Key
from sanad.catalogs import loader
from sanad.gc_pause import gc_paused
from sanad.justice.models import (
    COURT_LEVEL_ORDER,
    Charge,
    CourtLevel,
    CriminalCase,
    Defendant,
    OffenceArticle,
    Sentence,
    Verdict,
    VerdictOutcome,
    VictimLink,
)
from sanad.people.models import Sex
from sanad.statistics.code_lists import CodeLists, as_text
from sanad.statistics.periods import Period

NATIONAL = "MAR"
STAGES = ("investigated", "prosecuted", "convicted")
JUDGMENTS = (VerdictOutcome.CONVICTED, VerdictOutcome.ACQUITTED, VerdictOutcome.DISMISSED)
UNKNOWN = gettext_lazy("Unknown")

# Custodial terms in months: (label, lower bound inclusive, upper bound exclusive).
SENTENCE_BANDS = (
    (gettext_lazy("No custodial term (fine or fully suspended)"), 0, 1),
    (gettext_lazy("Under 1 year"), 1, 12),
    (gettext_lazy("1 to under 5 years"), 12, 60),
    (gettext_lazy("5 to under 10 years"), 60, 120),
    (gettext_lazy("10 years or more"), 120, None),
)


@dataclass
class PersonRecord:
    """What the counting rules need about one defendant, read in a few queries."""

    case_id: Any
    sex: str
    nationality: str
    is_official: bool
    investigated_on: date
    opened_on: date
    forms: tuple[str, ...]
    first_charged: date | None = None
    first_trafficking_charge: date | None = None
    articles_charged: set[str] = field(default_factory=set)
    first_conviction: date | None = None
    first_trafficking_conviction: date | None = None
    articles_convicted: set[str] = field(default_factory=set)
    first_judgment: date | None = None
    convicted_at_first_instance: bool = False
    sentence: tuple[int, int, int, int, bool] | None = (
        None  # prison, suspended, fine, restitution, confiscation
    )
    sentence_level: int = -1
    # Whether she was charged, and convicted, within the period she was read for: her case then has such an
    # event in the period (the cases' counts start from these).
    charged_in_period: bool = False
    convicted_in_period: bool = False

    def stage_date(self, stage: str) -> date | None:
        return {
            "investigated": self.investigated_on,
            "prosecuted": self.first_charged,
            "convicted": self.first_conviction,
        }[stage]


def _earlier(current: date | None, candidate: date) -> date:
    return candidate if current is None or candidate < current else current


def scoped(scope: Q, path: str) -> Q:
    """The scope, a condition on criminal cases, restated from a related model through ``path`` (the
    defendants read, the victim links): it joins the criminal case row instead of testing membership in a
    subquery, where SQLite would otherwise scan from the criminal cases."""
    restated = Q()
    restated.connector, restated.negated = scope.connector, scope.negated
    for child in scope.children:
        if isinstance(child, Q):
            restated.children.append(scoped(child, path))
        else:
            lookup, value = cast(tuple[str, Any], child)
            restated.children.append((f"{path}__{lookup}", value))
    return restated


def _candidates(period: Period) -> set[Any]:
    """Defendants with an event in the period, in any criminal case: only they can count in it. Each of the
    three reads goes by a date index alone; the scope is applied to their records afterwards (restating it
    on each event joined the criminal case to every event of the period, which cost more than reading the
    few records outside it). Their earlier events are read afterwards too, because "first" is judged over
    a person's whole history."""
    start, end = period.start, period.end
    investigated = Defendant.objects.filter(investigated_on__gte=start, investigated_on__lte=end).values_list(
        Key("pk"), flat=True
    )
    charged = Charge.objects.filter(charged_on__gte=start, charged_on__lte=end).values_list(
        Key("defendant_id"), flat=True
    )
    judged = Verdict.objects.filter(decided_on__gte=start, decided_on__lte=end).values_list(
        Key("charge__defendant_id"), flat=True
    )
    return {pk for read in (investigated, charged, judged) for pk in read.order_by()}


@gc_paused()
def load_persons(scope: Q, *, period: Period) -> dict[Any, PersonRecord]:
    """The defendants of these criminal cases who had an event in the period, each with all her events up to
    its end: the candidates' ids (three reads by date), then the records of those within the scope, their
    charges, verdicts and sentences, each read following the ids of the one before by index."""
    until = period.end
    persons: dict[Any, PersonRecord] = {}
    rows = (
        Defendant.objects.filter(Among("pk", _candidates(period)), scoped(scope, "criminal_case"))
        .order_by()
        .values_list(
            Key("pk"),
            Key("criminal_case_id"),
            "sex",
            "nationality",
            "is_public_official",
            "investigated_on",
            "criminal_case__opened_on",
            as_text("criminal_case__forms_of_exploitation"),
        )
    )
    lists = CodeLists()
    for pk, case_id, sex, nationality, official, investigated, opened, forms in rows:
        persons[pk] = PersonRecord(
            case_id=case_id,
            sex=sex,
            nationality=nationality,
            is_official=official,
            investigated_on=investigated,
            opened_on=opened,
            forms=lists(forms),
        )
    articles = OffenceArticle.objects.values_list(Key("pk"), "code", "is_trafficking_offence")
    codes = {pk: code for pk, code, _trafficking in articles}
    trafficking = {pk for pk, _code, is_trafficking in articles if is_trafficking}
    # Every charge of these defendants, whatever its date: a verdict is read through its charge.
    charged_as: dict[Any, tuple[Any, Any]] = {}
    charges = Charge.objects.filter(Among("defendant_id", persons)).order_by()
    for charge_id, defendant_id, article_id, charged_on in charges.values_list(
        Key("pk"), Key("defendant_id"), Key("article_id"), "charged_on"
    ):
        charged_as[charge_id] = (defendant_id, article_id)
        if charged_on > until:
            continue
        person = persons[defendant_id]
        person.first_charged = _earlier(person.first_charged, charged_on)
        person.charged_in_period |= charged_on in period
        person.articles_charged.add(codes[article_id])
        if article_id in trafficking:
            person.first_trafficking_charge = _earlier(person.first_trafficking_charge, charged_on)
    verdicts = (
        Verdict.objects.filter(Among("charge_id", charged_as), decided_on__lte=until)
        .order_by()
        .values_list(Key("charge_id"), "court_level", "outcome", "decided_on")
    )
    for charge_id, level, outcome, decided_on in verdicts:
        defendant_id, article_id = charged_as[charge_id]
        person = persons[defendant_id]
        if outcome == VerdictOutcome.CONVICTED:
            person.first_conviction = _earlier(person.first_conviction, decided_on)
            person.convicted_in_period |= decided_on in period
            person.articles_convicted.add(codes[article_id])
            if article_id in trafficking:
                person.first_trafficking_conviction = _earlier(
                    person.first_trafficking_conviction, decided_on
                )
        if level == CourtLevel.FIRST_INSTANCE and outcome in JUDGMENTS:
            person.first_judgment = _earlier(person.first_judgment, decided_on)
            person.convicted_at_first_instance |= outcome == VerdictOutcome.CONVICTED
    sentences = (
        Sentence.objects.filter(Among("defendant_id", persons), decided_on__lte=until)
        .order_by()
        .values_list(
            Key("defendant_id"),
            "court_level",
            "prison_months",
            "suspended_months",
            "fine_minor",
            "restitution_minor",
            "confiscation",
        )
    )
    for defendant_id, level, prison, suspended, fine, restitution, confiscation in sentences:
        person = persons[defendant_id]
        rank = COURT_LEVEL_ORDER[level]
        if rank > person.sentence_level:
            person.sentence_level = rank
            person.sentence = (prison, suspended, fine, restitution, confiscation)
    return persons


@dataclass(frozen=True)
class Table:
    """A breakdown of persons by one variable, one column per stage. ``denominators`` holds, per stage, the
    persons with any information on the variable: shares of a multi-valued variable use it (CTDC rule)."""

    caption: str
    unit: str
    rows: list[tuple[str, list[int | None]]]
    denominators: list[int] | None = None


@dataclass(frozen=True)
class SentenceFigures:
    convicted: int
    sentenced: int
    bands: list[tuple[str, int]]
    custodial_one_year_or_more: int
    with_suspension: int
    fully_suspended: int
    median_custodial_months: float | None
    fines: int
    restitution: int
    confiscation: int

    @property
    def unsentenced(self) -> int:
        return self.convicted - self.sentenced


@dataclass(frozen=True)
class JusticeFigures:
    period: Period
    persons: dict[str, int]
    persons_under_trafficking_law: dict[str, int]
    cases: dict[str, int]
    tables: list[Table]
    judged_at_first_instance: int
    convicted_at_first_instance: int
    median_days_to_first_instance_verdict: float | None
    sentences: SentenceFigures
    officials: dict[str, int]
    complicity_cases: int
    non_punishment_breaches: int

    def by_stage(self, counts: dict[str, int]) -> list[int | None]:
        return [counts.get(stage) for stage in STAGES]

    @property
    def conviction_rate(self) -> float | None:
        if not self.judged_at_first_instance:
            return None
        return self.convicted_at_first_instance / self.judged_at_first_instance


def _stage_sets(persons: dict[Any, PersonRecord], period: Period) -> dict[str, list[PersonRecord]]:
    return {
        stage: [person for person in persons.values() if person.stage_date(stage) in period]
        for stage in STAGES
    }


def _table(
    caption: str,
    stage_sets: dict[str, list[PersonRecord]],
    values_of: Any,
    label_of: Any,
    *,
    stages: tuple[str, ...] = STAGES,
) -> Table:
    """Count persons per value of a (possibly multi-valued) variable; a person counts once per value. A
    stage outside ``stages`` has no value for the variable (no offence before a charge): its cells are
    None."""
    counts: dict[str, list[int | None]] = defaultdict(
        lambda: [0 if stage in stages else None for stage in STAGES]
    )
    denominators = [0] * len(STAGES)
    for column, stage in enumerate(STAGES):
        if stage not in stages:
            continue
        for person in stage_sets[stage]:
            values = values_of(person, stage)
            if values:
                denominators[column] += 1
            for value in values or ("",):
                counts[value][column] = (counts[value][column] or 0) + 1
    keys = sorted(counts, key=lambda key: (key == "", -sum(count or 0 for count in counts[key])))
    rows = [(str(label_of(key)) if key else str(UNKNOWN), counts[key]) for key in keys]
    return Table(caption=caption, unit=str(_("persons")), rows=rows, denominators=denominators)


def _citizenship(person: PersonRecord, _stage: str) -> tuple[str, ...]:
    if not person.nationality:
        return ()
    return ("national",) if person.nationality == NATIONAL else ("foreign",)


def _offences(person: PersonRecord, stage: str) -> tuple[str, ...]:
    return tuple(sorted(person.articles_convicted if stage == "convicted" else person.articles_charged))


def _tables(stage_sets: dict[str, list[PersonRecord]]) -> list[Table]:
    sex_labels = dict(Sex.choices)
    forms = loader.exploitation_forms()
    articles = {article.code: article for article in OffenceArticle.objects.all()}
    citizenship = {"national": _("Nationals"), "foreign": _("Foreign nationals")}
    return [
        _table(
            _("By sex"),
            stage_sets,
            lambda p, s: (p.sex,) if p.sex != Sex.UNKNOWN else (),
            lambda key: sex_labels.get(key, key),
        ),
        _table(_("By citizenship"), stage_sets, _citizenship, lambda key: citizenship[key]),
        _table(
            _("By nationality"),
            stage_sets,
            lambda p, s: (p.nationality,) if p.nationality else (),
            loader.country_label,
        ),
        _table(
            _("By form of exploitation (a person counts once in each form of her case)"),
            stage_sets,
            lambda p, s: p.forms,
            lambda key: loader.label_in(forms, key),
        ),
        _table(
            _("By offence charged, and offence convicted of"),
            stage_sets,
            _offences,
            lambda key: f"{key} — {articles[key].label()}" if key in articles else key,
            stages=("prosecuted", "convicted"),
        ),
    ]


def _sentence_figures(convicted: list[PersonRecord]) -> SentenceFigures:
    sentenced = [person.sentence for person in convicted if person.sentence is not None]
    custodial = [prison - suspended for prison, suspended, *_rest in sentenced]
    bands = [
        (str(label), sum(1 for months in custodial if months >= low and (high is None or months < high)))
        for label, low, high in SENTENCE_BANDS
    ]
    return SentenceFigures(
        convicted=len(convicted),
        sentenced=len(sentenced),
        bands=bands,
        custodial_one_year_or_more=sum(1 for months in custodial if months >= 12),
        with_suspension=sum(1 for _p, suspended, *_rest in sentenced if suspended > 0),
        fully_suspended=sum(
            1 for prison, suspended, *_rest in sentenced if prison > 0 and suspended == prison
        ),
        median_custodial_months=stats.median(custodial) if custodial else None,
        fines=sum(1 for sentence in sentenced if sentence[2] > 0),
        restitution=sum(1 for sentence in sentenced if sentence[3] > 0),
        confiscation=sum(1 for sentence in sentenced if sentence[4]),
    )


def _cases_first_in(
    in_period: set[Any], events: QuerySet[Any], case_field: str, date_field: str, start: date
) -> int:
    """Criminal cases whose first event of this kind falls in the period: ``in_period``, the cases with such
    an event in it (known from the defendants read), less those with one before it, of any of their
    defendants. The read goes by the cases' ids; the models' default ordering is dropped: it would join the
    criminal case and offence tables only to sort."""
    earlier = (
        events.order_by()
        .filter(Among(case_field, in_period), **{f"{date_field}__lt": start})
        .values(case_field)
        .distinct()
        .count()
    )
    return len(in_period) - earlier


def justice_figures(
    scope: Q, *, period: Period, persons: dict[Any, PersonRecord] | None = None
) -> JusticeFigures:
    """The figures of the criminal cases matching ``scope`` (a condition on CriminalCase; ``Q()`` for all,
    as the access policy gives it). ``persons``, when given, is ``load_persons`` of the same scope and
    period, already read for another table."""
    persons = load_persons(scope, period=period) if persons is None else persons
    stage_sets = _stage_sets(persons, period)
    everyone = list(persons.values())
    opened_in_period = CriminalCase.objects.filter(
        scope, opened_on__gte=period.start, opened_on__lte=period.end
    )
    cases = {
        "investigated": opened_in_period.count(),
        "prosecuted": _cases_first_in(
            {person.case_id for person in everyone if person.charged_in_period},
            Charge.objects.all(),
            "defendant__criminal_case",
            "charged_on",
            period.start,
        ),
        "convicted": _cases_first_in(
            {person.case_id for person in everyone if person.convicted_in_period},
            Verdict.objects.filter(outcome=VerdictOutcome.CONVICTED),
            "charge__defendant__criminal_case",
            "decided_on",
            period.start,
        ),
    }
    judged = [person for person in everyone if person.first_judgment in period]
    delays = [(person.first_judgment - person.opened_on).days for person in judged if person.first_judgment]
    complicity_cases = opened_in_period.filter(
        pk__in=Defendant.objects.filter(is_public_official=True).values("criminal_case_id")
    ).count()
    breaches = (
        VictimLink.objects.filter(
            scoped(scope, "criminal_case"), penalised_on__gte=period.start, penalised_on__lte=period.end
        )
        .values("case__person_id")
        .distinct()
        .count()
    )
    return JusticeFigures(
        period=period,
        persons={stage: len(stage_sets[stage]) for stage in STAGES},
        persons_under_trafficking_law={
            "prosecuted": sum(1 for person in everyone if person.first_trafficking_charge in period),
            "convicted": sum(1 for person in everyone if person.first_trafficking_conviction in period),
        },
        cases=cases,
        tables=_tables(stage_sets),
        judged_at_first_instance=len(judged),
        convicted_at_first_instance=sum(1 for person in judged if person.convicted_at_first_instance),
        median_days_to_first_instance_verdict=stats.median(delays) if delays else None,
        sentences=_sentence_figures(stage_sets["convicted"]),
        officials={stage: sum(1 for person in stage_sets[stage] if person.is_official) for stage in STAGES},
        complicity_cases=complicity_cases,
        non_punishment_breaches=breaches,
    )


def stage_label(stage: str) -> str:
    return str(
        {"investigated": _("Investigated"), "prosecuted": _("Prosecuted"), "convicted": _("Convicted")}[stage]
    )


def regional_scope(region: str) -> Q:
    """The criminal cases of a region, or all of them for the whole country."""
    return Q(region=region) if region else Q()


def memoized_persons(period: Period, region: str, memo: dict[Any, Any]) -> dict[Any, PersonRecord]:
    """``load_persons`` once per period and region for all the tables computed with ``memo``: the persons
    table, the cases table and the TIP submission rows read the same defendants."""
    key = ("justice_persons", period, region)
    if key not in memo:
        memo[key] = load_persons(regional_scope(region), period=period)
    persons: dict[Any, PersonRecord] = memo[key]
    return persons


def memoized_figures(period: Period, region: str, memo: dict[Any, Any]) -> JusticeFigures:
    key = ("justice_figures", period, region)
    if key not in memo:
        memo[key] = justice_figures(
            regional_scope(region), period=period, persons=memoized_persons(period, region, memo)
        )
    figures: JusticeFigures = memo[key]
    return figures
