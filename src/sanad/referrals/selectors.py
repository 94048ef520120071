"""Reads of referrals and consents through the access policy. A recipient's view of a person is audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404

from sanad.access import policy
from sanad.accounts.models import Organisation
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.cases.models import Case
from sanad.referrals.models import ACTIVE_STATES, Referral


def inbox_page(*, user: Any, active_only: bool, page_number: Any, page_size: int) -> Page[Referral]:
    """Referrals sent to the user's organisation: open ones first by due time, then the rest, newest first."""
    referrals = policy.referrals_received_by(user).select_related("case", "from_organisation")
    if active_only:
        referrals = referrals.filter(state__in=ACTIVE_STATES).order_by("due_at")
    else:
        referrals = referrals.order_by("-sent_at")
    return Paginator(referrals, page_size).get_page(page_number)


def sent_page(*, user: Any, page_number: Any, page_size: int) -> Page[Referral]:
    referrals = policy.referrals_sent_by(user).select_related("case", "to_organisation").order_by("-sent_at")
    return Paginator(referrals, page_size).get_page(page_number)


@dataclass(frozen=True)
class RecipientView:
    referral: Referral
    fields: frozenset[str]
    age: int | None


def referral_for_recipient(*, user: Any, referral_id: Any) -> RecipientView:
    """The referral as its recipient may see it; the person's fields only while it is active. Audited."""
    referral = (
        policy.referrals_received_by(user)
        .select_related("case", "case__person", "from_organisation", "to_organisation")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise Http404
    fields = policy.recipient_may_see(user, referral)
    if fields:
        record_event(
            action=AuditAction.VIEW_IDENTITY,
            actor=user,
            target=referral,
            target_label=f"referral {referral.case.reference}",
            detail={"via": "referral", "fields": sorted(fields)},
        )
    person = referral.case.person
    age = person.age_on(referral.sent_at.date()) if "age" in fields else None
    return RecipientView(referral=referral, fields=fields, age=age)


def case_referrals(*, case: Case) -> list[Referral]:
    return list(Referral.objects.filter(case=case).select_related("to_organisation", "from_organisation"))


def directory(*, service: str = "", region: str = "") -> QuerySet[Organisation]:
    """Organisations offering services, searchable by service and by region served."""
    organisations = Organisation.objects.filter(is_active=True).exclude(services=[]).order_by("name")
    matching = [
        o.pk
        for o in organisations
        if (not service or service in o.services)
        and (not region or region in o.regions_served or (not o.regions_served and o.region == region))
    ]
    return organisations.filter(Q(pk__in=matching))


@dataclass(frozen=True)
class CaseNetwork:
    consents: list[Any]
    referrals: list[Referral]
    deliveries: list[Any]
    placements: list[Any]


def case_network(*, case: Case) -> CaseNetwork:
    """Consents, referrals, services delivered and placements of a case the caller already may see."""
    from sanad.referrals.models import Consent, ServiceDelivery
    from sanad.shelters.models import Placement

    return CaseNetwork(
        consents=list(Consent.objects.filter(case=case).select_related("organisation")),
        referrals=case_referrals(case=case),
        deliveries=list(ServiceDelivery.objects.filter(case=case).select_related("provider")),
        placements=list(Placement.objects.filter(case=case).select_related("shelter")),
    )


@dataclass(frozen=True)
class InboxSummary:
    waiting_answer: int
    in_hand: int
    oldest_due: Any


def inbox_summary(*, user: Any) -> InboxSummary:
    from sanad.referrals.models import ReferralState

    received = policy.referrals_received_by(user)
    waiting = received.filter(state=ReferralState.SENT)
    return InboxSummary(
        waiting_answer=waiting.count(),
        in_hand=received.filter(state__in=(ReferralState.ACCEPTED, ReferralState.IN_PROGRESS)).count(),
        oldest_due=waiting.order_by("due_at").values_list("due_at", flat=True).first(),
    )
