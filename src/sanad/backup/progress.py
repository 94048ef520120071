"""Progress of a long backup or restore on the terminal: a line every few seconds, none for a small one."""

from __future__ import annotations

import time
from typing import TextIO

from django.core.management.base import OutputWrapper
from django.utils.translation import gettext as _


class ProgressPrinter:
    def __init__(self, stream: OutputWrapper | TextIO, *, every_seconds: float = 2.0) -> None:
        self._stream = stream
        self._every = every_seconds
        self._last = time.monotonic()

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last < self._every:
            return
        self._last = now
        labels = {"backup": _("backup"), "verify": _("checking the archive"), "restore": _("restore")}
        percent = 100 * done // total if total else 0
        self._stream.write(
            _("%(stage)s: %(done)s of %(total)s rows and files (%(percent)s%%)")
            % {
                "stage": labels.get(stage, stage),
                "done": f"{done:,}",
                "total": f"{total:,}",
                "percent": percent,
            }
        )
