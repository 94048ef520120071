"""Writing the annual report's narrative and generating the report.

Generation takes seconds (the national tables, disclosure control, charts, WeasyPrint), too long for a
request: ``request_annual_report`` records a job and hands it to ``JOB_RUNNER`` once the job's row is
committed. In production the runner is a daemon thread of the web process; tests swap in ``run_job``, which
does the same work synchronously.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from datetime import timedelta
from functools import partial
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.background import JobRunner, start_in_thread
from sanad.concurrency import StaleEditError, bump_version, check_version
from sanad.documents.files import write_whole
from sanad.reports.files import reports_directory
from sanad.reports.models import (
    SECTION_ORDER,
    JobState,
    JobStep,
    Language,
    NarrativeSection,
    PeriodKind,
    ReportJob,
)

logger = logging.getLogger(__name__)

FIRST_YEAR = 2000
# A job that has not finished after this long was lost (its process restarted); it is shown as failed.
JOB_TIMEOUT = timedelta(minutes=30)


def _require_writer(actor: Any) -> None:
    if not policy.may_write_annual_report(actor):
        raise PermissionDenied("reports.write")


def check_year(year: int) -> None:
    last = timezone.localdate().year
    if not FIRST_YEAR <= year <= last:
        raise ValidationError(
            _("The year must be between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": last}
        )


def _check_language(language: str) -> None:
    if language not in Language.values:
        raise ValidationError(_("Unknown language."))


def _stale() -> StaleEditError:
    return StaleEditError(
        _("Someone else changed this record since you opened it. Reload the page and check their changes.")
    )


@transaction.atomic
def save_narrative(
    *, actor: Any, year: int, language: str, section: str, text: str, version: int | None
) -> NarrativeSection:
    """Create or replace one section's text. ``version`` is the version the form was read at, 0 when the
    section did not exist yet; None skips the check (the command line)."""
    _require_writer(actor)
    check_year(year)
    _check_language(language)
    if section not in SECTION_ORDER:
        raise ValidationError(_("Unknown section."))
    text = text.replace("\r\n", "\n").strip()
    record = (
        NarrativeSection.objects.select_for_update()
        .filter(year=year, language=language, section=section)
        .first()
    )
    if record is None:
        if version:
            raise _stale()
        try:
            with transaction.atomic():
                record = NarrativeSection.objects.create(
                    year=year, language=language, section=section, text=text,
                    updated_at=timezone.now(), updated_by=actor,
                )  # fmt: skip
        except IntegrityError as error:
            # Someone created the same section between our read and our insert.
            raise _stale() from error
        action = AuditAction.CREATE
    else:
        if version == 0:
            raise _stale()
        check_version(record, version)
        if record.text == text:
            return record
        record.text, record.updated_at, record.updated_by = text, timezone.now(), actor
        bump_version(record)
        record.save(update_fields=["text", "updated_at", "updated_by", "version"])
        action = AuditAction.UPDATE
    record_event(
        action=action,
        actor=actor,
        target=record,
        detail={"year": year, "language": language, "section": section, "characters": len(text)},
    )
    return record


@transaction.atomic
def save_narratives(
    *, actor: Any, year: int, language: str, sections: Mapping[str, tuple[str, int | None]]
) -> list[NarrativeSection]:
    """Save the sections of one year and language together: one stale section refuses them all, so the
    page is never half saved. Returns the sections whose text changed."""
    _require_writer(actor)
    stored = {
        record.section: record
        for record in NarrativeSection.objects.filter(year=year, language=language, section__in=sections)
    }
    changed = []
    for section, (text, version) in sections.items():
        current = stored.get(section)
        if (current.text if current else "") == text.replace("\r\n", "\n").strip():
            continue
        changed.append(
            save_narrative(
                actor=actor, year=year, language=language, section=section, text=text, version=version
            )
        )
    return changed


def start_job(job_id: UUID) -> threading.Thread:
    """The production runner: the job runs beside the web process's request threads."""
    return start_in_thread(run_job, job_id, name="report")


# Read at call time, so tests can swap it for ``run_job``.
JOB_RUNNER: JobRunner = start_job


def request_annual_report(
    *, actor: Any, year: int, language: str, period_kind: str = PeriodKind.CALENDAR,
    runner: JobRunner | None = None,
) -> ReportJob:  # fmt: skip
    _require_writer(actor)
    check_year(year)
    _check_language(language)
    if period_kind not in PeriodKind.values:
        raise ValidationError(_("Unknown period."))
    with transaction.atomic():
        job = ReportJob.objects.create(
            year=year, language=language, period_kind=period_kind, requested_by=actor,
            requested_at=timezone.now(),
        )  # fmt: skip
        record_event(
            action=AuditAction.CREATE,
            actor=actor,
            target=job,
            detail={"year": year, "language": language, "period": period_kind},
        )
        # The runner's own connection must find the row: start it only once the row is committed.
        transaction.on_commit(partial(runner or JOB_RUNNER, job.pk))
    return job


def _report_progress(job_id: UUID, step: str, percent: int) -> None:
    # 100 is kept for the moment the file is in place.
    ReportJob.objects.filter(pk=job_id).update(step=step, progress=max(0, min(percent, 99)))


def run_job(job_id: UUID) -> ReportJob:
    """Generate the job's PDF, step by step, and keep it under SANAD_HOME/reports."""
    from sanad.reports.pdf import annual_report_pdf

    claimed = ReportJob.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, step=JobStep.TABLES, progress=1
    )
    job = ReportJob.objects.get(pk=job_id)
    if not claimed:
        return job  # another runner has it, or it is over
    try:
        content = annual_report_pdf(
            job.year, job.language, period_kind=job.period_kind, progress=partial(_report_progress, job.pk)
        )
        file_name = f"{job.pk}.pdf"
        write_whole(reports_directory() / file_name, content)
    except Exception as error:
        logger.exception("Annual report job %s failed", job_id)
        ReportJob.objects.filter(pk=job_id).update(
            state=JobState.FAILED, step=JobStep.FAILED, error=type(error).__name__[:200],
            finished_at=timezone.now(),
        )  # fmt: skip
    else:
        ReportJob.objects.filter(pk=job_id).update(
            state=JobState.DONE, step=JobStep.DONE, progress=100, file_name=file_name, size=len(content),
            finished_at=timezone.now(),
        )  # fmt: skip
    job.refresh_from_db()
    return job


def record_download(*, actor: Any, job: ReportJob) -> None:
    record_event(
        action=AuditAction.DOWNLOAD,
        actor=actor,
        target=job,
        detail={"year": job.year, "language": job.language, "period": job.period_kind, "size": job.size},
    )
