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
