from __future__ import annotations

from django import template

from sanad import money as amounts

register = template.Library()


@register.filter
def money(minor: int | None, currency: str = "") -> str:
    """{{ measure.budget_planned_minor|money:plan.currency }}"""
    return amounts.display(minor, currency)
