from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sanad.access import policy
from sanad.accounts.models import Organisation
from sanad.catalogs import loader
from sanad.money import AmountField, to_minor
from sanad.prevention.models import AudienceSector, Campaign, CampaignType, ReachMethod, Training

MAX_YEARS_SHOWN = 10


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"})


def _minor(amount: Decimal | None) -> int | None:
    # An empty budget is unknown, not zero.
    return None if amount is None else to_minor(amount)


def organisers_for(user: Any, *, current: Any = None) -> QuerySet[Organisation]:
    """The organisations the user may record for, as the policy decides for each: her own, or every one
    for the commission. A record's present organiser stays selectable even if it was deactivated since."""
    candidates = Organisation.objects.filter(Q(is_active=True) | Q(pk=current))
    allowed = [
        pk for pk in candidates.values_list("pk", flat=True) if policy.may_record_prevention_for(user, pk)
    ]
    return Organisation.objects.filter(pk__in=allowed).order_by("name")


def _partners(current: list[Any]) -> QuerySet[Organisation]:
    return Organisation.objects.filter(Q(is_active=True) | Q(pk__in=current)).order_by("name")


class _PreventionForm(forms.Form):
    """What campaigns and trainings share: the organiser the user may record for, partners, a budget."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    organiser = forms.ModelChoiceField(label=_("Organiser"), queryset=Organisation.objects.none())
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("International organisations included. Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    budget = AmountField(
        label=_("Budget"), required=False, help_text=_("In the currency below, for example 125000.50")
    )
    currency = forms.CharField(label=_("Currency (ISO 4217 code)"), max_length=3, min_length=3, initial="MAD")
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(
        self, *args: Any, user: Any, record: Campaign | Training | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        current_partners = [partner.pk for partner in record.partners.all()] if record else []
        organiser = cast(forms.ModelChoiceField, self.fields["organiser"])
        organiser.queryset = organisers_for(user, current=record.organiser_id if record else None)
        organiser.initial = record.organiser_id if record else policy.organisation_of(user).pk
        cast(forms.ModelMultipleChoiceField, self.fields["partners"]).queryset = _partners(current_partners)

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned data as the services take it: amounts in minor units, no version."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["budget_minor"] = _minor(data.pop("budget"))
        data["partners"] = list(data["partners"])
        return data


class CampaignForm(_PreventionForm):
    type = forms.ChoiceField(label=_("Type"), choices=CampaignType.choices)
    other_partners = forms.CharField(
        label=_("Other partners"),
        max_length=500,
        required=False,
        help_text=_("Partners that are not registered as organisations, separated by commas."),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=_date_widget())
    ends_on = forms.DateField(
        label=_("Ends on"),
        required=False,
        widget=_date_widget(),
        help_text=_(
            "Leave empty for an event of a single day; for a campaign still running, its planned end."
        ),
    )
    regions = forms.MultipleChoiceField(
        label=_("Regions"),
        choices=lambda: loader.regions().choices(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave every region unticked for a nationwide campaign."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=lambda: loader.languages().choices(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience = forms.CharField(
        label=_("Audience targeted"),
        max_length=300,
        help_text=_("Whom the campaign addresses, e.g. young women looking for work abroad."),
    )
    audience_reached = forms.IntegerField(
        label=_("Audience reached"),
        min_value=1,
        required=False,
        help_text=_("Leave empty when it was not measured."),
    )
    reach_method = forms.ChoiceField(
        label=_("How the audience was measured"),
        choices=[("", "—"), *ReachMethod.choices],
        required=False,
    )

    field_order = (
        "version", "title", "type", "organiser", "partners", "other_partners", "starts_on", "ends_on",
        "regions", "languages", "audience", "audience_reached", "reach_method", "budget", "currency", "notes",
    )  # fmt: skip


class TrainingForm(_PreventionForm):
    audience_sector = forms.ChoiceField(label=_("Trainees' sector"), choices=AudienceSector.choices)
    held_on = forms.DateField(label=_("Held on (first day)"), widget=_date_widget())
    ends_on = forms.DateField(
        label=_("Last day"), required=False, widget=_date_widget(), help_text=_("Empty for a single day.")
    )
    region = forms.ChoiceField(label=_("Region"), choices=lambda: loader.regions().choices())
    hours = forms.DecimalField(
        label=_("Hours of training"), min_value=Decimal("0.25"), max_digits=6, decimal_places=2
    )
    participants_female = forms.IntegerField(label=_("Women trained"), min_value=0, initial=0)
    participants_male = forms.IntegerField(label=_("Men trained"), min_value=0, initial=0)
    participants_unknown_sex = forms.IntegerField(
        label=_("Participants whose sex was not recorded"), min_value=0, initial=0
    )
    covers_identification_guide = forms.BooleanField(
        label=_("Covered the national identification guide"), required=False
    )
    covers_nrm = forms.BooleanField(label=_("Covered the national referral mechanism"), required=False)

    field_order = (
        "version", "title", "audience_sector", "organiser", "partners", "held_on", "ends_on", "region",
        "hours", "participants_female", "participants_male", "participants_unknown_sex",
        "covers_identification_guide", "covers_nrm", "budget", "currency", "notes",
    )  # fmt: skip


def initial_of(record: Campaign | Training, fields: tuple[str, ...]) -> dict[str, Any]:
    """The edit form's starting values: the record as stored, its budget in major units."""
    initial = {name: getattr(record, name) for name in fields if name not in ("partners", "budget_minor")}
    initial["partners"] = [partner.pk for partner in record.partners.all()]
    initial["budget"] = record.budget
    initial["organiser"] = record.organiser_id
    initial["version"] = record.version
    return initial


class YearRangeForm(forms.Form):
    first_year = forms.IntegerField(label=_("From"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label=_("To"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["first_year"].initial = this_year - 2
        self.fields["last_year"].initial = this_year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_year"), data.get("last_year")
        if first is not None and last is not None:
            if last < first:
                self.add_error("last_year", _("The last year is before the first."))
            elif last - first >= MAX_YEARS_SHOWN:
                self.add_error(
                    "last_year",
                    ngettext(
                        "Choose at most %(count)s year.", "Choose at most %(count)s years.", MAX_YEARS_SHOWN
                    )
                    % {"count": MAX_YEARS_SHOWN},
                )
        return data

    def years(self) -> tuple[int, int]:
        """The chosen range, or the last three years while the form is empty or wrong."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["first_year"], self.cleaned_data["last_year"]
        return self.fields["first_year"].initial, self.fields["last_year"].initial
