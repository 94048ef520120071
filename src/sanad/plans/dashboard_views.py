from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sanad.access import policy
from sanad.access.decorators import capability_required
from sanad.plans import charts, progress, selectors
from sanad.plans.progress import STATUS_ORDER, status_label


@capability_required("plans.view")
def dashboard(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    """Implementation by axis, budget planned against spent, and the measures on a timeline; each chart
    beside the table of its numbers."""
    plan = selectors.plan_with_measures(user=request.user, plan_id=plan_id)
    figures = progress.plan_progress(
        plan, today=timezone.localdate(), exact=policy.sees_exact_national_figures(request.user)
    )
    statuses = [(status, status_label(status)) for status in STATUS_ORDER]
    return render(
        request,
        "plans/dashboard.html",
        {
            "plan": plan,
            "progress": figures,
            "statuses": statuses,
            "implementation_svg": charts.implementation_chart(figures),
            "budget_svg": charts.budget_chart(figures),
            "timeline_svg": charts.timeline_chart(figures),
        },
    )
