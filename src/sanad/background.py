"""Background jobs of the web process: a job row is committed first, then a thread runs it and reports its
progress on that row, which the page polls. Jobs lost with a restart are shown as interrupted by the page
that reads them (see each module's timeout)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.db import connection

JobRunner = Callable[[UUID], Any]


def start_in_thread(run: JobRunner, job_id: UUID, *, name: str) -> threading.Thread:
    def target() -> None:
        try:
            run(job_id)
        finally:
            # The thread's connection would otherwise stay open until the process ends.
            connection.close()

    thread = threading.Thread(target=target, name=f"{name}-{job_id}", daemon=True)
    thread.start()
    return thread
