from __future__ import annotations

from typing import Any

from django import template

from sanad.plans.models import Recommendation

register = template.Library()


@register.filter
def recommendation_text(recommendation: Recommendation, language: str) -> dict[str, Any]:
    """The text in the reader's language when translated, else in its original language, with the language
    it is in (for the lang and dir attributes)."""
    if getattr(recommendation, f"text_{language}", ""):
        return {"text": getattr(recommendation, f"text_{language}"), "language": language}
    return {"text": recommendation.original_text, "language": recommendation.original_language}
