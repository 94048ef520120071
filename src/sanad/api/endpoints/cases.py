"""Persons and their cases for an organisation's own system: list and read within the web's policy (identity
only where the web would show it, and then audited), and register a person with her case, idempotently."""

# No "from __future__ import annotations" in the endpoint modules: django-ninja reads the annotations.

from datetime import date
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Field, Header, Query, Router, Schema
from ninja.pagination import paginate

from sanad.access import policy
from sanad.api.auth import require_scope
from sanad.api.errors import READ_ERRORS, WRITE_ERRORS
from sanad.api.idempotency import answered_once
from sanad.api.pagination import BoundedPagination
from sanad.api.responses import json_response, not_found
from sanad.cases.models import Case, CaseStatus
from sanad.cases.selectors import CaseFilters, case_file
from sanad.cases.selectors import case_list as case_list_selector
from sanad.cases.services import open_case
from sanad.people.models import BirthDatePrecision, Sex
from sanad.people.services import register_person

router = Router(tags=["cases"])


class PersonIdentityOut(Schema):
    given_name_latin: str
    family_name_latin: str
    given_name_ar: str
    family_name_ar: str
    sex: Sex
    birth_date: date | None
    birth_date_precision: BirthDatePrecision
    nationalities: list[str]


class CaseOut(Schema):
    reference: str
    owning_organisation: str = Field(..., alias="owning_organisation.short_code")
    opened_on: date
    region: str
    status: CaseStatus
    forms_of_exploitation: list[str]
    version: int


class CaseFileOut(CaseOut):
    person: PersonIdentityOut | None = Field(
        None, description="Only where the organisation's staff would see the identity (audited)"
    )


class CaseFilter(Schema):
    status: CaseStatus | None = None
    region: str | None = Field(None, max_length=16)
    opened_from: date | None = None
    opened_to: date | None = None


class PersonIn(Schema):
    given_name_latin: str = Field("", max_length=100)
    family_name_latin: str = Field("", max_length=100)
    given_name_ar: str = Field("", max_length=100)
    family_name_ar: str = Field("", max_length=100)
    sex: Sex = Sex.UNKNOWN
    birth_date: date | None = None
    birth_date_precision: BirthDatePrecision = BirthDatePrecision.UNKNOWN
    nationalities: list[str] = Field(default_factory=list, max_length=5)
    phone: str = Field("", max_length=40)
    document_type: str = Field("", max_length=32)
    document_number: str = Field("", max_length=40)


class CaseIn(Schema):
    person: PersonIn
    opened_on: date
    region: str = Field(..., max_length=16, description="Catalogue code of the region, e.g. MA-06")


@router.get(
    "/cases",
    response={200: list[CaseOut], **READ_ERRORS},
    url_name="case_list",
    summary="Cases the token's organisation may see, newest first, without identity",
)
@paginate(BoundedPagination)
def case_list(request: HttpRequest, filters: Query[CaseFilter]) -> Any:
    require_scope(request, "cases:read")
    chosen = CaseFilters(
        region=filters.region or "", status=filters.status or "", opened_from=filters.opened_from,
        opened_to=filters.opened_to,
    )  # fmt: skip
    return case_list_selector(user=request.user, filters=chosen).order_by("-opened_on", "pk")


def _case_file_body(request: HttpRequest, case: Case) -> dict[str, Any]:
    shown = case_file(user=request.user, case_id=case.pk)  # audits the identity it shows
    body = CaseFileOut.model_validate(shown.case, from_attributes=True).model_dump(mode="json")
    body["person"] = (
        PersonIdentityOut.model_validate(shown.case.person, from_attributes=True).model_dump(mode="json")
        if shown.shows_identity
        else None
    )
    return body


@router.get(
    "/cases/{reference}",
    response={200: CaseFileOut, **READ_ERRORS},
    url_name="case_detail",
    summary="One case; the person's identity where the organisation's staff would see it",
)
def case_detail(request: HttpRequest, reference: str) -> Any:
    require_scope(request, "cases:read")
    case = policy.cases_visible_to(request.user).filter(reference=reference).first()
    if case is None:
        raise not_found()
    return json_response(_case_file_body(request, case), status=200)


@router.post(
    "/cases",
    response={201: CaseOut, 200: CaseOut, **WRITE_ERRORS},
    url_name="case_create",
    summary="Register a person and open her case in the token's organisation",
)
def case_create(
    request: HttpRequest,
    payload: CaseIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=100),
) -> HttpResponse:
    """A retry with the same Idempotency-Key and body answers 200 with the case first opened. The answer holds
    no identity: it is kept for retries, and identity is stored only encrypted."""
    require_scope(request, "cases:write")

    def write() -> tuple[int, dict[str, Any]]:
        with transaction.atomic():
            person = register_person(actor=request.user, **payload.person.model_dump())
            case = open_case(
                actor=request.user, person=person, opened_on=payload.opened_on, region=payload.region
            )
        return 201, CaseOut.model_validate(case, from_attributes=True).model_dump(mode="json")

    return answered_once(request, key=idempotency_key, operation="case_create", payload=payload, write=write)
