from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.shelters.models import BedCategory


class AdmitForm(forms.Form):
    category = forms.ChoiceField(label=_("Bed category"), choices=BedCategory.choices)
    over_capacity_reason = forms.CharField(
        label=_("Reason for admitting beyond capacity"),
        required=False,
        max_length=1000,
        help_text=_("Only when every bed of the category is taken."),
    )


class DischargeForm(forms.Form):
    reason = forms.CharField(label=_("Reason for discharge"), max_length=200)


class CapacityForm(forms.Form):
    women = forms.IntegerField(label=_("Women"), min_value=0)
    men = forms.IntegerField(label=_("Men"), min_value=0)
    children = forms.IntegerField(label=_("Children"), min_value=0)
    emergency = forms.IntegerField(label=_("Emergency"), min_value=0)
