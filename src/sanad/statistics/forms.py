"""The period and region filter of the statistics pages."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.catalogs import loader
from sanad.statistics.periods import Period, PeriodKind, period

FIRST_YEAR = 2015


class PeriodFilter(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    kind = forms.ChoiceField(
        label=_("Period"),
        choices=[
            (PeriodKind.CALENDAR, _("Calendar year")),
            (PeriodKind.TIP, _("TIP period (1 April to 31 March, named by the year it ends)")),
        ],
        initial=PeriodKind.CALENDAR,
    )
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(year, str(year)) for year in range(this_year, FIRST_YEAR - 1, -1)]  # type: ignore[attr-defined]
        self.fields["year"].initial = this_year - 1
        self.fields["region"].choices = [("", _("Whole country")), *loader.regions().choices()]  # type: ignore[attr-defined]

    @classmethod
    def from_query(cls, query: object) -> PeriodFilter:
        """Bound to the query string, with the defaults filled in where a parameter is missing, so that a
        bare URL shows last year for the whole country."""
        data = {"year": str(timezone.localdate().year - 1), "kind": PeriodKind.CALENDAR, "region": ""}
        data.update({key: value for key, value in query.items() if key in data and value})  # type: ignore[attr-defined]
        form = cls(data)
        form.is_valid()
        return form

    def chosen_period(self) -> Period:
        cleaned = self.cleaned_data if self.is_valid() else {}
        year = cleaned.get("year") or timezone.localdate().year - 1
        return period(cleaned.get("kind") or PeriodKind.CALENDAR, year)

    def chosen_region(self) -> str:
        return str(self.cleaned_data.get("region") or "") if self.is_valid() else ""
