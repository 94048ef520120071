from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanad.access import policy
from sanad.access.decorators import any_capability_required, capability_required
from sanad.catalogs import loader
from sanad.justice import selectors, services
from sanad.justice.forms import (
    ChargeForm,
    CriminalCaseEditForm,
    CriminalCaseForm,
    DefendantForm,
    ParticipationForm,
    SentenceForm,
    VerdictForm,
    VictimLinkForm,
)
from sanad.justice.models import CriminalCase
from sanad.web.form_page import render_form_page, submitted_form

PAGE_SIZE = 50
READERS = ("justice.criminal_cases", "justice.national_facts")


def _back(criminal_case: CriminalCase) -> HttpResponse:
    return redirect("justice:detail", criminal_case_id=criminal_case.pk)


def _form_page(
    request: HttpRequest, form: Any, *, criminal_case: CriminalCase | None, **texts: str
) -> HttpResponse:
    return render_form_page(
        request,
        form,
        title=texts["title"],
        submit=texts["submit"],
        intro=(_("Criminal case %(reference)s") % {"reference": criminal_case.reference})
        if criminal_case
        else "",
    )


@any_capability_required(*READERS)
def case_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.CriminalCaseFilters(
        reference=request.GET.get("reference", ""),
        year=int(request.GET["year"]) if request.GET.get("year", "").isdigit() else None,
        region=request.GET.get("region", ""),
    )
    page = selectors.criminal_case_page(
        user=request.user, filters=filters, page_number=request.GET.get("page"), page_size=PAGE_SIZE
    )
    return render(
        request,
        "justice/case_list.html",
        {
            "page": page,
            "filters": filters,
            "regions": loader.regions().choices(),
            "may_open": policy.has_capability(request.user, "justice.criminal_cases"),
            "may_import": policy.may_import_register(request.user),
        },
    )


@capability_required("justice.criminal_cases")
def case_new(request: HttpRequest) -> HttpResponse:
    organisation = policy.organisation_of(request.user)
    form = CriminalCaseForm(request.POST or None, organisation=organisation)
    criminal_case = submitted_form(
        request, form, lambda: services.open_criminal_case(actor=request.user, **form.cleaned_data), done=""
    )
    if criminal_case:
        messages.success(
            request, _("Criminal case %(reference)s opened.") % {"reference": criminal_case.reference}
        )
        return _back(criminal_case)
    return _form_page(
        request, form, criminal_case=None, title=_("Open a criminal case"), submit=_("Open the case")
    )


@any_capability_required(*READERS)
def case_detail(request: HttpRequest, criminal_case_id: UUID) -> HttpResponse:
    case_file = selectors.criminal_case_file(user=request.user, criminal_case_id=criminal_case_id)
    return render(
        request, "justice/case_detail.html", {"file": case_file, "criminal_case": case_file.criminal_case}
    )


@capability_required("justice.criminal_cases")
def case_edit(request: HttpRequest, criminal_case_id: UUID) -> HttpResponse:
    criminal_case = selectors.worked_case(user=request.user, criminal_case_id=criminal_case_id)
    initial = {
        "version": criminal_case.version,
        "region": criminal_case.region,
        "origin": criminal_case.origin,
        "forms_of_exploitation": criminal_case.forms_of_exploitation,
        "prosecution_office": criminal_case.prosecution_office_id,
        "referred_to_prosecution_on": criminal_case.referred_to_prosecution_on,
        "court": criminal_case.court_id,
    }
    form = CriminalCaseEditForm(request.POST or None, initial=initial)

    def save() -> CriminalCase:
        changes = dict(form.cleaned_data)
        version = changes.pop("version")
        return services.update_criminal_case(
            actor=request.user, criminal_case=criminal_case, expected_version=version, **changes
        )

    if submitted_form(request, form, save, done=_("Criminal case updated.")):
        return _back(criminal_case)
    return _form_page(
        request, form, criminal_case=criminal_case, title=_("Edit the criminal case"), submit=_("Save")
    )


def _defendant_arguments(form: DefendantForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("version", None)
    if data.get("investigated_on") is None:
        data.pop("investigated_on", None)
    return data


@capability_required("justice.criminal_cases")
def defendant_new(request: HttpRequest, criminal_case_id: UUID) -> HttpResponse:
    criminal_case = selectors.worked_case(user=request.user, criminal_case_id=criminal_case_id)
    form = DefendantForm(request.POST or None, initial={"investigated_on": criminal_case.opened_on})
    if submitted_form(
        request,
        form,
        lambda: services.add_defendant(
            actor=request.user, criminal_case=criminal_case, **_defendant_arguments(form)
        ),
        done=_("Suspect added."),
    ):
        return _back(criminal_case)
    return _form_page(request, form, criminal_case=criminal_case, title=_("Add a suspect"), submit=_("Add"))


@capability_required("justice.criminal_cases")
def defendant_edit(request: HttpRequest, criminal_case_id: UUID, defendant_id: UUID) -> HttpResponse:
    defendant = selectors.defendant_for_edit(
        user=request.user, criminal_case_id=criminal_case_id, defendant_id=defendant_id
    )
    initial = {name: getattr(defendant, name) for name in services.DEFENDANT_FIELDS}
    initial["version"] = defendant.version
    form = DefendantForm(request.POST or None, initial=initial)
    if submitted_form(
        request,
        form,
        lambda: services.update_defendant(
            actor=request.user,
            defendant=defendant,
            expected_version=form.cleaned_data["version"],
            **_defendant_arguments(form),
        ),
        done=_("Suspect updated."),
    ):
        return _back(defendant.criminal_case)
    return _form_page(
        request,
        form,
        criminal_case=defendant.criminal_case,
        title=_("Suspect %(number)s") % {"number": defendant.number},
        submit=_("Save"),
    )


@capability_required("justice.criminal_cases")
def charge_new(request: HttpRequest, criminal_case_id: UUID, defendant_id: UUID) -> HttpResponse:
    defendant = selectors.worked_defendant(
        user=request.user, criminal_case_id=criminal_case_id, defendant_id=defendant_id
    )
    form = ChargeForm(request.POST or None)
    if submitted_form(
        request,
        form,
        lambda: services.add_charge(actor=request.user, defendant=defendant, **form.cleaned_data),
        done=_("Charge recorded."),
    ):
        return _back(defendant.criminal_case)
    return _form_page(
        request,
        form,
        criminal_case=defendant.criminal_case,
        title=_("Charge suspect %(number)s") % {"number": defendant.number},
        submit=_("Charge"),
    )


@capability_required("justice.criminal_cases")
def verdict_new(request: HttpRequest, criminal_case_id: UUID, charge_id: UUID) -> HttpResponse:
    charge = selectors.worked_charge(
        user=request.user, criminal_case_id=criminal_case_id, charge_id=charge_id
    )
    form = VerdictForm(request.POST or None, initial={"court": charge.defendant.criminal_case.court_id})
    if submitted_form(
        request,
        form,
        lambda: services.record_verdict(actor=request.user, charge=charge, **form.cleaned_data),
        done=_("Verdict recorded."),
    ):
        return _back(charge.defendant.criminal_case)
    title = _("Verdict on %(article)s, suspect %(number)s") % {
        "article": charge.article.code,
        "number": charge.defendant.number,
    }
    return _form_page(
        request, form, criminal_case=charge.defendant.criminal_case, title=title, submit=_("Record")
    )


@capability_required("justice.criminal_cases")
def sentence_new(request: HttpRequest, criminal_case_id: UUID, defendant_id: UUID) -> HttpResponse:
    defendant = selectors.worked_defendant(
        user=request.user, criminal_case_id=criminal_case_id, defendant_id=defendant_id
    )
    form = SentenceForm(request.POST or None)
    if submitted_form(
        request,
        form,
        lambda: services.record_sentence(actor=request.user, defendant=defendant, **form.service_arguments()),
        done=_("Sentence recorded."),
    ):
        return _back(defendant.criminal_case)
    return _form_page(
        request,
        form,
        criminal_case=defendant.criminal_case,
        title=_("Sentence of suspect %(number)s") % {"number": defendant.number},
        submit=_("Record"),
    )


@capability_required("justice.criminal_cases")
def victim_link_new(request: HttpRequest, criminal_case_id: UUID) -> HttpResponse:
    criminal_case = selectors.worked_case(user=request.user, criminal_case_id=criminal_case_id)
    form = VictimLinkForm(request.POST or None)
    if submitted_form(
        request,
        form,
        lambda: services.link_victim_case(
            actor=request.user, criminal_case=criminal_case, **form.cleaned_data
        ),
        done=_("Victim case linked."),
    ):
        return _back(criminal_case)
    return _form_page(
        request, form, criminal_case=criminal_case, title=_("Link a victim case"), submit=_("Link")
    )


@capability_required("justice.criminal_cases")
def participation(request: HttpRequest, criminal_case_id: UUID, link_id: UUID) -> HttpResponse:
    link = selectors.worked_victim_link(user=request.user, criminal_case_id=criminal_case_id, link_id=link_id)
    initial = {
        "version": link.version,
        **link.participation,
        "compensation": link.compensation_minor / 100 if link.compensation_minor else None,
        "penalised_on": link.penalised_on,
    }
    form = ParticipationForm(request.POST or None, initial=initial)
    if submitted_form(
        request,
        form,
        lambda: services.record_participation(
            actor=request.user,
            link=link,
            expected_version=form.cleaned_data["version"],
            **form.service_arguments(),
        ),
        done=_("Participation recorded."),
    ):
        return _back(link.criminal_case)
    return _form_page(
        request,
        form,
        criminal_case=link.criminal_case,
        title=_("Victim %(reference)s in the proceedings") % {"reference": link.case.reference},
        submit=_("Save"),
    )


@require_POST
@capability_required("justice.criminal_cases")
def victim_unlink(request: HttpRequest, criminal_case_id: UUID, link_id: UUID) -> HttpResponse:
    link = selectors.worked_victim_link(user=request.user, criminal_case_id=criminal_case_id, link_id=link_id)
    services.unlink_victim_case(actor=request.user, link=link)
    messages.success(request, _("Victim case unlinked."))
    return _back(link.criminal_case)
