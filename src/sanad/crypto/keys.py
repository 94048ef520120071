"""Where field-encryption keys come from, and the checks that refuse to start without good ones.

Keys are read from ``SANAD_FIELD_KEYS`` (comma-separated Fernet keys, the first one encrypts) and
``SANAD_BLIND_INDEX_KEY`` (hex, at least 32 bytes), or from the JSON key file named by ``SANAD_KEY_FILE``
(``{"field_keys": [...], "blind_index_key": "..."}``). They are never derived from ``SECRET_KEY``.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, MultiFernet
from django.core.exceptions import ImproperlyConfigured

MIN_BLIND_INDEX_KEY_BYTES = 32


@dataclass(frozen=True)
class KeyRing:
    """The field keys (newest first) and the blind-index key, with where they came from."""

    field_keys: tuple[str, ...]
    blind_index_key: bytes
    source: str
    key_file: Path | None = None

    def multi_fernet(self) -> MultiFernet:
        return MultiFernet([Fernet(key) for key in self.field_keys])

    def primary_fernet(self) -> Fernet:
        return Fernet(self.field_keys[0])


def _check_field_keys(keys: list[str], *, setting: str) -> tuple[str, ...]:
    if not keys:
        raise ImproperlyConfigured(f"The setting {setting} holds no field key.")
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError) as error:
            raise ImproperlyConfigured(
                f"The setting {setting} holds a malformed key at position {position}: "
                "each key must be a url-safe base64 Fernet key of 32 bytes."
            ) from error
    if len(set(keys)) != len(keys):
        raise ImproperlyConfigured(f"The setting {setting} lists the same key twice.")
    return tuple(keys)


def _check_index_key(raw: str, *, setting: str) -> bytes:
    try:
        key = bytes.fromhex(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"The setting {setting} must be a hexadecimal string.") from error
    if len(key) < MIN_BLIND_INDEX_KEY_BYTES:
        raise ImproperlyConfigured(
            f"The setting {setting} must hold at least {MIN_BLIND_INDEX_KEY_BYTES} bytes "
            f"({2 * MIN_BLIND_INDEX_KEY_BYTES} hexadecimal characters)."
        )
    return key


def read_key_file(path: Path) -> KeyRing:
    setting = "SANAD_KEY_FILE"
    if not path.is_file():
        raise ImproperlyConfigured(f"The setting {setting} points to a missing file: {path}.")
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise ImproperlyConfigured(
            f"The setting {setting} points to {path}, which others can read (mode {mode:o}); chmod it to 600."
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise ImproperlyConfigured(
            f"The setting {setting} points to {path}, which is not valid JSON."
        ) from error
    if not isinstance(data, dict) or not isinstance(data.get("field_keys"), list):
        raise ImproperlyConfigured(f"The setting {setting} points to {path}, which has no field_keys list.")
    field_keys = _check_field_keys([str(k) for k in data["field_keys"]], setting=f"{setting} (field_keys)")
    index_key = _check_index_key(str(data.get("blind_index_key", "")), setting=f"{setting} (blind_index_key)")
    return KeyRing(field_keys=field_keys, blind_index_key=index_key, source=f"file {path}", key_file=path)


def load_key_ring(environ: Mapping[str, str], *, default_key_file: Path) -> KeyRing:
    """Load keys from the environment or a key file; raise ImproperlyConfigured naming the bad setting."""
    raw_keys = environ.get("SANAD_FIELD_KEYS", "").strip()
    key_file = environ.get("SANAD_KEY_FILE", "").strip()
    if raw_keys:
        field_keys = _check_field_keys(
            [key.strip() for key in raw_keys.split(",") if key.strip()], setting="SANAD_FIELD_KEYS"
        )
        raw_index = environ.get("SANAD_BLIND_INDEX_KEY", "").strip()
        if not raw_index:
            raise ImproperlyConfigured(
                "The setting SANAD_BLIND_INDEX_KEY is required when SANAD_FIELD_KEYS is set."
            )
        return KeyRing(
            field_keys=field_keys,
            blind_index_key=_check_index_key(raw_index, setting="SANAD_BLIND_INDEX_KEY"),
            source="environment",
        )
    if key_file:
        return read_key_file(Path(key_file))
    if default_key_file.is_file():
        return read_key_file(default_key_file)
    raise ImproperlyConfigured(
        "The setting SANAD_FIELD_KEYS (or SANAD_KEY_FILE) is required: Sanad will not start without "
        "field-encryption keys. Run `sanad init-keys` to create a local key file."
    )


def write_key_file(path: Path, *, field_keys: list[str], blind_index_key: str) -> None:
    """Write a key file readable by its owner only, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    payload = json.dumps({"field_keys": field_keys, "blind_index_key": blind_index_key}, indent=2)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(payload + "\n")
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def create_local_keys(home: Path) -> list[Path]:
    """Create the secret key, field key and backup key files of a local installation, each only if absent
    (an existing installation gets the files it lacks, its keys untouched). Returns the files created."""
    from sanad.backup.keys import DEFAULT_NAME, create_backup_key

    created: list[Path] = []
    home.mkdir(parents=True, exist_ok=True)
    key_file = home / "field_keys.json"
    if not key_file.exists():
        write_key_file(
            key_file, field_keys=[Fernet.generate_key().decode()], blind_index_key=secrets.token_hex(32)
        )
        created.append(key_file)
    secret_file = home / "secret_key"
    if not secret_file.exists():
        descriptor = os.open(secret_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(50) + "\n")
        created.append(secret_file)
    # The backup key is a secret of its own: an archive must stay closed to whoever holds only the others.
    backup_key_file = home / DEFAULT_NAME
    if create_backup_key(backup_key_file):
        created.append(backup_key_file)
    return created
