"""``sanad xlsform screening --lang fr,ar --out FILE.xlsx`` writes the current identification guide as an
XLSForm for ODK Collect or KoboToolbox; ``sanad xlsform import FILE --as USERNAME`` imports what came back
(an ODK submission .xml or a KoboToolbox JSON export), each screening into the case it names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanad.accounts.models import User
from sanad.identification.services import current_guide, import_offline_file
from sanad.identification.xlsform import SubmissionError, xlsform


class Command(BaseCommand):
    help = "The identification guide as an XLSForm, and the import of screenings collected with it."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        form = actions.add_parser("screening", help="Write the current guide as an XLSForm.")
        form.add_argument("--lang", default="fr,ar", help="label languages, comma-separated (en, fr, ar)")
        form.add_argument("--out", required=True, type=Path)
        imported = actions.add_parser("import", help="Import an ODK submission (.xml) or a Kobo JSON export.")
        imported.add_argument("file", type=Path)
        imported.add_argument("--as", dest="username", required=True, help="the user who screened")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "screening":
            guide = current_guide()
            try:
                content = xlsform(guide.definition, [code.strip() for code in options["lang"].split(",")])
            except ValueError as error:
                raise CommandError(str(error)) from None
            options["out"].write_bytes(content)
            self.stdout.write(f"Wrote guide {guide.version} as an XLSForm to {options['out']}.")
            return
        actor = User.objects.filter(username=options["username"], is_active=True).first()
        if actor is None:
            raise CommandError(f"--as: no active user {options['username']}.")
        try:
            screenings = import_offline_file(actor=actor, content=options["file"].read_bytes())
        except (SubmissionError, ValidationError) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise CommandError("; ".join(messages)) from None
        for screening in screenings:
            flag = " (form made from an older guide version)" if screening.older_guide else ""
            self.stdout.write(
                f"{screening.case.reference}: screened with guide {screening.guide.version}, "
                f"outcome {screening.outcome}{flag}."
            )
