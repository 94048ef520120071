"""Lists of catalogue codes kept in JSON columns (forms of exploitation, sectors, nationalities…), read for
counting as their JSON text and decoded once per distinct text.

At a million cases the counting reads some 800,000 such lists, but only a few hundred distinct ones: decoding
each row's list on its own cost a fifth of the victims table's time."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import F, TextField
from django.db.models.functions import Cast


def as_text(column: str) -> Cast:
    """The column's JSON as text, for ``values_list``: the database sends it without decoding."""
    return Cast(F(column), output_field=TextField())


class CodeLists:
    """Decodes the JSON text of a list of codes into a tuple, each distinct text once."""

    def __init__(self) -> None:
        self._decoded: dict[str | None, tuple[Any, ...]] = {None: ()}

    def __call__(self, text: str | None) -> tuple[Any, ...]:
        decoded = self._decoded.get(text)
        if decoded is None:
            loaded = json.loads(text) if text else None
            decoded = tuple(loaded) if isinstance(loaded, list) else ()
            self._decoded[text] = decoded
        return decoded
