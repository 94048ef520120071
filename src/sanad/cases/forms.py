from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.access.services import MIN_REASON_LENGTH
from sanad.cases.models import CaseStatus
from sanad.catalogs import loader


class CaseFilterForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), required=False, max_length=32)
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=lambda: [("", _("All regions")), *loader.regions().choices()],
    )
    year = forms.IntegerField(label=_("Year opened"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *CaseStatus.choices]
    )


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        min_length=MIN_REASON_LENGTH,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why you need this person's identity now. The auditor reads this."),
    )
