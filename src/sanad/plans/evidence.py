"""Evidence files: what is accepted, and where the content is kept.

A file is accepted when its name is a plain name with one extension from the list, its size is within the
limit, and its first bytes match the type its extension claims (a renamed executable is refused). The
content is encrypted with the field key ring and written under SANAD_HOME/evidence, a directory no web
server serves, under a random name; only the download view, after the access check, reads it back.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from sanad.crypto.ring import decrypt_bytes, encrypt_bytes

MAX_BYTES = 10 * 1024 * 1024
MAX_NAME_LENGTH = 120

_ZIP = b"PK\x03\x04"
# Extension -> (content type, accepted leading bytes; None means plain text).
ACCEPTED: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (_ZIP,)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (_ZIP,)),
    "odt": ("application/vnd.oasis.opendocument.text", (_ZIP,)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (_ZIP,)),
    "csv": ("text/csv", None),
    "txt": ("text/plain", None),
}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    content: bytes
    sha256: str


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def check_upload(upload: UploadedFile) -> CheckedFile:
    """The upload, read and checked; ValidationError on the ``file`` field otherwise."""
    name = unicodedata.normalize("NFC", upload.name or "")
    if any(unicodedata.category(char) in ("Cc", "Cf") for char in name):
        # Control characters, and format characters such as U+202E that make "x\u202efdp.exe" read as
        # "xexe.pdf", have no place in a file name shown to others.
        raise _refuse(_("The file name contains invisible or control characters: rename the file."))
    if not name or "/" in name or "\\" in name or name.startswith(".") or "\x00" in name or ".." in name:
        raise _refuse(
            _("The file name must be a plain name, without folders: rename the file and try again.")
        )
    if len(name) > MAX_NAME_LENGTH:
        raise _refuse(_("The file name is longer than %(limit)s characters.") % {"limit": MAX_NAME_LENGTH})
    stem, _dot, extension = name.rpartition(".")
    if not stem:
        raise _refuse(_("The file has no extension; accepted types: %(types)s.") % {"types": accepted_list()})
    if "." in stem:
        raise _refuse(
            _("The file name has more than one extension (%(name)s): rename it with a single one.")
            % {"name": name}
        )
    extension = extension.lower()
    if extension not in ACCEPTED:
        raise _refuse(
            _("Files of type .%(extension)s are not accepted; accepted types: %(types)s.")
            % {"extension": extension, "types": accepted_list()}
        )
    if upload.size is not None and upload.size > MAX_BYTES:
        raise _refuse(_("The file is larger than %(limit)s MB.") % {"limit": MAX_BYTES // (1024 * 1024)})
    content = upload.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise _refuse(_("The file is larger than %(limit)s MB.") % {"limit": MAX_BYTES // (1024 * 1024)})
    if not content:
        raise _refuse(_("The file is empty."))
    content_type, signatures = ACCEPTED[extension]
    if not _matches(content, signatures):
        raise _refuse(
            _("The content of the file is not a .%(extension)s file: it may be renamed or damaged.")
            % {"extension": extension}
        )
    return CheckedFile(name, content_type, content, hashlib.sha256(content).hexdigest())


def _matches(content: bytes, signatures: tuple[bytes, ...] | None) -> bool:
    if signatures is None:
        if b"\x00" in content:
            return False
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    return content.startswith(signatures)


def accepted_list() -> str:
    return ", ".join(sorted(ACCEPTED))


def evidence_directory() -> Path:
    directory = Path(settings.SANAD_HOME) / "evidence"
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def store(checked: CheckedFile) -> str:
    """Write the encrypted content under a new random name and return that name."""
    storage_name = secrets.token_hex(24)
    path = evidence_directory() / storage_name
    with path.open("xb") as handle:  # never overwrite
        handle.write(encrypt_bytes(checked.content))
    return storage_name


def discard(storage_name: str) -> None:
    (evidence_directory() / storage_name).unlink(missing_ok=True)


def read(storage_name: str) -> bytes:
    return decrypt_bytes((evidence_directory() / storage_name).read_bytes())
