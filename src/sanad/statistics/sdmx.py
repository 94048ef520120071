"""SDG indicator 16.2.2 as an SDMX-ML 2.1 data message, for the UN SDG global database.

Format choices (the message must read back in the ``sdmx1`` package without its data structure definition):

* **GenericData**, not StructureSpecificData: a generic message names every dimension and attribute in the
  file itself, so a reader without the ``SDG_GLH`` structure still knows what each value is. One
  ``generic:Series`` per (SERIES, SEX, AGE), observation dimension ``TIME_PERIOD``.
* Dataflow ``IAEG-SDGs:DF_SDG_GLH``; its version is ``SANAD_SDMX_DATAFLOW_VERSION`` (default ``1.0``), to be
  aligned with the registry the file is sent to.
* Dimensions: ``FREQ=A``, ``REPORTING_TYPE=N`` (national figures), ``SERIES``, ``REF_AREA``, ``SEX``,
  ``AGE`` (``sdg.age_code``) and ``TIME_PERIOD``. The other breakdown dimensions of ``SDG_GLH`` are not
  disaggregated and left out.
* ``REF_AREA``: the global database codes countries by UN M49 number, not ISO alpha-3, so the national file
  carries the M49 code of ``SANAD_COUNTRY`` (504 for Morocco). A region has no M49 code: its file carries
  the ISO 3166-2 code (``MA-06``) and is meant for national platforms. ``SANAD_SDMX_REF_AREA`` (a mapping
  from ``""`` for the country, or a region code, to a REF_AREA code) overrides either.
* Series attributes: ``UNIT_MEASURE`` is ``NUMBER`` for the counts and ``PER_100000_POP`` for the rates, with
  ``UNIT_MULT=0``.
* Every value is the published one (``publish_table``): a hidden cell carries **no value**. Its observation
  is kept, so the receiver sees that the figure exists and is withheld, with ``OBS_STATUS=Q`` (SDMX
  CL_OBS_STATUS "missing value; suppressed"), ``CONF_STATUS=C`` for a small count itself or ``D``
  (secondary confidentiality set by the sender) for a cell hidden to protect it, and ``COMMENT_OBS`` with
  what the printed table shows ("<5", "x"). A shown value has ``OBS_STATUS=A``. A rate without a population
  figure is not computable and has no observation at all.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime

import pycountry
from django.conf import settings
from django.utils import timezone

from sanad.statistics.disclosure import publish_table
from sanad.statistics.periods import calendar_year
from sanad.statistics.sdg import COUNT, RATE, age_code, series_of
from sanad.statistics.table import CellStatus, ShownTable
from sanad.statistics.tables import compute_table

MESSAGE = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
GENERIC = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic"
COMMON = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"
for _prefix, _uri in (("message", MESSAGE), ("generic", GENERIC), ("common", COMMON)):
    ET.register_namespace(_prefix, _uri)

AGENCY = "IAEG-SDGs"
DATAFLOW = "DF_SDG_GLH"
STRUCTURE_ID = f"{AGENCY}_{DATAFLOW}"
DEFAULT_SENDER = "CNCLT"
DEFAULT_DATAFLOW_VERSION = "1.0"
UNIT_COUNT, UNIT_RATE = "NUMBER", "PER_100000_POP"
SHOWN_STATUS, SUPPRESSED_STATUS = "A", "Q"
PRIMARY_CONFIDENTIAL, SECONDARY_CONFIDENTIAL = "C", "D"
_NOT_AN_ID = re.compile(r"[^A-Za-z0-9_@$\-]")


@dataclass(frozen=True)
class SdmxExport:
    content: bytes
    observations: int  # with a value
    suppressed: int  # kept as an observation without a value
    ref_area: str


def ref_area(region: str = "") -> str:
    configured: dict[str, str] = getattr(settings, "SANAD_SDMX_REF_AREA", {}) or {}
    if region in configured:
        return configured[region]
    if region:
        return region
    country = pycountry.countries.get(alpha_3=settings.SANAD_COUNTRY)
    # An unknown code is passed on as it is rather than guessed: the receiver's validation will name it.
    return str(country.numeric) if country is not None else settings.SANAD_COUNTRY


def sender_id() -> str:
    return str(getattr(settings, "SANAD_SDMX_SENDER", DEFAULT_SENDER) or DEFAULT_SENDER)


def _tag(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _values(parent: ET.Element, container: str, pairs: list[tuple[str, str]]) -> None:
    element = ET.SubElement(parent, _tag(GENERIC, container))
    for key, value in pairs:
        ET.SubElement(element, _tag(GENERIC, "Value"), id=key, value=value)


def _header(root: ET.Element, *, message_id: str, prepared: datetime) -> None:
    header = ET.SubElement(root, _tag(MESSAGE, "Header"))
    ET.SubElement(header, _tag(MESSAGE, "ID")).text = message_id
    ET.SubElement(header, _tag(MESSAGE, "Test")).text = "false"
    ET.SubElement(header, _tag(MESSAGE, "Prepared")).text = prepared.isoformat(timespec="seconds")
    ET.SubElement(header, _tag(MESSAGE, "Sender"), id=sender_id())
    structure = ET.SubElement(
        header,
        _tag(MESSAGE, "Structure"),
        structureID=STRUCTURE_ID,
        dimensionAtObservation="TIME_PERIOD",
    )
    usage = ET.SubElement(structure, _tag(COMMON, "StructureUsage"))
    version = str(getattr(settings, "SANAD_SDMX_DATAFLOW_VERSION", DEFAULT_DATAFLOW_VERSION))
    # SDMX 2.1 declares <Ref> as an unqualified element: it takes no namespace.
    ET.SubElement(
        usage,
        "Ref",
        {
            "agencyID": AGENCY,
            "id": DATAFLOW,
            "version": version,
            "class": "Dataflow",
            "package": "datastructure",
        },
    )


def sdmx_message(
    shown: ShownTable, *, year: int, region: str = "", prepared: datetime | None = None
) -> SdmxExport:
    """The published SDG 16.2.2 table as a GenericData message. ``shown`` must be a published table: a
    value that is not marked shown never reaches the file."""
    if not shown.published:
        raise ValueError("Only a published table (publish_table) may leave the system.")
    prepared = prepared or timezone.now()
    area = ref_area(region)
    root = ET.Element(_tag(MESSAGE, "GenericData"))
    message_id = _NOT_AN_ID.sub("_", f"SANAD_SDG_16_2_2_{area}_{year}_{prepared:%Y%m%dT%H%M%S}")
    _header(root, message_id=message_id, prepared=prepared)
    dataset = ET.SubElement(root, _tag(MESSAGE, "DataSet"), structureRef=STRUCTURE_ID)
    observations = suppressed = 0
    for row_index, row in enumerate(shown.source.rows):
        series = series_of(row.key)
        for column, code, unit in (
            (COUNT, series.count_series, UNIT_COUNT),
            (RATE, series.rate_series, UNIT_RATE),
        ):
            status = shown.status[row_index][column]
            display = shown.display[row_index][column]
            if status == CellStatus.SHOWN and row.cells[column] is None:
                continue  # not computable (no population figure): nothing to report
            element = ET.SubElement(dataset, _tag(GENERIC, "Series"))
            _values(
                element,
                "SeriesKey",
                [
                    ("FREQ", "A"),
                    ("REPORTING_TYPE", "N"),
                    ("SERIES", code),
                    ("REF_AREA", area),
                    ("SEX", series.sex),
                    ("AGE", age_code(series.age)),
                ],
            )
            _values(element, "Attributes", [("UNIT_MEASURE", unit), ("UNIT_MULT", "0")])
            obs = ET.SubElement(element, _tag(GENERIC, "Obs"))
            ET.SubElement(obs, _tag(GENERIC, "ObsDimension"), value=str(year))
            if status == CellStatus.SHOWN:
                ET.SubElement(obs, _tag(GENERIC, "ObsValue"), value=display)
                _values(obs, "Attributes", [("OBS_STATUS", SHOWN_STATUS)])
                observations += 1
            else:
                confidentiality = (
                    PRIMARY_CONFIDENTIAL if status == CellStatus.PRIMARY else SECONDARY_CONFIDENTIAL
                )
                _values(
                    obs,
                    "Attributes",
                    [
                        ("OBS_STATUS", SUPPRESSED_STATUS),
                        ("CONF_STATUS", confidentiality),
                        ("COMMENT_OBS", display),
                    ],
                )
                suppressed += 1
    content = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return SdmxExport(content=content, observations=observations, suppressed=suppressed, ref_area=area)


def sdg_export(year: int, *, region: str = "", prepared: datetime | None = None) -> SdmxExport:
    table = compute_table("sdg_16_2_2", period=calendar_year(year), region=region)
    return sdmx_message(publish_table(table), year=year, region=region, prepared=prepared)


def sdg_sdmx(year: int, *, region: str = "") -> bytes:
    """SDG 16.2.2 for calendar year ``year`` (in one region when given), published, as SDMX-ML 2.1."""
    return sdg_export(year, region=region).content
