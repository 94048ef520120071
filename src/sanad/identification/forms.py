from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.access import policy
from sanad.accounts.models import Organisation
from sanad.catalogs import loader
from sanad.identification.explain import profile_label
from sanad.identification.guide import Guide, Indicator
from sanad.identification.models import Answer, EvidenceSource, VictimStatus
from sanad.identification.services import AnswerInput


def _choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class ScreeningForm(forms.Form):
    """The interview form for one profile of one guide version: three fields per indicator."""

    profile = forms.ChoiceField(label=_("Profile"))
    interviewed_on = forms.DateField(
        label=_("Interview date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    interview_language = forms.ChoiceField(label=_("Interview language"), required=False)
    interpreter_used = forms.BooleanField(label=_("Interpreter used"), required=False)
    act_present = forms.ChoiceField(
        label=_("Was the person recruited, transported, transferred, harboured or received?"),
        choices=Answer.choices,
        initial=Answer.UNKNOWN,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, guide: Guide, profile: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guide = guide
        self.profile_code = profile
        _choice_field(self, "profile").choices = [(code, profile_label(code)) for code in guide.profiles]
        self.fields["profile"].initial = profile
        self.fields["interviewed_on"].initial = timezone.localdate()
        languages = [("", _("Not recorded")), *loader.languages().choices()]
        _choice_field(self, "interview_language").choices = languages
        evidence_choices = [("", "—"), *EvidenceSource.choices]
        for indicator in guide.profile(profile).indicators:
            self.fields[f"answer_{indicator.id}"] = forms.ChoiceField(
                label=indicator.label_in(), choices=Answer.choices, widget=forms.RadioSelect
            )
            self.fields[f"evidence_{indicator.id}"] = forms.ChoiceField(
                label=_("Evidence"), choices=evidence_choices, required=False
            )
            self.fields[f"note_{indicator.id}"] = forms.CharField(
                label=_("Note"), required=False, max_length=1000
            )

    def sections(self) -> list[tuple[str, list[tuple[Indicator, Any, Any, Any]]]]:
        """Indicators grouped by dimension, each with its three bound fields."""
        from sanad.identification.explain import dimension_label

        profile = self.guide.profile(self.profile_code)
        return [
            (
                dimension_label(dimension),
                [
                    (
                        indicator,
                        self[f"answer_{indicator.id}"],
                        self[f"evidence_{indicator.id}"],
                        self[f"note_{indicator.id}"],
                    )
                    for indicator in profile.by_dimension(dimension)
                ],
            )
            for dimension in self.guide.dimensions
            if profile.by_dimension(dimension)
        ]

    def raw_answers(self) -> dict[str, str]:
        """Answers as given so far, for a live score before the form is complete."""
        given = self.data if self.is_bound else self.initial
        return {
            indicator.id: given.get(f"answer_{indicator.id}", "")
            for indicator in self.guide.profile(self.profile_code).indicators
        }

    def answers(self) -> dict[str, AnswerInput]:
        data = self.cleaned_data
        return {
            indicator.id: AnswerInput(
                answer=data[f"answer_{indicator.id}"],
                evidence_source=data.get(f"evidence_{indicator.id}", ""),
                note=data.get(f"note_{indicator.id}", ""),
            )
            for indicator in self.guide.profile(self.profile_code).indicators
            if f"answer_{indicator.id}" in data
        }


def _choices(catalog: Any) -> list[tuple[str, str]]:
    return list(catalog().choices())


class CaseDetailsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    forms_of_exploitation = forms.MultipleChoiceField(
        label=_("Forms of exploitation"), required=False, widget=forms.CheckboxSelectMultiple
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors (ISIC)"), required=False, widget=forms.CheckboxSelectMultiple
    )
    means_of_control = forms.MultipleChoiceField(
        label=_("Means of control"), required=False, widget=forms.CheckboxSelectMultiple
    )
    recruitment_country = forms.ChoiceField(label=_("Country of recruitment"), required=False)
    recruitment_date = forms.DateField(
        label=_("Date of recruitment"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    recruiter_relation = forms.ChoiceField(label=_("Relation to the recruiter"), required=False)
    recruitment_method = forms.ChoiceField(label=_("How the person was recruited"), required=False)
    recruitment_platform = forms.CharField(
        label=_("Online platform or app used"), required=False, max_length=100
    )
    exploitation_country = forms.ChoiceField(label=_("Country of exploitation"), required=False)
    exploitation_region = forms.ChoiceField(label=_("Region of exploitation"), required=False)
    exploitation_started_on = forms.DateField(
        label=_("Exploitation started"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    exploitation_ended_on = forms.DateField(
        label=_("Exploitation ended"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    exploitation_online = forms.NullBooleanField(label=_("Exploitation online"), required=False)
    transit_countries = forms.MultipleChoiceField(label=_("Transit countries"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        blank = [("", "—")]
        countries = loader.country_choices()
        _choice_field(self, "forms_of_exploitation").choices = _choices(loader.exploitation_forms)
        _choice_field(self, "sectors").choices = _choices(loader.sectors)
        _choice_field(self, "means_of_control").choices = _choices(loader.means_of_control)
        _choice_field(self, "recruitment_country").choices = blank + countries
        _choice_field(self, "exploitation_country").choices = blank + countries
        _choice_field(self, "transit_countries").choices = countries
        _choice_field(self, "recruiter_relation").choices = blank + _choices(loader.recruiter_relations)
        _choice_field(self, "recruitment_method").choices = blank + _choices(loader.recruitment_methods)
        _choice_field(self, "exploitation_region").choices = blank + list(loader.regions().choices())

    def details(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version")
        return data


class SubmissionForm(forms.Form):
    authority = forms.ModelChoiceField(label=_("Competent authority"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            is_active=True, type__in=policy.STATUS_AUTHORITY_ORGANISATION_TYPES
        ).order_by("name")


class DecisionForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=VictimStatus.choices)
    decided_on = forms.DateField(label=_("Decision date"), widget=forms.DateInput(attrs={"type": "date"}))
    legal_basis = forms.CharField(
        label=_("Legal basis"), max_length=200, help_text=_("For example: Law 27-14, article and procedure.")
    )
    rationale = forms.CharField(
        label=_("Rationale"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()


class GuideUploadForm(forms.Form):
    file = forms.FileField(label=_("Guide file (YAML)"))


class OfflineImportForm(forms.Form):
    file = forms.FileField(
        label=_("File collected offline"),
        help_text=_("An ODK submission (.xml) or a KoboToolbox JSON export of the Sanad screening form."),
    )
