"""The shape of a row of the access matrix (tests/test_access_matrix.py) and the roles it is run for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.cast import Cast

ROLES = [
    "anonymous", "nomember", "caseworker", "other_caseworker", "coordinator", "analyst", "auditor", "admin",
    "provider", "justice", "operator", "supervisor", "other_operator", "authority", "manager", "prosecutor",
    "gendarme", "focal", "other_focal", "reviewer",
]  # fmt: skip
STAFF = [role for role in ROLES if role not in {"anonymous", "nomember"}]


@dataclass(frozen=True)
class Row:
    method: str = "get"
    kwargs: Callable[[Cast], dict[str, Any]] = lambda cast: {}
    data: dict[str, str] | Callable[[Cast], dict[str, str]] = field(default_factory=dict)
    expected: dict[str, int] = field(default_factory=dict)
    default: int = 403

    def status_for(self, role: str) -> int:
        if role == "manager" and role not in self.expected:
            # The case manager holds every right of a case worker of the same unit, plus the consent
            # override (a service rule, not a URL): unless a row says otherwise she gets the same answer.
            return self.expected.get("caseworker", self.default)
        return self.expected.get(role, self.default)


def only(allowed: dict[str, int], *, anonymous: int = 302, nomember: int = 403) -> dict[str, int]:
    return {"anonymous": anonymous, "nomember": nomember, **allowed}


EVERY_STAFF_200 = dict.fromkeys(STAFF, 200)
