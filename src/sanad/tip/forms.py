"""Forms of the TIP pages: the year picker, the list import and the coordinator's rating."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.tip.models import Rating


class TierListForm(forms.Form):
    tier_list = forms.FileField(
        label=_("Tier list (CSV, UTF-8)"),
        help_text=_("Columns iso3, year and tier (1, 2, 2WL, 3 or special); optional country and source."),
    )
    replace_conflicts = forms.BooleanField(
        label=_("Replace the placements in conflict"),
        required=False,
        help_text=_("Only after checking: the file's tier then replaces the one Sanad holds."),
    )


class RatingForm(forms.Form):
    # No rating is preselected: a coordinator who saves a note must have chosen the rating herself.
    rating = forms.ChoiceField(label=_("Rating"), choices=[("", _("Choose a rating")), *Rating.choices])
    note = forms.CharField(
        label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


def chosen_year(value: str | None, *, allowed: list[int], default: int) -> int:
    """The year asked for in the query string when it is one of ``allowed``; ``default`` otherwise."""
    try:
        year = int(value or "")
    except ValueError:
        return default
    return year if year in allowed else default
