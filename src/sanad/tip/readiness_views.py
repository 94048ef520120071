"""Readiness for a TIP reporting period, the coordinator's ratings, and the draft submission."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info
from django.views.decorators.http import require_POST

from sanad.access import policy
from sanad.access.decorators import capability_required, recent_authentication_required
from sanad.tip import services, submission
from sanad.tip.forms import RatingForm, chosen_year
from sanad.tip.readiness import CRITERIA_BY_CODE, current_period_year, pillar_label, readiness
from sanad.tip.selectors import rating_of

PERIODS_SHOWN = 6
LANGUAGES = ("fr", "ar", "en")


def _language_name(code: str) -> str:
    return str(get_language_info(code)["name_local"])


def _periods() -> list[int]:
    current = current_period_year(timezone.localdate())
    return list(range(current, current - PERIODS_SHOWN, -1))


def _rating_form(rating: object | None) -> RatingForm:
    if rating is None:
        return RatingForm(initial={"version": 0})
    return RatingForm(
        initial={"rating": rating.rating, "note": rating.note, "version": rating.version}  # type: ignore[attr-defined]
    )


@capability_required("tip.view")
def readiness_page(request: HttpRequest) -> HttpResponse:
    periods = _periods()
    period_year = chosen_year(request.GET.get("period"), allowed=periods, default=periods[0])
    found = readiness(user=request.user, period_year=period_year)
    may_rate = policy.may_rate_readiness(request.user)
    criteria = [
        (item, pillar_label(item.criterion.pillar), _rating_form(item.rating) if may_rate else None)
        for item in found.criteria
    ]
    return render(
        request,
        "tip/readiness.html",
        {
            "readiness": found,
            "periods": periods,
            "period_year": period_year,
            "criteria": criteria,
            "may_rate": may_rate,
            "may_download": policy.may_download_tip_submission(request.user),
            "submission_languages": [(code, _language_name(code)) for code in LANGUAGES],
        },
    )


@capability_required("tip.rate")
@require_POST
def rate(request: HttpRequest, period_year: int, criterion: str) -> HttpResponse:
    """Save one criterion's rating; the page swaps the criterion's form in place with htmx."""
    if criterion not in CRITERIA_BY_CODE or period_year not in _periods():
        raise Http404
    form = RatingForm(request.POST)
    status = 200
    rating = rating_of(period_year, criterion)
    saved = False
    if form.is_valid():
        try:
            rating = services.rate_criterion(
                actor=request.user,
                period_year=period_year,
                criterion=criterion,
                rating=form.cleaned_data["rating"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            status = 409
        else:
            if not request.htmx:  # type: ignore[attr-defined]
                url = reverse("tip:readiness")
                return redirect(f"{url}?period={period_year}#criterion-{criterion}")
            form, saved = _rating_form(rating), True
    else:
        status = 400
    return render(
        request,
        "tip/_rating.html",
        {
            "form": form,
            "rating": rating,
            "code": criterion,
            "period_year": period_year,
            "saved": saved,
        },
        status=status,
    )


@capability_required("statistics.export")
@recent_authentication_required
def submission_download(request: HttpRequest, period_year: int, file_format: str) -> HttpResponse:
    """The draft submission as PDF or XLSX in French, Arabic or English: published figures, audited."""
    if not policy.may_download_tip_submission(request.user):
        raise PermissionDenied("tip.view")
    language = request.GET.get("lang", "fr")
    if file_format not in submission.FORMATS or language not in LANGUAGES or period_year not in _periods():
        raise Http404
    render_file = submission.submission_pdf if file_format == "pdf" else submission.submission_xlsx
    content = render_file(period_year, language)
    services.record_submission_download(
        actor=request.user, period_year=period_year, language=language, file_format=file_format
    )
    response = HttpResponse(content, content_type=submission.FORMATS[file_format])
    name = submission.file_name(period_year, language, file_format)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
