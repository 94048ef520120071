"""Pages of record linkage: the figures and runs, the run's progress, the review queue, a pair side by side,
and one person's linked records with the unlink button."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sanad.access import policy
from sanad.access.decorators import capability_required
from sanad.linkage import selectors, services
from sanad.linkage.forms import DecisionForm, UnlinkForm
from sanad.web.form_page import submitted_form

PAGE_SIZE = 50


@require_GET
@capability_required("linkage.view")
def index(request: HttpRequest) -> HttpResponse:
    context = {
        "figures": selectors.figures(user=request.user),
        "runs": selectors.recent_runs(user=request.user),
        "may_run": policy.may_run_linkage(request.user),
        "may_review": policy.may_review_links(request.user),
    }
    return render(request, "linkage/index.html", context)


@require_POST
@capability_required("linkage.run")
def start(request: HttpRequest) -> HttpResponse:
    try:
        started = services.request_run(actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("linkage:index")
    return redirect("linkage:run", run_id=started.pk)


@require_GET
@capability_required("linkage.view")
def run(request: HttpRequest, run_id: UUID) -> HttpResponse:
    return render(request, "linkage/run.html", {"run": selectors.run(user=request.user, run_id=run_id)})


@require_GET
@capability_required("linkage.view")
def run_status(request: HttpRequest, run_id: UUID) -> HttpResponse:
    return render(
        request, "linkage/_run_status.html", {"run": selectors.run(user=request.user, run_id=run_id)}
    )


@require_GET
@capability_required("linkage.review")
def queue(request: HttpRequest) -> HttpResponse:
    page = selectors.review_queue(user=request.user, page_number=request.GET.get("page"), page_size=PAGE_SIZE)
    return render(request, "linkage/queue.html", {"page": page})


@capability_required("linkage.review")
def pair(request: HttpRequest, pair_id: int) -> HttpResponse:
    form = DecisionForm(request.POST or None)
    decided = submitted_form(
        request,
        form,
        lambda: services.decide_pair(actor=request.user, pair_id=pair_id, **form.cleaned_data),
        done=_("Decision recorded."),
    )
    if decided:
        return redirect("linkage:queue")
    view = selectors.pair_for_review(user=request.user, pair_id=pair_id)
    status = 400 if form.is_bound else 200
    return render(request, "linkage/pair.html", {"view": view, "form": form}, status=status)


@require_GET
@capability_required("linkage.review")
def links(request: HttpRequest) -> HttpResponse:
    page = selectors.recent_links(user=request.user, page_number=request.GET.get("page"), page_size=PAGE_SIZE)
    return render(request, "linkage/links.html", {"page": page})


@require_GET
@capability_required("linkage.review")
def person(request: HttpRequest, person_id: UUID) -> HttpResponse:
    linked = selectors.linked_person(user=request.user, person_id=person_id)
    return render(request, "linkage/person.html", {"linked": linked, "form": UnlinkForm()})


@require_POST
@capability_required("linkage.review")
def unlink(request: HttpRequest, person_id: UUID) -> HttpResponse:
    form = UnlinkForm(request.POST)
    done = submitted_form(
        request,
        form,
        lambda: services.unlink_record(actor=request.user, person_id=person_id, **form.cleaned_data),
        done=_("The record is counted as a person of its own again."),
    )
    if done:
        return redirect("linkage:person", person_id=person_id)
    linked = selectors.linked_person(user=request.user, person_id=person_id)
    return render(request, "linkage/person.html", {"linked": linked, "form": form}, status=400)
