"""A coordinator sees national case facts without identity, and can break glass on one case."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanad.access.models import BreakGlassGrant
from sanad.access.services import break_glass
from sanad.audit.models import AuditAction, AuditEvent
from tests.cast import PASSWORD, Cast
from tests.signing_in import confirm_password

REASON = "Hospital reports the person missing; police need her identity now."


def test_coordinator_sees_national_facts_but_no_names(cast: Cast, client: Client) -> None:
    client.force_login(cast.coordinator)
    listing = client.get(reverse("cases:list")).content.decode()
    assert cast.case_a.reference in listing and cast.case_b.reference in listing
    for name in cast.all_names:
        assert name not in listing
    detail = client.get(reverse("cases:detail", kwargs={"case_id": cast.case_a.pk})).content.decode()
    assert "Benziane" not in detail and "بن زيان" not in detail
    assert 'data-tier="identity"' not in detail
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_IDENTITY).exists()


def test_break_glass_opens_identity_for_a_limited_time_and_is_audited(cast: Cast, client: Client) -> None:
    client.force_login(cast.coordinator)
    url = reverse("cases:break_glass", kwargs={"case_id": cast.case_a.pk})
    # Breaking glass opens identity: the coordinator types her password again first.
    asked = client.post(url, {"reason": REASON})
    assert asked.status_code == 302 and asked["Location"].startswith(reverse("account_reauthenticate"))
    assert not BreakGlassGrant.objects.exists()
    response = client.post(asked["Location"], {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases:detail", kwargs={"case_id": cast.case_a.pk})
    assert BreakGlassGrant.objects.filter(case=cast.case_a, user=cast.coordinator).exists()
    assert AuditEvent.objects.filter(action=AuditAction.REAUTHENTICATED, actor=cast.coordinator).exists()
    detail = client.get(reverse("cases:detail", kwargs={"case_id": cast.case_a.pk})).content.decode()
    assert "Benziane" in detail and "بن زيان" in detail
    grant_event = AuditEvent.objects.get(action=AuditAction.BREAK_GLASS)
    assert grant_event.reason == REASON
    assert grant_event.actor == cast.coordinator
    # One identity view when the grant led back to the case page, one for the page opened again.
    views = AuditEvent.objects.filter(action=AuditAction.VIEW_IDENTITY, object_id=str(cast.case_a.pk))
    assert [event.detail["via"] for event in views] == ["break_glass", "break_glass"]
    # The grant covers that one case only.
    other = client.get(reverse("cases:detail", kwargs={"case_id": cast.case_b.pk})).content.decode()
    assert "Tazi" not in other
    # And it expires.
    BreakGlassGrant.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = client.get(reverse("cases:detail", kwargs={"case_id": cast.case_a.pk})).content.decode()
    assert "Benziane" not in expired


def test_break_glass_needs_a_written_reason(cast: Cast, client: Client) -> None:
    client.force_login(cast.coordinator)
    confirm_password(client, cast.coordinator)
    url = reverse("cases:break_glass", kwargs={"case_id": cast.case_a.pk})
    response = client.post(url, {"reason": "urgent"})
    assert response.status_code == 400
    assert not BreakGlassGrant.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.BREAK_GLASS).exists()
    with pytest.raises(ValidationError):
        break_glass(actor=cast.coordinator, case=cast.case_a, reason="   short   ")


def test_only_roles_with_the_right_may_break_glass(cast: Cast) -> None:
    for user in (cast.analyst, cast.auditor, cast.other_caseworker, cast.admin):
        with pytest.raises(PermissionDenied):
            break_glass(actor=user, case=cast.case_a, reason=REASON)
    assert not BreakGlassGrant.objects.exists()


def test_auditor_sees_break_glass_in_the_trail(cast: Cast, client: Client) -> None:
    break_glass(actor=cast.coordinator, case=cast.case_a, reason=REASON)
    client.force_login(cast.auditor)
    page = client.get(reverse("audit:list"), {"action": "break_glass"}).content.decode()
    assert REASON in page
    assert "coordinator" in page
    assert "Benziane" not in page
