"""Demo national plans: the strategy and the action plan of plan_content.py, their progress reports, evidence
files and the TIP recommendations register.

The plans, objectives, measures, indicators and recommendations go through the services, entered by the
commission's coordinator. The progress reports are bulk-created instead, without audit rows: the report
services stamp every step with the clock (created, submitted, reviewed "now"), while a demo report for 2024
was written in early 2025, and the same seed must give the same reports whatever day it runs. The rows keep
the rules of the services: written by the focal point of the responsible organisation, reviewed by the
coordinator, a done measure 100% done, a computed indicator's value the statistics module's figure for the
period, and the measure carrying the status of its latest approved report. Evidence files go through
``attach_evidence`` while their report is still a draft.

Reports exist for every period that ended before the demo's last day: most approved, a few submitted late
and awaiting review, two returned with a comment, some drafts never sent and a few missing, so that overdue
reports and late measures show; a few drafts are under way for the current year.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from sanad.accounts.models import Organisation, User
from sanad.demo.plan_content import (
    ACTION_PLAN,
    CANCELLED,
    COMPUTED_NAMES,
    EARLY,
    LATE,
    RECOMMENDATIONS,
    STALLED,
    STRATEGY,
    Computed,
    Manual,
    MeasureSpec,
    PlanSpec,
)
from sanad.plans.models import (
    EvidenceFile,
    IndicatorSource,
    IndicatorValue,
    Measure,
    MeasureStatus,
    Pillar,
    Plan,
    ProgressReport,
    Recommendation,
    ReportState,
)
from sanad.plans.services import (
    add_indicator,
    add_objective,
    attach_evidence,
    create_measure,
    create_plan,
    create_recommendation,
    report_period,
)
from sanad.statistics.indicators import national_value

PILLARS = {"1": Pillar.PREVENTION, "2": Pillar.PROTECTION, "3": Pillar.PROSECUTION, "4": Pillar.PARTNERSHIP}
# The organisations whose focal points are demo logins: each finds a report to correct or to finish.
RETURNED_TO = "min-justice"
DRAFTED_BY = "police-bnpj"
# Of the reports of the plans' latest ended period: how many end up in each state (the rest approved).
LATEST_RETURNED, LATEST_DRAFTS, LATEST_SUBMITTED, LATEST_MISSING = 2, 3, 6, 3
EARLIER_MISSING = 0.03  # chance that an earlier period's report never came
# Drafts under way for the current period, by responsible organisation (None: any other).
CURRENT_DRAFTS = ((RETURNED_TO, 2), (DRAFTED_BY, 2), (None, 1))
EVIDENCE = 8

NARRATIVES = {
    MeasureStatus.NOT_STARTED: (
        "La mesure n'a pas encore démarré : les termes de référence sont en cours de validation.",
        "Démarrage reporté dans l'attente de la notification des crédits.",
    ),
    MeasureStatus.ON_TRACK: (
        "Les activités prévues pour la période ont été réalisées conformément au calendrier.",
        "Activités menées comme prévu ; la coordination avec les partenaires est assurée par des réunions trimestrielles.",
        "Avancement conforme au plan de travail ; les indicateurs progressent vers la cible de l'année.",
    ),
    MeasureStatus.DELAYED: (
        "Retard dû à la procédure de passation des marchés ; les activités sont reportées à la période suivante.",
        "Les crédits n'ont été débloqués qu'en fin de période, ce qui a retardé les activités.",
        "Le recrutement du personnel spécialisé est toujours en cours.",
    ),
    MeasureStatus.DONE: ("Mesure achevée ; le bilan final et les pièces justificatives sont joints.",),
    MeasureStatus.CANCELLED: (
        "Mesure annulée par décision du comité de suivi : son objectif est repris par une autre mesure.",
    ),
}
APPROVAL_COMMENTS = (
    "Rapport approuvé. Merci de joindre à l'avenir les listes de présence.",
    "Approuvé après les compléments demandés sur le budget engagé.",
    "Approuvé ; l'écart avec la cible sera examiné au prochain comité de suivi.",
)
RETURN_COMMENTS = (
    "Merci de joindre la liste de présence des sessions et de préciser le budget engagé.",
    "Le pourcentage d'avancement déclaré ne correspond pas aux activités décrites : merci de le justifier.",
)


@dataclass
class PlanCounts:
    plans: int
    measures: int
    reports: int
    recommendations: int
    evidence: int


@dataclass
class _Progress:
    status: str = MeasureStatus.NOT_STARTED
    percent: int = 0
    budget: int = 0  # spent to date, minor units


@dataclass
class _Slot:
    """One reporting period of a measure, and what became of its report."""

    measure: Measure
    spec: MeasureSpec
    start: date
    end: date
    index: int  # among the measure's periods
    latest: bool  # the plan's latest period that ended
    fate: str = ReportState.APPROVED  # a report state, or "missing"
    report: ProgressReport | None = None
    values: list[IndicatorValue] = field(default_factory=list)


MISSING = "missing"


def _minor(dirhams: int | float) -> int:
    return round(dirhams) * 100


class _Plans:
    def __init__(
        self,
        rng: random.Random,
        organisations: dict[str, Organisation],
        *,
        focal_points: dict[str, User],
        coordinator: User,
        last_day: date,
        now: datetime,
        tz: Any,
    ) -> None:
        self.rng = rng
        self.organisations = organisations
        self.focal_points = focal_points
        self.coordinator = coordinator
        self.last_day, self.now, self.tz = last_day, now, tz
        self.built: list[tuple[Measure, MeasureSpec]] = []
        self.action_measures: dict[str, Measure] = {}
        self.slots: list[_Slot] = []
        self.figures: dict[tuple[str, date, date], Decimal | None] = {}

    # --- structure, through the services --------------------------------------------------------------------------

    def plan(self, spec: PlanSpec, implements: Plan | None = None) -> Plan:
        actor = self.coordinator
        plan = create_plan(
            actor=actor, code=spec.code, kind=spec.kind, title=spec.title, implements=implements,
            starts_on=spec.starts_on, ends_on=spec.ends_on, reporting=spec.reporting,
        )  # fmt: skip
        objectives = {
            code: add_objective(actor=actor, plan=plan, pillar=PILLARS[code[0]], code=code, title=title)
            for code, title in spec.objectives.items()
        }
        for measure_spec in spec.measures:
            measure = create_measure(
                actor=actor,
                objective=objectives[measure_spec.objective],
                code=measure_spec.code,
                title=measure_spec.title,
                responsible=self.organisations[measure_spec.responsible],
                partners=[self.organisations[code] for code in measure_spec.partners],
                starts_on=measure_spec.starts_on,
                ends_on=measure_spec.ends_on,
                budget_planned_minor=_minor(measure_spec.budget),
            )
            for indicator in measure_spec.indicators:
                self._indicator(measure, indicator)
            self.built.append((measure, measure_spec))
            if spec is ACTION_PLAN:
                self.action_measures[measure_spec.code] = measure
        return plan

    def _indicator(self, measure: Measure, indicator: Manual | Computed) -> None:
        if isinstance(indicator, Computed):
            name, unit = COMPUTED_NAMES[indicator.statistic]
            add_indicator(
                actor=self.coordinator, measure=measure, name=name, unit=unit, source=IndicatorSource.COMPUTED,
                statistic=indicator.statistic,
            )  # fmt: skip
            return
        years = range(measure.starts_on.year, measure.ends_on.year + 1)
        add_indicator(
            actor=self.coordinator,
            measure=measure,
            name=indicator.name,
            unit=indicator.unit,
            source=IndicatorSource.MANUAL,
            direction=indicator.direction,
            baseline=Decimal(indicator.baseline),
            baseline_year=indicator.baseline_year,
            targets={
                str(year): str(round(_planned(indicator, measure, min(date(year, 12, 31), measure.ends_on))))
                for year in years
            },
        )

    def recommendations(self) -> int:
        for spec in RECOMMENDATIONS:
            create_recommendation(
                actor=self.coordinator,
                measures=[self.action_measures[code] for code in spec.measures],
                source="TIP",
                report_year=spec.report_year,
                priority=spec.priority,
                original_language="en",
                text_en=spec.text_en,
                text_fr=spec.text_fr,
                text_ar=spec.text_ar,
                is_synthetic=spec.synthetic,
                status=spec.status,
                status_note=spec.status_note,
            )
        # Entered when each report came out (late June), their status last changed at the latest review.
        changed = []
        for recommendation in Recommendation.objects.filter(source="TIP"):
            day = (
                date(recommendation.report_year, 7, 15)
                if recommendation.status == "not_addressed"
                else self.last_day - timedelta(days=self.rng.randint(10, 120))
            )
            recommendation.status_changed_at = self._moment(day)
            changed.append(recommendation)
        Recommendation.objects.bulk_update(changed, ["status_changed_at"])
        return len(changed)

    # --- progress reports -----------------------------------------------------------------------------------------

    def periods(self) -> None:
        """A slot for every period that ended before the demo's last day, and the fate of its report."""
        latest: list[_Slot] = []
        for measure, spec in self.built:
            plan = measure.objective.axis.plan
            ended = [
                (start, end)
                for start, end in plan.reporting_periods(
                    within_start=measure.starts_on, within_end=measure.ends_on
                )
                if end < self.last_day
            ]
            plan_latest = max(
                end for _start, end in plan.reporting_periods(within_start=plan.starts_on, within_end=self.last_day)
                if end < self.last_day
            )  # fmt: skip
            for index, (start, end) in enumerate(ended):
                slot = _Slot(measure, spec, start, end, index, latest=end == plan_latest)
                self.slots.append(slot)
                if slot.latest and spec.profile != CANCELLED:
                    latest.append(slot)
                elif spec.profile != CANCELLED and self.rng.random() < EARLIER_MISSING:
                    slot.fate = MISSING
        self.rng.shuffle(latest)

        def take(fate: str, count: int, responsible: str | None = None) -> None:
            for slot in [s for s in latest if responsible in (None, s.spec.responsible)][:count]:
                slot.fate = fate
                latest.remove(slot)

        take(ReportState.RETURNED, 1, RETURNED_TO)
        take(ReportState.RETURNED, LATEST_RETURNED - 1)
        take(ReportState.DRAFT, 1, DRAFTED_BY)
        take(ReportState.DRAFT, LATEST_DRAFTS - 1)
        take(ReportState.SUBMITTED, LATEST_SUBMITTED)
        take(MISSING, LATEST_MISSING)

    def reports(self) -> None:
        """The reports in the order of their periods, each measure's progress carried from one to the next."""
        by_measure: dict[Any, list[_Slot]] = {}
        for slot in self.slots:
            by_measure.setdefault(slot.measure.pk, []).append(slot)
        current: list[tuple[Measure, MeasureSpec, date, date, _Progress]] = []
        for measure, spec in self.built:
            progress = _Progress()
            for slot in by_measure.get(measure.pk, []):
                progress = self._progress(spec, measure, slot.index, slot.end, progress)
                if slot.fate != MISSING:
                    self._report(slot, progress)
            plan = measure.objective.axis.plan
            running = [
                (start, end)
                for start, end in plan.reporting_periods(within_start=self.last_day, within_end=self.last_day)
                if measure.starts_on <= end and start <= measure.ends_on and spec.profile != CANCELLED
            ]
            if running:
                start, end = running[0]
                index = len(by_measure.get(measure.pk, []))
                # The period is not over: its draft tells how far the measure has come so far.
                so_far = self._progress(spec, measure, index, self.last_day, progress)
                current.append((measure, spec, start, end, so_far))
        under_way = []
        for responsible, count in CURRENT_DRAFTS:
            under_way += [
                entry
                for entry in current
                if entry[1].responsible == responsible
                or (responsible is None and entry[1].responsible not in (RETURNED_TO, DRAFTED_BY))
            ][:count]
        for measure, spec, start, end, progress in under_way:
            slot = _Slot(measure, spec, start, end, -1, latest=False, fate=ReportState.DRAFT)
            self.slots.append(slot)
            self._report(slot, progress, under_way=True)

    def _progress(
        self, spec: MeasureSpec, measure: Measure, index: int, end: date, before: _Progress
    ) -> _Progress:
        rng = self.rng
        span = max((measure.ends_on - measure.starts_on).days, 1)
        elapsed = min(max((end - measure.starts_on).days / span, 0.0), 1.0)
        planned = measure.budget_planned_minor
        if spec.profile == CANCELLED and index >= 1:
            return _Progress(MeasureStatus.CANCELLED, before.percent, before.budget)
        if spec.profile in (EARLY, STALLED) and index == 0:
            return _Progress()
        if spec.profile in (LATE, STALLED) and index >= 1:
            status, percent = MeasureStatus.DELAYED, elapsed * rng.uniform(0.3, 0.6) * 100
        elif end >= measure.ends_on:
            return _Progress(
                MeasureStatus.DONE, 100, max(before.budget, _round(planned * rng.uniform(0.9, 1.04)))
            )
        elif rng.random() < 0.1:
            status, percent = MeasureStatus.DELAYED, elapsed * rng.uniform(0.5, 0.7) * 100
        else:
            status, percent = MeasureStatus.ON_TRACK, elapsed * rng.uniform(0.85, 1.05) * 100
        percent = min(max(round(percent), before.percent, 1), 99)
        budget = max(before.budget, _round(planned * percent / 100 * rng.uniform(0.8, 1.05)))
        return _Progress(status, percent, min(budget, planned))

    def _report(self, slot: _Slot, progress: _Progress, *, under_way: bool = False) -> None:
        rng = self.rng
        author = self.focal_points[slot.spec.responsible]
        report = ProgressReport(
            measure=slot.measure,
            organisation_id=slot.measure.responsible_id,
            period_start=slot.start,
            period_end=slot.end,
            state=ReportState.DRAFT,  # until the evidence is attached: see save()
            status=progress.status,
            percent_done=progress.percent,
            budget_spent_minor=progress.budget,
            narrative=rng.choice(NARRATIVES[MeasureStatus(progress.status)]),
            created_by=author,
        )
        slot.report = report
        self._stamp(slot, report, author, under_way=under_way)
        indicators = list(slot.measure.indicators.all())
        frozen = slot.fate != ReportState.DRAFT
        for indicator, spec in zip(indicators, _specs_by_name(slot.spec, indicators), strict=True):
            if isinstance(spec, Computed):
                figure = self._figure(report, spec) if frozen else None
                if figure is not None:  # submit_report freezes no value where there is no figure
                    slot.values.append(IndicatorValue(report=report, indicator=indicator, value=figure))
            elif frozen or rng.random() < 0.6:  # a draft has some of its values
                slot.values.append(
                    IndicatorValue(
                        report=report, indicator=indicator, value=self._value(spec, slot, progress)
                    )
                )

    def _stamp(self, slot: _Slot, report: ProgressReport, author: User, *, under_way: bool) -> None:
        """Created, submitted and reviewed at plausible moments after the period's end, never after now."""
        rng, end, last = self.rng, slot.end, self.last_day - timedelta(days=1)

        def after(day: date, low: int, high: int) -> date:
            return min(day + timedelta(days=rng.randint(low, high)), last)

        created = last - timedelta(days=rng.randint(0, 30)) if under_way else after(end, 2, 20)
        submitted = reviewed = None
        match slot.fate:
            case ReportState.APPROVED:
                submitted = after(end, 33, 75) if rng.random() < 0.15 else after(created, 0, 8)
                reviewed = after(submitted, 3, 30)
            case ReportState.RETURNED:  # sent late after reminders, sent back soon after
                submitted = max(created, last - timedelta(days=rng.randint(30, 60)))
                reviewed = after(submitted, 5, 20)
            case ReportState.SUBMITTED:  # sent late after reminders, not reviewed yet
                submitted = max(created, last - timedelta(days=rng.randint(1, 40)))
            case ReportState.DRAFT if not under_way:
                created = after(end, 20, 120)
        report.created_at = self._moment(created)
        report.version = 2  # started, then saved
        if submitted is not None:
            report.submitted_at, report.submitted_by = (
                self._moment(submitted, after=report.created_at),
                author,
            )
            report.version = 3
        if reviewed is not None:
            report.reviewed_at = self._moment(reviewed, after=report.submitted_at)
            report.reviewed_by = self.coordinator
            report.version = 4
            if slot.fate == ReportState.RETURNED:
                report.review_comment = rng.choice(RETURN_COMMENTS)
            elif rng.random() < 0.2:
                report.review_comment = rng.choice(APPROVAL_COMMENTS)

    def _moment(self, day: date, *, after: datetime | None = None) -> datetime:
        """A moment in office hours on ``day`` (after ``after`` on the same day), never after now."""
        moment = datetime.combine(
            day, time(self.rng.randint(9, 16), self.rng.randrange(0, 60, 5)), tzinfo=self.tz
        )
        if after is not None and moment <= after:
            moment = after + timedelta(minutes=self.rng.randint(20, 120))
        return min(moment, self.now)

    def _figure(self, report: ProgressReport, spec: Computed) -> Decimal | None:
        key = (spec.statistic, report.period_start, report.period_end)
        if key not in self.figures:
            self.figures[key] = national_value(spec.statistic, report_period(report))
        return self.figures[key]

    def _value(self, spec: Manual, slot: _Slot, progress: _Progress) -> Decimal:
        """The indicator's value at the period's end: some way from the baseline towards where it should stand,
        according to how the measure is going."""
        match progress.status:
            case MeasureStatus.NOT_STARTED:
                achieved = 0.0
            case MeasureStatus.DELAYED:
                achieved = self.rng.uniform(0.3, 0.7)
            case MeasureStatus.DONE:
                achieved = self.rng.uniform(0.95, 1.1)
            case _:
                achieved = self.rng.uniform(0.75, 1.05)
        planned = _planned(spec, slot.measure, slot.end)
        return Decimal(round(spec.baseline + (planned - spec.baseline) * achieved))

    # --- saving ---------------------------------------------------------------------------------------------------

    def save(self) -> tuple[int, int]:
        """Save the reports as drafts, attach the evidence, then give each report its state and the measures
        the status of their latest approved report. Returns the numbers of reports and evidence files."""
        made = [slot for slot in self.slots if slot.fate != MISSING]
        reports = [slot.report for slot in made if slot.report is not None]
        moments = {report.pk: report.created_at for report in reports}
        ProgressReport.objects.bulk_create(reports)
        for report in reports:
            report.created_at = moments[report.pk]  # bulk_create stamped the clock
        IndicatorValue.objects.bulk_create([value for slot in made for value in slot.values])
        evidence = self._evidence(made)
        for slot in made:
            if slot.report is not None:
                slot.report.state = slot.fate
        ProgressReport.objects.bulk_update(
            reports,
            ["state", "created_at", "submitted_at", "submitted_by", "reviewed_at", "reviewed_by", "review_comment",
             "version"],
        )  # fmt: skip
        self._measures(made)
        return len(reports), evidence

    def _evidence(self, made: list[_Slot]) -> int:
        """Evidence files on some reports, through the service: a returned one and a draft of the demo logins'
        organisations, and some approved ones."""
        rng = self.rng
        chosen = [
            next(s for s in made if s.fate == ReportState.RETURNED and s.spec.responsible == RETURNED_TO),
            next(s for s in made if s.fate == ReportState.DRAFT and s.spec.responsible == DRAFTED_BY),
        ]
        approved = [s for s in made if s.fate == ReportState.APPROVED]
        chosen += rng.sample(approved, min(EVIDENCE - len(chosen), len(approved)))
        attached = []
        for slot in chosen:
            report = slot.report
            if report is None:
                continue
            name, content = _evidence_file(rng, slot)
            upload = SimpleUploadedFile(name, content)
            attached_file = attach_evidence(
                actor=self.focal_points[slot.spec.responsible], report=report, upload=upload
            )
            attached_file.uploaded_at = self._uploaded(report)
            attached.append(attached_file)
        EvidenceFile.objects.bulk_update(attached, ["uploaded_at"])
        return len(attached)

    def _uploaded(self, report: ProgressReport) -> datetime:
        """A moment in office hours between the report's start and its submission (or now, for a draft)."""
        until = report.submitted_at or self.now
        day = report.created_at.date() + timedelta(
            days=self.rng.randint(0, (until.date() - report.created_at.date()).days)
        )
        return min(self._moment(day, after=report.created_at), until - timedelta(minutes=5))

    def _measures(self, made: list[_Slot]) -> None:
        """What approve_report does: a measure takes the status of its latest approved report."""
        latest: dict[Any, ProgressReport] = {}
        approvals: dict[Any, int] = {}
        for slot in made:
            report = slot.report
            if report is None or slot.fate != ReportState.APPROVED:
                continue
            approvals[slot.measure.pk] = approvals.get(slot.measure.pk, 0) + 1
            if slot.measure.pk not in latest or report.period_end > latest[slot.measure.pk].period_end:
                latest[slot.measure.pk] = report
        measures = []
        for measure, _spec in self.built:
            report = latest.get(measure.pk)
            if report is None:
                continue
            measure.status, measure.percent_done = report.status, report.percent_done
            measure.budget_spent_minor, measure.status_as_of = report.budget_spent_minor, report.period_end
            measure.version += approvals[measure.pk]
            measures.append(measure)
        Measure.objects.bulk_update(
            measures, ["status", "percent_done", "budget_spent_minor", "status_as_of", "version"]
        )


def _round(minor: float) -> int:
    """To the thousand dirhams."""
    return round(minor / 100_000) * 100_000


def _planned(spec: Manual, measure: Measure, day: date) -> float:
    """Where the indicator should stand on ``day``: in a straight line from the baseline at the measure's start
    to the target at its end."""
    span = max((measure.ends_on - measure.starts_on).days, 1)
    share = min(max((day - measure.starts_on).days / span, 0.0), 1.0)
    return spec.baseline + (spec.target - spec.baseline) * share


def _specs_by_name(spec: MeasureSpec, indicators: list[Any]) -> list[Manual | Computed]:
    """The spec of each saved indicator, in the order of ``indicators``."""
    by_name = {
        (COMPUTED_NAMES[item.statistic][0] if isinstance(item, Computed) else item.name): item
        for item in spec.indicators
    }
    return [by_name[indicator.name] for indicator in indicators]


def _evidence_file(rng: random.Random, slot: _Slot) -> tuple[str, bytes]:
    """A small file: an activity report as a PDF, or an attendance list as text."""
    period = f"{slot.start:%Y-%m}"
    code = slot.spec.code.replace(".", "-")
    if rng.random() < 0.6:
        title = f"Rapport d'activite - mesure {slot.spec.code} - periode {period}"
        content = (
            b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            + f"3 0 obj << /Title ({title}) /Producer (Sanad demo) >> endobj\n".encode("ascii")
            + b"trailer << /Root 1 0 R /Info 3 0 R >>\n%%EOF\n"
        )
        return f"rapport-activite-{code}-{period}.pdf", content
    participants = rng.randint(12, 40)
    lines = [
        f"Liste de présence — mesure {slot.spec.code} : {slot.spec.title}",
        f"Période : {slot.start:%d/%m/%Y} au {slot.end:%d/%m/%Y}",
        f"Participants : {participants}",
        "Document de démonstration (Sanad).",
    ]
    return f"liste-presence-{code}-{period}.txt", ("\n".join(lines) + "\n").encode("utf-8")


def create_plans(
    rng: random.Random,
    organisations: dict[str, Organisation],
    *,
    focal_points: dict[str, User],
    coordinator: User,
    last_day: date,
    now: datetime,
    tz: Any,
) -> PlanCounts:
    """The strategy, the action plan implementing it, their reports up to ``last_day`` and the recommendations
    register. ``focal_points`` maps the short code of every organisation responsible for a measure to the
    focal point who writes its reports. Run after the rest of the demo: computed indicators take their values
    from the statistics of the cases, referrals, criminal cases, campaigns and trainings."""
    plans = _Plans(
        rng,
        organisations,
        focal_points=focal_points,
        coordinator=coordinator,
        last_day=last_day,
        now=now,
        tz=tz,
    )
    strategy = plans.plan(STRATEGY)
    plans.plan(ACTION_PLAN, implements=strategy)
    plans.periods()
    plans.reports()
    reports, evidence = plans.save()
    recommendations = plans.recommendations()
    return PlanCounts(
        plans=2,
        measures=len(plans.built),
        reports=reports,
        recommendations=recommendations,
        evidence=evidence,
    )
