from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.accounts.models import Organisation
from sanad.money import AmountField, to_major, to_minor
from sanad.plans.models import (
    Direction,
    Indicator,
    IndicatorSource,
    Measure,
    MeasureStatus,
    Objective,
    Pillar,
    Plan,
    PlanKind,
    ProgressReport,
    Recommendation,
    RecommendationStatus,
    ReportingFrequency,
)
from sanad.statistics.indicators import statistic_choices

MEASURE_INITIAL = ("objective", "code", "title", "description", "responsible", "starts_on", "ends_on")
INDICATOR_INITIAL = ("name", "unit", "source", "statistic", "direction", "baseline", "baseline_year")
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("ar", _("Arabic"))]


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"})


def _organisations() -> Any:
    return Organisation.objects.filter(is_active=True).order_by("name")


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class PlanForm(VersionedForm):
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("For example strategy-2023-2030"))
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    implements = forms.ModelChoiceField(
        label=_("Implements (for an action plan)"), queryset=Plan.objects.all(), required=False
    )
    starts_on = forms.DateField(label=_("Start date"), widget=_date_widget())
    ends_on = forms.DateField(label=_("End date"), widget=_date_widget())
    reporting = forms.ChoiceField(label=_("Progress reports"), choices=ReportingFrequency.choices)
    report_grace_days = forms.IntegerField(
        label=_("Days after a period to submit its report"), min_value=0, max_value=365, initial=30
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="MAD")

    def __init__(self, *args: Any, plan: Plan | None = None, **kwargs: Any) -> None:
        if plan is not None:
            kwargs.setdefault("initial", {**{n: getattr(plan, n) for n in self.base_fields if n != "version"},
                                          "version": plan.version})  # fmt: skip
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["code"].disabled = True
            implements: Any = self.fields["implements"]
            implements.queryset = Plan.objects.exclude(pk=plan.pk)

    def clean_currency(self) -> str:
        currency = str(self.cleaned_data["currency"]).upper()
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise forms.ValidationError(_("Give the three-letter currency code, such as MAD."))
        return currency


class ObjectiveForm(forms.Form):
    pillar = forms.ChoiceField(label=_("Axis"), choices=Pillar.choices)
    code = forms.CharField(label=_("Number in the plan"), max_length=12, help_text=_("For example 1.2"))
    title = forms.CharField(label=_("Title"), max_length=300)


class ObjectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.axis.get_pillar_display()} — {obj.code} {obj.title}"


class MeasureForm(VersionedForm):
    objective = ObjectiveChoiceField(label=_("Objective"), queryset=Objective.objects.none())
    code = forms.CharField(label=_("Number in the plan"), max_length=16)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    responsible = forms.ModelChoiceField(label=_("Responsible organisation"), queryset=_organisations())
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=_organisations(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    starts_on = forms.DateField(label=_("Start date"), widget=_date_widget())
    ends_on = forms.DateField(label=_("End date"), widget=_date_widget())
    budget_planned = AmountField(label=_("Budget planned"), required=False)

    def __init__(self, *args: Any, plan: Plan, measure: Measure | None = None, **kwargs: Any) -> None:
        if measure is not None:
            kwargs.setdefault(
                "initial",
                {
                    **{n: getattr(measure, n) for n in MEASURE_INITIAL},
                    "partners": list(measure.partners.all()),
                    "budget_planned": to_major(measure.budget_planned_minor),
                    "version": measure.version,
                },
            )
        super().__init__(*args, **kwargs)
        objective_field: Any = self.fields["objective"]
        objective_field.queryset = (
            Objective.objects.filter(axis__plan=plan).select_related("axis").order_by("axis__pillar", "code")
        )

    def service_fields(self) -> dict[str, Any]:
        data = super().service_fields()
        data["budget_planned_minor"] = to_minor(data.pop("budget_planned"))
        return data


def parse_targets(text: str) -> dict[str, str]:
    """ "2024=150; 2025=200" -> {"2024": "150", "2025": "200"}."""
    targets: dict[str, str] = {}
    for chunk in re.split(r"[;\n,]+", text or ""):
        if not chunk.strip():
            continue
        year, separator, value = chunk.partition("=")
        year, value = year.strip(), value.strip().replace(" ", "")
        if not separator or not re.fullmatch(r"(19|20)\d\d", year):
            raise forms.ValidationError(
                _("Write each target as YEAR=VALUE, separated by semicolons: %(example)s.")
                % {"example": "2025=150; 2026=200"}
            )
        try:
            targets[year] = str(Decimal(value))
        except InvalidOperation as error:
            raise forms.ValidationError(
                _("The target for %(year)s is not a number.") % {"year": year}
            ) from error
    return targets


def format_targets(targets: dict[str, str]) -> str:
    return "; ".join(f"{year}={value}" for year, value in sorted(targets.items()))


class IndicatorForm(VersionedForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    unit = forms.CharField(
        label=_("Unit"), max_length=40, help_text=_("For example persons, percent, sessions")
    )
    source = forms.ChoiceField(label=_("How the value is obtained"), choices=IndicatorSource.choices)
    statistic = forms.ChoiceField(label=_("Statistic (for a computed indicator)"), required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    baseline = forms.DecimalField(label=_("Baseline"), max_digits=14, decimal_places=2, required=False)
    baseline_year = forms.IntegerField(
        label=_("Baseline year"), min_value=1990, max_value=2100, required=False
    )
    targets = forms.CharField(
        label=_("Targets per year"), required=False, help_text=_("For example 2025=150; 2026=200")
    )

    def __init__(self, *args: Any, indicator: Indicator | None = None, **kwargs: Any) -> None:
        if indicator is not None:
            kwargs.setdefault(
                "initial",
                {
                    **{n: getattr(indicator, n) for n in INDICATOR_INITIAL},
                    "targets": format_targets(indicator.targets),
                    "version": indicator.version,
                },
            )
        super().__init__(*args, **kwargs)
        statistic_field: Any = self.fields["statistic"]
        statistic_field.choices = [("", "—"), *statistic_choices()]

    def clean_targets(self) -> dict[str, str]:
        return parse_targets(self.cleaned_data.get("targets", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source") == IndicatorSource.COMPUTED and not data.get("statistic"):
            self.add_error("statistic", _("Choose the statistic this indicator is computed from."))
        return data


class StartReportForm(forms.Form):
    period_start = forms.TypedChoiceField(label=_("Period"), coerce=date.fromisoformat)

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        taken = set(measure.reports.values_list("period_start", flat=True))
        period_field: Any = self.fields["period_start"]
        period_field.choices = [
            (start.isoformat(), f"{start.isoformat()} \N{EN DASH} {end.isoformat()}")
            for start, end in measure.plan.reporting_periods(
                within_start=measure.starts_on, within_end=measure.ends_on
            )
            if start <= today and start not in taken
        ]


class ReportForm(VersionedForm):
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    percent_done = forms.IntegerField(label=_("Percent done"), min_value=0, max_value=100)
    budget_spent = AmountField(label=_("Budget spent to date"), required=False)
    narrative = forms.CharField(
        label=_("What was done in the period"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )

    def __init__(self, *args: Any, report: ProgressReport, **kwargs: Any) -> None:
        self.manual_indicators = list(report.measure.indicators.filter(source=IndicatorSource.MANUAL))
        values = {value.indicator_id: value.value for value in report.values.all()}
        kwargs.setdefault(
            "initial",
            {
                "status": report.status,
                "percent_done": report.percent_done,
                "budget_spent": to_major(report.budget_spent_minor),
                "narrative": report.narrative,
                "version": report.version,
                **{f"indicator_{i.pk}": values.get(i.pk) for i in self.manual_indicators},
            },
        )
        super().__init__(*args, **kwargs)
        for indicator in self.manual_indicators:
            self.fields[f"indicator_{indicator.pk}"] = forms.DecimalField(
                label=_("%(indicator)s (%(unit)s)") % {"indicator": indicator.name, "unit": indicator.unit},
                max_digits=14,
                decimal_places=2,
                required=False,
            )

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "status": data["status"],
            "percent_done": data["percent_done"],
            "budget_spent_minor": to_minor(data.get("budget_spent")),
            "narrative": data.get("narrative", ""),
            "values": {i.pk: data.get(f"indicator_{i.pk}") for i in self.manual_indicators},
        }


class ReviewForm(VersionedForm):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file"), allow_empty_file=True)


class MeasureChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.objective.axis.plan.code} · {obj.code} {obj.title}"


class RecommendationForm(VersionedForm):
    source = forms.CharField(label=_("Source report"), max_length=80, initial="TIP")
    report_year = forms.IntegerField(label=_("Report year"), min_value=2000, max_value=2100)
    priority = forms.IntegerField(label=_("Priority order"), min_value=1, max_value=99)
    original_language = forms.ChoiceField(label=_("Original language"), choices=LANGUAGES, initial="en")
    text_en = forms.CharField(
        label=_("Text in English"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    text_fr = forms.CharField(
        label=_("Text in French"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    text_ar = forms.CharField(
        label=_("Text in Arabic"), widget=forms.Textarea(attrs={"rows": 3, "dir": "rtl"}), required=False
    )
    is_synthetic = forms.BooleanField(label=_("Synthetic text (not the published wording)"), required=False)
    measures = MeasureChoiceField(
        label=_("Linked measures"),
        queryset=Measure.objects.select_related("objective__axis__plan").order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=RecommendationStatus.choices)
    status_note = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, recommendation: Recommendation | None = None, **kwargs: Any) -> None:
        if recommendation is not None:
            kwargs.setdefault(
                "initial",
                {
                    **{
                        n: getattr(recommendation, n)
                        for n in self.base_fields
                        if n not in ("version", "measures")
                    },
                    "measures": list(recommendation.measures.all()),
                    "version": recommendation.version,
                },
            )
        super().__init__(*args, **kwargs)
