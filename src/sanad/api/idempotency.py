"""Retries of a write with the same ``Idempotency-Key`` get the first answer again, not a second record."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.api.auth import token_of
from sanad.api.errors import ApiError
from sanad.api.models import ApiToken, IdempotentResponse
from sanad.crypto.ring import blind_index

MAX_KEY_LENGTH = 100


class _KeyAlreadyUsedError(Exception):
    pass


def once(
    *,
    token: ApiToken,
    key: str | None,
    operation: str,
    payload: dict[str, Any],
    write: Callable[[], tuple[int, dict[str, Any]]],
) -> tuple[int, dict[str, Any], bool]:
    """Run ``write`` once per key: (status, body, replayed)."""
    if key is None:
        status, body = write()
        return status, body, False
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ApiError(
            422,
            "invalid_idempotency_key",
            _("An Idempotency-Key has 1 to %(length)s characters.") % {"length": MAX_KEY_LENGTH},
            field="Idempotency-Key",
        )
    # Keyed: the body may hold a name and a birth date, which a plain hash would let anyone confirm.
    digest = blind_index(
        json.dumps({"operation": operation, "payload": payload}, sort_keys=True, default=str),
        purpose="api-idempotency",
    )
    # The first call of a key, by far the most common, writes without looking first: its answer is stored in
    # the same transaction, and a key already stored makes that insert fail, which undoes the write.
    try:
        with transaction.atomic():
            status, body = write()
            try:  # no savepoint: on a clash the whole transaction, the write included, is undone
                IdempotentResponse.objects.create(
                    token=token, key=key, operation=operation, request_digest=digest, status=status,
                    body=body, created_at=timezone.now(),
                )  # fmt: skip
            except IntegrityError:
                raise _KeyAlreadyUsedError from None
            return status, body, False
    except _KeyAlreadyUsedError:
        pass
    except Exception:
        # A retry may fail where the first call succeeded (its case now exists, its referral is decided):
        # the first answer is still the answer.
        if not IdempotentResponse.objects.filter(token=token, key=key).exists():
            raise
    kept = IdempotentResponse.objects.get(token=token, key=key)
    if kept.request_digest != digest:
        raise ApiError(
            409,
            "idempotency_conflict",
            _("This Idempotency-Key was used for another request. Use a new key for a new request."),
            field="Idempotency-Key",
        )
    return kept.status, kept.body, True


def answered_once(
    request: HttpRequest, *, key: str | None, operation: str, payload: Any,
    write: Callable[[], tuple[int, dict[str, Any]]],
) -> JsonResponse:  # fmt: skip
    """An operation's answer through ``once``: the first answer as written, a retry's with status 200."""
    status, body, replayed = once(
        token=token_of(request),
        key=key,
        operation=operation,
        payload=payload.model_dump(mode="json"),
        write=write,
    )
    return JsonResponse(body, status=200 if replayed else status, safe=False)
