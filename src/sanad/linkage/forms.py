from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.linkage.models import Verdict


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Decision"), choices=Verdict.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What decided it: the facts that match or differ."),
    )


class UnlinkForm(forms.Form):
    note = forms.CharField(
        label=_("Why these are different people"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
