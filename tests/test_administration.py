"""An administrator manages organisations, users and memberships; every change is audited."""

from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse

from sanad.accounts.mfa import enrol_authenticator_app
from sanad.accounts.models import Organisation, Role, User
from sanad.audit.models import AuditAction, AuditEvent
from tests.cast import TOTP_SECRET, Cast
from tests.signing_in import confirm_password


def test_admin_creates_an_organisation(cast: Cast, client: Client) -> None:
    client.force_login(cast.admin)
    response = client.post(
        reverse("accounts:organisation_create"),
        {"name": "Centre Al Amal", "name_ar": "مركز الأمل", "short_code": "al-amal", "type": "shelter",
         "region": "MA-07", "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    organisation = Organisation.objects.get(short_code="al-amal")
    assert organisation.region_label in {"Marrakech-Safi", "Marrakesh-Safi"}
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(organisation.pk)).exists()


def test_unknown_region_is_refused_naming_the_field(cast: Cast, client: Client) -> None:
    client.force_login(cast.admin)
    response = client.post(
        reverse("accounts:organisation_create"),
        {"name": "X", "short_code": "x", "type": "ngo", "region": "MA-99"},
    )
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert not Organisation.objects.filter(short_code="x").exists()


def test_admin_creates_a_user_with_a_membership_who_can_then_work(cast: Cast, client: Client) -> None:
    client.force_login(cast.admin)
    confirm_password(client, cast.admin)  # creating a user with roles asks for the password again
    role = Role.objects.get(code="case_worker")
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "salma",
            "first_name": "Salma",
            "is_active": "on",
            "organisation": cast.organisations["unit_b"].pk,
            "roles": [role.pk],
            "password": "a long enough passphrase 7",
        },
    )
    assert response.status_code == 302
    salma = User.objects.get(username="salma")
    assert salma.organisation == cast.organisations["unit_b"]
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(salma.pk))
    assert event.detail["roles"] == ["case_worker"]
    assert "a long enough passphrase 7" not in json.dumps(event.detail) + event.reason + event.object_label
    worker = Client()
    signed_in = worker.post(
        reverse("account_login"), {"login": "salma", "password": "a long enough passphrase 7"}
    )
    assert signed_in.status_code == 302
    # A case worker sees identity: her first stop is enrolling a second factor.
    assert worker.get(reverse("cases:list"))["Location"] == reverse("mfa_activate_totp")
    enrol_authenticator_app(salma, TOTP_SECRET)
    page = worker.get(reverse("cases:list")).content.decode()
    assert cast.case_b.reference in page and cast.case_a.reference not in page


def test_disabling_a_user_is_audited_and_stops_her(cast: Cast, client: Client) -> None:
    client.force_login(cast.admin)
    confirm_password(client, cast.admin)
    role = Role.objects.get(code="case_worker")
    response = client.post(
        reverse("accounts:user_edit", kwargs={"user_id": cast.colleague.pk}),
        {"username": "colleague", "organisation": cast.organisations["unit_a"].pk, "roles": [role.pk]},
    )
    assert response.status_code == 302
    cast.colleague.refresh_from_db()
    assert not cast.colleague.is_active
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(cast.colleague.pk))
    assert event.detail == {"is_active": False}


def test_a_weak_password_is_refused(cast: Cast, client: Client) -> None:
    client.force_login(cast.admin)
    confirm_password(client, cast.admin)
    response = client.post(reverse("accounts:user_create"), {"username": "weak", "password": "12345"})
    assert response.status_code == 200
    assert "password" in response.context["form"].errors


def test_admin_sees_no_case_content(cast: Cast, client: Client) -> None:
    client.force_login(cast.admin)
    for url in (reverse("web:home"), reverse("accounts:user_list"), reverse("accounts:organisation_list")):
        body = client.get(url).content.decode()
        assert cast.case_a.reference not in body
        assert "Amina" not in body


def test_an_administrator_cannot_disable_herself(cast: Cast, client: Client) -> None:
    client.force_login(cast.admin)
    confirm_password(client, cast.admin)
    role = Role.objects.get(code="admin")
    response = client.post(
        reverse("accounts:user_edit", kwargs={"user_id": cast.admin.pk}),
        {"username": "admin", "organisation": cast.organisations["commission"].pk, "roles": [role.pk]},
    )
    assert response.status_code == 200
    assert "You cannot disable your own account." in response.context["form"].errors["is_active"]
    cast.admin.refresh_from_db()
    assert cast.admin.is_active
