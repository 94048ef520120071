from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.access import policy
from sanad.accounts.models import Organisation
from sanad.cases.models import ClosureReason, FollowUpKind


class PlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    needs = forms.CharField(
        label=_("Needs"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    goals = forms.CharField(
        label=_("Goals"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    review_on = forms.DateField(
        label=_("Next review"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class FollowUpForm(forms.Form):
    happened_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=FollowUpKind.choices)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].initial = timezone.localdate()


class TransferForm(forms.Form):
    to_organisation = forms.ModelChoiceField(
        label=_("Organisation that will own the case"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            is_active=True, type__in=policy.CASE_OWNING_ORGANISATION_TYPES
        )


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=ClosureReason.choices)
    closed_on = forms.DateField(label=_("Closed on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()
