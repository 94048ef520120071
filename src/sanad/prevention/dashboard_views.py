from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sanad.access.decorators import capability_required
from sanad.prevention.dashboard import panels
from sanad.prevention.forms import YearRangeForm


@capability_required("prevention.view")
def dashboard(request: HttpRequest) -> HttpResponse:
    """Campaigns and trainings per year, sector and region for a range of years (the last three unless
    chosen): every chart beside the table of its figures."""
    form = YearRangeForm(request.GET or None)
    first_year, last_year = form.years()
    return render(
        request,
        "prevention/dashboard.html",
        {
            "form": form,
            "first_year": first_year,
            "last_year": last_year,
            "panels": panels(first_year, last_year),
        },
    )
