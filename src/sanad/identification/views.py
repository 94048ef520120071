from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sanad.access import policy
from sanad.access.decorators import any_capability_required, capability_required
from sanad.cases.models import Case
from sanad.cases.selectors import case_file, visible_case
from sanad.cases.services import update_case_details
from sanad.identification import selectors, services
from sanad.identification.explain import dimension_label, profile_label, reasons
from sanad.identification.forms import (
    CaseDetailsForm,
    DecisionForm,
    GuideUploadForm,
    OfflineImportForm,
    ScreeningForm,
    SubmissionForm,
)
from sanad.identification.models import CaseSubmission, IdentificationGuide
from sanad.identification.scoring import score
from sanad.identification.xlsform import SubmissionError, xlsform
from sanad.web.form_errors import show_on_form


def _screenable_case(request: HttpRequest, case_id: UUID) -> Case:
    case = visible_case(user=request.user, case_id=case_id)
    if not policy.may_screen(request.user, case):
        raise PermissionDenied("screening")
    return case


def _screening_form(request: HttpRequest, case: Case, guide: IdentificationGuide) -> ScreeningForm:
    """The form bound to the answers posted; a profile change ("refresh") re-renders them unvalidated."""
    posted = request.method == "POST"
    suggestion = services.suggested_profile(case, guide)
    wanted = (request.POST if posted else request.GET).get("profile") or suggestion.profile
    profile = wanted if wanted in guide.definition.profiles else suggestion.profile
    if posted and "refresh" in request.POST:
        return ScreeningForm(initial=request.POST.dict(), guide=guide.definition, profile=profile)
    return ScreeningForm(request.POST if posted else None, guide=guide.definition, profile=profile)


def _score_context(form: ScreeningForm) -> dict[str, Any]:
    given = form.data if form.is_bound else form.initial
    result = score(form.guide, form.profile_code, form.raw_answers(), given.get("act_present") or "unknown")
    return {
        "result": result,
        "reasons": reasons(result),
        "dimensions": [(dimension_label(d.dimension), d) for d in result.dimensions],
    }


def _guide_of_the_form(request: HttpRequest) -> IdentificationGuide:
    """The version the interviewer saw when the form was opened, even if another became current since."""
    posted = request.POST.get("guide") if request.method == "POST" else None
    if posted and posted.isdigit():
        guide = IdentificationGuide.objects.filter(pk=int(posted)).first()
        if guide is not None:
            return guide
    return services.current_guide()


@capability_required("case.screen")
def screening_new(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = _screenable_case(request, case_id)
    guide = _guide_of_the_form(request)
    form = _screening_form(request, case, guide)
    if form.is_bound and form.is_valid():
        try:
            services.record_screening(
                actor=request.user,
                case=case,
                guide=guide,
                profile=form.cleaned_data["profile"],
                interviewed_on=form.cleaned_data["interviewed_on"],
                interview_language=form.cleaned_data["interview_language"],
                interpreter_used=form.cleaned_data["interpreter_used"],
                act_present=form.cleaned_data["act_present"],
                answers=form.answers(),
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Screening recorded."))
            return redirect("cases:detail", case_id=case.pk)
    context = {
        "case": case,
        "form": form,
        "guide": guide,
        "suggestion": services.suggested_profile(case, guide),
        "profile_label": profile_label(form.profile_code),
        **_score_context(form),
    }
    template = "identification/_screening_form.html" if request.htmx else "identification/screening_form.html"  # type: ignore[attr-defined]
    return render(request, template, context, status=400 if form.is_bound and form.errors else 200)


@require_POST
@capability_required("case.screen")
def screening_score(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """The live score of the answers given so far; nothing is stored."""
    case = _screenable_case(request, case_id)
    form = _screening_form(request, case, _guide_of_the_form(request))
    return render(request, "identification/_score.html", _score_context(form))


@any_capability_required("case.screen", "case.decide_status")
def screening_detail(request: HttpRequest, case_id: UUID, screening_id: UUID) -> HttpResponse:
    case = visible_case(user=request.user, case_id=case_id)
    screening = selectors.screening_detail(user=request.user, case=case, screening_id=screening_id)
    definition = screening.guide.definition
    answers = {answer.indicator_id: answer for answer in screening.answers.all()}
    profile = definition.profile(screening.profile)
    sections = [
        (
            dimension_label(code),
            [(indicator, answers.get(indicator.id)) for indicator in profile.by_dimension(code)],
        )
        for code in definition.dimensions
    ]
    result = selectors.rescore(screening)
    return render(
        request,
        "identification/screening_detail.html",
        {
            "case": case,
            "screening": screening,
            "sections": sections,
            "result": result,
            "reasons": reasons(result),
            "profile_label": profile_label(screening.profile),
        },
    )


@capability_required("case.screen")
def case_details(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = _screenable_case(request, case_id)
    initial = {field: getattr(case, field) for field in CaseDetailsForm.base_fields if field != "version"}
    form = CaseDetailsForm(request.POST or None, initial={**initial, "version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            update_case_details(
                actor=request.user, case=case, expected_version=form.cleaned_data["version"], **form.details()
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Case details saved."))
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "identification/case_details.html",
        {"case": case, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@capability_required("case.screen")
def submit(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = _screenable_case(request, case_id)
    form = SubmissionForm(request.POST)
    if form.is_valid():
        try:
            services.submit_for_decision(
                actor=request.user, case=case, authority=form.cleaned_data["authority"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The case is now before %(authority)s.")
                % {"authority": form.cleaned_data["authority"].name},
            )
    else:
        messages.error(request, _("Choose a competent authority."))
    return redirect("cases:detail", case_id=case.pk)


@require_POST
@capability_required("case.screen")
def withdraw(request: HttpRequest, case_id: UUID, submission_id: UUID) -> HttpResponse:
    case = _screenable_case(request, case_id)
    submission = get_object_or_404(CaseSubmission, case=case, pk=submission_id)
    try:
        services.withdraw_submission(actor=request.user, submission=submission)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The case was withdrawn from %(authority)s.") % {"authority": submission.authority.name},
        )
    return redirect("cases:detail", case_id=case.pk)


@capability_required("case.decide_status")
def decide(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = visible_case(user=request.user, case_id=case_id)
    if not policy.may_decide_status(request.user, case):
        raise PermissionDenied("status_decision")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_status(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("cases:detail", case_id=case.pk)
    # The page shows earlier decisions with their rationale (identity tier): read through the case file,
    # which audits the view, only once it is certain to be shown.
    shown = case_file(user=request.user, case_id=case.pk)
    return render(
        request,
        "identification/decision_form.html",
        {
            "case": case,
            "form": form,
            "identification": selectors.case_identification(case=case),
            "shows_identity": shown.shows_identity,
            "may_decide": True,
        },
        status=400 if form.errors else 200,
    )


@capability_required("admin.catalogues")
def guide_list(request: HttpRequest) -> HttpResponse:
    form = GuideUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > services.GUIDE_MAX_BYTES:
                raise ValidationError({"file": _("The guide file is larger than 1 MB.")})
            text = upload.read().decode("utf-8")
            guide = services.load_guide(actor=request.user, text=text)
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text."))
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(
                request,
                _("Guide version %(version)s loaded. It is not used until you make it current.")
                % {"version": guide.version},
            )
            return redirect("guides:list")
    guides = [
        (guide, sorted(guide.definition.profiles), used)
        for guide, used in selectors.guide_versions(user=request.user)
    ]
    return render(
        request,
        "identification/guide_list.html",
        {"form": form, "guides": guides},
        status=400 if form.errors else 200,
    )


@require_POST
@capability_required("admin.catalogues")
def guide_make_current(request: HttpRequest, guide_id: int) -> HttpResponse:
    from django.shortcuts import get_object_or_404

    guide = get_object_or_404(IdentificationGuide, pk=guide_id)
    services.make_current(actor=request.user, guide=guide)
    messages.success(
        request, _("New screenings now use guide version %(version)s.") % {"version": guide.version}
    )
    return redirect("guides:list")


@capability_required("case.screen")
def offline_import(request: HttpRequest) -> HttpResponse:
    """Field teams bring back what they collected with the XLSForm; each screening goes into its case."""
    form = OfflineImportForm(request.POST or None, request.FILES or None)
    imported: list[Any] = []
    if form.is_bound and form.is_valid():
        try:
            imported = services.import_offline_file(
                actor=request.user, content=form.cleaned_data["file"].read(services.MAX_OFFLINE_BYTES + 1)
            )
        except (SubmissionError, ValidationError) as error:
            messages_ = error.messages if isinstance(error, ValidationError) else [str(error)]
            for message in messages_:
                form.add_error("file", message)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "identification/offline_import.html", {"form": form, "imported": imported}, status=status
    )


@require_GET
@capability_required("case.screen")
def offline_form(request: HttpRequest) -> HttpResponse:
    """The current guide as an XLSForm, labelled in French, Arabic and English, for KoboToolbox or ODK."""
    guide = services.current_guide()
    response = HttpResponse(
        xlsform(guide.definition, ["fr", "ar", "en"]),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="sanad-screening-{guide.version}.xlsx"'
    return response
