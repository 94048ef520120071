"""``sanad report annual --year YEAR --lang fr|ar|en --out FILE.pdf [--tip-period]``: the annual national
report, generated in the foreground. The tables are published (disclosure control) exactly as in the
report generated from the web pages; the run is audited as an export."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.documents.files import write_whole
from sanad.reports.models import JobStep, Language, PeriodKind
from sanad.reports.pdf import annual_report_pdf


class Command(BaseCommand):
    help = "Generate a report: sanad report annual --year YEAR --lang fr|ar|en --out FILE.pdf"

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="annual")
        annual = kinds.add_parser("annual", help="the annual national report as a PDF")
        annual.add_argument("--year", type=int, required=True, help="calendar year (or the TIP period's end)")
        annual.add_argument("--lang", required=True, choices=Language.values)
        annual.add_argument("--out", required=True, help="PDF file to write")
        annual.add_argument("--tip-period", action="store_true", help="TIP period (1 April to 31 March)")

    def handle(self, *args: Any, **options: Any) -> None:
        year, language = options["year"], options["lang"]
        if not 2000 <= year <= 2200:
            raise CommandError(f"--year: {year} is not a plausible year")
        out = Path(options["out"])
        if not out.resolve().parent.is_dir():
            raise CommandError(f"--out: the folder {out.resolve().parent} does not exist")
        period_kind = PeriodKind.TIP if options["tip_period"] else PeriodKind.CALENDAR
        started = time.monotonic()
        labels = dict(JobStep.choices)
        last_step = ""

        def progress(step: str, percent: int) -> None:
            nonlocal last_step
            if step != last_step:
                last_step = step
                self.stdout.write(f"{percent:3d} % {labels.get(step, step)}")

        content = annual_report_pdf(year, language, period_kind=period_kind, progress=progress)
        write_whole(out, content)
        record_event(
            action=AuditAction.EXPORT,
            actor_label="command line",
            target_label=f"annual report {year} {language}",
            detail={
                "export": "annual_report",
                "year": year,
                "language": language,
                "period": period_kind,
                "size": len(content),
            },
        )
        self.stdout.write(f"wrote {out} ({len(content)} bytes) in {time.monotonic() - started:.1f} s")
