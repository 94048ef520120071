from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.reports.models import SECTION_ORDER, Language, NarrativeSection, PeriodKind, Section
from sanad.reports.services import FIRST_YEAR


def year_choices() -> list[tuple[int, int]]:
    return [(year, year) for year in range(timezone.localdate().year, FIRST_YEAR - 1, -1)]


class GenerateForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=year_choices)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    period_kind = forms.ChoiceField(
        label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.CALENDAR, required=False
    )

    def clean_period_kind(self) -> str:
        return str(self.cleaned_data.get("period_kind") or PeriodKind.CALENDAR)


class NarrativeForm(forms.Form):
    """One text area per section, each with the version it was read at (0: not written yet)."""

    def __init__(self, *args: Any, language: str, stored: dict[str, NarrativeSection], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Section.choices)
        direction = "rtl" if language == Language.ARABIC else "ltr"
        for code in SECTION_ORDER:
            record = stored.get(code)
            self.fields[code] = forms.CharField(
                label=labels[code],
                required=False,
                max_length=50_000,
                initial=record.text if record else "",
                widget=forms.Textarea(attrs={"rows": 8, "lang": language, "dir": direction}),
            )
            self.fields[f"version_{code}"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, min_value=0, initial=record.version if record else 0
            )

    def sections(self) -> dict[str, tuple[str, int | None]]:
        return {
            code: (self.cleaned_data[code], self.cleaned_data[f"version_{code}"]) for code in SECTION_ORDER
        }
