"""Reads of plans, reports and recommendations, scoped by the access policy. Plans hold no identity; the
evidence files are the one thing only the commission and the writing organisation may open, and every
download (and every refused one) is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from sanad.access import policy
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.plans import evidence
from sanad.plans.models import (
    FINISHED_STATUSES,
    Axis,
    EvidenceFile,
    Indicator,
    Measure,
    Objective,
    Plan,
    ProgressReport,
    Recommendation,
    ReportState,
)

SUBMITTED_OR_APPROVED = (ReportState.SUBMITTED, ReportState.APPROVED)


def _require_reader(user: Any) -> None:
    if not policy.may_read_plans(user):
        raise PermissionDenied("plans.view")


def plan_list(*, user: Any) -> QuerySet[Plan]:
    _require_reader(user)
    return Plan.objects.select_related("implements").all()


def plan_with_measures(*, user: Any, plan_id: Any) -> Plan:
    """The plan with its axes, objectives and measures in a fixed number of queries."""
    _require_reader(user)
    measures = Measure.objects.select_related("responsible").prefetch_related("partners", "indicators")
    objectives = Objective.objects.prefetch_related(Prefetch("measures", queryset=measures))
    axes = Axis.objects.prefetch_related(Prefetch("objectives", queryset=objectives))
    try:
        return Plan.objects.prefetch_related(Prefetch("axes", queryset=axes)).get(pk=plan_id)
    except Plan.DoesNotExist as error:
        raise Http404 from error


def plan_for_edit(*, user: Any, plan_id: Any) -> Plan:
    if not policy.may_manage_plans(user):
        raise PermissionDenied("plans.manage")
    try:
        return Plan.objects.get(pk=plan_id)
    except Plan.DoesNotExist as error:
        raise Http404 from error


def plan_measures(plan: Plan) -> QuerySet[Measure]:
    return (
        Measure.objects.filter(objective__axis__plan=plan)
        .select_related("objective__axis", "responsible")
        .order_by("code")
    )


def measure(*, user: Any, measure_id: Any) -> Measure:
    _require_reader(user)
    try:
        return (
            Measure.objects.select_related("objective__axis__plan", "responsible")
            .prefetch_related("partners", "indicators", "recommendations")
            .get(pk=measure_id)
        )
    except Measure.DoesNotExist as error:
        raise Http404 from error


def report(*, user: Any, report_id: Any) -> ProgressReport:
    _require_reader(user)
    try:
        return (
            ProgressReport.objects.select_related(
                "measure__objective__axis__plan", "measure__responsible", "submitted_by", "reviewed_by"
            )
            .prefetch_related("values__indicator", "evidence")
            .get(pk=report_id)
        )
    except ProgressReport.DoesNotExist as error:
        raise Http404 from error


def evidence_download(*, user: Any, evidence_id: Any) -> tuple[EvidenceFile, bytes]:
    """The file and its content for an entitled user, with an audit row; a refusal is audited too."""
    try:
        attached = EvidenceFile.objects.select_related("report").get(pk=evidence_id)
    except EvidenceFile.DoesNotExist as error:
        raise Http404 from error
    if not policy.may_see_evidence(user, attached.report.organisation_id):
        record_event(
            action=AuditAction.ACCESS_DENIED,
            actor=user,
            target=attached,
            target_label=str(attached.report),
            detail={"report": str(attached.report_id)},
        )
        raise PermissionDenied("plans.evidence")
    content = evidence.read(attached.storage_name)
    record_event(
        action=AuditAction.DOWNLOAD,
        actor=user,
        target=attached,
        target_label=str(attached.report),
        detail={"report": str(attached.report_id), "size": attached.size},
    )
    return attached, content


@dataclass(frozen=True)
class DueReport:
    """A reporting period of a measure whose report the commission has not received."""

    measure: Measure
    period_start: date
    period_end: date
    due_on: date
    draft: ProgressReport | None
    overdue: bool

    def is_overdue(self, today: date) -> bool:
        return self.due_on < today


def _measures_in_reach(user: Any) -> QuerySet[Measure]:
    return Measure.objects.filter(policy.measures_followed_by(user)).select_related(
        "objective__axis__plan", "responsible"
    )


def reports_due(*, user: Any, today: date) -> list[DueReport]:
    """For the commission: every measure's periods that ended without a submitted or approved report; for a
    responsible organisation, those of its own measures. Periods that ended are listed from the day after
    their end; they are overdue once the plan's grace days have passed."""
    measures = list(_measures_in_reach(user).filter(starts_on__lte=today))
    if not measures:
        return []
    reports = {
        (r.measure_id, r.period_start): r
        for r in ProgressReport.objects.filter(measure__in=measures).only(
            "id", "measure_id", "period_start", "state", "version"
        )
    }
    due: list[DueReport] = []
    for item in measures:
        plan = item.objective.axis.plan
        grace = timedelta(days=plan.report_grace_days)
        finished_on = item.status_as_of if item.status in FINISHED_STATUSES else None
        for start, end in plan.reporting_periods(within_start=item.starts_on, within_end=item.ends_on):
            if end >= today or (finished_on is not None and start > finished_on):
                break  # not over yet, or after the approved report that said the measure is done
            found = reports.get((item.pk, start))
            if found is not None and found.state in SUBMITTED_OR_APPROVED:
                continue
            due.append(DueReport(item, start, end, end + grace, found, overdue=end + grace < today))
    due.sort(key=lambda entry: (entry.due_on, entry.measure.code))
    return due


def late_measures(*, user: Any, today: date) -> list[Measure]:
    """Measures reported as delayed, or past their end and neither done nor cancelled."""
    return [
        item
        for item in _measures_in_reach(user)
        .filter(Q(status="delayed") | Q(ends_on__lt=today))
        .order_by("ends_on")
        if item.is_late(today)
    ]


def reports_awaiting_review(*, user: Any) -> QuerySet[ProgressReport]:
    if not policy.may_manage_plans(user):
        return ProgressReport.objects.none()
    return (
        ProgressReport.objects.filter(state=ReportState.SUBMITTED)
        .select_related("measure__responsible")
        .order_by("submitted_at")
    )


def recommendations(*, user: Any) -> QuerySet[Recommendation]:
    _require_reader(user)
    return Recommendation.objects.prefetch_related(
        Prefetch(
            "measures",
            queryset=Measure.objects.select_related("responsible", "objective__axis__plan").prefetch_related(
                "indicators"
            ),
        )
    )


def indicator_for_edit(*, user: Any, indicator_id: Any) -> Indicator:
    if not policy.may_manage_plans(user):
        raise PermissionDenied("plans.manage")
    try:
        return Indicator.objects.select_related("measure").get(pk=indicator_id)
    except Indicator.DoesNotExist as error:
        raise Http404 from error


def recommendation_for_edit(*, user: Any, recommendation_id: Any) -> Recommendation:
    if not policy.may_manage_plans(user):
        raise PermissionDenied("plans.manage")
    try:
        return Recommendation.objects.get(pk=recommendation_id)
    except Recommendation.DoesNotExist as error:
        raise Http404 from error


@dataclass(frozen=True)
class PlanSummary:
    """The home panel of the commission and of a responsible organisation."""

    due: int
    overdue: int
    awaiting_review: int
    late: int


def plan_summary(*, user: Any, today: date) -> PlanSummary:
    due = reports_due(user=user, today=today)
    return PlanSummary(
        due=len(due),
        overdue=sum(1 for entry in due if entry.is_overdue(today)),
        awaiting_review=reports_awaiting_review(user=user).count(),
        late=len(late_measures(user=user, today=today)),
    )
