"""The annual national report: the commission's narrative, one row per year, language and section, and the
jobs that turn it with the national tables into a PDF."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Language(models.TextChoices):
    FRENCH = "fr", _("French")
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")


class Section(models.TextChoices):
    # The order here is the order of the chapters in the report.
    INTRODUCTION = "introduction", _("Introduction")
    PROSECUTION = "prosecution", _("Prosecution")
    PROTECTION = "protection", _("Protection")
    PREVENTION = "prevention", _("Prevention")
    PARTNERSHIP = "partnership", _("Partnership")
    OUTLOOK = "outlook", _("Outlook")


SECTION_ORDER: tuple[str, ...] = tuple(Section.values)


class NarrativeSection(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    section = models.CharField(_("section"), max_length=16, choices=Section.choices)
    text = models.TextField(_("text"), blank=True)
    updated_at = models.DateTimeField(_("updated at"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["year", "language", "section"]
        verbose_name = _("narrative section")
        verbose_name_plural = _("narrative sections")
        constraints = [
            models.UniqueConstraint(fields=["year", "language", "section"], name="reports_one_section_text"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.language} {self.section}"


class PeriodKind(models.TextChoices):
    CALENDAR = "calendar", _("Calendar year")
    TIP = "tip", _("TIP period (1 April to 31 March)")


class JobState(models.TextChoices):
    # Context: "Done" and "Failed" already name a measure's status, with another grammatical gender.
    QUEUED = "queued", pgettext_lazy("report job", "Queued")
    RUNNING = "running", pgettext_lazy("report job", "Running")
    DONE = "done", pgettext_lazy("report job", "Done")
    FAILED = "failed", pgettext_lazy("report job", "Failed")


class JobStep(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    TABLES = "tables", _("Computing the national tables")
    CHARTS = "charts", _("Drawing the charts")
    NARRATIVE = "narrative", _("Laying out the narrative")
    RENDERING = "rendering", _("Rendering the PDF")
    DONE = "done", pgettext_lazy("report job", "Done")
    FAILED = "failed", pgettext_lazy("report job", "Failed")


class ReportJob(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    period_kind = models.CharField(
        _("period"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.CALENDAR
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), db_index=True)
    state = models.CharField(_("state"), max_length=8, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    step = models.CharField(_("step"), max_length=12, choices=JobStep.choices, default=JobStep.QUEUED)
    # What went wrong, in words fit for the page: never an exception's text, which may quote data.
    error = models.CharField(_("error"), max_length=200, blank=True)
    file_name = models.CharField(_("file"), max_length=120, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="reports_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"annual report {self.year} {self.language}"

    @property
    def is_finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def download_name(self) -> str:
        return f"sanad-annual-report-{self.year}-{self.language}.pdf"
