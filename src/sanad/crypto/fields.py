"""Model fields whose values are encrypted at rest with the process's key ring."""

from __future__ import annotations

from typing import Any

from django.db import models

from sanad.crypto.ring import decrypt_text, encrypt_text


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; decrypted only when the model is loaded in memory.

    Encrypted values cannot be filtered, ordered or indexed: use a blind index column for exact lookups.
    Empty strings are stored empty, so "no value" stays distinguishable from "a secret value".
    """

    description = "Text encrypted at rest"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(str(value))

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in {"isnull", "exact"}:
            raise NotImplementedError(
                f"Encrypted field {self.name!r} cannot be searched with {lookup_name!r}; use its blind index."
            )
        return super().get_lookup(lookup_name)


def encrypted_fields_by_model() -> dict[type[models.Model], list[EncryptedTextField]]:
    """Every concrete model holding encrypted fields, with those fields."""
    from django.apps import apps

    found: dict[type[models.Model], list[EncryptedTextField]] = {}
    for model in apps.get_models():
        if model._meta.abstract or model._meta.proxy:
            continue
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            found[model] = fields
    return found
