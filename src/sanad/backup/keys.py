"""The backup key, and the fingerprints that name keys without revealing them.

The backup key encrypts archives. It is a secret of its own: not ``SECRET_KEY``, not a field key, so that an
archive found together with one of those secrets still reveals nothing. It is read from the file named by
``SANAD_BACKUP_KEY_FILE``, or ``$SANAD_HOME/backup_key``: 32 random bytes written as 64 hexadecimal
characters, readable by its owner only. ``sanad init-keys`` creates it.

A fingerprint is a truncated SHA-256 of a key under a purpose label: it tells two keys apart and names the
key an archive needs, and it cannot be turned back into the key (the keys are 256-bit random values).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from sanad.backup.errors import BackupError

SETTING = "SANAD_BACKUP_KEY_FILE"
DEFAULT_NAME = "backup_key"
KEY_BYTES = 32
FERNET_VERSION = 0x80
_FERNET_HMAC_BYTES = 32
_FERNET_MIN_BYTES = 1 + 8 + 16 + 16 + _FERNET_HMAC_BYTES  # version, time, iv, one AES block, hmac


def fingerprint(purpose: str, secret: bytes) -> str:
    """16 hexadecimal characters naming ``secret`` for ``purpose``; equal keys give equal fingerprints."""
    return hashlib.sha256(f"sanad {purpose} fingerprint".encode() + b"\x00" + secret).hexdigest()[:16]


def field_key_id(key: str) -> str:
    return fingerprint("field key", base64.urlsafe_b64decode(key))


def blind_index_key_id(key: bytes) -> str:
    return fingerprint("blind-index key", key)


@dataclass(frozen=True)
class BackupKey:
    secret: bytes
    path: Path

    @property
    def key_id(self) -> str:
        return fingerprint("backup key", self.secret)


def backup_key_path() -> Path:
    configured = os.environ.get(SETTING, "").strip()
    if configured:
        return Path(configured)
    return Path(settings.SANAD_HOME) / DEFAULT_NAME


def load_backup_key() -> BackupKey:
    """The configured backup key; BackupError naming the setting when it is missing or unusable."""
    path = backup_key_path()
    if not path.is_file():
        raise BackupError(
            _(
                "No backup key: %(path)s does not exist. Set %(setting)s to the backup key file, or run "
                "`sanad init-keys` to create one, and keep a copy of it away from the backups."
            )
            % {"path": path, "setting": SETTING}
        )
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise BackupError(
            _(
                "The backup key file %(path)s (setting %(setting)s) can be read by others (mode %(mode)s): "
                "chmod it to 600."
            )
            % {"path": path, "setting": SETTING, "mode": f"{mode:o}"}
        )
    text = path.read_text(encoding="ascii", errors="replace").strip()
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        secret = b""
    if len(secret) != KEY_BYTES:
        raise BackupError(
            _(
                "The backup key file %(path)s (setting %(setting)s) must hold %(count)s hexadecimal "
                "characters (a %(bits)s-bit key)."
            )
            % {"path": path, "setting": SETTING, "count": 2 * KEY_BYTES, "bits": 8 * KEY_BYTES}
        )
    return BackupKey(secret=secret, path=path)


def create_backup_key(path: Path) -> bool:
    """Write a new random backup key to ``path``, readable by its owner only, unless the file exists."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(KEY_BYTES) + "\n")
    os.chmod(path, 0o600)
    return True


class KeyUsage:
    """Counts, for each field key of the ring, the stored Fernet tokens it signed.

    Only the HMAC of each token is checked (Fernet specification: HMAC-SHA256 under the first half of the
    key over everything but the last 32 bytes): nothing is decrypted, so no identity passes through here.
    """

    def __init__(self, field_keys: Iterable[str]) -> None:
        keys = list(field_keys)
        self.key_ids = [field_key_id(key) for key in keys]
        self._signing_keys = [base64.urlsafe_b64decode(key)[:16] for key in keys]
        self.counts = [0] * len(keys)
        self.unknown = 0

    def count(self, token: str | bytes) -> None:
        if not token:
            return
        index = self.signing_key_index(token)
        if index is None:
            self.unknown += 1
        else:
            self.counts[index] += 1

    def signing_key_index(self, token: str | bytes) -> int | None:
        try:
            data = base64.urlsafe_b64decode(token)
        except (binascii.Error, ValueError):
            return None
        if len(data) < _FERNET_MIN_BYTES or data[0] != FERNET_VERSION:
            return None
        signed, signature = data[:-_FERNET_HMAC_BYTES], data[-_FERNET_HMAC_BYTES:]
        for index, signing_key in enumerate(self._signing_keys):
            if hmac.compare_digest(hmac.new(signing_key, signed, hashlib.sha256).digest(), signature):
                return index
        return None

    def as_manifest(self) -> list[dict[str, object]]:
        return [
            {"id": key_id, "position": position, "values": count}
            for position, (key_id, count) in enumerate(zip(self.key_ids, self.counts, strict=True), start=1)
        ]
