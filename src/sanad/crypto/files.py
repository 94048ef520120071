"""Encrypted files: folders whose every file is a Fernet token of the field key ring.

Apps that keep encrypted files (evidence of progress reports) register their folder here when they start,
so that key rotation re-encrypts the files with the database fields and ``--check`` counts them: retiring
a key that a file still needs would make that file unreadable.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from sanad.crypto.ring import is_under_primary_key, rotate_token

_FOLDERS: dict[str, Callable[[], Path]] = {}


def register_encrypted_folder(name: str, folder: Callable[[], Path]) -> None:
    _FOLDERS[name] = folder


def encrypted_folders() -> dict[str, Path]:
    return {name: folder() for name, folder in _FOLDERS.items()}


def _files(folder: Path) -> Iterator[Path]:
    return (
        path for path in sorted(folder.iterdir()) if path.is_file() and not path.name.endswith(".rotating")
    )


def files_needing_rotation() -> dict[str, int]:
    return {
        f"files:{name}": sum(
            1 for path in _files(folder) if not is_under_primary_key(path.read_text("ascii"))
        )
        for name, folder in encrypted_folders().items()
    }


def rotate_files() -> dict[str, int]:
    """Re-encrypt every file not under the primary key: written beside it, then renamed over it, so a file is
    always whole and readable whether or not the rotation was interrupted."""
    rewritten: dict[str, int] = {}
    for name, folder in encrypted_folders().items():
        count = 0
        for path in _files(folder):
            token = path.read_text("ascii")
            if is_under_primary_key(token):
                continue
            partial = path.with_name(path.name + ".rotating")
            partial.write_text(rotate_token(token), "ascii")
            os.replace(partial, path)
            count += 1
        rewritten[f"files:{name}"] = count
    return rewritten
