from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.accounts.models import Organisation
from sanad.catalogs import loader
from sanad.referrals.models import ConsentDecision, ConsentMethod, ConsentPurpose, Urgency


def _services() -> list[tuple[str, Any]]:
    return list(loader.services().choices())


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    organisation = forms.ModelChoiceField(
        label=_("Named organisation (referral only)"),
        queryset=Organisation.objects.filter(is_active=True).exclude(services=[]),
        required=False,
    )
    service_type = forms.ChoiceField(
        label=_("Service (referral only)"), choices=lambda: [("", "—"), *_services()], required=False
    )
    decision = forms.ChoiceField(
        label=_("Decision"), choices=ConsentDecision.choices, widget=forms.RadioSelect
    )
    method = forms.ChoiceField(label=_("How it was recorded"), choices=ConsentMethod.choices)
    given_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()


class ReferralForm(forms.Form):
    service_type = forms.ChoiceField(label=_("Service"), choices=_services)
    to_organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.filter(is_active=True).exclude(services=[])
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.ROUTINE)
    note = forms.CharField(
        label=_("Referral note"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    override_reason = forms.CharField(
        label=_("Reason for referring without consent (override)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when no valid consent covers this referral and you hold the override right."),
    )


class RespondForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_state = forms.ChoiceField(
        choices=[
            ("accepted", _("Accept")),
            ("declined", _("Decline")),
            ("in_progress", _("Start")),
            ("completed", _("Complete")),
        ]
    )
    reason = forms.CharField(label=_("Reason (when declining)"), required=False, max_length=1000)


class WithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)


class ServiceDeliveredForm(forms.Form):
    service_type = forms.ChoiceField(label=_("Service"), choices=_services)
    delivered_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delivered_on"].initial = timezone.localdate()


class DirectoryFilterForm(forms.Form):
    service = forms.ChoiceField(
        label=_("Service"), required=False, choices=lambda: [("", _("All services")), *_services()]
    )
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=lambda: [("", _("All regions")), *loader.regions().choices()],
    )
