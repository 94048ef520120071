"""Optimistic concurrency: an edit names the version it was read at and is refused if the row moved on.

Rows that users edit carry a ``version`` integer. Services lock the row (select_for_update), call
``check_version`` and increment the version in the same transaction, so two people editing the same record
never silently overwrite each other: the second one is told to reload.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class StaleEditError(ValidationError):
    pass


def stale_edit_error() -> StaleEditError:
    return StaleEditError(
        _("Someone else changed this record since you opened it. Reload the page and check their changes.")
    )


def check_version(record: Any, expected_version: int | None) -> None:
    if expected_version is not None and record.version != expected_version:
        raise stale_edit_error()


def bump_version(record: Any) -> None:
    record.version += 1
