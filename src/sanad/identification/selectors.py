"""Reads of screenings and decisions, through the access policy; reading interview notes is audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.http import Http404

from sanad.access import policy
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.cases.models import Case
from sanad.identification.explain import dimension_label, profile_label, reasons
from sanad.identification.models import CaseSubmission, IdentificationGuide, Screening, StatusDecision
from sanad.identification.scoring import ScreeningResult, score


def rescore(screening: Screening) -> ScreeningResult:
    """Score a stored screening again with the guide version it used (never with a newer one)."""
    return score(screening.guide.definition, screening.profile, screening.answer_map(), screening.act_present)


@dataclass(frozen=True)
class ScreeningColumn:
    screening: Screening
    profile_label: str
    result: ScreeningResult
    reasons: list[str]


@dataclass(frozen=True)
class CaseIdentification:
    screenings: list[ScreeningColumn]
    dimension_rows: list[tuple[str, list[bool | None]]]  # one row per dimension, one cell per screening
    decisions: list[StatusDecision]
    submissions: list[CaseSubmission]


def case_identification(*, case: Case) -> CaseIdentification:
    """Screenings side by side, decisions and submissions of a case the caller already may see."""
    screenings = list(
        Screening.objects.filter(case=case).select_related("guide", "interviewer").prefetch_related("answers")
    )
    columns = []
    for screening in screenings:
        result = rescore(screening)
        columns.append(ScreeningColumn(screening, profile_label(screening.profile), result, reasons(result)))
    dimensions: list[str] = []
    for column in columns:
        dimensions.extend(
            code for code in column.screening.guide.definition.dimensions if code not in dimensions
        )
    rows = [
        (
            dimension_label(code),
            [
                column.result.dimension(code).positive
                if code in column.screening.guide.definition.dimensions
                else None
                for column in columns
            ],
        )
        for code in dimensions
    ]
    return CaseIdentification(
        screenings=columns,
        dimension_rows=rows,
        decisions=list(
            StatusDecision.objects.filter(case=case).select_related("decided_by_organisation", "decided_by")
        ),
        submissions=list(CaseSubmission.objects.filter(case=case).select_related("authority")),
    )


def screening_detail(*, user: Any, case: Case, screening_id: Any) -> Screening:
    """A screening with its notes, for users who see the case's identity tier; the read is audited."""
    if policy.identity_tier_for_case(user, case) != policy.Tier.IDENTITY:
        raise Http404
    screening = (
        Screening.objects.filter(case=case, pk=screening_id)
        .select_related("guide", "interviewer", "organisation")
        .prefetch_related("answers")
        .first()
    )
    if screening is None:
        raise Http404
    record_event(
        action=AuditAction.VIEW_IDENTITY,
        actor=user,
        target=screening,
        target_label=f"screening {case.reference}",
        detail={"fields": ["notes"]},
    )
    return screening


def awaiting_decision(*, user: Any) -> list[Case]:
    """Cases submitted to the user's organisation on which it has not yet decided."""
    if not policy.has_capability(user, "case.decide_status"):
        return []
    submitted = CaseSubmission.objects.filter(authority=user.organisation, withdrawn_at__isnull=True).values(
        "case_id"
    )
    decided = StatusDecision.objects.filter(decided_by_organisation=user.organisation).values("case_id")
    return list(
        policy.cases_visible_to(user)
        .filter(pk__in=submitted)
        .exclude(pk__in=decided)
        .order_by("opened_on")[:50]
    )


def guide_versions(*, user: Any) -> list[tuple[IdentificationGuide, int]]:
    """Every version of the guide with the number of screenings that used it, counted in the same query."""
    policy.require(user, "admin.catalogues")
    guides = IdentificationGuide.objects.select_related("loaded_by").annotate(used=Count("screenings"))
    return [(guide, guide.used) for guide in guides]
