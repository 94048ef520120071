"""CTDC victim microdata: the 2024 codebook's columns and values, k-anonymity on the quasi-identifiers, no
victim who withdrew her statistics consent, and nothing that names anyone."""

from __future__ import annotations

import csv
import io
import itertools
import uuid
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pycountry
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from sanad.accounts.models import Organisation
from sanad.audit.models import AuditAction, AuditEvent
from sanad.cases.models import Case
from sanad.identification.models import StatusDecision
from sanad.people.models import BirthDatePrecision, Person
from sanad.referrals.models import Consent
from sanad.statistics.ctdc import (
    COLUMNS,
    QUASI_IDENTIFIERS,
    ctdc_csv,
    ctdc_record,
    ctdc_rows,
    k_anonymise,
)
from sanad.statistics.periods import calendar_year
from sanad.statistics.victims import DetectedVictim

pytestmark = pytest.mark.django_db
_references = itertools.count(1)

# The synthetic_2024 rows of shared/data/ctdc_variables.csv, in order.
CODEBOOK_2024 = [
    "yearOfRegistration", "gender", "ageBroad", "citizenship", "CountryOfExploitation", "traffickMonths",
    "meansDebtBondageEarnings", "meansThreats", "meansAbusePsyPhySex", "meansFalsePromises",
    "meansDrugsAlcohol", "meansDenyBasicNeeds", "meansExcessiveWorkHours", "meansWithholdDocs",
    "isForcedLabour", "isSexualExploit", "isOtherExploit", "typeOfLabourAgriculture",
    "typeOfLabourConstruction", "typeOfLabourDomesticWork", "typeOfLabourHospitality",
    "typeOfSexProstitution", "typeOfSexPornography", "recruiterRelationIntimatePartner",
    "recruiterRelationFriend", "recruiterRelationFamily", "recruiterRelationOther",
]  # fmt: skip
VARIABLES_CSV = Path(__file__).resolve().parents[2] / "shared" / "data" / "ctdc_variables.csv"
VALUE_SETS = {
    "gender": {"Man", "Woman", "Trans/Transgender/NonConforming", ""},
    "ageBroad": {"0-8", "9-17", "18-20", "21-23", "24-26", "27-29", "30-38", "39-47", "48+", ""},
    "traffickMonths": {"0-12", "13-24", "25+", ""},
}
FLAGS = set(CODEBOOK_2024[6:])


@pytest.fixture
def agencies() -> dict[str, Organisation]:
    return {
        code: Organisation.objects.create(short_code=code, name=f"Org {code}", type=kind, region="MA-06")
        for code, kind in (("ngo", "social_services"), ("parquet", "prosecution"))
    }


IDENTITY = (
    "given_name_latin",
    "family_name_latin",
    "given_name_ar",
    "family_name_ar",
    "phone",
    "document_number",
)


def _victims(agencies: dict[str, Organisation], count: int = 1, **facts: Any) -> list[Case]:
    """``count`` victims decided on ``on`` (default 1 May 2024) of a forced-labour case, women born 1990 of
    Moroccan nationality unless ``facts`` say otherwise; the other ``facts`` are fields of the case."""
    on = facts.pop("on", date(2024, 5, 1))
    forms = facts.pop("forms", ["forced_labour"])
    person_facts = {
        "sex": facts.pop("sex", "female"),
        "birth_date": facts.pop("birth_date", date(1990, 1, 1)),
        "birth_date_precision": facts.pop("birth_date_precision", BirthDatePrecision.FULL),
        "nationalities": facts.pop("nationalities", ["MAR"]),
        **{name: facts.pop(name) for name in IDENTITY if name in facts},
    }
    cases = []
    for _ in range(count):
        person = Person.objects.create(owning_organisation=agencies["ngo"], **person_facts)
        case = Case.objects.create(
            reference=f"C-{next(_references)}",
            person=person,
            owning_organisation=agencies["ngo"],
            opened_on=on,
            region="MA-06",
            forms_of_exploitation=forms,
            **facts,
        )
        StatusDecision.objects.create(
            case=case,
            status="identified",
            decided_on=on,
            decided_by_organisation=agencies["parquet"],
            legal_basis="Law 27-14",
        )
        cases.append(case)
    return cases


def _read(content: bytes) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(content.decode("utf-8")))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def _smallest_group(rows: list[dict[str, str]]) -> int:
    sizes = Counter(tuple(row[name] for name in QUASI_IDENTIFIERS) for row in rows)
    return min(sizes.values())


@pytest.fixture
def mixed_2024(agencies: dict[str, Organisation]) -> None:
    """42 victims in groups of 15, 12, 6, 4, 3 and 2 on the quasi-identifiers, with varied flags."""
    _victims(
        agencies,
        15,
        forms=["forced_labour", "sexual_exploitation"],
        means_of_control=["debt_bondage", "withholds_documents", "other"],
        sectors=["construction"],
        recruiter_relation="intimate_partner",
        exploitation_started_on=date(2022, 1, 1),
        exploitation_ended_on=date(2024, 3, 1),
    )
    _victims(
        agencies,
        12,
        sex="male",
        birth_date=date(2007, 6, 1),
        nationalities=["CIV"],
        exploitation_country="ESP",
        forms=["forced_begging"],
        means_of_control=["physical_threats"],
        recruiter_relation="stranger",
    )
    _victims(agencies, 6, sex="male", birth_date=date(1970, 1, 1), forms=["organ_removal"])
    _victims(agencies, 4, sex="other", nationalities=["NGA"], recruiter_relation="unknown")
    _victims(
        agencies,
        3,
        sex="unknown",
        birth_date=None,
        birth_date_precision="unknown",
        nationalities=["SEN", "MAR"],
    )
    _victims(agencies, 2, birth_date=date(2019, 1, 1), nationalities=["SYR"], forms=["child_labour"])


def test_the_columns_are_the_2024_synthetic_dataset_in_codebook_order(mixed_2024: None) -> None:
    header, _rows = _read(ctdc_csv(ctdc_rows(calendar_year(2024), k=3)))

    assert header == CODEBOOK_2024
    assert list(COLUMNS) == CODEBOOK_2024
    if VARIABLES_CSV.is_file():  # the shared codebook extract, where the checkout has it beside it
        with VARIABLES_CSV.open(encoding="utf-8") as file:
            listed = [
                row["variable"] for row in csv.DictReader(file) if "synthetic_2024" in row["dataset_versions"]
            ]
        assert header == listed


def test_every_value_is_in_the_codebook_value_set(mixed_2024: None) -> None:
    export = ctdc_rows(calendar_year(2024), k=2)
    _header, rows = _read(ctdc_csv(export))

    assert len(rows) == 42
    for row in rows:
        assert row["yearOfRegistration"] == "2024"
        for name, allowed in VALUE_SETS.items():
            assert row[name] in allowed, (name, row[name])
        for name in ("citizenship", "CountryOfExploitation"):
            assert row[name] == "" or pycountry.countries.get(alpha_3=row[name]) is not None, row[name]
        for name in FLAGS:
            assert row[name] in {"1", ""}, (name, row[name])
    seen = {name: {row[name] for row in rows} for name in CODEBOOK_2024}
    assert seen["gender"] == {"Woman", "Man", ""}  # "other" and "unknown" both NULL
    assert seen["ageBroad"] == {"30-38", "9-17", "48+", "", "0-8"}
    assert seen["citizenship"] == {"MAR", "CIV", "NGA", "SEN", "SYR"}  # her first nationality
    assert seen["CountryOfExploitation"] == {"MAR", "ESP"}  # MAR where the case records none
    assert seen["traffickMonths"] == {"25+", ""}


def test_catalogue_codes_map_to_the_ctdc_flags() -> None:
    victim = DetectedVictim(
        key=uuid.uuid4(),
        decided_on=date(2023, 2, 1),
        sex="female",
        age=24,
        age_group="adult",
        forms=frozenset({"forced_labour", "sexual_exploitation"}),
        sub_forms=frozenset(),
        case_forms=frozenset({"domestic_servitude", "sexual_exploitation", "forced_marriage"}),
        sectors=frozenset({"households_as_employers", "mining_quarrying"}),
        means_of_control=frozenset(
            {"takes_earnings", "restricts_movement", "psychoactive_substance", "other"}
        ),
        recruiter_relations=frozenset({"acquaintance", "employer_or_recruiter_agency"}),
        citizenship="foreign",
        nationalities=("PHL",),
        exploitation_country="mar",
        exploitation_months=13,
        region="MA-06",
        statistics_consent_withdrawn=False,
    )
    record = ctdc_record(victim)

    assert {name for name, value in record.items() if value == "1"} == {
        "isForcedLabour",
        "isSexualExploit",
        "isOtherExploit",
        "typeOfLabourDomesticWork",
        "meansDebtBondageEarnings",
        "meansDenyBasicNeeds",
        "meansDrugsAlcohol",
        "recruiterRelationFriend",
        "recruiterRelationOther",
    }
    assert (record["yearOfRegistration"], record["gender"], record["ageBroad"]) == ("2023", "Woman", "24-26")
    assert (record["citizenship"], record["CountryOfExploitation"], record["traffickMonths"]) == (
        "PHL",
        "MAR",
        "13-24",
    )
    # A sector is a labour sector in CTDC only for forced labour.
    sexual_only = ctdc_record(
        DetectedVictim(**{**vars(victim), "case_forms": frozenset({"sexual_exploitation"}), "age": 48})
    )
    assert sexual_only["typeOfLabourDomesticWork"] == ""
    assert sexual_only["ageBroad"] == "48+"


@pytest.mark.parametrize("k", [11, 3])
def test_k_anonymity_holds_on_the_output(mixed_2024: None, k: int) -> None:
    export = ctdc_rows(calendar_year(2024), k=k)
    _header, rows = _read(ctdc_csv(export))

    assert _smallest_group(rows) >= k
    report = export.report
    assert report.records_in == 42
    assert report.records_out == len(rows)
    assert report.records_out + report.suppressed + report.consent_withdrawn == report.records_in
    if k == 11:
        # The groups of 15 and 12 stand. The 6 men born in 1970, the 2 girls, and the 4 + 3 victims without a
        # recorded gender (one group of 7 once citizenship and age are blanked) stay too few.
        assert (report.records_out, report.suppressed) == (27, 15)
    else:
        # Only the 2 girls are too few, and blanking their citizenship, country and age puts them with nobody.
        assert (report.records_out, report.suppressed) == (40, 2)
    assert report.generalised == {"citizenship": 0, "CountryOfExploitation": 0, "ageBroad": 0}


def test_twelve_alike_and_two_outliers(agencies: dict[str, Organisation]) -> None:
    _victims(agencies, 12)
    _victims(agencies, 1, sex="male")
    _victims(agencies, 1, birth_date=date(1950, 1, 1), nationalities=["FRA"])

    export = ctdc_rows(calendar_year(2024), k=11)

    assert export.report.records_in == 14
    assert export.report.records_out == 12
    assert export.report.suppressed == 2
    assert {row["gender"] for row in export.rows} == {"Woman"}
    assert {row["ageBroad"] for row in export.rows} == {"30-38"}


def test_rare_citizenships_are_blanked_when_that_keeps_the_rows(agencies: dict[str, Organisation]) -> None:
    _victims(agencies, 12)
    _victims(agencies, 10, nationalities=[])
    _victims(agencies, 2, nationalities=["CIV"])

    export = ctdc_rows(calendar_year(2024), k=11)

    assert (export.report.records_out, export.report.suppressed) == (24, 0)
    assert export.report.generalised["citizenship"] == 2
    assert Counter(row["citizenship"] for row in export.rows) == {"MAR": 12, "": 12}


QI_VALUES = {
    "yearOfRegistration": ["2023", "2024"],
    "gender": ["Woman", "Man", ""],
    "ageBroad": ["9-17", "18-20", "30-38", ""],
    "citizenship": ["MAR", "CIV", "NGA", ""],
    "CountryOfExploitation": ["MAR", "ESP", ""],
}


@hypothesis_settings(max_examples=150, deadline=None)
@given(
    quasi=st.lists(st.tuples(*(st.sampled_from(values) for values in QI_VALUES.values())), max_size=80),
    k=st.integers(min_value=2, max_value=12),
)
def test_generalising_keeps_k_anonymity_and_never_costs_a_row(quasi: list[tuple[str, ...]], k: int) -> None:
    records = [
        {**dict.fromkeys(COLUMNS, ""), **dict(zip(QI_VALUES, values, strict=True)), "isForcedLabour": "1",
         "row": str(index)}
        for index, values in enumerate(quasi)
    ]  # fmt: skip
    plain = Counter(tuple(record[name] for name in QUASI_IDENTIFIERS) for record in records)
    kept_by_suppression_alone = sum(size for size in plain.values() if size >= k)

    published, suppressed, generalised = k_anonymise(records, k)

    assert not published or _smallest_group(published) >= k
    assert len(published) + suppressed == len(records)
    assert len(published) >= kept_by_suppression_alone
    originals = {record["row"]: record for record in records}
    changed: Counter[str] = Counter()
    for row in published:
        original = originals[row["row"]]
        for name in COLUMNS:
            if row[name] != original[name]:
                assert name in ("citizenship", "CountryOfExploitation", "ageBroad")
                assert row[name] == ""  # a value is only ever blanked, never replaced by another
                changed[name] += 1
    assert {name: count for name, count in generalised.items() if count} == dict(changed)


def test_withdrawn_statistics_consent_is_left_out(agencies: dict[str, Organisation]) -> None:
    cases = _victims(agencies, 12)
    Consent.objects.create(
        case=cases[0], purpose="statistics", organisation=agencies["ngo"], decision="given",
        method="signed_form", given_on=date(2024, 5, 1), withdrawn_at=timezone.now(),
    )  # fmt: skip

    export = ctdc_rows(calendar_year(2024), k=11)

    assert export.report.records_in == 12
    assert export.report.consent_withdrawn == 1
    assert export.report.records_out == 11
    assert export.report.suppressed == 0


def test_no_identity_data_reaches_the_file(agencies: dict[str, Organisation]) -> None:
    cases = _victims(
        agencies,
        11,
        given_name_latin="Khadija",
        family_name_latin="Bennani",
        given_name_ar="خديجة",
        family_name_ar="بناني",
        phone="+212612345678",
        document_number="BK765432",
    )

    content = ctdc_csv(ctdc_rows(calendar_year(2024), k=11))

    assert len(_read(content)[1]) == 11
    text = content.decode("utf-8")
    for secret in ("Khadija", "Bennani", "خديجة", "بناني", "612345678", "BK765432", "1990-01-01"):
        assert secret not in text
    for case in cases:
        assert str(case.person_id) not in text
        assert case.reference not in text


def test_without_a_period_every_year_is_exported(agencies: dict[str, Organisation]) -> None:
    _victims(agencies, 3, on=date(2022, 3, 1))
    _victims(agencies, 4, on=date(2024, 11, 1))

    export = ctdc_rows(None, k=3)

    assert Counter(row["yearOfRegistration"] for row in export.rows) == {"2022": 3, "2024": 4}
    assert ctdc_rows(None, k=4).report.suppressed == 3


def test_the_command_writes_the_file_prints_the_report_and_audits(
    agencies: dict[str, Organisation], tmp_path: Path
) -> None:
    _victims(agencies, 12)
    _victims(agencies, 2, sex="male")
    out = tmp_path / "ctdc.csv"
    printed = io.StringIO()

    call_command("export", "ctdc", "--year", "2024", "--out", str(out), stdout=printed)

    header, rows = _read(out.read_bytes())
    assert header == CODEBOOK_2024
    assert len(rows) == 12
    assert [path.name for path in tmp_path.iterdir()] == ["ctdc.csv"]
    report = printed.getvalue()
    assert "records in: 14" in report
    assert "records out: 12" in report
    assert "(k=11 on yearOfRegistration, gender, ageBroad, citizenship, CountryOfExploitation): 2" in report
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor_label == "command line"
    assert event.detail["records_in"] == 14
    assert event.detail["suppressed"] == 2
    assert event.detail["records_out"] == 12
    assert event.detail["k"] == 11


def test_the_command_takes_k_and_refuses_a_useless_one(
    agencies: dict[str, Organisation], tmp_path: Path
) -> None:
    _victims(agencies, 2, sex="male")
    out = tmp_path / "ctdc.csv"

    call_command("export", "ctdc", "--k", "2", "--out", str(out), stdout=io.StringIO())
    assert len(_read(out.read_bytes())[1]) == 2

    for value in ("1", "0", "many"):
        with pytest.raises(CommandError, match="--k"):
            call_command("export", "ctdc", "--k", value, "--out", str(tmp_path / "other.csv"))
    with pytest.raises(CommandError, match="--year"):
        call_command("export", "ctdc", "--year", "1890", "--out", str(tmp_path / "other.csv"))
    assert [path.name for path in tmp_path.iterdir()] == ["ctdc.csv"]
