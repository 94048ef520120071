"""The encrypted envelope of a backup: AES-256-GCM over fixed-size parts, written and read as a stream.

Layout: ``SANADBAK`` (8 bytes), the length of the header (4 bytes, big-endian), the header (JSON: format,
cipher, part size, salt, the id of the backup key), then the parts. Every part but the last holds exactly
``part_size`` bytes of plaintext plus the 16-byte tag; the last holds the rest.

The key of one archive is derived from the backup key and the archive's random salt (HKDF-SHA256), so no
two archives share a key and counter nonces never repeat. The nonce of a part is its number and a flag
telling whether it is the last (the STREAM construction): a part moved, removed, repeated or cut off, or a
changed byte anywhere in the header or a part, makes decryption fail. The header is authenticated with
every part.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from collections.abc import Iterator
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.utils.translation import gettext as _

from sanad.backup.errors import BackupError
from sanad.backup.keys import SETTING, BackupKey

MAGIC = b"SANADBAK"
FORMAT = 1
CIPHER = "AES-256-GCM/HKDF-SHA256/STREAM"
DEFAULT_PART_SIZE = 1024 * 1024
MIN_PART_SIZE = 1024
MAX_PART_SIZE = 16 * 1024 * 1024
MAX_HEADER_BYTES = 64 * 1024
TAG_BYTES = 16
_LENGTH = struct.Struct(">I")


def _archive_key(secret: bytes, salt: bytes) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"sanad backup archive v1").derive(
        secret
    )
    return AESGCM(derived)


def _nonce(index: int, *, last: bool) -> bytes:
    return struct.pack(">Q", index) + b"\x00\x00\x00" + (b"\x01" if last else b"\x00")


class ArchiveWriter:
    """Encrypts what is written to it into ``sink``; ``close`` writes the last part. Counts and hashes the
    bytes written, so the administrator can compare a copy of the file with the figure logged."""

    def __init__(self, sink: BinaryIO, key: BackupKey, *, part_size: int = DEFAULT_PART_SIZE) -> None:
        if not MIN_PART_SIZE <= part_size <= MAX_PART_SIZE:
            raise ValueError(part_size)
        self._sink = sink
        self._part_size = part_size
        salt = os.urandom(32)
        header = json.dumps(
            {
                "format": FORMAT,
                "cipher": CIPHER,
                "part_size": part_size,
                "salt": salt.hex(),
                "backup_key_id": key.key_id,
            },
            sort_keys=True,
        ).encode("ascii")
        self._prefix = MAGIC + _LENGTH.pack(len(header)) + header
        self._aead = _archive_key(key.secret, salt)
        self._buffer = bytearray()
        self._index = 0
        self.bytes_written = 0
        self.sha256 = hashlib.sha256()
        self.closed = False
        self._emit(self._prefix)

    def _emit(self, data: bytes) -> None:
        self._sink.write(data)
        self.bytes_written += len(data)
        self.sha256.update(data)

    def write(self, data: bytes) -> None:
        self._buffer += data
        # Keep at least one byte back: the last part must be written by close(), flagged as the last.
        while len(self._buffer) > self._part_size:
            part = bytes(self._buffer[: self._part_size])
            del self._buffer[: self._part_size]
            self._emit(self._aead.encrypt(_nonce(self._index, last=False), part, self._prefix))
            self._index += 1

    def close(self) -> None:
        self._emit(self._aead.encrypt(_nonce(self._index, last=True), bytes(self._buffer), self._prefix))
        self._buffer.clear()
        self.closed = True


def _damaged(part: int) -> BackupError:
    return BackupError(
        _(
            "The backup archive failed its integrity check at part %(part)s: it was altered, damaged or "
            "cut short. Nothing was restored; use another copy of the backup."
        )
        % {"part": part + 1}
    )


def _read_header(source: BinaryIO, key: BackupKey) -> tuple[bytes, dict[str, Any]]:
    magic = source.read(len(MAGIC))
    if magic != MAGIC:
        raise BackupError(_("This file is not a Sanad backup archive."))
    raw_length = source.read(_LENGTH.size)
    if len(raw_length) != _LENGTH.size:
        raise BackupError(_("The backup archive is cut short: its header is incomplete."))
    (length,) = _LENGTH.unpack(raw_length)
    if length > MAX_HEADER_BYTES:
        raise BackupError(_("The header of the backup archive is damaged."))
    raw_header = source.read(length)
    try:
        header = json.loads(raw_header)
        complete = isinstance(header, dict) and all(
            name in header for name in ("format", "cipher", "part_size", "salt", "backup_key_id")
        )
    except ValueError:
        complete = False
    if not complete:
        raise BackupError(_("The header of the backup archive is damaged."))
    if header["format"] != FORMAT or header["cipher"] != CIPHER:
        raise BackupError(
            _("This backup archive has format %(format)s, which this version of Sanad cannot read.")
            % {"format": header["format"]}
        )
    part_size = header["part_size"]
    if not isinstance(part_size, int) or not MIN_PART_SIZE <= part_size <= MAX_PART_SIZE:
        raise BackupError(_("The header of the backup archive is damaged."))
    if header["backup_key_id"] != key.key_id:
        raise BackupError(
            _(
                "This backup was encrypted with the backup key %(archive_key)s, and the configured backup "
                "key (%(path)s, setting %(setting)s) is %(configured_key)s: configure the key that wrote it."
            )
            % {
                "archive_key": header["backup_key_id"],
                "configured_key": key.key_id,
                "path": key.path,
                "setting": SETTING,
            }
        )
    return MAGIC + raw_length + raw_header, header


def read_archive(source: BinaryIO, key: BackupKey) -> Iterator[bytes]:
    """The plaintext of the archive, part by part, each part checked before it is given out.

    A part is only given out once the next one has been read, so the last part is known as the last.
    Raises BackupError when the archive is not one, was written with another key, or fails a check.
    """
    prefix, header = _read_header(source, key)
    try:
        aead = _archive_key(key.secret, bytes.fromhex(header["salt"]))
    except ValueError as error:
        raise BackupError(_("The header of the backup archive is damaged.")) from error
    stored_part = header["part_size"] + TAG_BYTES
    index = 0
    current = source.read(stored_part)
    if len(current) < TAG_BYTES:
        raise BackupError(_("The backup archive is cut short: it holds no data after its header."))
    while True:
        following = source.read(stored_part)
        last = not following
        try:
            yield aead.decrypt(_nonce(index, last=last), current, prefix)
        except InvalidTag as error:
            if last and len(current) == stored_part and _opens(aead, index, current, prefix):
                raise BackupError(
                    _(
                        "The backup archive is cut short: it ends after part %(part)s, before its last "
                        "part. Nothing was restored; use another copy of the backup."
                    )
                    % {"part": index + 1}
                ) from error
            raise _damaged(index) from error
        if last:
            return
        current = following
        index += 1


def _opens(aead: AESGCM, index: int, part: bytes, prefix: bytes) -> bool:
    """Whether a part opens as one that is not the last: then the archive was cut at a part boundary."""
    try:
        aead.decrypt(_nonce(index, last=False), part, prefix)
    except InvalidTag:
        return False
    return True
