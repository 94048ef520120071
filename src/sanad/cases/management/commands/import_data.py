"""``sanad import template cases --out FILE.csv|.xlsx`` writes the column format with an example row;
``sanad import cases FILE --as USERNAME [--dry-run]`` imports persons with their cases into that user's
organisation, all or nothing (docs/import.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanad.accounts.models import User
from sanad.cases.imports import import_cases, template

KINDS = ("cases",)
PROGRESS_EVERY = 100


class Command(BaseCommand):
    help = "Bulk import from CSV or XLSX, with a template per kind and a dry run."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        made = actions.add_parser("template", help="Write the column format of a kind, with an example row.")
        made.add_argument("kind", choices=KINDS)
        made.add_argument("--out", required=True, type=Path, help="FILE.csv or FILE.xlsx")
        cases = actions.add_parser("cases", help="Import persons with their cases.")
        cases.add_argument("file", type=Path)
        cases.add_argument(
            "--as", dest="username", required=True, help="the user importing; her organisation"
        )
        cases.add_argument("--dry-run", action="store_true", help="check and report, store nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "template":
            out: Path = options["out"]
            out.write_bytes(template(as_xlsx=out.suffix.lower() == ".xlsx"))
            self.stdout.write(f"Wrote the {options['kind']} template to {out}.")
            return
        actor = User.objects.filter(username=options["username"], is_active=True).first()
        if actor is None:
            raise CommandError(f"--as: no active user {options['username']}.")
        path: Path = options["file"]

        def progress(written: int, total: int) -> None:
            # Flushed: whoever watches a long import (or kills it) sees how far the transaction has gone.
            if written % PROGRESS_EVERY == 0 and written < total:
                self.stdout.write(f"{written} of {total} rows written, not yet stored")
                self.stdout.flush()

        try:
            report = import_cases(
                actor=actor,
                content=path.read_bytes(),
                filename=path.name,
                dry_run=options["dry_run"],
                progress=progress,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        for problem in report.errors:
            self.stderr.write(problem.message)
        if report.errors:
            raise CommandError(f"{len(report.errors)} error(s): nothing was imported.")
        verb = "would create" if report.dry_run else "created"
        self.stdout.write(
            f"{report.rows} rows: {verb} {len(report.to_create)} cases with their persons; "
            f"{len(report.already_imported)} already imported."
        )
