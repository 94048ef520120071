"""Pages of the annual national report: the overview, the narrative editor, generation with its progress
bar, and the download."""

from __future__ import annotations

from uuid import UUID

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sanad.access import policy
from sanad.access.decorators import (
    any_capability_required,
    capability_required,
    recent_authentication_required,
)
from sanad.reports import selectors, services
from sanad.reports.forms import GenerateForm, NarrativeForm
from sanad.reports.models import Language
from sanad.web.form_page import form_view, submitted_form

READ = ("reports.view", "reports.write")
WRITE = "reports.write"


def _index_page(request: HttpRequest, form: GenerateForm | None = None) -> HttpResponse:
    writer = policy.may_write_annual_report(request.user)
    return render(
        request,
        "reports/index.html",
        {
            "years": selectors.years_overview(user=request.user),
            "may_write": writer,
            "form": (form or GenerateForm()) if writer else None,
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_GET
@any_capability_required(*READ)
def index(request: HttpRequest) -> HttpResponse:
    return _index_page(request)


@capability_required(WRITE)
def narrative(request: HttpRequest, year: int, language: str) -> HttpResponse:
    stored = selectors.narrative(user=request.user, year=year, language=language)
    form = NarrativeForm(request.POST or None, language=language, stored=stored)
    return form_view(
        request, form,
        lambda: services.save_narratives(
            actor=request.user, year=year, language=language, sections=form.sections()
        ) or True,
        done=_("Narrative saved."), success=lambda _saved: reverse("reports:index"),
        title=_("Narrative of the %(year)s report in %(language)s")
        % {"year": year, "language": Language(language).label},
        submit=_("Save the narrative"),
        intro=_("Write each section in the language of this version. An empty section is printed with a "
                "sentence saying that the commission has not written it."),
    )  # fmt: skip


@require_POST
@capability_required(WRITE)
def generate(request: HttpRequest) -> HttpResponse:
    form = GenerateForm(request.POST)
    job = submitted_form(
        request,
        form,
        lambda: services.request_annual_report(actor=request.user, **form.cleaned_data),
        done="",
    )
    if not job:
        return _index_page(request, form)
    return redirect("reports:job", job_id=job.pk)


@require_GET
@any_capability_required(*READ)
def job(request: HttpRequest, job_id: UUID) -> HttpResponse:
    return render(request, "reports/job.html", {"job": selectors.job(user=request.user, job_id=job_id)})


@require_GET
@any_capability_required(*READ)
def job_status(request: HttpRequest, job_id: UUID) -> HttpResponse:
    return render(
        request, "reports/_job_status.html", {"job": selectors.job(user=request.user, job_id=job_id)}
    )


@require_GET
@any_capability_required(*READ)
@recent_authentication_required
def download(request: HttpRequest, job_id: UUID) -> FileResponse:
    found, path = selectors.report_file(user=request.user, job_id=job_id)
    services.record_download(actor=request.user, job=found)
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=found.download_name, content_type="application/pdf"
    )
    response["Cache-Control"] = "no-store"
    return response
