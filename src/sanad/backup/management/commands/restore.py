"""``sanad restore FILE``: check a backup archive completely, then restore it into an empty instance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sanad.backup.errors import BackupError
from sanad.backup.progress import ProgressPrinter
from sanad.backup.services import restore_backup, verify_backup


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _(
            "Restore a backup archive into an empty instance (all or nothing), after checking all of it."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help=_("the archive written by `sanad backup`"))
        parser.add_argument(
            "--replace",
            action="store_true",
            help=_("delete all data of this instance and put the backup's in its place"),
        )
        parser.add_argument(
            "--verify-only",
            action="store_true",
            help=_("check the archive and whether this instance could restore it; write nothing"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["archive"]
        progress = ProgressPrinter(self.stdout)
        try:
            if options["verify_only"]:
                self._verify(path, progress)
                return
            report = restore_backup(path=path, replace=options["replace"], progress=progress)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if report.migrated:
            self.stdout.write(_("The empty database was migrated first."))
        self.stdout.write(
            _(
                "Restored %(path)s (backup of %(created)s): %(rows)s rows in %(tables)s tables, %(files)s "
                "files, in %(seconds)s s."
            )
            % {
                "path": path,
                "created": report.created_at,
                "rows": f"{report.rows:,}",
                "tables": report.tables,
                "files": report.files,
                "seconds": f"{report.seconds:.1f}",
            }
        )

    def _verify(self, path: Path, progress: ProgressPrinter) -> None:
        found = verify_backup(path=path, progress=progress)
        self.stdout.write(
            _(
                "The archive %(path)s is intact: backup of %(created)s by Sanad %(version)s on %(vendor)s, "
                "%(rows)s rows in %(tables)s tables, %(files)s files."
            )
            % {
                "path": path,
                "created": found.header.get("created_at"),
                "version": found.header.get("sanad_version"),
                "vendor": found.header.get("vendor"),
                "rows": f"{found.rows:,}",
                "tables": len(found.tables),
                "files": len(found.files),
            }
        )
        if found.problems:
            raise CommandError("\n".join(found.problems))
        self.stdout.write(_("This instance has the keys and the version of Sanad needed to restore it."))
