"""The auditor filters the trail by actor, organisation, action, object and date, and exports it."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanad.audit.models import AuditAction, AuditEvent
from sanad.audit.services import record_event
from tests.cast import Cast


def _seed(cast: Cast) -> None:
    record_event(action=AuditAction.VIEW_IDENTITY, actor=cast.caseworker, target=cast.case_a)
    record_event(action=AuditAction.VIEW_IDENTITY, actor=cast.other_caseworker, target=cast.case_b)
    old = record_event(action=AuditAction.LOGIN, actor=cast.colleague)
    AuditEvent.objects.filter(pk=old.pk).update(occurred_at=timezone.now() - timedelta(days=40))
    record_event(
        action=AuditAction.BREAK_GLASS,
        actor=cast.coordinator,
        target=cast.case_a,
        reason="=cmd|' /C calc'!A0",
    )


def _rows(client: Client, **params: str) -> list[dict[str, str]]:
    response = client.get(reverse("audit:export"), params)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_filters(cast: Cast, client: Client) -> None:
    _seed(cast)
    # Building the cast enrolled everyone's second factor: rows of every member, not the seeded ones.
    AuditEvent.objects.filter(action=AuditAction.MFA_ENROLLED).delete()
    client.force_login(cast.auditor)
    by_actor = _rows(client, actor="other_caseworker")
    assert {row["actor"] for row in by_actor} == {"other_caseworker"}
    by_org = _rows(client, organisation=str(cast.organisations["unit_a"].pk))
    assert {row["actor"] for row in by_org} == {"caseworker", "colleague"}
    by_object = _rows(client, object=cast.case_a.reference)
    # The cast's screening of case A is labelled with the case reference, so its creation matches too.
    assert {row["action"] for row in by_object} == {"view_identity", "break_glass", "create"}
    recent = _rows(client, date_from=str(timezone.localdate() - timedelta(days=7)))
    assert "colleague" not in {row["actor"] for row in recent}
    old = _rows(client, date_to=str(timezone.localdate() - timedelta(days=30)))
    assert [row["actor"] for row in old] == ["colleague"]


def test_export_is_audited_and_safe_for_spreadsheets(cast: Cast, client: Client) -> None:
    _seed(cast)
    client.force_login(cast.auditor)
    rows = _rows(client, action="break_glass")
    assert rows[0]["reason"].startswith("'=")
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=cast.auditor).exists()


def test_auditor_sees_no_case_content(cast: Cast, client: Client) -> None:
    _seed(cast)
    client.force_login(cast.auditor)
    body = client.get(reverse("audit:list")).content.decode()
    assert "Amina" not in body and "بن زيان" not in body
    assert client.get(reverse("cases:list")).status_code == 403
