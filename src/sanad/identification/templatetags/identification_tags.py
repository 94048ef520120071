from __future__ import annotations

from django import template

from sanad.catalogs import loader
from sanad.identification.explain import strength_label

register = template.Library()


@register.filter
def strength(value: str) -> str:
    """An indicator's strength (strong, medium, weak) in the user's language."""
    return strength_label(value)


@register.filter
def language_name(code: str) -> str:
    return loader.language_label(code) if code else ""
