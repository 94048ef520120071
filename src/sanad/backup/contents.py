"""What an archive holds, inside its encryption: zlib-compressed JSON lines.

One line per record, told apart by their first character:

- ``{…}`` a control record: ``header`` first (format, date, database, migrations, key ids), then
  ``table`` (name, model, columns) before the rows of a table, ``file`` (folder, name) before the content
  of a file, and ``manifest`` last;
- ``[…]`` one row of the current table, raw column values (see ``codec``);
- ``"…"`` a piece of the current file, base64.

The manifest repeats the header and lists every member (table or file) with its row count or size and the
SHA-256 of its content (a table: its row lines; a file: its bytes), and how many stored values each field
key encrypts. ``read_contents`` checks all of it while it reads: a member whose count or digest differs
from the manifest, a missing manifest or anything after it stops the reading.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from sanad.backup.archive import ArchiveWriter
from sanad.backup.errors import BackupError

COMPRESSION_LEVEL = 6
FILE_PIECE_BYTES = 48 * 1024
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}")


def _control(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


class ContentWriter:
    """Writes records into an archive and keeps the figures of the manifest."""

    def __init__(self, archive: ArchiveWriter) -> None:
        self._archive = archive
        self._compressor = zlib.compressobj(COMPRESSION_LEVEL)
        self._header: dict[str, Any] | None = None
        self._member: dict[str, Any] | None = None
        self._digest = hashlib.sha256()
        self.members: list[dict[str, Any]] = []

    def _line(self, line: bytes) -> None:
        self._archive.write(self._compressor.compress(line + b"\n"))

    def _close_member(self) -> None:
        if self._member is not None:
            self._member["sha256"] = self._digest.hexdigest()
            self.members.append(self._member)
            self._member = None

    def header(self, header: dict[str, Any]) -> None:
        self._header = {"kind": "header", **header}
        self._line(_control(self._header))

    def begin_table(self, *, name: str, model: str, columns: list[str]) -> None:
        self._close_member()
        self._line(_control({"kind": "table", "name": name, "model": model, "columns": columns}))
        self._member = {"member": f"table:{name}", "rows": 0}
        self._digest = hashlib.sha256()

    def row(self, line: bytes) -> None:
        assert self._member is not None and "rows" in self._member
        self._line(line)
        self._digest.update(line + b"\n")
        self._member["rows"] += 1

    def begin_file(self, *, folder: str, name: str) -> None:
        self._close_member()
        self._line(_control({"kind": "file", "folder": folder, "name": name}))
        self._member = {"member": f"file:{folder}/{name}", "bytes": 0}
        self._digest = hashlib.sha256()

    def file_data(self, data: bytes) -> None:
        assert self._member is not None and "bytes" in self._member
        for start in range(0, len(data), FILE_PIECE_BYTES):
            piece = data[start : start + FILE_PIECE_BYTES]
            self._line(json.dumps(base64.b64encode(piece).decode("ascii")).encode("ascii"))
            self._digest.update(piece)
            self._member["bytes"] += len(piece)

    def finish(self, summary: dict[str, Any]) -> dict[str, Any]:
        """Write the manifest (the header, the members, and ``summary``) and flush the compressor."""
        self._close_member()
        manifest = {"kind": "manifest", **summary, "header": self._header, "members": self.members}
        self._line(_control(manifest))
        self._archive.write(self._compressor.flush())
        return manifest


@dataclass(frozen=True)
class Header:
    values: dict[str, Any]


@dataclass(frozen=True)
class TableStart:
    name: str
    model: str
    columns: list[str]


@dataclass(frozen=True)
class FileStart:
    folder: str
    name: str


@dataclass(frozen=True)
class FilePiece:
    data: bytes


@dataclass(frozen=True)
class Manifest:
    values: dict[str, Any]


Record = Header | TableStart | FileStart | FilePiece | Manifest | bytes


def _malformed() -> BackupError:
    return BackupError(_("The content of the backup archive is malformed: it was not written by Sanad."))


def _lines(parts: Iterable[bytes]) -> Iterator[bytes]:
    decompressor = zlib.decompressobj()
    pending = b""
    try:
        for part in parts:
            lines = (pending + decompressor.decompress(part)).split(b"\n")
            pending = lines.pop()
            yield from lines
        pending += decompressor.flush()
    except zlib.error as error:
        raise _malformed() from error
    if pending or not decompressor.eof:
        raise _malformed()


def _safe(name: Any) -> str:
    if not isinstance(name, str) or not _SAFE_NAME.fullmatch(name):
        raise _malformed()
    return name


class _Checker:
    """Follows the records of an archive: their order, and each member's count and digest."""

    def __init__(self) -> None:
        self.header: dict[str, Any] | None = None
        self.manifest: dict[str, Any] | None = None
        self.members: list[dict[str, Any]] = []
        self._member: dict[str, Any] | None = None
        self._digest = hashlib.sha256()

    def row(self, line: bytes) -> bytes:
        if self._member is None or "rows" not in self._member:
            raise _malformed()
        self._digest.update(line + b"\n")
        self._member["rows"] += 1
        return line

    def piece(self, line: bytes) -> FilePiece:
        if self._member is None or "bytes" not in self._member:
            raise _malformed()
        try:
            data = base64.b64decode(json.loads(line), validate=True)
        except (ValueError, TypeError) as error:
            raise _malformed() from error
        self._digest.update(data)
        self._member["bytes"] += len(data)
        return FilePiece(data)

    def _begin(self, member: dict[str, Any] | None) -> None:
        if self._member is not None:
            self._member["sha256"] = self._digest.hexdigest()
            self.members.append(self._member)
        self._member = member
        self._digest = hashlib.sha256()

    def control(self, line: bytes) -> Record | None:
        try:
            record = json.loads(line)
            kind = record["kind"]
        except (ValueError, KeyError, TypeError) as error:
            raise _malformed() from error
        if (self.header is None) != (kind == "header"):
            raise _malformed()
        if kind == "header":
            self.header = record
            return Header(record)
        if kind == "table":
            columns = record.get("columns")
            if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
                raise _malformed()
            name = _safe(record.get("name"))
            self._begin({"member": f"table:{name}", "rows": 0})
            return TableStart(name=name, model=str(record.get("model", "")), columns=columns)
        if kind == "file":
            folder, name = _safe(record.get("folder")), _safe(record.get("name"))
            self._begin({"member": f"file:{folder}/{name}", "bytes": 0})
            return FileStart(folder=folder, name=name)
        if kind == "manifest":
            self._begin(None)
            self.manifest = record
            return None
        raise _malformed()

    def final(self) -> Manifest:
        manifest = self.manifest
        if manifest is None:
            raise BackupError(_("The backup archive has no manifest: it is incomplete."))
        if manifest.get("header") == self.header and manifest.get("members") == self.members:
            return Manifest(manifest)
        listed = manifest.get("members")
        by_name = (
            {m.get("member"): m for m in listed if isinstance(m, dict)} if isinstance(listed, list) else {}
        )
        for found in self.members:
            if by_name.get(found["member"]) != found:
                raise BackupError(
                    _("The member %(member)s of the backup archive does not match its manifest.")
                    % {"member": found["member"]}
                )
        raise BackupError(_("The manifest of the backup archive does not match its content."))


def read_contents(parts: Iterable[bytes]) -> Iterator[Record]:
    """The records of an archive in order, the manifest last once every member matched it.

    Rows are given out as their raw JSON line (bytes): only a restore needs to parse them.
    """
    checker = _Checker()
    for line in _lines(parts):
        if checker.manifest is not None:
            raise _malformed()
        first = line[:1]
        if first == b"[":
            yield checker.row(line)
        elif first == b'"':
            yield checker.piece(line)
        else:
            record = checker.control(line)
            if record is not None:
                yield record
    yield checker.final()
