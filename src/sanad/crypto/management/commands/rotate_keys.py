"""``sanad rotate-keys``: re-encrypt every identity value under the newest field key.

With a key file, ``--new-key`` puts a fresh key first in the file before rotating. With keys from the
environment, put the new key first in SANAD_FIELD_KEYS yourself, restart, then run this command. It can be
interrupted at any time and run again: rows already under the newest key are skipped. ``--check`` counts
the rows still under an older key; ``--retire-old-keys`` removes older keys from the key file once none is
needed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.crypto.keys import write_key_file
from sanad.crypto.ring import active_key_ring, use_key_ring
from sanad.crypto.rotation import rotate_all, rows_needing_rotation


class Command(BaseCommand):
    help = "Re-encrypt every encrypted value under the newest field key (resumable)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--new-key", action="store_true", help="add a new primary key to the key file first"
        )
        parser.add_argument("--check", action="store_true", help="only count rows still under an older key")
        parser.add_argument(
            "--retire-old-keys", action="store_true", help="drop older keys once none is needed"
        )
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--max-batches", type=int, default=None, help="stop after this many batches")

    def handle(self, *args: Any, **options: Any) -> None:
        ring = active_key_ring()
        if options["check"]:
            pending = rows_needing_rotation()
            for label, count in pending.items():
                self.stdout.write(f"{label}: {count} rows under an older key")
            if any(pending.values()):
                raise CommandError("Some rows are still encrypted under an older key.")
            return
        if options["retire_old_keys"]:
            self._retire(ring)
            return
        if options["new_key"]:
            if ring.key_file is None:
                raise CommandError(
                    "Keys come from SANAD_FIELD_KEYS: put the new key first in that setting, restart, "
                    "and run `sanad rotate-keys` without --new-key."
                )
            new_key = Fernet.generate_key().decode()
            write_key_file(
                ring.key_file,
                field_keys=[new_key, *ring.field_keys],
                blind_index_key=ring.blind_index_key.hex(),
            )
            ring = replace(ring, field_keys=(new_key, *ring.field_keys))
            use_key_ring(ring)
            self.stdout.write(f"Added a new primary key to {ring.key_file}.")
        report = rotate_all(
            batch_size=options["batch_size"],
            max_batches=options["max_batches"],
            progress=lambda label, done: self.stdout.write(f"  {label}: {done} rows examined"),
        )
        with transaction.atomic():
            record_event(
                action=AuditAction.KEY_ROTATION,
                actor_label="system:rotate-keys",
                detail={
                    "rows_examined": report.rows_examined,
                    "rows_rewritten": report.rows_rewritten,
                    "finished": report.finished,
                    "keys_in_ring": len(ring.field_keys),
                },
            )
        state = "finished" if report.finished else "interrupted; run again to resume"
        self.stdout.write(
            f"Rotation {state}: {report.rows_rewritten} of {report.rows_examined} rows re-encrypted "
            f"({report.values_rewritten} values)."
        )

    def _retire(self, ring: Any) -> None:
        if ring.key_file is None:
            raise CommandError(
                "Keys come from SANAD_FIELD_KEYS: remove the old keys from that setting yourself."
            )
        pending = rows_needing_rotation()
        if any(pending.values()):
            raise CommandError("Rows are still under an older key: finish `sanad rotate-keys` first.")
        write_key_file(
            ring.key_file, field_keys=[ring.field_keys[0]], blind_index_key=ring.blind_index_key.hex()
        )
        use_key_ring(replace(ring, field_keys=(ring.field_keys[0],)))
        self.stdout.write(f"Kept only the primary key in {ring.key_file}.")
