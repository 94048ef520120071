"""What the hostile-input tests share: the routes of the URL conf, who is entitled to each, the identity of
unit A that must never leak, and a record of what a request wrote to the database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from tests.cast import (
    CALLBACK,
    CONTACT_NARRATIVE,
    DOCUMENT_A,
    NAMES_A,
    PHONE_A,
    REFERRAL_NOTE,
    SUSPECT_DOCUMENT,
    SUSPECT_NAME,
)
from tests.cast_plans import EVIDENCE_BYTES
from tests.matrix_rows import STAFF, Row

# Everything of unit A (and of the police's criminal case) that only its entitled users may see.
IDENTITY_OF_A = [
    *(part for names in NAMES_A for part in names),
    PHONE_A, DOCUMENT_A, CALLBACK, CONTACT_NARRATIVE, REFERRAL_NOTE, SUSPECT_NAME, SUSPECT_DOCUMENT,
    EVIDENCE_BYTES.decode(),
]  # fmt: skip


@dataclass(frozen=True)
class Route:
    name: str  # with its namespaces, as reverse() takes it
    route: str
    converters: dict[str, str] = field(default_factory=dict)  # parameter -> converter class name


def routes() -> list[Route]:
    """Every named URL of the URL conf, with the converters of its parameters."""

    def walk(patterns: list[Any], namespace: str, prefix: str) -> Iterator[Route]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                converters = getattr(pattern.pattern, "converters", {})
                yield Route(
                    name=f"{namespace}:{pattern.name}" if namespace else pattern.name,
                    route=prefix + str(pattern.pattern),
                    converters={key: type(value).__name__ for key, value in converters.items()},
                )

    return list(walk(get_resolver().url_patterns, "", ""))


def entitled_role(row: Row) -> str | None:
    """The first staff role the access matrix lets through (200 shown, 302 done, 400 let in and told why),
    else None."""
    for role in STAFF:
        if row.status_for(role) in (200, 302, 400):
            return role
    return None


def refused_roles(row: Row) -> list[str]:
    return [role for role in STAFF if row.status_for(role) in (403, 404)]


def leaked(body: bytes, values: list[str] = IDENTITY_OF_A) -> list[str]:
    import html

    text = html.unescape(body.decode("utf-8", errors="replace"))
    return [value for value in values if value and value in text]


_WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
# Tables a refused or rejected request may still write: its audit row (access denied, API call), the session,
# the token's last use, and the one-row lock linkage takes before it looks anything up.
BOOKKEEPING_TABLES = frozenset({"audit_auditevent", "django_session", "api_apitoken", "linkage_linkagelock"})


@dataclass
class Writes:
    tables: list[str] = field(default_factory=list)

    @property
    def to_data(self) -> list[str]:
        return [table for table in self.tables if table not in BOOKKEEPING_TABLES]


@contextmanager
def recorded_writes() -> Iterator[Writes]:
    """The tables the block inserted into, updated or deleted from."""
    writes = Writes()
    with CaptureQueriesContext(connection) as queries:
        yield writes
    for query in queries.captured_queries:
        match = _WRITE.match(query["sql"])
        if match:
            writes.tables.append(match.group(2).lower())
