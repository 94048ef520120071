"""``sanad backup --out FILE``: an encrypted, integrity-checked archive of the database and evidence files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sanad.backup.errors import BackupError
from sanad.backup.progress import ProgressPrinter
from sanad.backup.services import write_backup


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _(
            "Write an encrypted, integrity-checked backup of the database and the evidence files "
            "(key: SANAD_BACKUP_KEY_FILE or $SANAD_HOME/backup_key)."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out",
            type=Path,
            required=True,
            help=_("the archive to write, or a folder to write a dated archive in"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = write_backup(out=options["out"], progress=ProgressPrinter(self.stdout))
        except BackupError as error:
            raise CommandError(str(error)) from error
        if report.undecryptable_values:
            self.stderr.write(
                _(
                    "Warning: %(count)s stored values are not encrypted under any configured field key; they "
                    "are in the backup as they are."
                )
                % {"count": report.undecryptable_values}
            )
        self.stdout.write(
            _(
                "Backup written to %(path)s: %(size)s MB, %(rows)s rows in %(tables)s tables, "
                "%(files)s files, in %(seconds)s s."
            )
            % {
                "path": report.path,
                "size": f"{report.size / 1_000_000:.1f}",
                "rows": f"{report.total_rows:,}",
                "tables": len(report.rows),
                "files": report.files,
                "seconds": f"{report.seconds:.1f}",
            }
        )
        self.stdout.write(_("SHA-256 of the archive: %(digest)s") % {"digest": report.sha256})
