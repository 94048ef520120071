from __future__ import annotations

from django import template

from sanad.cases.models import Case

register = template.Library()


@register.filter
def case_labels(case: Case, field: str) -> list[str]:
    """Labels, in the user's language, of the catalogue codes a case holds in ``field``."""
    return case.labels_of(field)
