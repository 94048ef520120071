"""Contacts from an external hotline platform: created for the token's hotline, idempotent on retry."""

# No "from __future__ import annotations" in the endpoint modules: django-ninja reads the annotations.

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Header, Router, Schema

from sanad.access import policy
from sanad.api.auth import require_scope
from sanad.api.errors import READ_ERRORS, WRITE_ERRORS
from sanad.api.idempotency import answered_once
from sanad.api.responses import not_found
from sanad.hotline.models import Channel, Contact, ContactType, ReporterRelation, TriageState, Urgency
from sanad.hotline.services import record_contact

router = Router(tags=["contacts"])


class ContactIn(Schema):
    channel: Channel
    contact_type: ContactType
    received_at: datetime
    reporter_relation: ReporterRelation
    urgency: Urgency = Urgency.ROUTINE
    language: str = Field("", max_length=8, description="Catalogue code of the caller's language")
    region: str = Field("", max_length=8, description="Catalogue code of the region, e.g. MA-06")
    narrative: str = Field("", max_length=10000)
    callback_number: str = Field("", max_length=40)
    triaged: bool = False


class ContactOut(Schema):
    reference: str
    state: TriageState
    channel: Channel
    contact_type: ContactType
    urgency: Urgency
    received_at: datetime
    region: str
    language: str


def _out(contact: Contact) -> dict[str, Any]:
    return ContactOut.model_validate(contact, from_attributes=True).model_dump(mode="json")


@router.post(
    "/contacts",
    response={201: ContactOut, 200: ContactOut, **WRITE_ERRORS},
    url_name="contact_create",
    summary="Record a contact received by the token's hotline",
)
def create_contact(
    request: HttpRequest,
    payload: ContactIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=100),
) -> HttpResponse:
    """A retry with the same Idempotency-Key and body answers 200 with the contact first created."""
    require_scope(request, "contacts:write")

    def write() -> tuple[int, dict[str, Any]]:
        contact = record_contact(actor=request.user, **payload.model_dump())
        return 201, _out(contact)

    return answered_once(
        request, key=idempotency_key, operation="contact_create", payload=payload, write=write
    )


@router.get(
    "/contacts/{reference}",
    response={200: ContactOut, **READ_ERRORS},
    url_name="contact_detail",
    summary="A contact of the token's hotline, without its narrative or callback number",
)
def contact_detail(request: HttpRequest, reference: str) -> Any:
    require_scope(request, "contacts:read")
    contact = policy.contacts_visible_to(request.user).filter(reference=reference).first()
    if contact is None:
        raise not_found()
    return contact
