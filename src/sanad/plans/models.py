"""National plans and what became of them: a plan's axes, objectives and measures, the indicators that
measure them, the progress reports the responsible organisations submit, their evidence files, and the
register of the prioritized recommendations of the TIP report."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanKind(models.TextChoices):
    STRATEGY = "strategy", _("National strategy")
    ACTION_PLAN = "action_plan", _("Action plan")


class ReportingFrequency(models.TextChoices):
    QUARTERLY = "quarterly", _("Every quarter")
    HALF_YEARLY = "half_yearly", _("Every half-year")
    YEARLY = "yearly", _("Every year")


MONTHS_PER_PERIOD = {
    ReportingFrequency.QUARTERLY: 3,
    ReportingFrequency.HALF_YEARLY: 6,
    ReportingFrequency.YEARLY: 12,
}


class Pillar(models.TextChoices):
    """The four axes of every plan (the "4 P" of the Palermo protocol's implementation)."""

    PREVENTION = "prevention", _("Prevention")
    PROTECTION = "protection", _("Protection")
    PROSECUTION = "prosecution", _("Prosecution")
    PARTNERSHIP = "partnership", _("Partnership")


PILLAR_ORDER = [pillar.value for pillar in Pillar]


class Plan(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=PlanKind.choices)
    title = models.CharField(_("title"), max_length=200)
    implements = models.ForeignKey(
        "self",
        verbose_name=_("strategy it implements"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_plans",
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    reporting = models.CharField(
        _("progress reports"),
        max_length=12,
        choices=ReportingFrequency.choices,
        default=ReportingFrequency.HALF_YEARLY,
    )
    report_grace_days = models.PositiveSmallIntegerField(
        _("days after a period to submit its report"), default=30
    )
    currency = models.CharField(_("currency"), max_length=3, default="MAD")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "code"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return self.code

    def reporting_periods(self, *, within_start: date, within_end: date) -> list[tuple[date, date]]:
        """The plan's reporting periods that overlap [within_start, within_end]: blocks of calendar months
        counted from the month the plan starts, the first and last clipped to the plan's own dates."""
        months = MONTHS_PER_PERIOD[ReportingFrequency(self.reporting)]
        periods: list[tuple[date, date]] = []
        block = date(self.starts_on.year, self.starts_on.month, 1)
        while block <= min(self.ends_on, within_end):
            next_month = block.month - 1 + months
            following = date(block.year + next_month // 12, next_month % 12 + 1, 1)
            start, end = max(block, self.starts_on), min(following - timedelta(days=1), self.ends_on)
            if end >= within_start:
                periods.append((start, end))
            block = following
        return periods


class Axis(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="axes")
    pillar = models.CharField(_("axis"), max_length=12, choices=Pillar.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "pillar"], name="axis_once_per_plan")]
        verbose_name = _("axis")
        verbose_name_plural = _("axes")

    def __str__(self) -> str:
        return f"{self.plan.code} {self.pillar}"


class Objective(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    axis = models.ForeignKey(Axis, on_delete=models.PROTECT, related_name="objectives")
    code = models.CharField(_("number"), max_length=12)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["axis", "code"], name="objective_code_per_axis")]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    DELAYED = "delayed", _("Delayed")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


FINISHED_STATUSES = (MeasureStatus.DONE, MeasureStatus.CANCELLED)


class Measure(models.Model):
    """A measure of a plan. Its status, percent done and budget spent are those of its latest approved
    progress report: only what the commission accepted shows on the dashboards."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="measures")
    code = models.CharField(_("number"), max_length=16)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        related_name="plan_measures",
    )
    partners = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("partner organisations"), blank=True, related_name="+"
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    budget_planned_minor = models.BigIntegerField(_("budget planned"), default=0)
    budget_spent_minor = models.BigIntegerField(_("budget spent"), default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.NOT_STARTED
    )
    percent_done = models.PositiveSmallIntegerField(_("percent done"), default=0)
    status_as_of = models.DateField(_("status as of"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="measure_dates"
            ),
            models.CheckConstraint(condition=models.Q(budget_planned_minor__gte=0), name="measure_budget"),
        ]
        indexes = [models.Index(fields=["responsible", "ends_on"], name="measure_responsible")]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def plan(self) -> Plan:
        return self.objective.axis.plan

    def is_late(self, today: date) -> bool:
        """Late: reported as delayed, or past its end without being done or cancelled."""
        if self.status == MeasureStatus.DELAYED:
            return True
        return self.ends_on < today and self.status not in FINISHED_STATUSES


class IndicatorSource(models.TextChoices):
    MANUAL = "manual", _("Entered in each progress report")
    COMPUTED = "computed", _("Computed live from Sanad's statistics")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Higher is better")
    DECREASE = "decrease", _("Lower is better")


class Indicator(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40)
    source = models.CharField(_("how the value is obtained"), max_length=10, choices=IndicatorSource.choices)
    statistic = models.CharField(_("statistic"), max_length=48, blank=True)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.INCREASE
    )
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    targets = models.JSONField(_("targets per year"), default=dict, blank=True)  # {"2025": "150"}
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(source="manual", statistic="")
                    | models.Q(source="computed") & ~models.Q(statistic="")
                ),
                name="indicator_statistic_iff_computed",
            )
        ]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        return self.source == IndicatorSource.COMPUTED


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")


EDITABLE_REPORT_STATES = (ReportState.DRAFT, ReportState.RETURNED)


class ProgressReport(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="reports")
    # The organisation that writes the report: the measure's responsible organisation when it was started.
    # A measure handed to another organisation later does not hand over the first one's reports or evidence.
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    status = models.CharField(_("status"), max_length=12, choices=MeasureStatus.choices)
    percent_done = models.PositiveSmallIntegerField(_("percent done"))
    budget_spent_minor = models.BigIntegerField(_("budget spent to date"), default=0)
    narrative = models.TextField(_("narrative"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_comment = models.TextField(_("comment of the commission"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["measure", "-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period_start"], name="one_report_per_period"),
            models.CheckConstraint(condition=models.Q(percent_done__lte=100), name="report_percent"),
            models.CheckConstraint(condition=models.Q(budget_spent_minor__gte=0), name="report_budget"),
        ]
        indexes = [models.Index(fields=["state", "period_end"], name="report_state_period")]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.measure.code} {self.period_start:%Y-%m}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_REPORT_STATES


class IndicatorValue(models.Model):
    """The value of an indicator for the period of a report. A computed indicator's value is the statistics
    module's figure for that period, frozen when the report is submitted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="one_value_per_indicator_report")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"


class EvidenceFile(models.Model):
    """A file attached to a progress report. The content lives encrypted under SANAD_HOME, outside any
    directory the web server serves, under a random name; only the download view returns it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="evidence")
    original_name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=64, unique=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name


class RecommendationStatus(models.TextChoices):
    NOT_ADDRESSED = "not_addressed", _("Not addressed yet")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTLY_ADDRESSED = "partly_addressed", _("Partly addressed")
    ADDRESSED = "addressed", _("Addressed")


class Recommendation(models.Model):
    """A prioritized recommendation of a report (TIP report of a year, or another source)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source = models.CharField(_("source report"), max_length=80)
    report_year = models.PositiveSmallIntegerField(_("report year"))
    priority = models.PositiveSmallIntegerField(_("priority order"))
    original_language = models.CharField(_("original language"), max_length=2, default="en")
    text_en = models.TextField(_("text in English"), blank=True)
    text_fr = models.TextField(_("text in French"), blank=True)
    text_ar = models.TextField(_("text in Arabic"), blank=True)
    is_synthetic = models.BooleanField(
        _("synthetic text"), default=False, help_text=_("Demonstration text, not the published wording.")
    )
    measures = models.ManyToManyField(
        Measure, verbose_name=_("linked measures"), blank=True, related_name="recommendations"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.NOT_ADDRESSED,
    )
    status_note = models.TextField(_("what was done"), blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-report_year", "source", "priority"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "report_year", "priority"], name="recommendation_priority"
            )
        ]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return f"{self.source} {self.report_year} #{self.priority}"

    @property
    def original_text(self) -> str:
        return str(getattr(self, f"text_{self.original_language}", "") or "")

    def text_in(self, language: str) -> str:
        """The text in ``language`` if translated, else in the original language."""
        return str(getattr(self, f"text_{language}", "") or self.original_text)
