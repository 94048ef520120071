"""Amounts are kept as integers in minor units (centimes) with a currency code, never as floats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

MINOR_PER_MAJOR = 100


def to_minor(amount: Decimal | None) -> int:
    return int(((amount or Decimal(0)) * MINOR_PER_MAJOR).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_major(minor: int | None) -> Decimal:
    return (Decimal(minor or 0) / MINOR_PER_MAJOR).quantize(Decimal("0.01"))


def display(minor: int | None, currency: str = "") -> str:
    """ "1 234 567.50 MAD": grouped with thin spaces, legible in every language."""
    major = to_major(minor)
    whole, _dot, cents = f"{major:.2f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    text = f"{sign}{'\u202f'.join(groups) or '0'}" + (f".{cents}" if cents != "00" else "")
    return f"{text} {currency}".strip()


class AmountField(forms.DecimalField):
    """An amount in major units (dirhams) with at most two decimals, zero or more."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("max_digits", 16)
        kwargs.setdefault("help_text", _("For example 125000.50"))
        super().__init__(**kwargs)  # type: ignore[arg-type]
