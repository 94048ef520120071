"""The one error of backups and restores: its message tells the administrator what is wrong and what to do."""

from __future__ import annotations


class BackupError(Exception):
    """A backup or a restore was refused or failed; nothing was changed by the restore that raised it."""
