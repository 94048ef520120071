"""Raw column values to JSON and back, exactly.

Values JSON holds as they are (text, integers, floats, booleans, null, lists) stay as they are. Any other
value the database driver returns is written as a one-key object naming its type: ``{"dt": ISO}`` datetime,
``{"d": ISO}`` date, ``{"t": ISO}`` time, ``{"dec": "1.50"}`` decimal, ``{"uuid": hex}``, ``{"b64": …}``
bytes, ``{"td": [days, seconds, microseconds]}`` duration. A type not in this list stops the backup rather
than being written approximately.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import json
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from sanad.backup.errors import BackupError

_PLAIN = (str, int, float, bool, type(None))


# Checked in this order: a datetime is also a date.
_TAGGED: tuple[tuple[type | tuple[type, ...], str, Callable[[Any], Any]], ...] = (
    (datetime.datetime, "dt", lambda value: value.isoformat()),
    (datetime.date, "d", lambda value: value.isoformat()),
    (datetime.time, "t", lambda value: value.isoformat()),
    (decimal.Decimal, "dec", str),
    (uuid.UUID, "uuid", lambda value: value.hex),
    ((bytes, bytearray, memoryview), "b64", lambda value: base64.b64encode(bytes(value)).decode("ascii")),
    (datetime.timedelta, "td", lambda value: [value.days, value.seconds, value.microseconds]),
)


def encode_value(value: Any) -> Any:
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, list | tuple):
        return [encode_value(item) for item in value]
    for kind, tag, encode in _TAGGED:
        if isinstance(value, kind):
            return {tag: encode(value)}
    raise TypeError(type(value).__name__)


_DECODERS: dict[str, Callable[[Any], Any]] = {
    "dt": datetime.datetime.fromisoformat,
    "d": datetime.date.fromisoformat,
    "t": datetime.time.fromisoformat,
    "dec": decimal.Decimal,
    "uuid": uuid.UUID,
    "b64": base64.b64decode,
    "td": lambda parts: datetime.timedelta(days=parts[0], seconds=parts[1], microseconds=parts[2]),
}


def decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        ((tag, raw),) = value.items()
        return _DECODERS[tag](raw)
    if isinstance(value, list):
        return [decode_value(item) for item in value]
    return value


def encode_row(row: Sequence[Any], *, table: str, columns: Sequence[str]) -> bytes:
    try:
        values = [value if isinstance(value, _PLAIN) else encode_value(value) for value in row]
    except TypeError as error:
        column = next(c for c, v in zip(columns, row, strict=True) if not _encodable(v))
        raise BackupError(
            _("The column %(table)s.%(column)s holds a value of type %(type)s that backups cannot store.")
            % {"table": table, "column": column, "type": str(error)}
        ) from error
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode_row(line: bytes) -> list[Any]:
    return [decode_value(value) for value in json.loads(line)]


def _encodable(value: Any) -> bool:
    try:
        encode_value(value)
    except TypeError:
        return False
    return True
