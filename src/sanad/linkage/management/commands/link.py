"""``sanad link run`` links the persons of every organisation (as a scheduled job would); ``sanad link
benchmark --records N`` measures the matcher against synthetic registrations with known truth."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanad.linkage.models import RunState


class Command(BaseCommand):
    help = "Record linkage: run it on the database, or benchmark the matcher on synthetic data."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("run", help="Link the persons of every organisation now.")
        benchmark = actions.add_parser("benchmark", help="Measure the matcher against known truth.")
        benchmark.add_argument("--records", type=int, default=100_000)
        benchmark.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "benchmark":
            from sanad.linkage.benchmark import report, run

            if options["records"] < 10:
                raise CommandError("--records: give at least 10 records.")
            self.stdout.write(report(run(options["records"], seed=options["seed"])))
            return
        from sanad.linkage.services import run_from_command

        def progress(step: str, percent: int) -> None:
            self.stderr.write(f"{percent:3d} % {step}")

        try:
            done = run_from_command(progress=progress)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if done.state != RunState.DONE:
            raise CommandError(f"The linkage run failed ({done.error}); the log has the details.")
        self.stdout.write(
            f"{done.records} records, {done.persons} persons: {done.records_linked} records linked by this "
            f"run, {done.pairs_for_review} pairs left for review (expected duplicates among them "
            f"{done.expected_duplicates or 0:.1f})."
        )
