"""The second factor: mandatory for whoever can see identity, enrolled on first sign-in, asked at every
sign-in and re-authentication, locked out like the password, stored encrypted, impossible to switch off."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.conf import settings
from django.test import Client
from django.urls import reverse

from sanad.access.policy import requires_second_factor
from sanad.accounts.mfa import enrol_authenticator_app
from sanad.accounts.models import Membership, Role, User
from sanad.audit.models import AuditAction, AuditEvent
from sanad.crypto.ring import decrypt_text
from tests.cast import PASSWORD, TOTP_SECRET, Cast
from tests.signing_in import confirm_password, sign_in, totp_code


def _new_user(cast: Cast, username: str, role: str) -> User:
    user = User(username=username, first_name=username.title())
    user.set_password(PASSWORD)
    user.save()
    membership = Membership.objects.create(user=user, organisation=cast.caseworker.organisation)
    membership.roles.set(Role.objects.filter(code=role))
    return user


def test_roles_that_see_identity_or_grant_access_require_a_second_factor(cast: Cast) -> None:
    for user in (cast.caseworker, cast.coordinator, cast.auditor, cast.admin, cast.reviewer):
        assert requires_second_factor(user), user.username
    assert not requires_second_factor(cast.analyst)


def test_a_case_worker_without_a_second_factor_is_sent_to_enrol_and_can_do_nothing_else(
    cast: Cast, client: Client
) -> None:
    newcomer = _new_user(cast, "newcomer", "case_worker")
    signed_in = sign_in(client, "newcomer")
    assert signed_in.status_code == 302
    enrol = reverse("mfa_activate_totp")
    for url in (reverse("web:home"), reverse("cases:list"), reverse("cases:detail", args=[cast.case_a.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == enrol, url
    htmx = client.get(reverse("cases:list"), headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"] == enrol
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_IDENTITY, actor=newcomer).exists()

    page = client.get(enrol)
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body or "data:image/svg+xml" in body  # the QR code, drawn on the server
    secret = client.session[SECRET_SESSION_KEY]
    wrong = client.post(enrol, {"code": "000000"})
    assert wrong.status_code == 200 and not Authenticator.objects.filter(user=newcomer).exists()
    done = client.post(enrol, {"code": totp_code(secret)})
    assert done.status_code == 302 and done["Location"] == reverse("mfa_view_recovery_codes")
    shown_page = client.get(done["Location"])
    assert shown_page.status_code == 200
    shown = shown_page.content.decode()
    recovery = RecoveryCodes(Authenticator.objects.get(user=newcomer, type=Authenticator.Type.RECOVERY_CODES))
    unused = recovery.get_unused_codes()
    assert len(unused) == 10 and all(code in shown for code in unused)
    assert client.get(reverse("cases:list")).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.MFA_ENROLLED, actor=newcomer).exists()
    stored = Authenticator.objects.get(user=newcomer, type=Authenticator.Type.TOTP).data["secret"]
    assert stored != secret and secret not in stored and decrypt_text(stored) == secret


def test_an_analyst_without_identity_is_not_asked_to_enrol(cast: Cast, client: Client) -> None:
    response = sign_in(client, "analyst")
    assert response.status_code == 302
    home = client.get(reverse("web:home"))
    assert home.status_code == 200
    # She may still add one herself, from the link in the top bar.
    assert f'href="{reverse("mfa_index")}"' in home.content.decode()


def test_sign_in_asks_for_the_code_after_the_password(cast: Cast, client: Client) -> None:
    response = client.post(reverse("account_login"), {"login": "caseworker", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    # The password alone opens nothing.
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("cases:list")).status_code == 302
    done = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert done.status_code == 302
    assert client.get(reverse("cases:list")).status_code == 200


def test_a_recovery_code_replaces_a_lost_phone_once(cast: Cast, client: Client) -> None:
    recovery = RecoveryCodes(Authenticator.objects.get(user=cast.caseworker, type="recovery_codes"))
    code = recovery.get_unused_codes()[0]
    assert sign_in(client, "caseworker", code=code).status_code == 302
    assert client.get(reverse("cases:list")).status_code == 200
    client.logout()
    reused = sign_in(client, "caseworker", code=code)
    assert reused.status_code == 200 and "_auth_user_id" not in client.session


def test_guessing_codes_locks_the_account_like_guessing_passwords(cast: Cast, client: Client) -> None:
    wrong = f"{(int(totp_code()) + 500_000) % 1_000_000:06d}"
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, "caseworker", code=wrong)
        assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=AuditAction.MFA_FAILED, actor_label="caseworker").count() == (
        settings.AXES_FAILURE_LIMIT
    )
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT, actor_label="caseworker").exists()
    # Locked: the right password and the right code are refused until the cool-off ends.
    client.logout()
    response = sign_in(client, "caseworker")
    assert "_auth_user_id" not in client.session
    assert response.status_code in {200, 429}


def test_the_second_factor_cannot_be_switched_off_by_whoever_must_have_it(cast: Cast, client: Client) -> None:
    client.force_login(cast.caseworker)
    confirm_password(client, cast.caseworker)
    client.post(reverse("mfa_deactivate_totp"), {})
    assert Authenticator.objects.filter(user=cast.caseworker, type=Authenticator.Type.TOTP).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.MFA_REMOVED).exists()


def test_the_authenticator_secret_is_encrypted_at_rest(cast: Cast) -> None:
    stored = Authenticator.objects.get(user=cast.caseworker, type=Authenticator.Type.TOTP).data["secret"]
    assert TOTP_SECRET not in stored
    assert decrypt_text(stored) == TOTP_SECRET


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("accounts:user_create", {"username": "x"}),
        ("cases:break_glass", {"reason": "A written reason long enough to be accepted."}),
    ],
)
def test_role_changes_and_break_glass_ask_for_the_password_again(
    url_name: str, data: dict[str, Any], cast: Cast, client: Client
) -> None:
    user = cast.admin if url_name.startswith("accounts") else cast.coordinator
    client.force_login(user)
    url = reverse(url_name, args=[cast.case_a.pk]) if url_name == "cases:break_glass" else reverse(url_name)
    if url_name == "accounts:user_create":
        assert client.get(url).status_code == 200  # the form itself shows freely
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))
    # The code of the authenticator app is accepted instead of the password.
    page = client.get(reverse("mfa_reauthenticate"))
    assert page.status_code == 200
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code()})
    assert AuditEvent.objects.filter(action=AuditAction.REAUTHENTICATED, actor=user).exists()


def test_demo_logins_sign_in_with_the_key_of_their_installation(
    db: None, tmp_path: Any, settings: Any, client: Client
) -> None:
    from io import StringIO

    from django.core.management import call_command

    from sanad.demo.generator import create_demo
    from sanad.demo.local_secrets import demo_totp_secret

    settings.SANAD_HOME = tmp_path
    secret = demo_totp_secret(tmp_path)
    assert (tmp_path / "demo_totp_secret").stat().st_mode & 0o777 == 0o600
    create_demo(seed=3, password="a demo password 1", totp_secret=secret, persons=20, contacts=40)
    printed = StringIO()
    call_command("demo_code", stdout=printed)
    code = printed.getvalue().split()[0]
    assert code == totp_code(secret)
    worker = next(
        user for user in User.objects.all() if user.has_usable_password() and requires_second_factor(user)
    )
    sign_in(client, worker.username, "a demo password 1", code=code)
    assert client.session["_auth_user_id"] == str(worker.pk)


def test_deleting_a_user_names_her_in_the_removal_rows_instead_of_pointing_at_her(cast: Cast) -> None:
    from django.db import connection

    leaver = _new_user(cast, "leaver", "case_worker")
    enrol_authenticator_app(leaver, TOTP_SECRET)
    leaver.delete()
    removed = AuditEvent.objects.filter(action=AuditAction.MFA_REMOVED, actor_label="leaver")
    assert removed.count() == 2 and all(event.actor_id is None for event in removed)
    connection.check_constraints()  # no audit row points at the deleted user
