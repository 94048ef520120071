from __future__ import annotations

import csv
from collections.abc import Iterator

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from sanad.access.decorators import capability_required
from sanad.audit import selectors
from sanad.audit.forms import AuditFilterForm
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event

PAGE_SIZE = 50
CSV_COLUMNS = [
    "occurred_at", "actor", "organisation", "action", "object_type", "object_id", "object_label",
    "reason", "request_id", "ip_address",
]  # fmt: skip


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, selectors.AuditFilters]:
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        return form, selectors.AuditFilters(
            actor=data["actor"],
            organisation=str(data["organisation"].pk) if data["organisation"] else "",
            action=data["action"],
            object=data["object"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
    return form, selectors.AuditFilters()


@capability_required("audit.view")
def audit_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    events = selectors.audit_events(user=request.user, filters=filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "audit/_events.html" if request.htmx else "audit/audit_list.html"  # type: ignore[attr-defined]
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(value: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    return f"'{value}" if value.startswith(FORMULA_PREFIXES) else value


class _Echo:
    def write(self, value: str) -> str:
        return value


@capability_required("audit.view")
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    _form, filters = _filters(request)
    events = selectors.audit_events(user=request.user, filters=filters)
    record_event(
        action=AuditAction.EXPORT,
        actor=request.user,
        detail={"export": "audit_csv", "filters": {k: str(v) for k, v in vars(filters).items() if v}},
    )
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield writer.writerow(CSV_COLUMNS)
        for event in events.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    _safe_cell(str(value))
                    for value in (
                        event.occurred_at.isoformat(),
                        event.actor_label,
                        event.organisation.name if event.organisation else "",
                        event.action,
                        event.object_type,
                        event.object_id,
                        event.object_label,
                        event.reason,
                        event.request_id,
                        event.ip_address or "",
                    )
                ]
            )

    filename = f"sanad-audit-{timezone.localdate():%Y%m%d}.csv"
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
