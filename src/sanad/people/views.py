from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sanad.access.decorators import capability_required
from sanad.people import selectors

PAGE_SIZE = 25


@capability_required("case.view_own_organisation")
def person_list(request: HttpRequest) -> HttpResponse:
    page = selectors.person_list_page(
        user=request.user, page_number=request.GET.get("page"), page_size=PAGE_SIZE
    )
    return render(request, "people/person_list.html", {"page": page})


@capability_required("case.view_own_organisation")
def person_detail(request: HttpRequest, person_id: UUID) -> HttpResponse:
    person = selectors.person_detail(user=request.user, person_id=person_id)
    cases = selectors.cases_of_person(user=request.user, person=person)
    return render(request, "people/person_detail.html", {"person": person, "cases": cases})
