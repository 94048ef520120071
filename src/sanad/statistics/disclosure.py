"""Disclosure control: the one place where small counts are hidden before anything is shown or leaves.

Primary suppression only so far: counts from 1 to k-1 are shown as "<k". Tables with margins need
secondary suppression, which arrives with the statistics module (issue 7) and must live here too.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_THRESHOLD = 5


@dataclass(frozen=True)
class PublishedCount:
    value: int | None
    display: str

    @property
    def suppressed(self) -> bool:
        return self.value is None


def publish_count(count: int, *, threshold: int = DEFAULT_THRESHOLD) -> PublishedCount:
    if 0 < count < threshold:
        return PublishedCount(value=None, display=f"<{threshold}")
    return PublishedCount(value=count, display=str(count))


def shown_count(count: int, *, exact: bool, threshold: int = DEFAULT_THRESHOLD) -> str:
    """A count as a page shows it: exact for the roles that hold the right, else after suppression."""
    return str(count) if exact else publish_count(count, threshold=threshold).display


def shown_share(numerator: int, denominator: int, *, exact: bool, threshold: int = DEFAULT_THRESHOLD) -> str:
    """A percentage; after disclosure control it is hidden when either part or its complement is a small
    count, because the share and a published total would give the hidden count back."""
    if not denominator:
        return "—"
    if not exact and any(0 < part < threshold for part in (numerator, denominator - numerator, denominator)):
        return f"<{threshold}"
    return f"{round(100 * numerator / denominator)} %"
