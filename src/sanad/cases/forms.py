from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.access.services import MIN_REASON_LENGTH
from sanad.cases.models import CaseStatus
from sanad.catalogs import loader


class CaseFilterForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), required=False, max_length=32)
    region = forms.ChoiceField(label=_("Region"), required=False)
    year = forms.IntegerField(label=_("Year opened"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions")), *loader.regions().choices()]
        self.fields["status"].choices = [("", _("All statuses")), *CaseStatus.choices]


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        min_length=MIN_REASON_LENGTH,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why you need this person's identity now. The auditor reads this."),
    )
