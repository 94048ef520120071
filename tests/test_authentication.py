"""Signing in and failing to: clear pages, audit rows, lockout, session lifetime."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from sanad.accounts.middleware import SESSION_SEEN, SESSION_STARTED
from sanad.audit.models import AuditAction, AuditEvent
from tests.cast import PASSWORD, Cast
from tests.signing_in import sign_in


def _login(client: Client, username: str, password: str = PASSWORD) -> Any:
    return sign_in(client, username, password)


def test_login_lands_on_the_role_home_page_with_counts(cast: Cast, client: Client) -> None:
    response = _login(client, "caseworker")
    assert response.status_code == 302
    home = client.get(response["Location"])
    body = home.content.decode()
    assert 'data-panel="organisation"' in body
    assert 'data-count="total">2<' in body  # unit A owns two cases
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=cast.caseworker).exists()


@pytest.mark.parametrize(
    ("role", "panel"),
    [
        ("coordinator", "national"),
        ("analyst", "statistics"),
        ("auditor", "audit"),
        ("admin", "administration"),
    ],
)
def test_each_role_has_its_own_home(role: str, panel: str, cast: Cast, client: Client) -> None:
    client.force_login(getattr(cast, role))
    body = client.get(reverse("web:home")).content.decode()
    assert f'data-panel="{panel}"' in body
    assert 'data-panel="organisation"' not in body


def test_coordinator_home_counts_every_case_nationally(cast: Cast, client: Client) -> None:
    client.force_login(cast.coordinator)
    body = client.get(reverse("web:home")).content.decode()
    assert 'data-count="total">3<' in body


def test_analyst_home_hides_small_counts(cast: Cast, client: Client) -> None:
    client.force_login(cast.analyst)
    body = client.get(reverse("web:home")).content.decode()
    assert "&lt;5" in body  # three cases in 2025: published as <5
    assert ">3<" not in body


@pytest.mark.parametrize(
    ("username", "password", "kind"),
    [
        ("caseworker", "wrong password", "wrong_password"),
        ("nobody-here", PASSWORD, "unknown_user"),
        ("disabled", PASSWORD, "disabled_user"),
    ],
)
def test_failed_login_gets_a_clear_page_and_an_audit_row(
    username: str, password: str, kind: str, cast: Cast, client: Client
) -> None:
    response = _login(client, username, password)
    assert response.status_code in {200, 302}
    if response.status_code == 302:
        response = client.get(response["Location"])
    body = response.content.decode()
    assert "Traceback" not in body
    assert '<form method="post"' in body or "Account disabled" in body
    assert 'class="topbar"' in body  # Sanad's own layout, not a bare third-party page
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action=AuditAction.FAILED_LOGIN)
    assert event.actor_label == username
    assert event.detail["kind"] == kind


def test_user_without_membership_gets_a_clear_refusal_and_an_audit_row(cast: Cast, client: Client) -> None:
    response = _login(client, "nomember")
    page = client.get(response["Location"])
    assert page.status_code == 403
    assert "Your account has no organisation" in page.content.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.ACCESS_DENIED, actor=cast.nomember, detail__why="no_membership"
    ).exists()


def test_repeated_failures_lock_the_account_out(cast: Cast, client: Client) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "caseworker", "wrong password")
    locked = _login(client, "caseworker")  # even the right password is refused now
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT, actor_label="caseworker").exists()


def test_session_ends_after_idle_time(cast: Cast, client: Client) -> None:
    client.force_login(cast.caseworker)
    assert client.get(reverse("web:home")).status_code == 200
    session = client.session
    session[SESSION_SEEN] = time.time() - 31 * 60
    session.save()
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("web:home")).status_code == 302


def test_session_ends_after_a_working_day_even_when_active(cast: Cast, client: Client) -> None:
    client.force_login(cast.caseworker)
    client.get(reverse("web:home"))
    session = client.session
    session[SESSION_STARTED] = time.time() - 11 * 3600
    session[SESSION_SEEN] = time.time() - 60
    session.save()
    assert client.get(reverse("web:home")).status_code == 302


def test_logout_is_audited(cast: Cast, client: Client) -> None:
    _login(client, "caseworker")
    client.post(reverse("account_logout"))
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=cast.caseworker).exists()


def test_nobody_can_sign_up(db: None, client: Client) -> None:
    response = client.post(
        reverse("account_signup"), {"username": "intruder", "password1": "x" * 20, "password2": "x" * 20}
    )
    assert response.status_code == 200
    from sanad.accounts.models import User

    assert not User.objects.filter(username="intruder").exists()


def test_admin_home_counts_organisations_and_users(cast: Cast, client: Client) -> None:
    client.force_login(cast.admin)
    body = client.get(reverse("web:home")).content.decode()
    assert 'data-count="organisations">12<' in body
    assert 'data-count="disabled_users">1<' in body
