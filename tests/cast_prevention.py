"""The cast's campaigns and trainings (filled in by the prevention module)."""

from __future__ import annotations

from typing import Any


def build_prevention(cast: Any) -> None:
    """Placeholder until the prevention module lands in this branch."""
