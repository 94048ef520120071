"""The referral inbox of a provider's own system: list what was sent to it, accept or decline."""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from sanad.access import policy
from sanad.api.auth import require_scope
from sanad.api.errors import READ_ERRORS, WRITE_ERRORS
from sanad.api.pagination import BoundedPagination
from sanad.api.responses import not_found
from sanad.referrals.models import Referral, ReferralState
from sanad.referrals.services import respond

router = Router(tags=["referrals"])


class ReferralOut(Schema):
    id: UUID
    case_reference: str = Field(..., alias="case.reference")
    from_organisation: str = Field(..., alias="from_organisation.short_code")
    service_type: str
    urgency: str
    state: ReferralState
    sent_at: datetime
    due_at: datetime
    version: int


class InboxFilter(Schema):
    state: ReferralState | None = None


class AcceptIn(Schema):
    version: int = Field(..., description="The version read, so that a concurrent change is not overwritten")


class DeclineIn(AcceptIn):
    reason: str = Field(..., min_length=1, max_length=2000)


def _received(request: HttpRequest) -> Any:
    return policy.referrals_received_by(request.user).select_related("case", "from_organisation")


@router.get(
    "/referrals/inbox",
    response={200: list[ReferralOut], **READ_ERRORS},
    url_name="referral_inbox",
    summary="Referrals sent to the token's organisation, newest first",
)
@paginate(BoundedPagination)
def inbox(request: HttpRequest, filters: Query[InboxFilter]) -> Any:
    require_scope(request, "referrals:read")
    referrals = _received(request).order_by("-sent_at", "pk")
    if filters.state:
        referrals = referrals.filter(state=filters.state)
    return referrals


def _answer(
    request: HttpRequest, referral_id: UUID, to_state: str, version: int, reason: str = ""
) -> Referral:
    require_scope(request, "referrals:write")
    referral = _received(request).filter(pk=referral_id).first()
    if referral is None:
        raise not_found()
    answered = respond(
        actor=request.user, referral=referral, to_state=to_state, expected_version=version, reason=reason
    )
    return _received(request).get(pk=answered.pk)


@router.post(
    "/referrals/{referral_id}/accept",
    response={200: ReferralOut, **WRITE_ERRORS},
    url_name="referral_accept",
    summary="Accept a referral sent to the token's organisation",
)
def accept(request: HttpRequest, referral_id: UUID, payload: AcceptIn) -> Any:
    return _answer(request, referral_id, ReferralState.ACCEPTED, payload.version)


@router.post(
    "/referrals/{referral_id}/decline",
    response={200: ReferralOut, **WRITE_ERRORS},
    url_name="referral_decline",
    summary="Decline a referral, with the reason",
)
def decline(request: HttpRequest, referral_id: UUID, payload: DeclineIn) -> Any:
    return _answer(request, referral_id, ReferralState.DECLINED, payload.version, payload.reason)
