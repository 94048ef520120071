from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sanad.access import policy
from sanad.access.decorators import any_capability_required
from sanad.justice.forms import JusticePeriodForm
from sanad.statistics.disclosure import DEFAULT_THRESHOLD
from sanad.statistics.justice import STAGES, justice_figures, stage_label
from sanad.statistics.periods import PeriodKind, period


@any_capability_required("justice.criminal_cases", "statistics.view_exact", "statistics.view_published")
def figures(request: HttpRequest) -> HttpResponse:
    """Justice KPIs for a calendar year or a TIP period: exact for the commission and for the agencies (their
    own cases), after disclosure control for the statistics readers."""
    form = JusticePeriodForm(request.GET or None)
    kind, year = PeriodKind.CALENDAR, timezone.localdate().year
    if form.is_valid():
        kind, year = form.cleaned_data["kind"], form.cleaned_data["year"]
    scope, exact = policy.criminal_cases_counted_for(request.user)
    chosen = period(kind, year)
    figures = justice_figures(scope, period=chosen)
    # A median over fewer than the disclosure threshold would let a reader recover single cases.
    median_shown = exact or figures.judged_at_first_instance >= DEFAULT_THRESHOLD
    return render(
        request,
        "justice/figures.html",
        {
            "form": form,
            "figures": figures,
            "persons_row": figures.by_stage(figures.persons),
            "trafficking_row": figures.by_stage(figures.persons_under_trafficking_law),
            "officials_row": figures.by_stage(figures.officials),
            "cases_row": figures.by_stage(figures.cases),
            "median_days": figures.median_days_to_first_instance_verdict if median_shown else None,
            "exact": exact,
            "stages": [stage_label(stage) for stage in STAGES],
            "national_scope": not policy.has_capability(request.user, "justice.criminal_cases")
            or policy.has_capability(request.user, "statistics.view_exact"),
        },
    )
