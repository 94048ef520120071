"""Reads of cases, always through the access policy. Reads that reveal identity write an audit event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.http import Http404

from sanad.access import policy
from sanad.access.models import BreakGlassGrant
from sanad.access.policy import Tier
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.cases.models import Case, CasePlan, CaseStatus


@dataclass(frozen=True)
class CaseFilters:
    region: str = ""
    year: int | None = None
    status: str = ""
    reference: str = ""
    opened_from: date | None = None
    opened_to: date | None = None


def case_list(*, user: Any, filters: CaseFilters) -> QuerySet[Case]:
    cases = policy.cases_visible_to(user).select_related("person", "owning_organisation", "case_worker")
    if filters.region:
        cases = cases.filter(region=filters.region)
    if filters.year:
        cases = cases.filter(opened_on__year=filters.year)
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.reference:
        cases = cases.filter(reference__icontains=filters.reference.strip())
    if filters.opened_from:
        cases = cases.filter(opened_on__gte=filters.opened_from)
    if filters.opened_to:
        cases = cases.filter(opened_on__lte=filters.opened_to)
    return cases


@dataclass(frozen=True)
class CaseListPage:
    page: Page[Case]
    shows_identity: bool


def case_list_page(*, user: Any, filters: CaseFilters, page_number: Any, page_size: int) -> CaseListPage:
    """One page of the case list; when it shows names, one audit row lists the cases shown."""
    page = Paginator(case_list(user=user, filters=filters), page_size).get_page(page_number)
    shows_identity = policy.case_list_tier(user) == Tier.IDENTITY
    if shows_identity and page.object_list:
        record_event(
            action=AuditAction.VIEW_IDENTITY,
            actor=user,
            detail={"listing": "cases", "cases": [case.reference for case in page.object_list]},
        )
    return CaseListPage(page=page, shows_identity=shows_identity)


@dataclass(frozen=True)
class CaseFile:
    case: Case
    tier: Tier
    grant: BreakGlassGrant | None

    @property
    def shows_identity(self) -> bool:
        return self.tier == Tier.IDENTITY


def case_file(*, user: Any, case_id: Any) -> CaseFile:
    """One case as the user may see it; 404 when outside her scope. Audits every view of identity."""
    case = (
        policy.cases_visible_to(user)
        .select_related("person", "owning_organisation", "case_worker")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404
    tier = policy.identity_tier_for_case(user, case)
    grant = policy.active_break_glass_grant(user, case)
    if tier == Tier.IDENTITY:
        record_event(
            action=AuditAction.VIEW_IDENTITY,
            actor=user,
            target=case,
            reason=grant.reason if grant else "",
            detail={"via": _access_route(user, case, grant)},
        )
    return CaseFile(case=case, tier=tier, grant=grant)


def _access_route(user: Any, case: Case, grant: BreakGlassGrant | None) -> str:
    if grant is not None:
        return "break_glass"
    if case.owning_organisation_id == user.organisation.pk:
        return "own_organisation"
    return "submitted_for_decision"


def case_counts(*, user: Any) -> dict[str, int]:
    cases = policy.cases_visible_to(user)
    return {
        "open": cases.filter(status=CaseStatus.OPEN).count(),
        "closed": cases.filter(status=CaseStatus.CLOSED).count(),
        "total": cases.count(),
    }


def open_cases_by_region(*, user: Any) -> list[dict[str, Any]]:
    return [
        dict(row)
        for row in policy.cases_visible_to(user)
        .filter(status=CaseStatus.OPEN)
        .values("region")
        .annotate(count=Count("id"))
        .order_by("region")
    ]


def cases_by_year(*, user: Any) -> list[dict[str, Any]]:
    return [
        dict(row)
        for row in policy.cases_visible_to(user)
        .annotate(year=ExtractYear("opened_on"))
        .values("year")
        .annotate(count=Count("id"))
        .order_by("year")
    ]


def visible_case(*, user: Any, case_id: Any) -> Case:
    """A case within the user's scope, for the pages that act on it; 404 outside it."""
    case = (
        policy.cases_visible_to(user)
        .select_related("person", "owning_organisation")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404
    return case


def managed_case(*, user: Any, case_id: Any) -> Case:
    """A case the user's organisation owns and she may manage (consent, referrals, plan, closure)."""
    case = visible_case(user=user, case_id=case_id)
    policy.require_case_manager(user, case)
    return case


def plan_shown_for_edit(*, user: Any, case: Case, plan: CasePlan | None) -> None:
    """The plan's edit form shows its needs and goals (identity tier): audited like the case page."""
    if plan is not None and (plan.needs or plan.goals):
        record_event(
            action=AuditAction.VIEW_IDENTITY,
            actor=user,
            target=case,
            detail={"fields": ["needs", "goals"], "via": "edit_form"},
        )
