from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.access import policy
from sanad.accounts.models import Organisation
from sanad.catalogs import loader
from sanad.justice.models import CaseOrigin, CourtLevel, DefendantRole, OffenceArticle, VerdictOutcome
from sanad.money import to_minor
from sanad.people.models import Sex
from sanad.statistics.periods import PeriodKind


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"})


def _organisations(types: tuple[str, ...]) -> Any:
    return Organisation.objects.filter(type__in=types, is_active=True).order_by("name")


def _regions() -> list[tuple[str, str]]:
    return list(loader.regions().choices())


def _forms_of_exploitation() -> list[tuple[str, str]]:
    return list(loader.exploitation_forms().choices())


def _countries() -> list[tuple[str, str]]:
    return [("", "—"), *loader.country_choices()]


def _active_articles() -> Any:
    return OffenceArticle.objects.filter(is_active=True)


class ArticleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.label()}"


class CriminalCaseForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), max_length=40)
    investigating_unit = forms.ModelChoiceField(
        label=_("Investigating unit"), queryset=_organisations(policy.INVESTIGATING_ORGANISATION_TYPES)
    )
    region = forms.ChoiceField(label=_("Region"), choices=_regions)
    opened_on = forms.DateField(label=_("Investigation opened on"), widget=_date_widget())
    origin = forms.ChoiceField(label=_("How it came to light"), choices=CaseOrigin.choices)
    forms_of_exploitation = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        choices=_forms_of_exploitation,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisation.type in policy.INVESTIGATING_ORGANISATION_TYPES:
            # A unit opens its own investigations.
            unit = cast(forms.ModelChoiceField, self.fields["investigating_unit"])
            unit.queryset = Organisation.objects.filter(pk=organisation.pk)
            unit.initial = organisation.pk
            self.fields["region"].initial = organisation.region


class CriminalCaseEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    region = forms.ChoiceField(label=_("Region"), choices=_regions)
    origin = forms.ChoiceField(label=_("How it came to light"), choices=CaseOrigin.choices)
    forms_of_exploitation = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        choices=_forms_of_exploitation,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    prosecution_office = forms.ModelChoiceField(
        label=_("Referred to the prosecution office"),
        queryset=_organisations(policy.PROSECUTION_ORGANISATION_TYPES),
        required=False,
    )
    referred_to_prosecution_on = forms.DateField(
        label=_("Referred on"), required=False, widget=_date_widget()
    )
    court = forms.ModelChoiceField(
        label=_("Court of first instance"),
        queryset=_organisations(policy.COURT_ORGANISATION_TYPES),
        required=False,
    )


class DefendantForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    aliases = forms.CharField(label=_("Aliases"), max_length=300, required=False)
    document_number = forms.CharField(label=_("Identity document number"), max_length=40, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    nationality = forms.ChoiceField(label=_("Nationality"), choices=_countries, required=False)
    age = forms.IntegerField(
        label=_("Age when the investigation opened"), required=False, min_value=10, max_value=110
    )
    role = forms.ChoiceField(label=_("Role in the trafficking"), choices=DefendantRole.choices)
    is_public_official = forms.BooleanField(label=_("Public official"), required=False)
    official_function = forms.CharField(label=_("Official function"), max_length=120, required=False)
    investigated_on = forms.DateField(
        label=_("Brought into formal contact on"), required=False, widget=_date_widget()
    )
    arrested_on = forms.DateField(label=_("Arrested or detained on"), required=False, widget=_date_widget())
    trial_opened_on = forms.DateField(label=_("Trial opened on"), required=False, widget=_date_widget())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("is_public_official") and not data.get("official_function"):
            self.add_error("official_function", _("Say which office the suspect holds."))
        if data.get("age") is None:
            data["age"] = None
        return data


class ChargeForm(forms.Form):
    article = ArticleChoiceField(label=_("Offence article"), queryset=_active_articles())
    charged_on = forms.DateField(label=_("Charged on"), widget=_date_widget())


class VerdictForm(forms.Form):
    court_level = forms.ChoiceField(label=_("Court level"), choices=CourtLevel.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=VerdictOutcome.choices)
    decided_on = forms.DateField(label=_("Decided on"), widget=_date_widget())
    court = forms.ModelChoiceField(
        label=_("Court"), queryset=_organisations(policy.COURT_ORGANISATION_TYPES), required=False
    )
    reclassified_to = ArticleChoiceField(
        label=_("Reclassified to (only for a reclassification)"), queryset=_active_articles(), required=False
    )


class SentenceForm(forms.Form):
    court_level = forms.ChoiceField(label=_("Court level"), choices=CourtLevel.choices)
    decided_on = forms.DateField(label=_("Decided on"), widget=_date_widget())
    prison_months = forms.IntegerField(label=_("Prison term (months)"), min_value=0, initial=0)
    suspended_months = forms.IntegerField(label=_("Of which suspended (months)"), min_value=0, initial=0)
    fine = forms.DecimalField(label=_("Fine (MAD)"), min_value=0, decimal_places=2, required=False)
    restitution = forms.DecimalField(
        label=_("Restitution or compensation ordered to victims (MAD)"),
        min_value=0,
        decimal_places=2,
        required=False,
    )
    confiscation = forms.BooleanField(label=_("Assets confiscated"), required=False)

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["fine_minor"] = to_minor(data.pop("fine"))
        data["restitution_minor"] = to_minor(data.pop("restitution"))
        return data


class VictimLinkForm(forms.Form):
    case_reference = forms.CharField(
        label=_("Victim case reference"),
        max_length=32,
        help_text=_(
            "The pseudonymous reference the victim-assistance service gave you, e.g. MA-2025-000123."
        ),
    )


class ParticipationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    complaint_filed = forms.BooleanField(label=_("Filed a complaint"), required=False)
    testified = forms.BooleanField(label=_("Testified"), required=False)
    legal_aid = forms.BooleanField(label=_("Received legal aid"), required=False)
    court_protection = forms.BooleanField(label=_("Protection measures in court"), required=False)
    compensation = forms.DecimalField(
        label=_("Compensation awarded (MAD)"), min_value=0, decimal_places=2, required=False
    )
    penalised_on = forms.DateField(
        label=_("Prosecuted or punished for an act she was compelled to commit, on"),
        required=False,
        help_text=_("The non-punishment principle: record it when it was breached, so that it is reported."),
        widget=_date_widget(),
    )

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version")
        data["compensation_minor"] = to_minor(data.pop("compensation"))
        return data


class RegisterImportForm(forms.Form):
    register = forms.FileField(
        label=_("Register file (CSV or XLSX)"),
        help_text=_("One row per charge. Check it first: nothing is stored unless every row is right."),
    )


class JusticePeriodForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Period"),
        choices=[
            (PeriodKind.CALENDAR, _("Calendar year")),
            (PeriodKind.TIP, _("TIP period (April to March)")),
        ],
        initial=PeriodKind.CALENDAR,
    )
    year = forms.IntegerField(
        label=_("Year (a TIP period is named by the year it ends)"), min_value=2000, max_value=2100
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class OffenceArticleForm(forms.ModelForm):
    class Meta:
        model = OffenceArticle
        fields = (
            "code", "law", "article", "label_en", "label_fr", "label_ar", "is_trafficking_offence",
            "prison_min_months", "prison_max_months", "fine_min_mad", "fine_max_mad", "is_active",
        )  # fmt: skip
