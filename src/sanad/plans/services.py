"""State changes of plans, progress reports and recommendations. Each is one transaction that checks the
policy and writes its audit row.

Report workflow: draft -> submitted -> approved, or submitted -> returned -> submitted ... Only the
responsible organisation edits and submits; only the commission approves or returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from sanad.access import policy
from sanad.accounts.models import Organisation
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.concurrency import bump_version, check_version
from sanad.plans import evidence
from sanad.plans.models import (
    EDITABLE_REPORT_STATES,
    Axis,
    EvidenceFile,
    Indicator,
    IndicatorSource,
    IndicatorValue,
    Measure,
    MeasureStatus,
    Objective,
    Pillar,
    Plan,
    ProgressReport,
    Recommendation,
    ReportState,
)
from sanad.statistics.indicators import STATISTICS, national_value
from sanad.statistics.periods import Period

PLAN_FIELDS = (
    "title",
    "kind",
    "implements",
    "starts_on",
    "ends_on",
    "reporting",
    "report_grace_days",
    "currency",
)
MEASURE_FIELDS = (
    "objective", "code", "title", "description", "responsible", "starts_on", "ends_on",
    "budget_planned_minor",
)  # fmt: skip
INDICATOR_FIELDS = (
    "name",
    "unit",
    "source",
    "statistic",
    "direction",
    "baseline",
    "baseline_year",
    "targets",
)
RECOMMENDATION_FIELDS = (
    "source", "report_year", "priority", "original_language", "text_en", "text_fr", "text_ar", "is_synthetic",
    "status", "status_note",
)  # fmt: skip


def _require_manager(actor: Any) -> None:
    if not policy.may_manage_plans(actor):
        raise PermissionDenied("plans.manage")


def _saved(record: Any, message: str) -> Any:
    """Save, turning a uniqueness clash into a form error instead of a server error."""
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as error:
        raise ValidationError(message) from error
    return record


def _check_dates(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end cannot be before the start.")})


def _changed(record: Any, fields: Iterable[str], values: Mapping[str, Any]) -> list[str]:
    changed = [name for name in fields if name in values and getattr(record, name) != values[name]]
    for name in changed:
        setattr(record, name, values[name])
    return changed


# --- Plans, objectives, measures, indicators -------------------------------------------------------------


@transaction.atomic
def create_plan(*, actor: Any, code: str, **fields: Any) -> Plan:
    """A plan with its four axes."""
    _require_manager(actor)
    _check_dates(fields["starts_on"], fields["ends_on"])
    plan = _saved(
        Plan(code=code, **{name: fields[name] for name in PLAN_FIELDS if name in fields}),
        _("A plan with this code already exists."),
    )
    Axis.objects.bulk_create([Axis(plan=plan, pillar=pillar) for pillar in Pillar])
    record_event(action=AuditAction.CREATE, actor=actor, target=plan, detail={"kind": plan.kind})
    return plan


@transaction.atomic
def update_plan(*, actor: Any, plan: Plan, expected_version: int | None, **fields: Any) -> Plan:
    _require_manager(actor)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    check_version(plan, expected_version)
    starts_on, ends_on = fields.get("starts_on", plan.starts_on), fields.get("ends_on", plan.ends_on)
    _check_dates(starts_on, ends_on)
    reported = ProgressReport.objects.filter(measure__objective__axis__plan=plan).exists()
    if reported and (
        starts_on != plan.starts_on or fields.get("reporting", plan.reporting) != plan.reporting
    ):
        # Reports are filed against the plan's periods: moving the periods would orphan every report.
        raise ValidationError(
            _("Progress reports exist: the plan's start and its reporting frequency can no longer change.")
        )
    outside = (
        Measure.objects.filter(objective__axis__plan=plan)
        .filter(Q(starts_on__lt=starts_on) | Q(ends_on__gt=ends_on))
        .order_by("code")
        .first()
    )
    if outside is not None:
        raise ValidationError(
            {
                "ends_on": _(
                    "Some measures run outside these dates, for example %(code)s: change them first."
                )
                % {"code": outside.code}
            }
        )
    if fields.get("implements") is not None and fields["implements"].pk == plan.pk:
        raise ValidationError({"implements": _("A plan cannot implement itself.")})
    changed = _changed(plan, PLAN_FIELDS, fields)
    if changed:
        bump_version(plan)
        plan.save()
        record_event(action=AuditAction.UPDATE, actor=actor, target=plan, detail={"fields": changed})
    return plan


@transaction.atomic
def add_objective(*, actor: Any, plan: Plan, pillar: str, code: str, title: str) -> Objective:
    _require_manager(actor)
    axis = Axis.objects.get(plan=plan, pillar=pillar)
    objective = _saved(
        Objective(axis=axis, code=code, title=title),
        _("This axis already has an objective numbered %(code)s.") % {"code": code},
    )
    record_event(action=AuditAction.CREATE, actor=actor, target=objective, detail={"plan": plan.code})
    return objective


def _check_measure(plan: Plan, starts_on: date, ends_on: date, budget_planned_minor: int) -> None:
    _check_dates(starts_on, ends_on)
    if starts_on < plan.starts_on or ends_on > plan.ends_on:
        raise ValidationError(
            {
                "ends_on": _("A measure runs within its plan (%(start)s to %(end)s).")
                % {"start": plan.starts_on.isoformat(), "end": plan.ends_on.isoformat()}
            }
        )
    if budget_planned_minor < 0:
        raise ValidationError({"budget_planned_minor": _("A budget cannot be negative.")})


@transaction.atomic
def create_measure(*, actor: Any, partners: Iterable[Organisation] = (), **fields: Any) -> Measure:
    _require_manager(actor)
    objective: Objective = fields["objective"]
    _check_measure(
        objective.axis.plan, fields["starts_on"], fields["ends_on"], fields.get("budget_planned_minor", 0)
    )
    measure = _saved(
        Measure(**{name: fields[name] for name in MEASURE_FIELDS if name in fields}),
        _("This measure could not be saved: check its dates and its budget."),
    )
    measure.partners.set(partners)
    record_event(
        action=AuditAction.CREATE,
        actor=actor,
        target=measure,
        detail={"responsible": str(measure.responsible_id)},
    )
    return measure


@transaction.atomic
def update_measure(
    *, actor: Any, measure: Measure, expected_version: int | None,
    partners: Iterable[Organisation] | None = None, **fields: Any,
) -> Measure:  # fmt: skip
    _require_manager(actor)
    measure = Measure.objects.select_for_update().select_related("objective__axis__plan").get(pk=measure.pk)
    check_version(measure, expected_version)
    objective = fields.get("objective", measure.objective)
    if objective.axis.plan_id != measure.objective.axis.plan_id:
        raise ValidationError({"objective": _("A measure stays in its plan.")})
    _check_measure(
        objective.axis.plan,
        fields.get("starts_on", measure.starts_on),
        fields.get("ends_on", measure.ends_on),
        fields.get("budget_planned_minor", measure.budget_planned_minor),
    )
    changed = _changed(measure, MEASURE_FIELDS, fields)
    if partners is not None:
        partners = list(partners)
        if {p.pk for p in partners} != set(measure.partners.values_list("pk", flat=True)):
            measure.partners.set(partners)
            changed.append("partners")
    if changed:
        bump_version(measure)
        measure.save()
        record_event(action=AuditAction.UPDATE, actor=actor, target=measure, detail={"fields": changed})
    return measure


def _check_indicator(fields: Mapping[str, Any]) -> dict[str, Any]:
    values = dict(fields)
    if values.get("source") == IndicatorSource.COMPUTED:
        if values.get("statistic") not in STATISTICS:
            raise ValidationError({"statistic": _("Choose the statistic this indicator is computed from.")})
    elif "source" in values:
        values["statistic"] = ""
    targets = values.get("targets") or {}
    for year in targets:
        if not str(year).isdigit():
            raise ValidationError({"targets": _("A target year must be a year, such as 2025.")})
    return values


@transaction.atomic
def add_indicator(*, actor: Any, measure: Measure, **fields: Any) -> Indicator:
    _require_manager(actor)
    values = _check_indicator(fields)
    indicator = Indicator.objects.create(
        measure=measure, **{name: values[name] for name in INDICATOR_FIELDS if name in values}
    )
    record_event(
        action=AuditAction.CREATE, actor=actor, target=indicator, detail={"source": indicator.source}
    )
    return indicator


@transaction.atomic
def update_indicator(
    *, actor: Any, indicator: Indicator, expected_version: int | None, **fields: Any
) -> Indicator:
    _require_manager(actor)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    check_version(indicator, expected_version)
    values = _check_indicator({"source": fields.get("source", indicator.source), **fields})
    changed = _changed(indicator, INDICATOR_FIELDS, values)
    if changed:
        bump_version(indicator)
        indicator.save()
        record_event(action=AuditAction.UPDATE, actor=actor, target=indicator, detail={"fields": changed})
    return indicator


# --- Progress reports ----------------------------------------------------------------------------------


def _require_writer(actor: Any, organisation_id: Any) -> None:
    if not policy.is_responsible_for(actor, organisation_id):
        raise PermissionDenied("plans.report")


def _require_reviewer(actor: Any, report: ProgressReport) -> None:
    if not policy.may_review_report(actor, report):
        raise PermissionDenied("plans.manage")


def _locked_report(report: ProgressReport, expected_version: int | None) -> ProgressReport:
    report = (
        ProgressReport.objects.select_for_update()
        .select_related("measure__objective__axis__plan")
        .get(pk=report.pk)
    )
    check_version(report, expected_version)
    return report


REFUSALS = {
    "change": _lazy("This report is %(state)s: it can no longer be changed."),
    "submit": _lazy("This report is %(state)s: it cannot be submitted again."),
    "approve": _lazy("Only a submitted report can be approved; this one is %(state)s."),
    "return": _lazy("Only a submitted report can be returned; this one is %(state)s."),
}


def _refuse_transition(report: ProgressReport, action: str) -> ValidationError:
    return ValidationError(REFUSALS[action] % {"state": report.get_state_display().lower()})


def report_period(report: ProgressReport) -> Period:
    return Period("plan", report.period_start.year, report.period_start, report.period_end)


@transaction.atomic
def start_report(*, actor: Any, measure: Measure, period_start: date) -> ProgressReport:
    """A draft report for one of the plan's reporting periods in which the measure runs and that has begun."""
    _require_writer(actor, measure.responsible_id)
    periods = dict(measure.plan.reporting_periods(within_start=measure.starts_on, within_end=measure.ends_on))
    if period_start not in periods:
        raise ValidationError({"period_start": _("This is not a reporting period of the measure.")})
    if period_start > timezone.localdate():
        raise ValidationError({"period_start": _("This period has not begun yet.")})
    report = _saved(
        ProgressReport(
            measure=measure,
            organisation_id=measure.responsible_id,
            period_start=period_start,
            period_end=periods[period_start],
            status=measure.status,
            percent_done=measure.percent_done,
            budget_spent_minor=measure.budget_spent_minor,
            created_by=actor,
        ),
        _("A report for this period already exists."),
    )
    record_event(action=AuditAction.CREATE, actor=actor, target=report, detail={"measure": measure.code})
    return report


def _check_report_values(status: str, percent_done: int, budget_spent_minor: int) -> None:
    if not 0 <= percent_done <= 100:
        raise ValidationError({"percent_done": _("Percent done is between 0 and 100.")})
    if status == MeasureStatus.DONE and percent_done != 100:
        raise ValidationError({"percent_done": _("A measure reported as done must be 100 percent done.")})
    if budget_spent_minor < 0:
        raise ValidationError({"budget_spent_minor": _("A budget cannot be negative.")})


@transaction.atomic
def save_report(
    *, actor: Any, report: ProgressReport, expected_version: int | None, status: str, percent_done: int,
    budget_spent_minor: int, narrative: str, values: Mapping[Any, Decimal | None],
) -> ProgressReport:  # fmt: skip
    """Save the draft (or returned) report: status, percent done, budget spent to date, narrative and the
    values of the measure's manual indicators. Computed indicators are not entered."""
    report = _locked_report(report, expected_version)
    _require_writer(actor, report.organisation_id)
    if report.state not in EDITABLE_REPORT_STATES:
        raise _refuse_transition(report, "change")
    _check_report_values(status, percent_done, budget_spent_minor)
    report.status, report.percent_done = status, percent_done
    report.budget_spent_minor, report.narrative = budget_spent_minor, narrative
    manual = {i.pk: i for i in report.measure.indicators.filter(source=IndicatorSource.MANUAL)}
    for indicator_id, value in values.items():
        if indicator_id not in manual:
            continue
        if value is None:
            IndicatorValue.objects.filter(report=report, indicator_id=indicator_id).delete()
        else:
            IndicatorValue.objects.update_or_create(
                report=report, indicator_id=indicator_id, defaults={"value": value}
            )
    bump_version(report)
    report.save()
    record_event(action=AuditAction.UPDATE, actor=actor, target=report, detail={"status": status})
    return report


@transaction.atomic
def submit_report(*, actor: Any, report: ProgressReport, expected_version: int | None) -> ProgressReport:
    """Send the report to the commission. Every manual indicator must have its value; computed indicators
    take the statistics module's figure for the report's period, frozen from now on."""
    report = _locked_report(report, expected_version)
    _require_writer(actor, report.organisation_id)
    if report.state not in EDITABLE_REPORT_STATES:
        raise _refuse_transition(report, "submit")
    if report.period_end >= timezone.localdate():
        # Computed indicators are frozen at submission: a period still running would freeze a partial count.
        raise ValidationError(
            _("The period ends on %(end)s: submit the report from the next day.")
            % {"end": report.period_end.isoformat()}
        )
    indicators = list(report.measure.indicators.all())
    entered = set(report.values.values_list("indicator_id", flat=True))
    missing = [i.name for i in indicators if not i.is_computed and i.pk not in entered]
    if missing:
        raise ValidationError(
            _("Enter the value of every indicator before submitting: %(names)s.")
            % {"names": ", ".join(missing)}
        )
    period = report_period(report)
    memo: dict[object, object] = {}
    for indicator in indicators:
        if indicator.is_computed:
            value = national_value(indicator.statistic, period, memo)
            if value is None:  # no figure for the period (a share of too few cases): none is frozen
                IndicatorValue.objects.filter(report=report, indicator=indicator).delete()
                continue
            IndicatorValue.objects.update_or_create(
                report=report, indicator=indicator, defaults={"value": value}
            )
    report.state = ReportState.SUBMITTED
    report.submitted_at, report.submitted_by = timezone.now(), actor
    bump_version(report)
    report.save()
    record_event(action=AuditAction.UPDATE, actor=actor, target=report, detail={"state": report.state})
    return report


@transaction.atomic
def approve_report(
    *, actor: Any, report: ProgressReport, expected_version: int | None, comment: str = ""
) -> ProgressReport:
    """Accept the report. If it is the measure's latest approved period, the measure takes its status,
    percent done and budget spent."""
    report = _locked_report(report, expected_version)
    _require_reviewer(actor, report)
    if report.state != ReportState.SUBMITTED:
        raise _refuse_transition(report, "approve")
    report.state = ReportState.APPROVED
    report.reviewed_at, report.reviewed_by, report.review_comment = timezone.now(), actor, comment
    bump_version(report)
    report.save()
    measure = Measure.objects.select_for_update().get(pk=report.measure_id)
    if measure.status_as_of is None or report.period_end >= measure.status_as_of:
        measure.status, measure.percent_done = report.status, report.percent_done
        measure.budget_spent_minor, measure.status_as_of = report.budget_spent_minor, report.period_end
        bump_version(measure)
        measure.save()
        record_event(
            action=AuditAction.UPDATE,
            actor=actor,
            target=measure,
            detail={
                "from_report": str(report.pk),
                "status": measure.status,
                "percent_done": measure.percent_done,
            },
        )
    record_event(action=AuditAction.UPDATE, actor=actor, target=report, detail={"state": report.state})
    return report


@transaction.atomic
def return_report(
    *, actor: Any, report: ProgressReport, expected_version: int | None, comment: str
) -> ProgressReport:
    if not comment.strip():
        raise ValidationError({"comment": _("Say what must change before the report can be approved.")})
    report = _locked_report(report, expected_version)
    _require_reviewer(actor, report)
    if report.state != ReportState.SUBMITTED:
        raise _refuse_transition(report, "return")
    report.state = ReportState.RETURNED
    report.reviewed_at, report.reviewed_by, report.review_comment = timezone.now(), actor, comment
    bump_version(report)
    report.save()
    record_event(action=AuditAction.UPDATE, actor=actor, target=report, detail={"state": report.state})
    return report


def _writable_report(actor: Any, report_id: Any) -> ProgressReport:
    report = ProgressReport.objects.select_for_update().get(pk=report_id)
    _require_writer(actor, report.organisation_id)
    if report.state not in EDITABLE_REPORT_STATES:
        raise _refuse_transition(report, "change")
    return report


def attach_evidence(*, actor: Any, report: ProgressReport, upload: UploadedFile) -> EvidenceFile:
    """Check and store a file on a report that is still being written. Who may attach is checked before
    anything is written; the file is then written before its row and removed again if the row cannot be
    saved, so no row ever points to a missing file."""
    with transaction.atomic():
        _writable_report(actor, report.pk)
    checked = evidence.check_upload(upload)
    storage_name = evidence.store(checked)
    try:
        with transaction.atomic():
            report = _writable_report(actor, report.pk)
            attached = EvidenceFile.objects.create(
                report=report,
                original_name=checked.name,
                content_type=checked.content_type,
                size=len(checked.content),
                sha256=checked.sha256,
                storage_name=storage_name,
                uploaded_by=actor,
            )
            record_event(
                action=AuditAction.CREATE,
                actor=actor,
                target=attached,
                target_label=str(report),
                detail={"report": str(report.pk), "size": attached.size, "type": attached.content_type},
            )
    except BaseException:
        evidence.discard(storage_name)
        raise
    return attached


# --- Recommendations ------------------------------------------------------------------------------------


def _check_recommendation(fields: Mapping[str, Any]) -> None:
    language = fields.get("original_language", "en")
    if not str(fields.get(f"text_{language}", "")).strip():
        raise ValidationError({f"text_{language}": _("Give the text in its original language.")})


@transaction.atomic
def create_recommendation(*, actor: Any, measures: Iterable[Measure] = (), **fields: Any) -> Recommendation:
    _require_manager(actor)
    _check_recommendation(fields)
    recommendation = _saved(
        Recommendation(
            **{name: fields[name] for name in RECOMMENDATION_FIELDS if name in fields},
            status_changed_at=timezone.now(),
        ),
        _("This source report already has a recommendation with this priority."),
    )
    recommendation.measures.set(measures)
    record_event(action=AuditAction.CREATE, actor=actor, target=recommendation)
    return recommendation


@transaction.atomic
def update_recommendation(
    *, actor: Any, recommendation: Recommendation, expected_version: int | None,
    measures: Iterable[Measure] | None = None, **fields: Any,
) -> Recommendation:  # fmt: skip
    _require_manager(actor)
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    check_version(recommendation, expected_version)
    _check_recommendation(
        {name: fields.get(name, getattr(recommendation, name)) for name in RECOMMENDATION_FIELDS}
    )
    changed = _changed(recommendation, RECOMMENDATION_FIELDS, fields)
    if "status" in changed:
        recommendation.status_changed_at = timezone.now()
    if measures is not None:
        measures = list(measures)
        if {m.pk for m in measures} != set(recommendation.measures.values_list("pk", flat=True)):
            recommendation.measures.set(measures)
            changed.append("measures")
    if changed:
        bump_version(recommendation)
        _saved(recommendation, _("This source report already has a recommendation with this priority."))
        record_event(
            action=AuditAction.UPDATE,
            actor=actor,
            target=recommendation,
            detail={"fields": changed, "status": recommendation.status},
        )
    return recommendation
