"""Canonical forms for values that are looked up exactly through a blind index."""

from __future__ import annotations

import re
import unicodedata

_NON_DIGITS = re.compile(r"[^0-9]")
_NON_ALNUM = re.compile(r"[^0-9A-Z]")


def canonical_phone(raw: str, *, default_country_code: str = "212") -> str:
    """Digits only, with the country code: '06 12-34 56 78' and '+212 612345678' give the same key."""
    digits = _NON_DIGITS.sub("", unicodedata.normalize("NFKC", raw))
    if raw.strip().startswith("+"):
        return digits
    if digits.startswith("00"):
        return digits[2:]
    if digits.startswith("0"):
        return default_country_code + digits[1:]
    return digits


def canonical_document_number(raw: str) -> str:
    """Upper-case letters and digits only: 'ab 123-456' and 'AB123456' give the same key."""
    return _NON_ALNUM.sub("", unicodedata.normalize("NFKC", raw).upper())


_PHONE_CHARACTERS = re.compile(r"^[0-9+()./\s-]+$")
MIN_PHONE_DIGITS = 6


def is_plausible_phone(raw: str) -> bool:
    """Digits with the usual separators, and enough of them to identify a line."""
    text = unicodedata.normalize("NFKC", raw).strip()
    return bool(_PHONE_CHARACTERS.match(text)) and len(_NON_DIGITS.sub("", text)) >= MIN_PHONE_DIGITS
