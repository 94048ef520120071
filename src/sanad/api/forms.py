from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.accounts.models import Organisation, Role
from sanad.api.scopes import SCOPES
from sanad.api.tokens import MAX_DAYS


class TokenForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.filter(is_active=True).order_by("name")
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Which system uses the token, e.g. the hotline platform."),
    )
    role = forms.ModelChoiceField(
        label=_("Acts as"),
        queryset=Role.objects.order_by("code"),
        help_text=_("The token sees and does what staff of the organisation with this role would."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=list(SCOPES.items()), widget=forms.CheckboxSelectMultiple
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=MAX_DAYS, initial=90)
