"""Statistics writes: only audit rows, since every figure is computed, never stored."""

from __future__ import annotations

from typing import Any

from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.statistics.ctdc import CtdcReport
from sanad.statistics.sdmx import SdmxExport
from sanad.statistics.table import ShownTable


def record_table_export(*, actor: Any, shown: ShownTable, file_format: str) -> None:
    table = shown.source
    record_event(
        action=AuditAction.EXPORT,
        actor=actor,
        target_label=f"statistics table {table.code}",
        detail={
            "table": table.code,
            "period": f"{table.period.kind} {table.period.year}",
            "region": table.region,
            "published": shown.published,
            "format": file_format,
            "hidden_cells": shown.hidden_count,
        },
    )


def record_sdmx_export(
    *, actor: Any, export: SdmxExport, year: int, region: str, actor_label: str = ""
) -> None:
    record_event(
        action=AuditAction.EXPORT,
        actor=actor,
        actor_label=actor_label,
        target_label=f"SDG 16.2.2 SDMX {year}" + (f" {region}" if region else ""),
        detail={
            "export": "sdg_16_2_2_sdmx",
            "year": year,
            "region": region,
            "observations": export.observations,
            "suppressed": export.suppressed,
        },
    )


def record_ctdc_export(*, actor: Any, report: CtdcReport, year: int | None, actor_label: str = "") -> None:
    record_event(
        action=AuditAction.EXPORT,
        actor=actor,
        actor_label=actor_label,
        target_label=f"CTDC microdata {year if year is not None else 'all years'}",
        detail={
            "export": "ctdc_csv",
            "year": year,
            "k": report.k,
            "records_in": report.records_in,
            "consent_withdrawn": report.consent_withdrawn,
            "suppressed": report.suppressed,
            "records_out": report.records_out,
            "generalised": report.generalised,
        },
    )
