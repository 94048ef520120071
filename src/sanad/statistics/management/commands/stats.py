"""``sanad stats``: any national table from the command line, for scripting.

``sanad stats --list`` names the tables; ``sanad stats TABLE --period YEAR [--tip-period] [--region CODE]
[--format csv|json|xlsx] [--published] [--out FILE]`` writes one. Without ``--published`` the figures are
exact: the command runs on the server, with the database's own rights; anything meant to leave the
commission takes ``--published``. Every run is audited.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.catalogs import loader
from sanad.documents.files import write_whole
from sanad.statistics.disclosure import shown_table
from sanad.statistics.periods import PeriodKind, period
from sanad.statistics.table_files import FORMATS, render
from sanad.statistics.tables import TABLES, compute_table


class Command(BaseCommand):
    help = "Print or write a national statistics table (sanad stats --list names them)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("table", nargs="?", help="table name (see --list)")
        parser.add_argument("--list", action="store_true", help="list the tables and stop")
        parser.add_argument("--period", type=int, help="calendar year, or the year a TIP period ends in")
        parser.add_argument("--tip-period", action="store_true", help="TIP period (1 April to 31 March)")
        parser.add_argument("--region", default="", help="region code (e.g. MA-06); default: whole country")
        parser.add_argument("--format", default="csv", choices=FORMATS)
        parser.add_argument("--published", action="store_true", help="apply disclosure control")
        parser.add_argument("--out", help="write to this file instead of standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for code, spec in TABLES.items():
                self.stdout.write(f"{code:20} {spec.title}")
            return
        code = options["table"]
        if not code:
            raise CommandError("name a table (sanad stats --list shows them)")
        if code not in TABLES:
            raise CommandError(f"unknown table {code!r}; the tables are: {', '.join(TABLES)}")
        year = options["period"]
        if year is None:
            raise CommandError("--period YEAR is required")
        if not 1900 <= year <= 2200:
            raise CommandError(f"--period: {year} is not a plausible year")
        region = options["region"]
        if region and region not in {entry.code for entry in loader.regions().entries}:
            raise CommandError(f"--region: unknown region {region!r}")
        file_format = options["format"]
        if file_format == "xlsx" and not options["out"]:
            raise CommandError("--format xlsx needs --out FILE")
        if options["out"] and not Path(options["out"]).resolve().parent.is_dir():
            raise CommandError(f"--out: the folder {Path(options['out']).resolve().parent} does not exist")
        kind = PeriodKind.TIP if options["tip_period"] else PeriodKind.CALENDAR
        table = compute_table(code, period=period(kind, year), region=region)
        shown = shown_table(table, exact=not options["published"])
        content = render(shown, file_format)
        record_event(
            action=AuditAction.EXPORT,
            actor_label="command line",
            target_label=f"statistics table {code}",
            detail={
                "table": code,
                "period": f"{kind} {year}",
                "region": region,
                "published": shown.published,
                "format": file_format,
                "hidden_cells": shown.hidden_count,
            },
        )
        if options["out"]:
            write_whole(Path(options["out"]), content)
            self.stdout.write(f"wrote {options['out']} ({len(content)} bytes)")
        else:
            sys.stdout.flush()
            self.stdout.write(content.decode("utf-8"), ending="")
