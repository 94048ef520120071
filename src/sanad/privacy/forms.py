from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.privacy.models import RectifiableField, Requester


class PersonSearchForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        help_text=_("In Arabic or Latin script; spellings and scripts are compared by their consonants."),
    )
    document = forms.CharField(label=_("Document number"), required=False, max_length=64)
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=40)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(str(data.get(key, "")).strip() for key in ("name", "document", "phone")):
            raise forms.ValidationError(_("Give a name, a document number or a phone number."))
        return data


class SubjectFileForm(forms.Form):
    request_reference = forms.CharField(
        label=_("Request reference"),
        max_length=64,
        help_text=_("The reference under which the request was registered; it is kept in the audit trail."),
    )


class RectificationForm(forms.Form):
    field = forms.ChoiceField(label=_("Field to correct"), choices=RectifiableField.choices)
    new_value = forms.CharField(
        label=_("Correct value"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to erase a value that should not be there."),
    )
    reason = forms.CharField(
        label=_("Why the recorded value is wrong"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept encrypted with the value before, for the data-protection officer only."),
    )
    request_reference = forms.CharField(label=_("Request reference"), max_length=64)
    requested_by = forms.ChoiceField(label=_("Requested by"), choices=Requester.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)
