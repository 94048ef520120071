"""The bulk import page: the template to fill, a dry run, then the import, all or nothing."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from sanad.access.decorators import capability_required
from sanad.cases.imports import MAX_BYTES, import_cases, template


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or Excel .xlsx)"))
    dry_run = forms.BooleanField(
        label=_("Check only: show what would be created, store nothing"), required=False, initial=True
    )


@capability_required("case.manage")
def import_page(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_BYTES:
            # Said on the field, like every other upload; the reader would refuse it too.
            form.add_error("file", _("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // 2**20})
        else:
            # Reading one byte more than the limit is enough for the reader to know.
            content = upload.read(MAX_BYTES + 1)
            report = import_cases(
                actor=request.user,
                content=content,
                filename=upload.name,
                dry_run=form.cleaned_data["dry_run"],
            )
    status = 400 if (form.is_bound and form.errors) or (report is not None and report.errors) else 200
    return render(request, "cases/import.html", {"form": form, "report": report}, status=status)


@require_GET
@capability_required("case.manage")
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        template(as_xlsx=True),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="sanad-cases-template.xlsx"'
    return response
