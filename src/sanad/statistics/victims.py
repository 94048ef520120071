"""Counting victims (DESIGN §4): persons, not cases, at the date of their first qualifying status.

- A person counts as a detected victim in the period holding her first *presumed* or *identified* status
  decision (``SANAD_VICTIM_STATUSES = "identified"`` counts identified decisions only). Records linked as the
  same human (``Person.linked_to``) are one person: a woman registered by three agencies counts once, at the
  earliest decision on any of her cases.
- Age is her age on that decision date: a girl of 17 then is a child in that period's tables even when she
  is an adult today. An unknown date of birth stays unknown; it is never guessed into a bucket. Linked
  records that disagree: the most precise date of birth wins, then the root record's, then the earliest.
  Once the retention rule has removed her date of birth, the age it stored on each decision is used
  (``StatusDecision.age_on_decision``, computed by ``best_birth`` and ``age_on`` below), so the tables
  are the same before and after anonymisation.
- Sex is what her records say; unknown stays unknown.
- Forms of exploitation are multi-valued and come from all her cases: she counts once in the total and once
  in each form. Shares use as denominator the victims with any information on forms (CTDC rule).
- Citizenship: national when one of her nationalities is the country's (``SANAD_COUNTRY``), foreign when she
  has nationalities and none is, unknown otherwise.
- Region: the region of the case that holds her first decision.
- Withdrawn statistics consent: she is still counted in aggregate tables (a count reveals no one once
  disclosure control has run, and leaving her out would bias the national figures); she is left out of every
  microdata export (CTDC). ``statistics_consent_withdrawn`` carries the flag to the exports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Coalesce

from sanad.among import Among, Key
from sanad.cases.models import Case
from sanad.catalogs import loader
from sanad.gc_pause import gc_paused
from sanad.identification.models import StatusDecision, VictimStatus
from sanad.people.models import BirthDatePrecision, Person, Sex
from sanad.referrals.models import Consent, ConsentDecision, ConsentPurpose
from sanad.statistics.code_lists import CodeLists, as_text
from sanad.statistics.periods import Period

ADULT_AGE = 18
CHILD, ADULT, UNKNOWN = "child", "adult", "unknown"
AGE_GROUPS = (CHILD, ADULT, UNKNOWN)
SEXES = (Sex.FEMALE.value, Sex.MALE.value, Sex.OTHER.value, Sex.UNKNOWN.value)
NATIONAL, FOREIGN = "national", "foreign"
CITIZENSHIPS = (NATIONAL, FOREIGN, UNKNOWN)
# GLOTIP's forms; "other purposes" has sub-forms ("other:<sub-form>" in the catalogue's glotip column).
SEXUAL_EXPLOITATION, FORCED_LABOUR, OTHER_PURPOSES = "sexual_exploitation", "forced_labour", "other"
GLOTIP_FORMS = (SEXUAL_EXPLOITATION, FORCED_LABOUR, OTHER_PURPOSES)
GLOTIP_SUB_FORMS = ("begging", "forced_criminality", "forced_marriage", "organ_removal", "mixed", "other")


def qualifying_statuses() -> tuple[str, ...]:
    if getattr(settings, "SANAD_VICTIM_STATUSES", "presumed_or_identified") == "identified":
        return (VictimStatus.IDENTIFIED,)
    return (VictimStatus.PRESUMED, VictimStatus.IDENTIFIED)


@dataclass(frozen=True)
class DetectedVictim:
    """One detected victim as every table, export and report counts her. Facts only, never identity."""

    key: UUID  # the person record she is counted as (the root of her linked records)
    decided_on: date  # her first qualifying status decision
    sex: str
    age: int | None  # on ``decided_on``
    age_group: str
    forms: frozenset[str]  # GLOTIP forms
    sub_forms: frozenset[str]  # GLOTIP sub-forms of "other purposes"
    case_forms: frozenset[str]  # catalogue codes, for the exports
    sectors: frozenset[str]
    means_of_control: frozenset[str]
    recruiter_relations: frozenset[str]
    citizenship: str
    nationalities: tuple[str, ...]
    exploitation_country: str
    exploitation_months: int | None
    region: str
    statistics_consent_withdrawn: bool


def age_on(birth_date: date | None, precision: str, day: date) -> int | None:
    if birth_date is None or precision == BirthDatePrecision.UNKNOWN:
        return None
    years = day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
    return max(years, 0)


def age_group(age: int | None) -> str:
    if age is None:
        return UNKNOWN
    return CHILD if age < ADULT_AGE else ADULT


def citizenship_of(nationalities: tuple[str, ...]) -> str:
    if not nationalities:
        return UNKNOWN
    return NATIONAL if settings.SANAD_COUNTRY in nationalities else FOREIGN


def glotip_mapping() -> dict[str, str]:
    """The catalogue's form of exploitation -> its GLOTIP form (``form`` or ``other:<sub-form>``)."""
    return {entry.code: entry.glotip for entry in loader.exploitation_forms().entries}


def glotip_forms(
    case_forms: frozenset[str], mapping: dict[str, str]
) -> tuple[frozenset[str], frozenset[str]]:
    forms: set[str] = set()
    sub_forms: set[str] = set()
    for code in case_forms:
        glotip = mapping.get(code, "")
        if not glotip:
            continue
        form, _separator, sub_form = glotip.partition(":")
        forms.add(form)
        if sub_form:
            sub_forms.add(sub_form)
    return frozenset(forms), frozenset(sub_forms)


# What the counting reads of each case of a candidate, in this order (tuples: at a million cases, a dict
# per row costs more than the read). The lists of codes come as JSON text (``code_lists``).
CASE_COLUMNS = (
    Key("id"),
    Key("person_id"),
    "region",
    as_text("forms_of_exploitation"),
    as_text("sectors"),
    as_text("means_of_control"),
    "recruiter_relation",
    "exploitation_country",
    "exploitation_started_on",
    "exploitation_ended_on",
    "person__sex",
    "person__birth_date",
    "person__birth_date_precision",
    as_text("person__nationalities"),
)


@dataclass
class _Cluster:
    """The records of the persons who may count in a period: the candidates' own records and those linked
    to them, their cases, and the date of each case's first qualifying decision."""

    record_key: dict[Any, Any]  # person record -> the key she is counted as
    case_rows: list[tuple[Any, ...]]  # CASE_COLUMNS of each of their cases, lists of codes as JSON text
    case_first: dict[Any, date]  # case -> its first qualifying decision, up to the period's end
    # case -> the age kept on that first decision when her date of birth was removed (retention)
    case_first_age: dict[Any, int | None] = field(default_factory=dict)
    case_ids: list[Any] = field(default_factory=list)


def _candidate_keys(start: date, end: date) -> set[Any]:
    """The person keys with a qualifying decision from ``start`` to ``end``: only they can have their first
    one then. Read from the (status, decided_on) index."""
    return set(
        StatusDecision.objects.filter(
            status__in=qualifying_statuses(), decided_on__gte=start, decided_on__lte=end
        )
        .order_by()
        .values_list(Key(Coalesce("case__person__linked_to_id", "case__person_id")), flat=True)
    )


def _cluster(start: date, end: date) -> _Cluster:
    """Everything the counting needs about the candidates of the days from ``start`` to ``end``: all their
    records (a root record and those linked to it), all their cases, and each case's first qualifying
    decision up to ``end``. Earlier decisions matter too, because "first" is judged over a person's whole
    history.

    Each read follows the ids of the one before as one array parameter (``Among``), by index.
    Unordered: the models' default orderings would sort every read; the counting does not depend on order.
    """
    keys = _candidate_keys(start, end)
    # A link always points at a record that is not itself linked: every key is a root record, counted as
    # itself, and the other records are those linked to a key.
    record_key: dict[Any, Any] = {key: key for key in keys}
    # Every linked record, those linked to a key kept: records are linked far more rarely than there are
    # candidates, and following the candidates' ids to them took 1.9 s at a million cases (PostgreSQL
    # scanned every person).
    linked = (
        Person.objects.filter(linked_to__isnull=False).order_by().values_list(Key("pk"), Key("linked_to_id"))
    )
    record_key.update((pk, root) for pk, root in linked if root in keys)
    case_rows: list[tuple[Any, ...]] = list(
        Case.objects.filter(Among("person_id", record_key)).order_by().values_list(*CASE_COLUMNS)
    )
    case_ids = [row[0] for row in case_rows]
    case_first: dict[Any, date] = {}
    case_first_age: dict[Any, int | None] = {}
    decisions = (
        StatusDecision.objects.filter(
            Among("case_id", case_ids), status__in=qualifying_statuses(), decided_on__lte=end
        )
        .order_by()
        .values_list(Key("case_id"), "decided_on", "age_on_decision")
    )
    for case_id, decided_on, kept_age in decisions:
        if case_id not in case_first or decided_on < case_first[case_id]:
            case_first[case_id] = decided_on
            case_first_age[case_id] = kept_age
    return _Cluster(
        record_key=record_key,
        case_rows=case_rows,
        case_first=case_first,
        case_first_age=case_first_age,
        case_ids=case_ids,
    )


def first_decision_dates(period: Period) -> dict[Any, date]:
    """Person key -> date of her first qualifying decision, for the persons whose first one is in the
    period."""
    cluster = _cluster(period.start, period.end)
    return _firsts(cluster, period.start, period.end)


def _firsts(cluster: _Cluster, start: date, end: date) -> dict[Any, date]:
    """Person key -> her first qualifying decision, for those whose first one is from ``start`` to ``end``."""
    firsts: dict[Any, date] = {}
    case_first, record_key = cluster.case_first, cluster.record_key
    for case_id, person_id, *_facts in cluster.case_rows:
        decided = case_first.get(case_id)
        key = record_key[person_id]
        if decided is not None and (key not in firsts or decided < firsts[key]):
            firsts[key] = decided
    return {key: first for key, first in firsts.items() if start <= first <= end}


def _months_between(start: date | None, end: date | None) -> int | None:
    if start is None or end is None or end < start:
        return None
    return (end.year - start.year) * 12 + end.month - start.month


@dataclass(slots=True)
class _Gathered:
    # Every choice below keeps the least (rank, …) seen, ending in a record or case id: the result must not
    # depend on the order the rows come in, which changes when a row is updated (the retention run).
    first: tuple[date, str] | None = None  # (date of her first qualifying decision, its case)
    first_case_region: str = ""
    first_age_kept: int | None = None  # the age stored on the first decision by anonymisation
    sex: tuple[bool, str, str] | None = None  # (not her root record, record, sex)
    births: list[tuple[date | None, str, bool]] = field(default_factory=list)
    nationalities: tuple[bool, str, tuple[str, ...]] | None = None  # (not her root record, record, codes)
    withdrawn: bool = False
    # (no decision on the case, its first decision, case, country)
    exploitation_country: tuple[bool, date, str, str] | None = None
    exploitation_months: int | None = None
    forms: set[str] = field(default_factory=set)
    sectors: set[str] = field(default_factory=set)
    means: set[str] = field(default_factory=set)
    relations: set[str] = field(default_factory=set)


PRECISION_RANK: dict[str, int] = {
    BirthDatePrecision.FULL: 4,
    BirthDatePrecision.YEAR_MONTH: 3,
    BirthDatePrecision.YEAR: 2,
    BirthDatePrecision.ESTIMATED: 1,
    BirthDatePrecision.UNKNOWN: 0,
}


def best_birth(births: Iterable[tuple[date | None, str, bool]]) -> tuple[date | None, str]:
    """The date of birth a person is aged by, among her records' (date, precision, is the root record):
    the most precise, then the root record's, then the earliest. The choice does not depend on the order
    the records are read in, so the retention rule computes the very ages the tables count."""
    known = [
        (PRECISION_RANK.get(precision, 0), is_root, -born.toordinal(), born, precision)
        for born, precision, is_root in births
        if born is not None and PRECISION_RANK.get(precision, 0) > 0
    ]
    if not known:
        return None, BirthDatePrecision.UNKNOWN
    *_rank, born, precision = max(known)
    return born, precision


def detected_victims(period: Period, *, region: str = "") -> list[DetectedVictim]:
    """Every person detected as a victim in the period (in one region when given), with the facts the
    tables need. Reads start from the decisions of the period (status and date index) and follow foreign
    keys by id from there; no read scans the cases or the decisions of other years."""
    return detected_victims_by_period([period], region=region)[period]


@gc_paused()
def detected_victims_by_period(
    periods: Sequence[Period], *, region: str = ""
) -> dict[Period, list[DetectedVictim]]:
    """``detected_victims`` of several periods (a period and the one before it, for the TIP set; every year,
    for the CTDC export) from one read of the days from the first start to the last end.

    The same victims as period by period: a person's first decision up to the end of a later period is her
    first up to the end of her own whenever she has one in it, and the facts come from that decision's case
    and from all her cases either way."""
    start, end = min(each.start for each in periods), max(each.end for each in periods)
    cluster = _cluster(start, end)
    firsts = _firsts(cluster, start, end)
    withdrawn_cases = _withdrawn_statistics_consent(cluster.case_ids)
    gathered: dict[str, _Gathered] = defaultdict(_Gathered)  # by person key (text, ``Key``)
    case_first, case_first_age, record_key = cluster.case_first, cluster.case_first_age, cluster.record_key
    lists = CodeLists()
    for (
        case_id, person_id, case_region, case_forms, sectors, means, relation, country, started, ended,
        sex, birth_date, birth_precision, nationalities_text,
    ) in cluster.case_rows:  # fmt: skip
        key = record_key[person_id]
        if key not in firsts:
            continue
        facts = gathered[key]
        facts.forms.update(lists(case_forms))
        facts.sectors.update(lists(sectors))
        facts.means.update(lists(means))
        if relation:
            facts.relations.add(relation)
        decided = case_first.get(case_id)
        if decided is not None and (facts.first is None or (decided, case_id) < facts.first):
            facts.first = (decided, case_id)
            facts.first_case_region = case_region
            facts.first_age_kept = case_first_age.get(case_id)
            facts.exploitation_months = _months_between(started, ended)
        if country:
            # The country of her first case, or else of the case decided earliest that records one.
            known = (decided is None, decided or date.max, case_id, country)
            if facts.exploitation_country is None or known < facts.exploitation_country:
                facts.exploitation_country = known
        not_root = person_id != key
        # Her root record's sex and nationalities, or else those of the first other record that has them.
        if sex != Sex.UNKNOWN and (facts.sex is None or (not_root, person_id) < facts.sex[:2]):
            facts.sex = (not_root, person_id, sex)
        facts.births.append((birth_date, birth_precision, not not_root))
        nationalities = lists(nationalities_text)
        if nationalities and (facts.nationalities is None or (not_root, person_id) < facts.nationalities[:2]):
            facts.nationalities = (not_root, person_id, nationalities)
        facts.withdrawn |= case_id in withdrawn_cases

    victims = []
    mapping = glotip_mapping()
    for key, facts in gathered.items():
        if facts.first is None or (region and facts.first_case_region != region):
            continue
        first = facts.first[0]
        nationalities = facts.nationalities[2] if facts.nationalities else ()
        case_forms = frozenset(facts.forms)
        forms, sub_forms = glotip_forms(case_forms, mapping)
        born, precision = best_birth(facts.births)
        age = age_on(born, precision, first) if born is not None else facts.first_age_kept
        victims.append(
            DetectedVictim(
                key=UUID(key),
                decided_on=first,
                sex=facts.sex[2] if facts.sex else Sex.UNKNOWN,
                age=age,
                age_group=age_group(age),
                forms=forms,
                sub_forms=sub_forms,
                case_forms=case_forms,
                sectors=frozenset(facts.sectors),
                means_of_control=frozenset(facts.means),
                recruiter_relations=frozenset(facts.relations),
                citizenship=citizenship_of(nationalities),
                nationalities=nationalities,
                exploitation_country=facts.exploitation_country[3] if facts.exploitation_country else "",
                exploitation_months=facts.exploitation_months,
                region=facts.first_case_region,
                statistics_consent_withdrawn=facts.withdrawn,
            )
        )
    victims.sort(key=lambda victim: (victim.decided_on, str(victim.key)))
    return {each: [victim for victim in victims if victim.decided_on in each] for each in periods}


def _withdrawn_statistics_consent(case_ids: list[Any]) -> set[Any]:
    """Cases, among those read, whose statistics consent was refused or withdrawn. Every such consent is
    read and the cases kept in Python: they are few, where following a hundred thousand case ids to them
    took a second at a million cases."""
    refused_or_withdrawn = (
        Consent.objects.filter(purpose=ConsentPurpose.STATISTICS)
        .filter(Q(decision=ConsentDecision.REFUSED) | Q(withdrawn_at__isnull=False))
        .order_by()
        .values_list(Key("case_id"), flat=True)
    )
    return set(refused_or_withdrawn).intersection(case_ids)


def victims_identified(period: Period) -> int:
    """Distinct persons (linked records counted once) first presumed or identified within ``period``."""
    return len(first_decision_dates(period))
