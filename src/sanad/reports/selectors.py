"""Reading the annual reports: the narrative written so far and the generated reports. Each reader is
checked against the policy here as well as by the view's decorator."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from sanad.access import policy
from sanad.reports.files import reports_directory
from sanad.reports.models import SECTION_ORDER, JobState, Language, NarrativeSection, ReportJob
from sanad.reports.services import FIRST_YEAR, JOB_TIMEOUT

RECENT_JOBS = 50


def _require_reader(user: Any) -> None:
    if not policy.may_read_annual_reports(user):
        raise PermissionDenied("reports.view")


@dataclass(frozen=True)
class LanguageStatus:
    code: str
    label: str
    written: int
    sections: int = len(SECTION_ORDER)


@dataclass(frozen=True)
class YearOverview:
    year: int
    languages: list[LanguageStatus]
    jobs: list[ReportJob]


def years_overview(*, user: Any) -> list[YearOverview]:
    """Every year with a narrative or a report, and the last two years, newest first."""
    _require_reader(user)
    written = {
        (row["year"], row["language"]): row["written"]
        for row in NarrativeSection.objects.values("year", "language").annotate(
            written=Count("pk", filter=~Q(text=""))
        )
    }
    jobs = list(ReportJob.objects.select_related("requested_by").order_by("-requested_at")[:RECENT_JOBS])
    this_year = timezone.localdate().year
    years = {this_year - 1, this_year, *(year for year, _language in written), *(job.year for job in jobs)}
    return [
        YearOverview(
            year=year,
            languages=[
                LanguageStatus(code, str(label), written.get((year, code), 0))
                for code, label in Language.choices
            ],
            jobs=[job for job in jobs if job.year == year],
        )
        for year in sorted(years, reverse=True)
    ]


def narrative(*, user: Any, year: int, language: str) -> dict[str, NarrativeSection]:
    if not policy.may_write_annual_report(user):
        raise PermissionDenied("reports.write")
    if language not in Language.values or not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return {
        record.section: record for record in NarrativeSection.objects.filter(year=year, language=language)
    }


def job(*, user: Any, job_id: UUID) -> ReportJob:
    _require_reader(user)
    try:
        found = ReportJob.objects.get(pk=job_id)
    except ReportJob.DoesNotExist:
        raise Http404 from None
    if not found.is_finished and timezone.now() - found.requested_at > JOB_TIMEOUT:
        # Lost with the process that ran it: say so instead of polling for ever.
        found.state = JobState.FAILED
        found.error = "interrupted"
    return found


def report_file(*, user: Any, job_id: UUID) -> tuple[ReportJob, Path]:
    found = job(user=user, job_id=job_id)
    if found.state != JobState.DONE or not found.file_name:
        raise Http404
    path = reports_directory() / found.file_name
    if not path.is_file():
        raise Http404
    return found, path
