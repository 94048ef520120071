"""Template filters that route every count a page shows through disclosure control."""

from __future__ import annotations

from django import template

from sanad.statistics.disclosure import shown_count, shown_share

register = template.Library()


@register.filter
def disclosed(count: int | None, exact: bool) -> str:
    return "—" if count is None else shown_count(int(count), exact=bool(exact))


@register.simple_tag
def share(numerator: int, denominator: int, exact: bool) -> str:
    return shown_share(int(numerator), int(denominator), exact=bool(exact))
