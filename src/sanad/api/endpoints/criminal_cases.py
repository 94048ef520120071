"""Criminal cases from a police or prosecution register: open one, move it along (referral to the
prosecution office, the court), read its facts. Suspects' identities never travel through this API."""

# No "from __future__ import annotations" in the endpoint modules: django-ninja reads the annotations.

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from sanad.access import policy
from sanad.accounts.models import Organisation
from sanad.api.auth import require_scope
from sanad.api.errors import READ_ERRORS, WRITE_ERRORS, ApiError
from sanad.api.responses import not_found
from sanad.justice.models import CaseOrigin, CriminalCase
from sanad.justice.services import open_criminal_case, update_criminal_case

router = Router(tags=["criminal cases"])


class CriminalCaseOut(Schema):
    reference: str
    investigating_unit: str = Field(..., alias="investigating_unit.short_code")
    prosecution_office: str | None = Field(None, alias="prosecution_office.short_code")
    court: str | None = Field(None, alias="court.short_code")
    region: str
    opened_on: date
    origin: CaseOrigin
    forms_of_exploitation: list[str]
    referred_to_prosecution_on: date | None
    version: int


class CriminalCaseIn(Schema):
    reference: str = Field(..., min_length=1, max_length=40)
    investigating_unit: str | None = Field(
        None, description="Short code of the unit; a unit's own token may leave it out"
    )
    region: str = Field(..., max_length=16)
    opened_on: date
    origin: CaseOrigin
    forms_of_exploitation: list[str] = Field(default_factory=list, max_length=20)
    prosecution_office: str | None = Field(None, description="Short code of the prosecution office")
    referred_to_prosecution_on: date | None = None


class CriminalCaseChange(Schema):
    version: int = Field(..., description="The version read, so that a concurrent change is not overwritten")
    region: str | None = Field(None, max_length=16)
    origin: CaseOrigin | None = None
    forms_of_exploitation: list[str] | None = Field(None, max_length=20)
    prosecution_office: str | None = Field(None, description="Short code: refers the case to that office")
    referred_to_prosecution_on: date | None = None
    court: str | None = Field(None, description="Short code of the court trying the case")


def _organisation(field: str, short_code: str | None) -> Organisation | None:
    if short_code is None:
        return None
    found = Organisation.objects.filter(short_code=short_code, is_active=True).first()
    if found is None:
        raise ApiError(
            422, "invalid", _("Unknown organisation %(code)s.") % {"code": short_code}, field=field
        )
    return found


def _related(queryset: Any) -> Any:
    return queryset.select_related("investigating_unit", "prosecution_office", "court")


@router.post(
    "/criminal-cases",
    response={201: CriminalCaseOut, **WRITE_ERRORS},
    url_name="criminal_case_create",
    summary="Open a criminal case of the token's unit, or register one as a prosecution office",
    # OpenAPI links: a client (and the stateful schema tests) learns that the answer's reference is what the
    # case's own operations take.
    openapi_extra={
        "responses": {
            201: {
                "links": {
                    "ReadCriminalCase": {
                        "operationId": "sanad_api_endpoints_criminal_cases_criminal_case_detail",
                        "parameters": {"reference": "$response.body#/reference"},
                    },
                    "UpdateCriminalCase": {
                        "operationId": "sanad_api_endpoints_criminal_cases_criminal_case_update",
                        "parameters": {"reference": "$response.body#/reference"},
                    },
                }
            }
        }
    },
)
def criminal_case_create(request: HttpRequest, payload: CriminalCaseIn) -> Any:
    """The reference is the register's own: sending the same reference again is refused (422), so a retry
    never opens a second case."""
    require_scope(request, "criminal_cases:write")
    unit = _organisation("investigating_unit", payload.investigating_unit) or policy.organisation_of(
        request.user
    )
    opened = open_criminal_case(
        actor=request.user,
        reference=payload.reference,
        investigating_unit=unit,
        region=payload.region,
        opened_on=payload.opened_on,
        origin=payload.origin,
        forms_of_exploitation=payload.forms_of_exploitation,
        prosecution_office=_organisation("prosecution_office", payload.prosecution_office),
        referred_to_prosecution_on=payload.referred_to_prosecution_on,
    )
    return Status(201, _related(CriminalCase.objects).get(pk=opened.pk))


def _visible(request: HttpRequest, reference: str) -> CriminalCase:
    found = _related(policy.criminal_cases_visible_to(request.user)).filter(reference=reference).first()
    if found is None:
        raise not_found()
    return found


@router.get(
    "/criminal-cases/{reference}",
    response={200: CriminalCaseOut, **READ_ERRORS},
    url_name="criminal_case_detail",
    summary="The facts of a criminal case the token's organisation works on",
)
def criminal_case_detail(request: HttpRequest, reference: str) -> Any:
    require_scope(request, "criminal_cases:read")
    return _visible(request, reference)


@router.patch(
    "/criminal-cases/{reference}",
    response={200: CriminalCaseOut, **WRITE_ERRORS},
    url_name="criminal_case_update",
    summary="Move a criminal case along: referral to a prosecution office, the court, its facts",
)
def criminal_case_update(request: HttpRequest, reference: str, payload: CriminalCaseChange) -> Any:
    require_scope(request, "criminal_cases:write")
    criminal_case = _visible(request, reference)
    changes: dict[str, Any] = payload.model_dump(exclude_unset=True, exclude={"version"})
    for field in ("prosecution_office", "court"):
        if field in changes:
            changes[field] = _organisation(field, changes[field])
    updated = update_criminal_case(
        actor=request.user, criminal_case=criminal_case, expected_version=payload.version, **changes
    )
    return _related(CriminalCase.objects).get(pk=updated.pk)
