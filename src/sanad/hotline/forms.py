from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.access import policy
from sanad.accounts.models import Organisation
from sanad.catalogs import loader
from sanad.crypto.normalise import is_plausible_phone
from sanad.hotline.models import AlertMethod, Channel, ContactType, ReporterRelation, TriageState, Urgency
from sanad.hotline.services import NARRATIVE_MAX_LENGTH
from sanad.people.models import Sex


def _region_choices() -> list[tuple[str, Any]]:
    return [("", _("Unknown region")), *loader.regions().choices()]


def _language_choices() -> list[tuple[str, Any]]:
    return [("", _("Not recorded")), *loader.languages().choices()]


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class RecordContactForm(forms.Form):
    """Field order is keyboard order: an operator tabs through it during the call."""

    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    contact_type = forms.ChoiceField(
        label=_("Contact type"), choices=ContactType.choices, initial=ContactType.TIP
    )
    urgency = forms.TypedChoiceField(
        label=_("Urgency"),
        choices=Urgency.choices,
        coerce=int,
        initial=Urgency.ROUTINE,
        widget=forms.RadioSelect,
    )
    reporter_relation = forms.ChoiceField(
        label=_("Reporter"), choices=ReporterRelation.choices, initial=ReporterRelation.THIRD_PARTY
    )
    language = forms.ChoiceField(label=_("Language"), choices=_language_choices, required=False)
    region = forms.ChoiceField(label=_("Region"), choices=_region_choices, required=False)
    narrative = forms.CharField(
        label=_("What was reported"),
        max_length=NARRATIVE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    callback_number = forms.CharField(label=_("Callback number"), max_length=32, required=False)
    received_at = forms.DateTimeField(label=_("Received at"), widget=LocalDateTimeInput())

    def clean_callback_number(self) -> str:
        return _clean_phone(self.cleaned_data["callback_number"])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["channel"].widget.attrs["autofocus"] = True


def _clean_phone(value: str) -> str:
    value = value.strip()
    if value and not is_plausible_phone(value):
        raise forms.ValidationError(_("Give a phone number of digits (at least 6), or leave it empty."))
    return value


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class TransitionForm(VersionedForm):
    to_state = forms.ChoiceField(
        choices=[
            (state.value, state.label)
            for state in (
                TriageState.TRIAGED,
                TriageState.INFORMATION_ONLY,
                TriageState.NOT_TRAFFICKING,
                TriageState.CLOSED,
            )
        ]
    )
    reason = forms.CharField(
        label=_("Reason for closing"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EscalateForm(VersionedForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation that will own the case"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    link_earlier_case = forms.BooleanField(
        label=_("Link to the case of this caller's earlier contact"), required=False
    )
    given_name_latin = forms.CharField(label=_("Given name (Latin script)"), max_length=100, required=False)
    family_name_latin = forms.CharField(label=_("Family name (Latin script)"), max_length=100, required=False)
    given_name_ar = forms.CharField(label=_("Given name (Arabic script)"), max_length=100, required=False)
    family_name_ar = forms.CharField(label=_("Family name (Arabic script)"), max_length=100, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            is_active=True, type__in=policy.CASE_OWNING_ORGANISATION_TYPES
        ).order_by("name")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("organisation") and not data.get("link_earlier_case"):
            self.add_error("organisation", _("Choose the organisation that will own the case."))
        return data

    def person_fields(self) -> dict[str, str]:
        keys = ("given_name_latin", "family_name_latin", "given_name_ar", "family_name_ar", "sex")
        return {key: self.cleaned_data[key] for key in keys}


class AlertForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit alerted"), queryset=Organisation.objects.none())
    recipient_name = forms.CharField(label=_("Officer alerted"), max_length=120)
    method = forms.ChoiceField(label=_("How"), choices=AlertMethod.choices)
    sent_at = forms.DateTimeField(label=_("When"), widget=LocalDateTimeInput())
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            is_active=True, type__in=policy.ALERTABLE_ORGANISATION_TYPES
        ).order_by("name")
        self.fields["sent_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class ContactFilterForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), required=False, max_length=16)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *TriageState.choices]
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All channels")), *Channel.choices]
    )
    contact_type = forms.ChoiceField(
        label=_("Contact type"), required=False, choices=[("", _("All types")), *ContactType.choices]
    )


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The period ends before it starts."))
        return data


class PublicTipForm(forms.Form):
    """The public form. ``leave_empty`` is a honeypot: hidden from people, filled in by bots. Its name is one
    no browser autofill recognises, so a person's tip is never mistaken for a bot's."""

    narrative = forms.CharField(
        label=_("What did you see or hear?"),
        max_length=NARRATIVE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "autocomplete": "off"}),
        help_text=_("Where and when, who is involved, what is happening. Do not give your name."),
    )
    region = forms.ChoiceField(label=_("Region"), choices=_region_choices, required=False)
    callback_number = forms.CharField(
        label=_("A number where we can call you back (optional)"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    leave_empty = forms.CharField(required=False, label=_("Leave this field empty"))

    def clean_callback_number(self) -> str:
        return _clean_phone(self.cleaned_data["callback_number"])
