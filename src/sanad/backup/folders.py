"""The encrypted folders (evidence files) in a backup, and how a restore puts them in place.

A restore writes the files of each folder into a hidden folder beside it, then, just before the database
transaction commits, moves the current folder aside and the new one in its place. If the commit fails the
move is undone; once it succeeded the old folder is deleted. The files are copied as they are: they stay
encrypted under the field keys.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from sanad.crypto.files import encrypted_folders

PARTIAL_SUFFIX = ".rotating"  # a file key rotation is still writing (sanad.crypto.files)


def folder_files(folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if path.is_file() and not path.name.endswith(PARTIAL_SUFFIX):
            yield path


def folders_holding_files() -> dict[str, int]:
    counts = {name: sum(1 for _path in folder_files(folder)) for name, folder in encrypted_folders().items()}
    return {name: count for name, count in counts.items() if count}


class StagedFolders:
    """New contents for every encrypted folder, written aside and swapped in by ``swap_in``."""

    def __init__(self) -> None:
        self._folders = encrypted_folders()
        token = secrets.token_hex(4)
        self._staging = {
            name: folder.with_name(f".{folder.name}.restoring-{token}")
            for name, folder in self._folders.items()
        }
        self._replaced = {
            name: folder.with_name(f".{folder.name}.replaced-{token}")
            for name, folder in self._folders.items()
        }
        self._swapped: list[str] = []
        for staging in self._staging.values():
            staging.mkdir(mode=0o700)

    def create(self, folder: str, name: str) -> BinaryIO:
        """A new file in the staged copy of ``folder`` (a folder this instance has: checked beforehand)."""
        descriptor = os.open(self._staging[folder] / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        return os.fdopen(descriptor, "wb")

    def swap_in(self) -> None:
        for name, folder in self._folders.items():
            if folder.exists():
                folder.rename(self._replaced[name])
            self._staging[name].rename(folder)
            self._swapped.append(name)

    def undo(self) -> None:
        """Put the folders back as they were and delete what was staged."""
        for name in reversed(self._swapped):
            folder = self._folders[name]
            shutil.rmtree(folder, ignore_errors=True)
            if self._replaced[name].exists():
                self._replaced[name].rename(folder)
        self._swapped.clear()
        for staging in self._staging.values():
            shutil.rmtree(staging, ignore_errors=True)

    def finish(self) -> None:
        for replaced in self._replaced.values():
            shutil.rmtree(replaced, ignore_errors=True)
