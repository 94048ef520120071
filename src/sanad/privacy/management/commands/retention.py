"""``sanad retention run [--dry-run]``: anonymise the persons and hotline contacts past the retention period
(``SANAD_RETENTION_YEARS``), or list them without changing anything. Run it from cron (docs/privacy.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sanad.privacy.retention import RetentionReport, run_retention


class Command(BaseCommand):
    help = "Retention: anonymise the cases closed longer ago than SANAD_RETENTION_YEARS (names never shown)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        run = actions.add_parser("run", help="Anonymise what the retention rule says (or list it).")
        run.add_argument(
            "--dry-run", action="store_true", help="List what would be anonymised; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = run_retention(dry_run=options["dry_run"])
        self.stdout.write(self._text(report))

    @staticmethod
    def _text(report: RetentionReport) -> str:
        verb = "would be anonymised" if report.dry_run else "anonymised"
        lines = [
            f"Retention {report.years} years: cases closed before {report.cutoff.isoformat()}"
            + (" (dry run, nothing changed)" if report.dry_run else ""),
            "reference\tclosed on\torganisation",
        ]
        lines += [
            f"{case.reference}\t{case.closed_on.isoformat() if case.closed_on else ''}\t{case.organisation}"
            for case in report.cases
        ]
        lines.append(f"{len(report.cases)} cases of {report.persons} persons {verb}.")
        if report.contacts:
            lines.append("hotline contact\treceived on\thotline")
            lines += [
                f"{contact.reference}\t{contact.received_on.isoformat()}\t{contact.hotline}"
                for contact in report.contacts
            ]
        lines.append(f"{len(report.contacts)} hotline contacts without a case {verb}.")
        if report.open_contacts_kept:
            lines.append(
                f"{report.open_contacts_kept} hotline contacts received before "
                f"{report.cutoff.isoformat()} are still open and were kept: close them at the hotline."
            )
        return "\n".join(lines)
