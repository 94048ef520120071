"""Pages of data-subject requests: find the person, see what is held on her, download the file (after
re-authentication), record a rectification. For the data-protection officer only."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sanad.access import policy
from sanad.access.decorators import capability_required, recent_authentication_required
from sanad.privacy import selectors, services
from sanad.privacy.forms import PersonSearchForm, RectificationForm, SubjectFileForm
from sanad.web.form_page import form_view

RECTIFIED = ("field", "new_value", "reason", "request_reference", "requested_by")


@require_GET
@capability_required("privacy.subject_access")
def search(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET or None)
    results = None
    if form.is_valid():
        results = selectors.find_persons(
            user=request.user,
            name=form.cleaned_data["name"].strip(),
            document=form.cleaned_data["document"].strip(),
            phone=form.cleaned_data["phone"].strip(),
        )
    context = {"form": form, "results": results, "limit": selectors.SEARCH_LIMIT}
    return render(
        request, "privacy/search.html", context, status=400 if form.is_bound and form.errors else 200
    )


@require_GET
@capability_required("privacy.subject_access")
def person(request: HttpRequest, person_id: UUID) -> HttpResponse:
    context = {
        "overview": selectors.subject_overview(user=request.user, person_id=person_id),
        "file_form": SubjectFileForm(),
        "may_rectify": policy.may_rectify_identity(request.user),
    }
    return render(request, "privacy/person.html", context)


@require_GET
@capability_required("privacy.subject_access")
@recent_authentication_required
def download(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """The JSON file of everything held on the person, for one registered request: audited."""
    form = SubjectFileForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Give the reference of the request before producing the file."))
        return redirect("privacy:person", person_id=person_id)
    reference = form.cleaned_data["request_reference"].strip()
    produced_at = timezone.now()
    produced = selectors.subject_file(
        user=request.user, person_id=person_id, request_reference=reference, produced_at=produced_at
    )
    body = json.dumps(produced.content, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode("utf-8")
    services.record_subject_access(
        actor=request.user,
        person=produced.person,
        request_reference=reference,
        summary=produced.content["summary"],
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"sanad-subject-access-{produced_at:%Y%m%d}-{str(produced.person.pk)[:8]}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@capability_required("privacy.rectify")
def rectify(request: HttpRequest, person_id: UUID) -> HttpResponse:
    record = selectors.person_to_rectify(user=request.user, person_id=person_id)
    form = RectificationForm(request.POST or None, initial={"version": record.version})

    def save() -> Any:
        data = form.cleaned_data
        return services.rectify_identity(
            actor=request.user,
            person_id=record.pk,
            expected_version=data["version"],
            **{key: data[key] for key in RECTIFIED},
        )

    return form_view(
        request,
        form,
        save,
        done=_("Rectification recorded."),
        success=lambda rectification: reverse("privacy:person", args=[rectification.person_id]),
        title=_("Rectify an identity field"),
        submit=_("Record the rectification"),
        intro=_(
            "The record registered by %(organisation)s. The value before is kept with your reason, "
            "encrypted; the audit trail names the field and the request, never the values."
        )
        % {"organisation": record.owning_organisation.name},
    )
