from __future__ import annotations

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.access.decorators import capability_required
from sanad.justice import register
from sanad.justice.forms import RegisterImportForm


def _count_labels() -> dict[str, str]:
    return {
        "cases_created": _("Criminal cases created"),
        "cases_updated": _("Criminal cases completed"),
        "defendants_created": _("Suspects added"),
        "defendants_updated": _("Suspects completed"),
        "charges_created": _("Charges added"),
        "verdicts_created": _("Verdicts added"),
        "sentences_created": _("Sentences added"),
        "rows_unchanged": _("Rows already recorded"),
    }


@capability_required("justice.import_register")
def register_import(request: HttpRequest) -> HttpResponse:
    """Upload the prosecution register: "Check" previews what would be stored, "Import" stores it, all or
    nothing."""
    if not policy.may_import_register(request.user):
        raise PermissionDenied("justice.import_register")
    form = RegisterImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["register"]
        if upload.size > register.MAX_BYTES:
            form.add_error(
                "register", _("The file is larger than %(size)s MB.") % {"size": register.MAX_BYTES // 2**20}
            )
        else:
            report = register.import_register(
                actor=request.user,
                content=upload.read(),
                filename=upload.name,
                dry_run="import" not in request.POST,
            )
    status = 400 if (form.is_bound and form.errors) or (report and report.errors) else 200
    return render(
        request,
        "justice/register_import.html",
        {
            "form": form,
            "report": report,
            "counts": [(key, label, report.counts.get(key, 0)) for key, label in _count_labels().items()]
            if report
            else [],
            "columns": register.REGISTER_COLUMNS,
        },
        status=status,
    )


@capability_required("justice.import_register")
def register_template(request: HttpRequest) -> HttpResponse:
    """An empty register with the expected header, to fill in a spreadsheet."""
    if not policy.may_import_register(request.user):
        raise PermissionDenied("justice.import_register")
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerow(register.REGISTER_COLUMNS)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sanad-register-template.csv"'
    return response
