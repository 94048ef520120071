"""``sanad export``: the files Sanad sends to international bodies, always after disclosure control.

``sanad export sdmx --year YEAR [--region CODE] --out FILE.xml`` writes SDG 16.2.2 as SDMX-ML 2.1;
``sanad export ctdc [--year YEAR] [--k K] --out FILE.csv`` writes k-anonymised CTDC victim microdata (every
year with a detected victim when ``--year`` is left out) and prints what was left out. Each run is audited.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sanad.catalogs import loader
from sanad.documents.files import write_whole
from sanad.statistics import services
from sanad.statistics.ctdc import configured_k, ctdc_csv, ctdc_rows
from sanad.statistics.periods import calendar_year
from sanad.statistics.sdmx import sdg_export

FIRST_YEAR = 2000  # no decision under a trafficking law predates this


def _checked_year(year: int) -> int:
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise CommandError(f"--year: {year} is not a year from {FIRST_YEAR} to {this_year}")
    return year


def _checked_out(value: str, suffix: str) -> Path:
    path = Path(value)
    if path.is_dir():
        raise CommandError(f"--out: {value} is a folder; name a {suffix} file")
    if not path.resolve().parent.is_dir():
        raise CommandError(f"--out: the folder {path.resolve().parent} does not exist")
    return path


class Command(BaseCommand):
    help = "Export SDG 16.2.2 as SDMX-ML 2.1 (sdmx) or k-anonymised CTDC victim microdata as CSV (ctdc)."

    def add_arguments(self, parser: CommandParser) -> None:
        formats = parser.add_subparsers(dest="format", required=True, metavar="{sdmx,ctdc}")
        sdmx = formats.add_parser("sdmx", help="SDG 16.2.2, published, as an SDMX-ML 2.1 data message")
        sdmx.add_argument("--year", type=int, required=True, help="calendar year")
        sdmx.add_argument("--region", default="", help="region code (e.g. MA-06); default: whole country")
        sdmx.add_argument("--out", required=True, help="file to write (.xml)")
        ctdc = formats.add_parser("ctdc", help="CTDC victim microdata, k-anonymised, as CSV")
        ctdc.add_argument("--year", type=int, help="calendar year; default: every year with a victim")
        ctdc.add_argument("--k", type=int, help="minimum rows per quasi-identifier combination")
        ctdc.add_argument("--out", required=True, help="file to write (.csv)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["format"] == "sdmx":
            self._sdmx(options)
        else:
            self._ctdc(options)

    def _write(self, out: Path, content: bytes) -> None:
        # The audit row is stored before the file appears: an export may fail after being audited, but no
        # file leaves without its audit row.
        write_whole(out, content)
        self.stdout.write(f"wrote {out} ({len(content)} bytes)")

    def _sdmx(self, options: dict[str, Any]) -> None:
        year = _checked_year(options["year"])
        region = options["region"] or ""
        if region and region not in loader.regions().by_code():
            raise CommandError(f"--region: unknown region {region!r}")
        out = _checked_out(options["out"], ".xml")
        export = sdg_export(year, region=region)
        services.record_sdmx_export(
            actor=None, actor_label="command line", export=export, year=year, region=region
        )
        self._write(out, export.content)
        self.stdout.write(
            f"{export.observations} observation(s), {export.suppressed} withheld by disclosure control"
        )

    def _ctdc(self, options: dict[str, Any]) -> None:
        year = None if options["year"] is None else _checked_year(options["year"])
        k = configured_k() if options["k"] is None else options["k"]
        if k < 2:
            raise CommandError(f"--k: {k} is too small; k must be at least 2")
        out = _checked_out(options["out"], ".csv")
        export = ctdc_rows(None if year is None else calendar_year(year), k=k)
        report = export.report
        services.record_ctdc_export(actor=None, actor_label="command line", report=report, year=year)
        self._write(out, ctdc_csv(export))
        self.stdout.write(f"records in: {report.records_in}")
        self.stdout.write(f"left out, statistics consent withdrawn: {report.consent_withdrawn}")
        self.stdout.write(
            f"suppressed (k={report.k} on {', '.join(report.quasi_identifiers)}): {report.suppressed}"
        )
        self.stdout.write(f"records out: {report.records_out}")
        for name, count in report.generalised.items():
            if count:
                self.stdout.write(f"generalised {name} to empty: {count} published record(s)")
