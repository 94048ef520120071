"""Generating the annual report in the background: the job, its progress bar, the download behind a fresh
password, and the thread runner against the real database file."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanad.audit.models import AuditAction, AuditEvent
from sanad.reports import pdf, services
from sanad.reports.files import reports_directory
from sanad.reports.models import JobState, ReportJob
from tests.cast import PASSWORD, Cast
from tests.signing_in import confirm_password
from tests.test_annual_report import YEAR, build_victims
from tests.test_browser import _sign_in, browser, page  # noqa: F401 - the browser test's fixtures


@pytest.fixture
def inline_runner(monkeypatch: pytest.MonkeyPatch) -> None:
    # The test's transaction is never committed, so a thread would not see the job: run it in place.
    monkeypatch.setattr(services, "JOB_RUNNER", services.run_job)


def _generate(client: Client, capture: Callable[..., Any], language: str = "fr") -> ReportJob:
    with capture(execute=True):
        response = client.post(reverse("reports:generate"), {"year": YEAR, "language": language})
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:job", kwargs={"job_id": job.pk})
    return job


@pytest.mark.usefixtures("inline_runner")
def test_the_coordinator_generates_the_report_and_downloads_it(
    cast: Cast, client: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    build_victims(cast)
    client.force_login(cast.coordinator)
    job = _generate(client, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert (job.state, job.progress, job.step) == (JobState.DONE, 100, "done")
    stored = reports_directory() / job.file_name
    assert stored.read_bytes().startswith(b"%PDF-") and stored.stat().st_size == job.size
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(job.pk)).exists()

    body = client.get(reverse("reports:job", kwargs={"job_id": job.pk})).content.decode()
    download = reverse("reports:download", kwargs={"job_id": job.pk})
    assert download in body and 'value="100"' in body
    assert "hx-trigger" not in body  # finished: the page stops polling

    confirm_password(client, cast.coordinator)
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="sanad-annual-report-2024-fr.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]
    event = AuditEvent.objects.get(action=AuditAction.DOWNLOAD, actor=cast.coordinator)
    assert event.object_id == str(job.pk) and event.detail["language"] == "fr"

    overview = client.get(reverse("reports:index")).content.decode()
    assert download in overview


def test_a_queued_job_page_polls_its_status_every_second(cast: Cast, client: Client) -> None:
    job = ReportJob.objects.create(
        year=YEAR, language="ar", requested_by=cast.coordinator, requested_at=timezone.now()
    )
    client.force_login(cast.analyst)
    status_url = reverse("reports:job_status", kwargs={"job_id": job.pk})
    body = client.get(reverse("reports:job", kwargs={"job_id": job.pk})).content.decode()
    assert f'hx-get="{status_url}"' in body and 'hx-trigger="every 1s"' in body
    assert '<progress id="job-progress" max="100" value="0">' in body
    ReportJob.objects.filter(pk=job.pk).update(state=JobState.RUNNING, progress=42, step="charts")
    partial = client.get(status_url).content.decode()
    assert 'value="42"' in partial and "Drawing the charts" in partial and "every 1s" in partial
    assert "<html" not in partial


def test_a_job_lost_with_its_process_stops_polling(cast: Cast, client: Client) -> None:
    job = ReportJob.objects.create(
        year=YEAR,
        language="fr",
        state=JobState.RUNNING,
        requested_by=cast.coordinator,
        requested_at=timezone.now() - services.JOB_TIMEOUT * 2,
    )
    client.force_login(cast.coordinator)
    partial = client.get(reverse("reports:job_status", kwargs={"job_id": job.pk})).content.decode()
    assert "hx-trigger" not in partial and "interrupted" in partial


def test_a_failed_job_keeps_no_file_and_no_message_text(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> bytes:
        raise ValueError("Amina Benziane")  # an error text may quote data: it must not reach the page

    monkeypatch.setattr(pdf, "annual_report_pdf", broken)
    job = services.request_annual_report(
        actor=cast.coordinator, year=YEAR, language="en", runner=lambda job_id: None
    )
    services.run_job(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.error == "ValueError" and not job.file_name
    assert not list(reports_directory().glob("*.pdf"))


def test_the_download_needs_a_recentlyconfirm_password(
    cast: Cast, client: Client, inline_runner: None, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    client.force_login(cast.coordinator)
    job = _generate(client, django_capture_on_commit_callbacks, language="en")
    download = reverse("reports:download", kwargs={"job_id": job.pk})

    # force_login records no authentication at all: the password is asked for.
    response = client.get(download)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))

    timeout = getattr(settings, "ACCOUNT_REAUTHENTICATION_TIMEOUT", 300)
    confirm_password(client, cast.coordinator, seconds_ago=timeout + 60)
    response = client.get(download)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))

    confirm_password(client, cast.coordinator, seconds_ago=10)
    assert client.get(download).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).count() == 1


def test_after_a_real_sign_in_the_password_typed_again_opens_the_download(cast: Cast, client: Client) -> None:
    job = services.request_annual_report(
        actor=cast.coordinator, year=YEAR, language="en", runner=lambda job_id: None
    )
    services.run_job(job.pk)
    client.post(reverse("account_login"), {"login": "analyst", "password": PASSWORD})
    download = reverse("reports:download", kwargs={"job_id": job.pk})
    response = client.get(download)
    assert response.status_code == 302
    reauthenticate = response["Location"]
    assert reauthenticate.startswith(reverse("account_reauthenticate"))
    response = client.post(reauthenticate, {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == download
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("role", ["caseworker", "auditor", "focal", "justice"])
def test_other_roles_are_refused_the_report_pages(role: str, cast: Cast, client: Client) -> None:
    job = services.request_annual_report(
        actor=cast.coordinator, year=YEAR, language="fr", runner=lambda job_id: None
    )
    user = getattr(cast, role)
    client.force_login(user)
    confirm_password(client, user)
    for name in ("reports:job", "reports:job_status", "reports:download"):
        assert client.get(reverse(name, kwargs={"job_id": job.pk})).status_code == 403, name
    assert client.get(reverse("reports:index")).status_code == 403


def test_the_thread_runner_finishes_the_job_against_the_database_file(transactional_cast: Cast) -> None:
    build_victims(transactional_cast)
    job = services.request_annual_report(actor=transactional_cast.coordinator, year=YEAR, language="ar")
    deadline = time.monotonic() + 120
    seen: set[int] = set()
    while time.monotonic() < deadline:
        job.refresh_from_db()
        seen.add(job.progress)
        if job.is_finished:
            break
        time.sleep(0.05)
    assert job.state == JobState.DONE, job.error
    assert job.progress == 100 and len(seen) >= 3  # the steps were visible while it ran
    assert (reports_directory() / job.file_name).stat().st_size == job.size


@pytest.mark.browser
def test_the_progress_bar_fills_and_the_download_follows_the_password(
    live_server: Any,
    transactional_cast: Cast,
    page: Any,  # noqa: F811 - the fixture imported above
) -> None:
    build_victims(transactional_cast)
    _sign_in(page, live_server.url, "coordinator")
    page.goto(f"{live_server.url}{reverse('reports:index')}")
    form = page.locator('[data-testid="generate"]')
    form.locator("select[name=year]").select_option(str(YEAR))
    form.locator("select[name=language]").select_option("ar")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("progress#job-progress")
    # htmx swaps the status in every second until the job is done; the thread runner does the work.
    page.wait_for_selector('[data-testid="download"]', timeout=120_000)
    assert page.locator("progress#job-progress").get_attribute("value") == "100"
    page.click('[data-testid="download"]')
    page.wait_for_selector("input[name=password]")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_download() as download:
        page.locator("form button[type=submit]").last.click()
    path = download.value.path()
    with open(path, "rb") as file:
        assert file.read(5) == b"%PDF-"
    assert download.value.suggested_filename == f"sanad-annual-report-{YEAR}-ar.pdf"
    assert not [error for error in page.console_errors if "Content Security Policy" in error]
