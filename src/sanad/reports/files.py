"""Where generated reports are kept."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def reports_directory() -> Path:
    folder = Path(settings.SANAD_HOME) / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
