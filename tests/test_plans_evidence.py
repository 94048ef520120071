"""Evidence files: what is refused and why, where the content is kept, who may download it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sanad.audit.models import AuditAction, AuditEvent
from sanad.plans import evidence
from sanad.plans.models import EvidenceFile
from tests.cast import Cast
from tests.cast_plans import EVIDENCE_BYTES


def _upload(client: Client, cast: Cast, name: str, content: bytes) -> str:
    response = client.post(
        reverse("plans:evidence_upload", kwargs={"report_id": cast.draft_report.pk}),
        {"file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400, response.status_code
    return response.content.decode()


def _stored_files() -> set[str]:
    return {path.name for path in evidence.evidence_directory().iterdir()}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("minutes.exe", b"MZ\x90\x00", "Files of type .exe are not accepted"),
        ("minutes.pdf.exe", b"MZ\x90\x00", "more than one extension"),
        ("minutes.exe.pdf", b"%PDF-1.4", "more than one extension"),
        ("minutes.pdf", b"MZ\x90\x00this is an executable", "not a .pdf file"),
        ("photo.png", b"%PDF-1.4 a pdf named png", "not a .png file"),
        ("notes.txt", b"\x00\x01\x02binary", "not a .txt file"),
        ("README", b"plain text", "no extension"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_a_refused_file_says_why_and_leaves_nothing_behind(
    cast: Cast, client: Client, name: str, content: bytes, message: str
) -> None:
    client.force_login(cast.focal)
    before = _stored_files()
    body = _upload(client, cast, name, content)
    assert message in body
    assert _stored_files() == before
    assert not EvidenceFile.objects.filter(report=cast.draft_report).exists()


class RawUpload:
    """An upload whose name was not cleaned by Django's multipart parser (as an API client could send)."""

    def __init__(self, name: str, content: bytes) -> None:
        self.name, self.size, self._content = name, len(content), content

    def read(self, limit: int = -1) -> bytes:
        return self._content


@pytest.mark.parametrize(
    "crafted", ["../../etc/passwd.pdf", "reports/minutes.pdf", "..\\minutes.pdf", ".hidden.pdf"]
)
def test_a_name_with_a_path_is_refused(crafted: str) -> None:
    with pytest.raises(ValidationError, match="plain name") as refused:
        evidence.check_upload(RawUpload(crafted, b"%PDF-1.4"))  # type: ignore[arg-type]
    assert "file" in refused.value.message_dict


def test_a_path_sent_by_a_browser_never_leaves_the_evidence_directory(cast: Cast, client: Client) -> None:
    # Django keeps only the base name of a multipart file name; the file is stored under a random name.
    client.force_login(cast.focal)
    payload = (
        b'--BOUNDARY\r\nContent-Disposition: form-data; name="file"; filename="../../../evil.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\nhello\r\n--BOUNDARY--\r\n"
    )
    response = client.generic(
        "POST",
        reverse("plans:evidence_upload", kwargs={"report_id": cast.draft_report.pk}),
        payload,
        content_type="multipart/form-data; boundary=BOUNDARY",
    )
    assert response.status_code == 302
    attached = EvidenceFile.objects.get(report=cast.draft_report)
    assert attached.original_name == "evil.txt"
    assert (evidence.evidence_directory() / attached.storage_name).exists()
    assert not (Path(settings.SANAD_HOME).parent / "evil.txt").exists()


def test_a_file_over_the_limit_is_refused(cast: Cast, client: Client) -> None:
    client.force_login(cast.focal)
    body = _upload(client, cast, "big.pdf", b"%PDF-" + b"0" * evidence.MAX_BYTES)
    assert "larger than 10 MB" in body


def test_an_accepted_file_is_stored_encrypted_outside_the_web_root(cast: Cast, client: Client) -> None:
    client.force_login(cast.focal)
    content = b"Attendance list: 24 labour inspectors, Casablanca, 12 March 2024."
    response = client.post(
        reverse("plans:evidence_upload", kwargs={"report_id": cast.draft_report.pk}),
        {"file": SimpleUploadedFile("attendance.txt", content)},
    )
    assert response.status_code == 302
    attached = EvidenceFile.objects.get(report=cast.draft_report)
    stored = evidence.evidence_directory() / attached.storage_name
    assert stored.exists()
    assert content not in stored.read_bytes()
    assert not str(stored).startswith(str(settings.STATIC_ROOT))
    assert Path(settings.SANAD_HOME) in stored.parents
    assert attached.original_name == "attendance.txt"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(attached.pk)).exists()


def test_the_commission_and_the_writing_organisation_download_and_each_download_is_audited(
    cast: Cast, client: Client
) -> None:
    url = reverse("plans:evidence", kwargs={"evidence_id": cast.evidence.pk})
    for user in (cast.coordinator, cast.focal):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == EVIDENCE_BYTES  # type: ignore[attr-defined]
        assert response["Content-Disposition"].startswith('attachment; filename="attendance.pdf"')
        assert AuditEvent.objects.filter(
            action=AuditAction.DOWNLOAD, actor=user, object_id=str(cast.evidence.pk)
        ).exists()


@pytest.mark.parametrize("role", ["analyst", "other_focal"])
def test_a_download_by_an_unauthorised_reader_is_refused_and_audited(
    cast: Cast, client: Client, role: str
) -> None:
    user = getattr(cast, role)
    client.force_login(user)
    response = client.get(reverse("plans:evidence", kwargs={"evidence_id": cast.evidence.pk}))
    assert response.status_code == 403
    assert EVIDENCE_BYTES not in response.content
    assert AuditEvent.objects.filter(
        action=AuditAction.ACCESS_DENIED, actor=user, object_id=str(cast.evidence.pk)
    ).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.DOWNLOAD, actor=user).exists()


def test_the_report_page_links_files_only_for_those_who_may_open_them(cast: Cast, client: Client) -> None:
    link = reverse("plans:evidence", kwargs={"evidence_id": cast.evidence.pk})
    page = reverse("plans:report", kwargs={"report_id": cast.report.pk})
    for reader in (cast.analyst, cast.other_focal):
        client.force_login(reader)
        body = client.get(page).content.decode()
        # A file name can itself say too much ("attestation of <name>.pdf"): others see only a count.
        assert "attendance.pdf" not in body and link not in body
        assert "1 file, seen by the commission" in body
    client.force_login(cast.coordinator)
    assert link in client.get(page).content.decode()


def test_no_file_can_be_added_once_the_report_is_submitted(cast: Cast, client: Client) -> None:
    client.force_login(cast.focal)
    before = _stored_files()
    response = client.post(
        reverse("plans:evidence_upload", kwargs={"report_id": cast.report.pk}),
        {"file": SimpleUploadedFile("late.txt", b"Added after submission.")},
    )
    assert response.status_code == 400
    assert "it can no longer be changed" in response.content.decode()
    assert _stored_files() == before
    assert cast.report.evidence.count() == 1
