"""Re-encrypting every stored value under the primary key, in batches that can be interrupted and resumed.

Each batch commits on its own. Until a row is rewritten it stays readable through the older keys still in
the ring, so stopping at any moment leaves every row readable; running again skips rows already done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from allauth.mfa.models import Authenticator
from django.db import connection, models, transaction

from sanad.crypto.fields import encrypted_fields_by_model
from sanad.crypto.files import files_needing_rotation, rotate_files
from sanad.crypto.ring import is_under_primary_key, rotate_token


@dataclass
class RotationReport:
    rows_examined: int = 0
    rows_rewritten: int = 0
    values_rewritten: int = 0
    finished: bool = False
    per_model: dict[str, int] = field(default_factory=dict)


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def _select_batch(model: type[models.Model], columns: list[str], after: Any, size: int) -> list[tuple]:
    table = _quoted(model._meta.db_table)
    pk_column = _quoted(str(model._meta.pk.column))
    selected = ", ".join([pk_column, *(_quoted(c) for c in columns)])
    with connection.cursor() as cursor:
        if after is None:
            cursor.execute(f"SELECT {selected} FROM {table} ORDER BY {pk_column} LIMIT %s", [size])  # noqa: S608
        else:
            cursor.execute(
                f"SELECT {selected} FROM {table} WHERE {pk_column} > %s ORDER BY {pk_column} LIMIT %s",  # noqa: S608
                [after, size],
            )
        return list(cursor.fetchall())


def _rewrite_row(model: type[models.Model], pk: Any, values: dict[str, str]) -> None:
    table = _quoted(model._meta.db_table)
    pk_column = _quoted(str(model._meta.pk.column))
    assignments = ", ".join(f"{_quoted(column)} = %s" for column in values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {assignments} WHERE {pk_column} = %s",  # noqa: S608
            [*values.values(), pk],
        )


def rows_needing_rotation() -> dict[str, int]:
    """Count, per model, the rows with a value not yet under the primary key."""
    counts: dict[str, int] = {}
    for model, fields in encrypted_fields_by_model().items():
        columns = [str(f.column) for f in fields]
        after: Any = None
        pending = 0
        while batch := _select_batch(model, columns, after, 1000):
            for row in batch:
                if any(token and not is_under_primary_key(token) for token in row[1:]):
                    pending += 1
            after = batch[-1][0]
        counts[model._meta.label] = pending
    counts.update(files_needing_rotation())
    counts[Authenticator._meta.label] = sum(1 for _ in _authenticators_needing_rotation())
    return counts


# allauth keeps the second-factor secrets in a JSON column, encrypted by sanad.accounts.mfa under these keys.
AUTHENTICATOR_SECRET_KEYS = ("secret", "seed")


def _authenticators_needing_rotation() -> Any:
    for authenticator in Authenticator.objects.all().iterator():
        stale = [
            key
            for key in AUTHENTICATOR_SECRET_KEYS
            if isinstance(authenticator.data.get(key), str)
            and not is_under_primary_key(authenticator.data[key])
        ]
        if stale:
            yield authenticator, stale


def _rotate_authenticators() -> int:
    rewritten = 0
    with transaction.atomic():
        for authenticator, stale in list(_authenticators_needing_rotation()):
            for key in stale:
                authenticator.data[key] = rotate_token(authenticator.data[key])
            authenticator.save(update_fields=["data"])
            rewritten += 1
    return rewritten


def rotate_all(
    *,
    batch_size: int = 500,
    max_batches: int | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> RotationReport:
    """Rewrite every encrypted value not under the primary key. ``max_batches`` stops early on purpose."""
    report = RotationReport()
    batches_done = 0
    for model, fields in encrypted_fields_by_model().items():
        columns = [str(f.column) for f in fields]
        label = model._meta.label
        report.per_model.setdefault(label, 0)
        after: Any = None
        while True:
            if max_batches is not None and batches_done >= max_batches:
                return report
            with transaction.atomic():
                batch = _select_batch(model, columns, after, batch_size)
                if not batch:
                    break
                for row in batch:
                    pk, tokens = row[0], row[1:]
                    report.rows_examined += 1
                    changed = {
                        column: rotate_token(token)
                        for column, token in zip(columns, tokens, strict=True)
                        if token and not is_under_primary_key(token)
                    }
                    if changed:
                        _rewrite_row(model, pk, changed)
                        report.rows_rewritten += 1
                        report.values_rewritten += len(changed)
                        report.per_model[label] += 1
                after = batch[-1][0]
            batches_done += 1
            if progress:
                progress(label, report.rows_examined)
    rotated = _rotate_authenticators()
    report.per_model[Authenticator._meta.label] = rotated
    report.rows_rewritten += rotated
    report.values_rewritten += rotated
    for label, count in rotate_files().items():
        report.per_model[label] = count
        report.rows_rewritten += count  # a file counts as one row holding one value
        report.values_rewritten += count
    report.finished = True
    return report
