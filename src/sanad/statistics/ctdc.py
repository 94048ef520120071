"""Victim microdata for the Counter Trafficking Data Collaborative (CTDC): one row per detected victim, in the
columns and value sets of the CTDC 2024 synthetic dataset (Global Synthetic Data Codebook v2, Feb 2024).

What a row says, and why:

* ``yearOfRegistration``: the year of her first qualifying status decision (``DetectedVictim.decided_on``),
  the date at which every national table counts her.
* ``gender``: ``Woman`` / ``Man`` from the recorded sex; empty for unknown, and empty for Sanad's "other".
  CTDC's third value, ``Trans/Transgender/NonConforming``, is a gender identity that "other" does not
  record, and saying it of someone would be a fact we do not hold.
* ``ageBroad``: her age on the decision date in the CTDC bands; empty when the date of birth is unknown.
* ``citizenship``: her first recorded nationality (ISO 3166-1 alpha-3); empty when none is known.
* ``CountryOfExploitation``: the country of exploitation recorded on the case holding her first decision. CTDC
  defines the variable as a proxy built from the last country of exploitation, else the place where she was
  registered; so when the case records none, it is ``SANAD_COUNTRY``, where every Sanad victim is registered.
* ``traffickMonths``: months from the start to the end of the exploitation, banded; empty when either date
  is missing.
* Flags are ``1`` or empty (CTDC's NULL). Forms, means of control, sectors and recruiter relations use the
  ``ctdc`` column of their catalogue. The labour-sector flags describe forced labour in CTDC, so they are set
  only for a victim with ``isForcedLabour``. No catalogue value maps to ``typeOfSexProstitution`` or
  ``typeOfSexPornography``: Sanad does not record the kind of sexual exploitation, so both stay empty.

Who is left out, and why:

* A victim whose statistics consent was withdrawn or refused (``statistics_consent_withdrawn``): microdata is
  about her, not a count.
* k-anonymity on the quasi-identifiers (``QUASI_IDENTIFIERS``): every combination of their values that occurs
  in the file occurs in at least k rows (``SANAD_CTDC_K``, 11 as CTDC used). Before suppressing, the rows of
  the groups that are too small lose their citizenship, then their country of exploitation, then their age
  band (set to empty, CTDC's NULL), one field at a time, until their groups reach k. Only rows that would
  otherwise be suppressed are touched, so this never costs a row that k-anonymity alone would keep. Rows still
  in a group smaller than k are suppressed. The rows are sorted by their values: an order by decision date
  would let a reader who knows one victim's date find her row.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pycountry
from django.conf import settings
from django.db.models import Max, Min

from sanad.catalogs import loader
from sanad.catalogs.loader import MappedEntry
from sanad.identification.models import StatusDecision
from sanad.people.models import Sex
from sanad.statistics.periods import Period, calendar_year
from sanad.statistics.victims import DetectedVictim, detected_victims_by_period, qualifying_statuses

COLUMNS: tuple[str, ...] = (
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "citizenship",
    "CountryOfExploitation",
    "traffickMonths",
    "meansDebtBondageEarnings",
    "meansThreats",
    "meansAbusePsyPhySex",
    "meansFalsePromises",
    "meansDrugsAlcohol",
    "meansDenyBasicNeeds",
    "meansExcessiveWorkHours",
    "meansWithholdDocs",
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "typeOfLabourAgriculture",
    "typeOfLabourConstruction",
    "typeOfLabourDomesticWork",
    "typeOfLabourHospitality",
    "typeOfSexProstitution",
    "typeOfSexPornography",
    "recruiterRelationIntimatePartner",
    "recruiterRelationFriend",
    "recruiterRelationFamily",
    "recruiterRelationOther",
)
QUASI_IDENTIFIERS: tuple[str, ...] = (
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "citizenship",
    "CountryOfExploitation",
)
GENERALISED_IN_ORDER: tuple[str, ...] = ("citizenship", "CountryOfExploitation", "ageBroad")
DEFAULT_K = 11
FLAG = "1"
NULL = ""
GENDERS = {Sex.FEMALE.value: "Woman", Sex.MALE.value: "Man"}
# (upper bound of the band inclusive, label); the last band has no upper bound.
AGE_BANDS: tuple[tuple[int, str], ...] = (
    (8, "0-8"),
    (17, "9-17"),
    (20, "18-20"),
    (23, "21-23"),
    (26, "24-26"),
    (29, "27-29"),
    (38, "30-38"),
    (47, "39-47"),
)
OLDEST_BAND = "48+"
MONTH_BANDS: tuple[tuple[int, str], ...] = ((12, "0-12"), (24, "13-24"))
LONGEST_BAND = "25+"
FORCED_LABOUR = "isForcedLabour"
RECRUITER_PREFIX = "recruiterRelation"

Record = dict[str, str]


@dataclass(frozen=True)
class CtdcReport:
    records_in: int  # detected victims in the period
    consent_withdrawn: int  # left out: statistics consent withdrawn or refused
    suppressed: int  # left out: in a group smaller than k after generalisation
    records_out: int
    k: int
    quasi_identifiers: tuple[str, ...] = QUASI_IDENTIFIERS
    # Published rows whose value of that quasi-identifier was blanked to keep them.
    generalised: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CtdcExport:
    rows: list[Record]
    report: CtdcReport


def configured_k() -> int:
    return int(getattr(settings, "SANAD_CTDC_K", DEFAULT_K))


def age_band(age: int | None) -> str:
    if age is None:
        return NULL
    for upper, label in AGE_BANDS:
        if age <= upper:
            return label
    return OLDEST_BAND


def months_band(months: int | None) -> str:
    if months is None:
        return NULL
    for upper, label in MONTH_BANDS:
        if months <= upper:
            return label
    return LONGEST_BAND


def iso3(code: str) -> str:
    """The code when it is an ISO 3166-1 alpha-3 country, else NULL: the codebook admits nothing else."""
    code = (code or "").strip().upper()
    if len(code) == 3 and pycountry.countries.get(alpha_3=code) is not None:
        return code
    return NULL


def _recruiter_column(ctdc: str) -> str:
    # The recruiter-relation catalogue names CTDC's categories ("intimate_partner"), not its columns.
    return RECRUITER_PREFIX + "".join(part.capitalize() for part in ctdc.split("_")) if ctdc else NULL


def _mapping(entries: Iterable[MappedEntry], column: Callable[[str], str] = str) -> dict[str, str]:
    known = set(COLUMNS)
    return {entry.code: column(entry.ctdc) for entry in entries if column(entry.ctdc) in known}


def _flag_columns() -> dict[str, dict[str, str]]:
    """Catalogue code -> CTDC column, per catalogue; codes without a 2024 column are left out."""
    return {
        "forms": _mapping(loader.exploitation_forms().entries),
        "means": _mapping(loader.means_of_control().entries),
        "sectors": _mapping(loader.sectors().entries),
        "relations": _mapping(loader.recruiter_relations().entries, _recruiter_column),
    }


def ctdc_record(victim: DetectedVictim, columns: dict[str, dict[str, str]] | None = None) -> Record:
    columns = columns or _flag_columns()
    record: Record = dict.fromkeys(COLUMNS, NULL)
    record["yearOfRegistration"] = str(victim.decided_on.year)
    record["gender"] = GENDERS.get(victim.sex, NULL)
    record["ageBroad"] = age_band(victim.age)
    record["citizenship"] = iso3(victim.nationalities[0]) if victim.nationalities else NULL
    record["CountryOfExploitation"] = iso3(victim.exploitation_country or settings.SANAD_COUNTRY)
    record["traffickMonths"] = months_band(victim.exploitation_months)
    flagged = {columns["forms"][code] for code in victim.case_forms if code in columns["forms"]}
    flagged |= {columns["means"][code] for code in victim.means_of_control if code in columns["means"]}
    flagged |= {
        columns["relations"][code] for code in victim.recruiter_relations if code in columns["relations"]
    }
    if FORCED_LABOUR in flagged:
        flagged |= {columns["sectors"][code] for code in victim.sectors if code in columns["sectors"]}
    for name in flagged:
        record[name] = FLAG
    return record


def _key(record: Record) -> tuple[str, ...]:
    return tuple(record[name] for name in QUASI_IDENTIFIERS)


def _too_small(records: list[Record], k: int) -> list[int]:
    sizes = Counter(_key(record) for record in records)
    return [index for index, record in enumerate(records) if sizes[_key(record)] < k]


def k_anonymise(records: list[Record], k: int) -> tuple[list[Record], int, dict[str, int]]:
    """(published rows, rows suppressed, published rows generalised per quasi-identifier)."""
    if k < 2:
        raise ValueError("k must be at least 2: k=1 publishes every combination, however rare.")
    working = [dict(record) for record in records]
    blanked: list[set[str]] = [set() for _record in working]
    for name in GENERALISED_IN_ORDER:
        small = _too_small(working, k)
        if not small:
            break
        # Every row of a small group loses the same field, so a group moves whole into a larger one: no row
        # that was publishable before is lost.
        for index in small:
            if working[index][name] != NULL:
                working[index][name] = NULL
                blanked[index].add(name)
    dropped = set(_too_small(working, k))
    published = [record for index, record in enumerate(working) if index not in dropped]
    generalised = dict.fromkeys(GENERALISED_IN_ORDER, 0)
    for index, names in enumerate(blanked):
        if index not in dropped:
            for name in names:
                generalised[name] += 1
    sizes = Counter(_key(record) for record in published)
    if any(size < k for size in sizes.values()):
        # Unreachable by construction; if a change ever breaks that, nothing must leave.
        raise RuntimeError("k-anonymity does not hold on the rows to publish")
    return published, len(dropped), generalised


def _periods_with_decisions() -> list[Period]:
    span = StatusDecision.objects.filter(status__in=qualifying_statuses()).aggregate(
        first=Min("decided_on"), last=Max("decided_on")
    )
    if span["first"] is None:
        return []
    return [calendar_year(year) for year in range(span["first"].year, span["last"].year + 1)]


def ctdc_rows(period: Period | None, *, k: int | None = None) -> CtdcExport:
    """The CTDC rows of the victims detected in ``period`` (every year with a detected victim when None),
    k-anonymised, with the report of what was left out."""
    k = configured_k() if k is None else k
    periods = [period] if period is not None else _periods_with_decisions()
    by_period = detected_victims_by_period(periods)
    victims = [victim for each in periods for victim in by_period[each]]
    consenting = [victim for victim in victims if not victim.statistics_consent_withdrawn]
    columns = _flag_columns()
    published, suppressed, generalised = k_anonymise([ctdc_record(v, columns) for v in consenting], k)
    published.sort(key=lambda record: tuple(record[name] for name in COLUMNS))
    report = CtdcReport(
        records_in=len(victims),
        consent_withdrawn=len(victims) - len(consenting),
        suppressed=suppressed,
        records_out=len(published),
        k=k,
        generalised=generalised,
    )
    return CtdcExport(rows=published, report=report)


def ctdc_csv(export: CtdcExport) -> bytes:
    """UTF-8 CSV, header row first, CTDC's NULL written as an empty field."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(export.rows)
    return buffer.getvalue().encode("utf-8")
