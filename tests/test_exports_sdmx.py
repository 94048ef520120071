"""SDG 16.2.2 as SDMX-ML 2.1: what the UN receives must read back in ``sdmx1`` with the published figures,
and a figure hidden by disclosure control must not be in the file at all."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sdmx
from django.core.management import call_command
from django.core.management.base import CommandError

from sanad.accounts.models import Organisation
from sanad.audit.models import AuditAction, AuditEvent
from sanad.cases.models import Case
from sanad.identification.models import StatusDecision
from sanad.people.models import BirthDatePrecision, Person
from sanad.statistics.disclosure import publish_table
from sanad.statistics.periods import calendar_year
from sanad.statistics.sdg import SERIES, age_code
from sanad.statistics.sdmx import GENERIC, sdg_export, sdg_sdmx
from sanad.statistics.table import CellStatus
from sanad.statistics.tables import compute_table

pytestmark = pytest.mark.django_db
_references = itertools.count(1)
KEY = ("SERIES", "SEX", "AGE")


@pytest.fixture
def agencies() -> dict[str, Organisation]:
    return {
        code: Organisation.objects.create(short_code=code, name=f"Org {code}", type=kind, region="MA-06")
        for code, kind in (("ngo", "social_services"), ("parquet", "prosecution"))
    }


def _victims(
    agencies: dict[str, Organisation],
    count: int,
    *,
    sex: str,
    forms: list[str],
    region: str = "MA-06",
    on: date = date(2024, 5, 1),
) -> None:
    for _ in range(count):
        person = Person.objects.create(
            owning_organisation=agencies["ngo"],
            sex=sex,
            birth_date=date(1995, 1, 1),
            birth_date_precision=BirthDatePrecision.FULL,
            nationalities=["MAR"],
        )
        case = Case.objects.create(
            reference=f"X-{next(_references)}",
            person=person,
            owning_organisation=agencies["ngo"],
            opened_on=on,
            region=region,
            forms_of_exploitation=forms,
        )
        StatusDecision.objects.create(
            case=case,
            status="identified",
            decided_on=on,
            decided_by_organisation=agencies["parquet"],
            legal_basis="Law 27-14",
        )


@pytest.fixture
def casablanca_2024(agencies: dict[str, Organisation]) -> None:
    """MA-06 in 2024: 12 women sexually exploited, 2 women for organ removal, 3 men in forced labour; and 6
    women in another region, so the national file differs from the regional one."""
    _victims(agencies, 12, sex="female", forms=["sexual_exploitation"])
    _victims(agencies, 2, sex="female", forms=["organ_removal"])
    _victims(agencies, 3, sex="male", forms=["forced_labour"])
    _victims(agencies, 6, sex="female", forms=["forced_labour"], region="MA-01")


def _read(content: bytes, tmp_path: Path) -> Any:
    path = tmp_path / "sdg.xml"
    path.write_bytes(content)
    return sdmx.read_sdmx(path)


def _by_key(message: Any) -> dict[tuple[str, ...], Any]:
    """(SERIES, SEX, AGE) -> the observation of the year, as sdmx1 parsed it."""
    found: dict[tuple[str, ...], Any] = {}
    for observation in message.data[0].obs:
        values = {dimension.id: dimension.value for dimension in observation.key}
        key = tuple(values[name] for name in KEY)
        assert key not in found, key
        found[key] = observation
    return found


def _attribute(observation: Any, name: str) -> str:
    return str(observation.attached_attribute[name].value)


def _series_attribute(observation: Any, name: str) -> str:
    return str(observation.series_key.attrib[name].value)


def test_the_file_reads_back_in_sdmx1_with_the_published_numbers(
    casablanca_2024: None, tmp_path: Path
) -> None:
    message = _read(sdg_sdmx(2024, region="MA-06"), tmp_path)
    shown = publish_table(compute_table("sdg_16_2_2", period=calendar_year(2024), region="MA-06"))
    observations = _by_key(message)

    expected: dict[tuple[str, ...], str] = {}
    for row_index, series in enumerate(SERIES):
        for column, code in ((0, series.count_series), (2, series.rate_series)):
            expected[(code, series.sex, age_code(series.age))] = shown.display[row_index][column]
    published = {key: display for key, display in expected.items() if display not in ("—",)}
    assert set(observations) == set(published)  # a rate without a population figure has no observation
    for key, display in published.items():
        observation = observations[key]
        if display[0].isdigit():
            assert Decimal(str(observation.value)) == Decimal(display), key
            assert _attribute(observation, "OBS_STATUS") == "A"
        else:
            assert observation.value is None, key

    # The figures worked out by hand, as they appear in the file.
    assert Decimal(observations[("VC_HTF_DETV", "_T", "_T")].value) == 17
    # 14 women beside 17 victims would give the 3 men back: the victims table hides the women's cell, so
    # the SDG file withholds the women's and the adults' counts too.
    assert observations[("VC_HTF_DETV", "F", "_T")].value is None
    assert observations[("VC_HTF_DETV", "_T", age_code("adult"))].value is None
    assert Decimal(observations[("VC_HTF_DETVSX", "_T", "_T")].value) == 12
    assert Decimal(observations[("VC_HTF_DETV", "_T", age_code("child"))].value) == 0
    # 17 victims for the 7,688,967 inhabitants of MA-06 at the 2024 census.
    assert Decimal(observations[("VC_HTF_DETVR", "_T", "_T")].value) == Decimal("0.22")
    count = observations[("VC_HTF_DETV", "_T", "_T")]
    assert _series_attribute(count, "UNIT_MEASURE") == "NUMBER"
    assert _series_attribute(observations[("VC_HTF_DETVR", "_T", "_T")], "UNIT_MEASURE") == "PER_100000_POP"
    values = {dimension.id: dimension.value for dimension in count.key}
    assert values["FREQ"] == "A"
    assert values["REF_AREA"] == "MA-06"
    assert values["TIME_PERIOD"] == "2024"

    frame = sdmx.to_pandas(message.data[0])
    assert frame.xs("VC_HTF_DETVSX", level="SERIES").iloc[0] == 12


def test_a_small_count_and_the_rate_that_would_give_it_back_carry_no_number(
    casablanca_2024: None, tmp_path: Path
) -> None:
    content = sdg_sdmx(2024, region="MA-06")
    observations = _by_key(_read(content, tmp_path))
    table = compute_table("sdg_16_2_2", period=calendar_year(2024), region="MA-06")
    shown = publish_table(table)
    male = table.row_index("male")
    assert shown.status[male][0] == CellStatus.PRIMARY  # 3 men

    men = observations[("VC_HTF_DETV", "M", "_T")]
    assert men.value is None
    assert _attribute(men, "OBS_STATUS") == "Q"
    assert _attribute(men, "CONF_STATUS") == "C"
    assert _attribute(men, "COMMENT_OBS") == "<5"
    organs = observations[("VC_HTF_DETVOG", "_T", "_T")]  # 2 victims
    assert organs.value is None
    organ_rate = observations[("VC_HTF_DETVOGR", "_T", "_T")]
    assert organ_rate.value is None  # 2 / population would give the 2 back
    assert _attribute(organ_rate, "CONF_STATUS") == "D"

    # Not in the XML either, in any form: no ObsValue under a withheld observation.
    root = ET.fromstring(content)  # noqa: S314 (our own output)
    for observation in root.iter(f"{{{GENERIC}}}Obs"):
        status = observation.find(f"{{{GENERIC}}}Attributes/{{{GENERIC}}}Value[@id='OBS_STATUS']")
        assert status is not None
        has_value = observation.find(f"{{{GENERIC}}}ObsValue") is not None
        assert has_value == (status.get("value") == "A")


def test_header_and_reference_area(casablanca_2024: None, tmp_path: Path, settings: Any) -> None:
    national = _read(sdg_sdmx(2024), tmp_path)
    assert national.header.test is False
    assert national.header.sender.id == "CNCLT"
    assert national.header.prepared is not None
    assert national.header.id.startswith("SANAD_SDG_16_2_2_")
    assert national.dataflow.id == "DF_SDG_GLH"
    assert national.dataflow.maintainer.id == "IAEG-SDGs"
    observations = _by_key(national)
    total = observations[("VC_HTF_DETV", "_T", "_T")]
    assert Decimal(total.value) == 23  # both regions
    assert {dimension.id: dimension.value for dimension in total.key}["REF_AREA"] == "504"  # UN M49

    settings.SANAD_SDMX_SENDER = "MA-CNCLT"
    settings.SANAD_SDMX_REF_AREA = {"MA-06": "MA_CASABLANCA_SETTAT"}
    regional = _read(sdg_sdmx(2024, region="MA-06"), tmp_path)
    assert regional.header.sender.id == "MA-CNCLT"
    total = _by_key(regional)[("VC_HTF_DETV", "_T", "_T")]
    assert {dimension.id: dimension.value for dimension in total.key}["REF_AREA"] == "MA_CASABLANCA_SETTAT"


def test_the_command_writes_the_file_and_an_audit_event(casablanca_2024: None, tmp_path: Path) -> None:
    out = tmp_path / "sdg-2024.xml"

    call_command("export", "sdmx", "--year", "2024", "--region", "MA-06", "--out", str(out))

    observations = _by_key(sdmx.read_sdmx(out))
    assert Decimal(observations[("VC_HTF_DETV", "_T", "_T")].value) == 17
    assert [path.name for path in tmp_path.iterdir()] == ["sdg-2024.xml"]  # no temporary file left
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor is None
    assert event.actor_label == "command line"
    expected = sdg_export(2024, region="MA-06")
    assert event.detail == {
        "export": "sdg_16_2_2_sdmx",
        "year": 2024,
        "region": "MA-06",
        "observations": expected.observations,
        "suppressed": expected.suppressed,
    }
    # The 3 men, the women and the adults who would give them back, forced labour (the same 3 men), organ
    # removal (2) and other purposes (the same 2), each count with its rate where there is one.
    assert expected.suppressed == 9


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (["--year", "twenty", "--out", "{dir}/a.xml"], "--year"),
        (["--year", "1850", "--out", "{dir}/a.xml"], "--year"),
        (["--year", "2999", "--out", "{dir}/a.xml"], "--year"),
        (["--out", "{dir}/a.xml"], "--year"),
        (["--year", "2024", "--region", "MA-99", "--out", "{dir}/a.xml"], "--region"),
        (["--year", "2024", "--out", "{dir}/missing/a.xml"], "--out"),
        (["--year", "2024"], "--out"),
    ],
)
def test_a_bad_option_is_named_and_nothing_is_written(
    arguments: list[str], named: str, tmp_path: Path, db: None
) -> None:
    with pytest.raises(CommandError, match=named):
        call_command("export", "sdmx", *(argument.format(dir=tmp_path) for argument in arguments))
    assert list(tmp_path.iterdir()) == []
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_an_existing_file_stays_whole_when_the_export_fails(tmp_path: Path, db: None) -> None:
    out = tmp_path / "sdg.xml"
    out.write_bytes(b"previous export")
    with pytest.raises(CommandError):
        call_command("export", "sdmx", "--year", "1999", "--out", str(out))
    assert out.read_bytes() == b"previous export"
