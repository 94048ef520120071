"""Every URL, for every role, from one table. A URL without a row fails this module.

Expected statuses: 200 shown, 302 redirected (to the login page for anonymous visitors), 403 refused by the
policy, 404 outside the user's record scope (existence is not revealed), 405 wrong method.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.cast import Cast, build_cast
from tests.matrix_api import API_ROWS
from tests.matrix_linkage import LINKAGE_ROWS
from tests.matrix_plans import PLANS_ROWS
from tests.matrix_prevention import PREVENTION_ROWS
from tests.matrix_privacy import PRIVACY_ROWS
from tests.matrix_reports import REPORTS_ROWS
from tests.matrix_rows import EVERY_STAFF_200, ROLES, STAFF, Row, only
from tests.matrix_statistics import STATISTICS_ROWS
from tests.matrix_tip import TIP_ROWS

CASE_A = lambda cast: {"case_id": cast.case_a.pk}  # noqa: E731
CONTACT = lambda cast: {"contact_id": cast.contact.pk}  # noqa: E731
SCREENING = lambda cast: {"case_id": cast.case_a.pk, "screening_id": cast.screening.pk}  # noqa: E731
HOTLINE = {"operator": 200, "supervisor": 200, "other_operator": 200}
THIS_HOTLINE = lambda ok: {"operator": ok, "supervisor": ok, "other_operator": 404}  # noqa: E731
SCREENER = lambda ok: {"caseworker": ok, "other_caseworker": 404}  # noqa: E731
MANAGER = lambda ok: {"caseworker": ok, "manager": ok, "other_caseworker": 404}  # noqa: E731
REFERRAL = lambda cast: {"referral_id": cast.referral.pk}  # noqa: E731
RECIPIENT = lambda ok: {"provider": ok, "caseworker": 404, "other_caseworker": 404, "manager": 404}  # noqa: E731
TODAY = str(timezone.localdate())
PERSON_A = lambda cast: {"person_id": cast.persons_a[0].pk}  # noqa: E731
REASON = {"reason": "Hospital called: the person is missing, police need her identity."}

CRIMINAL_CASE = lambda cast: {"criminal_case_id": cast.criminal_case.pk}  # noqa: E731
DEFENDANT = lambda cast: {"criminal_case_id": cast.criminal_case.pk, "defendant_id": cast.defendant.pk}  # noqa: E731
CHARGE = lambda cast: {"criminal_case_id": cast.criminal_case.pk, "charge_id": cast.charge.pk}  # noqa: E731
VICTIM_LINK = lambda cast: {  # noqa: E731
    "criminal_case_id": cast.criminal_case.pk,
    "link_id": cast.criminal_case.victim_links.get().pk,
}
JUSTICE_OFFICERS = {"justice": 200, "prosecutor": 200, "gendarme": 200}
# The police unit investigates the cast's criminal case and referred it to the prosecution office; the
# gendarmerie does not reach it (404: its existence is not revealed); the commission reads facts only.
WORKS_IT = lambda ok: {"justice": ok, "prosecutor": ok, "gendarme": 404}  # noqa: E731

# Roles whose users need no second factor (no identity, no power to grant it): they have no authenticator.
WITHOUT_SECOND_FACTOR = dict.fromkeys(("nomember", "analyst", "focal", "other_focal"), 404)

MATRIX: dict[str, Row] = {
    # The bulk import opens cases in one's own organisation: the roles that manage cases.
    "cases:import": Row(expected=only({"caseworker": 200, "other_caseworker": 200})),
    "cases:import_template": Row(expected=only({"caseworker": 200, "other_caseworker": 200})),
    # Every case worker screens (her own unit's cases): the upload page and the form are hers.
    "identification:offline_import": Row(expected=only({"caseworker": 200, "other_caseworker": 200})),
    "identification:offline_form": Row(expected=only({"caseworker": 200, "other_caseworker": 200})),
    "web:home": Row(expected=only(EVERY_STAFF_200)),
    "healthz": Row(default=200),
    "set_language": Row(method="post", data={"language": "ar", "next": "/"}, default=302),
    "cases:list": Row(
        expected=only(
            {
                "caseworker": 200,
                "other_caseworker": 200,
                "coordinator": 200,
                "provider": 200,
                "operator": 200,
                "supervisor": 200,
                "other_operator": 200,
                "authority": 200,
            }
        )
    ),
    "cases:detail": Row(
        kwargs=CASE_A,
        expected=only(
            {
                "caseworker": 200,
                "other_caseworker": 404,
                "coordinator": 200,
                "provider": 404,
                "operator": 404,
                "supervisor": 404,
                "other_operator": 404,
                "authority": 200,
            }
        ),
    ),
    "cases:break_glass": Row(method="post", kwargs=CASE_A, data=REASON, expected=only({"coordinator": 302})),
    "people:list": Row(expected=only({"caseworker": 200, "other_caseworker": 200, **HOTLINE})),
    "people:detail": Row(
        kwargs=PERSON_A,
        expected=only(
            {
                "caseworker": 200,
                "other_caseworker": 404,
                "operator": 404,
                "supervisor": 404,
                "other_operator": 404,
            }
        ),
    ),
    "hotline:queue": Row(expected=only(HOTLINE)),
    "hotline:supervision": Row(expected=only({"supervisor": 200})),
    "hotline:list": Row(expected=only(HOTLINE)),
    "hotline:record": Row(expected=only(HOTLINE)),
    "hotline:detail": Row(kwargs=CONTACT, expected=only(THIS_HOTLINE(200))),
    "hotline:transition": Row(
        method="post",
        kwargs=CONTACT,
        data={"version": "1", "to_state": "closed", "reason": "Duplicate of an earlier call."},
        expected=only(THIS_HOTLINE(302)),
    ),
    "hotline:take": Row(method="post", kwargs=CONTACT, expected=only(THIS_HOTLINE(302))),
    "hotline:escalate": Row(
        method="post",
        kwargs=CONTACT,
        data=lambda cast: {
            "version": "1",
            "organisation": str(cast.organisations["unit_a"].pk),
            "sex": "female",
        },
        expected=only(THIS_HOTLINE(302)),
    ),
    "hotline:alert": Row(
        method="post",
        kwargs=CONTACT,
        data=lambda cast: {
            "unit": str(cast.organisations["police"].pk),
            "recipient_name": "Cdt. Idrissi",
            "method": "phone",
            "sent_at": "2026-11-30T10:00",
        },
        expected=only(THIS_HOTLINE(302)),
    ),
    "hotline:figures": Row(expected=only({"supervisor": 200, "coordinator": 200})),
    "public:tip": Row(default=200),
    "identification:screening_new": Row(kwargs=CASE_A, expected=only(SCREENER(200))),
    "identification:screening_score": Row(
        method="post", kwargs=CASE_A, data={"answer_DR01": "yes"}, expected=only(SCREENER(200))
    ),
    "identification:screening_detail": Row(
        kwargs=SCREENING, expected=only({**SCREENER(200), "authority": 200})
    ),
    "identification:withdraw": Row(
        method="post",
        kwargs=lambda cast: {"case_id": cast.case_a.pk, "submission_id": cast.case_a.submissions.get().pk},
        expected=only(SCREENER(302)),
    ),
    "identification:case_details": Row(kwargs=CASE_A, expected=only(SCREENER(200))),
    "identification:submit": Row(
        method="post",
        kwargs=CASE_A,
        data=lambda cast: {"authority": str(cast.organisations["police"].pk)},
        expected=only(SCREENER(302)),
    ),
    "identification:decide": Row(kwargs=CASE_A, expected=only({"authority": 200})),
    "referrals:inbox": Row(
        expected=only({"caseworker": 200, "other_caseworker": 200, "provider": 200, "manager": 200})
    ),
    "referrals:sent": Row(expected=only({"caseworker": 200, "other_caseworker": 200, "manager": 200})),
    "referrals:directory": Row(
        expected=only(
            {"caseworker": 200, "other_caseworker": 200, "provider": 200, "coordinator": 200, "manager": 200}
        )
    ),
    "referrals:figures": Row(expected=only({"coordinator": 200})),
    "referrals:detail": Row(kwargs=REFERRAL, expected=only(RECIPIENT(200))),
    "referrals:respond": Row(
        method="post",
        kwargs=REFERRAL,
        data={"version": "1", "to_state": "accepted"},
        expected=only(RECIPIENT(302)),
    ),
    "referrals:service_delivered": Row(
        method="post",
        kwargs=REFERRAL,
        data={"service_type": "shelter", "delivered_on": TODAY},
        expected=only(RECIPIENT(302)),
    ),
    "referrals:withdraw": Row(
        method="post", kwargs=REFERRAL, data={"version": "1"}, expected=only(MANAGER(302))
    ),
    "case_referrals:consent_new": Row(kwargs=CASE_A, expected=only(MANAGER(200))),
    "case_referrals:consent_withdraw": Row(
        method="post",
        kwargs=lambda cast: {"case_id": cast.case_a.pk, "consent_id": cast.consent.pk},
        expected=only(MANAGER(302)),
    ),
    "case_referrals:consent_sheet": Row(kwargs=CASE_A, expected=only(MANAGER(200))),
    "case_referrals:referral_new": Row(kwargs=CASE_A, expected=only(MANAGER(200))),
    "case_referrals:case_service_delivered": Row(kwargs=CASE_A, expected=only(MANAGER(200))),
    "cases:plan": Row(kwargs=CASE_A, expected=only(MANAGER(200))),
    "cases:follow_up": Row(kwargs=CASE_A, expected=only(MANAGER(200))),
    "cases:transfer": Row(kwargs=CASE_A, expected=only(MANAGER(200))),
    "cases:close": Row(kwargs=CASE_A, expected=only(MANAGER(200))),
    "cases:reopen": Row(method="post", kwargs=CASE_A, expected=only(MANAGER(302))),
    "cases:transfers": Row(expected=only({"caseworker": 200, "other_caseworker": 200, "manager": 200})),
    "cases:answer_transfer": Row(
        method="post",
        kwargs=lambda cast: {"transfer_id": cast.transfer.pk},
        data={"answer": "decline"},
        expected=only(MANAGER(302)),
    ),
    "shelters:overview": Row(expected=only({"provider": 200, "coordinator": 200})),
    "shelters:capacity": Row(expected=only({"provider": 200})),
    "shelters:admit": Row(
        method="post", kwargs=REFERRAL, data={"category": "women"}, expected=only({"provider": 302})
    ),
    "shelters:discharge": Row(
        method="post",
        kwargs=lambda cast: {"placement_id": cast.placement.pk},
        data={"reason": "Returned home"},
        expected=only({"provider": 302}),
    ),
    "guides:list": Row(expected=only({"admin": 200})),
    "offences:list": Row(expected=only({"admin": 200})),
    "offences:new": Row(expected=only({"admin": 200})),
    "offences:edit": Row(kwargs=lambda cast: {"code": "PC-448-2"}, expected=only({"admin": 200})),
    "justice:list": Row(expected=only({**JUSTICE_OFFICERS, "coordinator": 200})),
    "justice:new": Row(expected=only(JUSTICE_OFFICERS)),
    "justice:figures": Row(expected=only({**JUSTICE_OFFICERS, "coordinator": 200, "analyst": 200})),
    # Only a prosecution office imports its register.
    "justice:import": Row(expected=only({"prosecutor": 200})),
    "justice:import_template": Row(expected=only({"prosecutor": 200})),
    "justice:detail": Row(kwargs=CRIMINAL_CASE, expected=only({**WORKS_IT(200), "coordinator": 200})),
    "justice:edit": Row(kwargs=CRIMINAL_CASE, expected=only(WORKS_IT(200))),
    "justice:defendant_new": Row(kwargs=CRIMINAL_CASE, expected=only(WORKS_IT(200))),
    "justice:defendant_edit": Row(kwargs=DEFENDANT, expected=only(WORKS_IT(200))),
    "justice:charge_new": Row(kwargs=DEFENDANT, expected=only(WORKS_IT(200))),
    "justice:sentence_new": Row(kwargs=DEFENDANT, expected=only(WORKS_IT(200))),
    "justice:verdict_new": Row(kwargs=CHARGE, expected=only(WORKS_IT(200))),
    "justice:victim_link_new": Row(kwargs=CRIMINAL_CASE, expected=only(WORKS_IT(200))),
    "justice:participation": Row(kwargs=VICTIM_LINK, expected=only(WORKS_IT(200))),
    "justice:victim_unlink": Row(method="post", kwargs=VICTIM_LINK, expected=only(WORKS_IT(302))),
    "guides:make_current": Row(
        method="post",
        kwargs=lambda cast: {"guide_id": cast.screening.guide_id},
        expected=only({"admin": 302}),
    ),
    "audit:list": Row(expected=only({"auditor": 200})),
    "audit:export": Row(expected=only({"auditor": 200})),
    "accounts:organisation_list": Row(expected=only({"admin": 200})),
    "accounts:organisation_create": Row(expected=only({"admin": 200})),
    "accounts:organisation_edit": Row(
        kwargs=lambda cast: {"organisation_id": cast.organisations["unit_a"].pk},
        expected=only({"admin": 200}),
    ),
    "accounts:user_list": Row(expected=only({"admin": 200})),
    "accounts:user_create": Row(expected=only({"admin": 200})),
    "accounts:user_edit": Row(
        kwargs=lambda cast: {"user_id": cast.caseworker.pk}, expected=only({"admin": 200})
    ),
    # django-allauth: sign-in pages are public; account pages need a session, not a membership.
    "account_login": Row(expected={"anonymous": 200}, default=302),
    "account_logout": Row(expected={"anonymous": 302}, default=200),
    "account_inactive": Row(default=200),
    "account_signup": Row(default=200, expected={role: 302 for role in ROLES if role != "anonymous"}),
    "account_reauthenticate": Row(expected={"anonymous": 302}, default=200),
    # allauth's second factor. Everyone here already has one or needs none: enrolling again redirects to the
    # page that would remove it, which in turn asks for re-authentication (302); pages about an app or codes
    # one does not have are 404; the code page of the sign-in stage needs a pending sign-in (302).
    "mfa_index": Row(expected={"anonymous": 302}, default=200),
    "mfa_activate_totp": Row(default=302),
    "mfa_authenticate": Row(default=302),
    "mfa_generate_recovery_codes": Row(default=302),
    "mfa_deactivate_totp": Row(default=302, expected=WITHOUT_SECOND_FACTOR),
    "mfa_view_recovery_codes": Row(default=302, expected=WITHOUT_SECOND_FACTOR),
    "mfa_download_recovery_codes": Row(default=302, expected=WITHOUT_SECOND_FACTOR),
    "mfa_reauthenticate": Row(
        default=200, expected={**dict.fromkeys(WITHOUT_SECOND_FACTOR, 302), "anonymous": 302}
    ),
    "account_email": Row(expected={"anonymous": 302}, default=200),
    "account_email_verification_sent": Row(default=200),
    "account_change_password": Row(expected={"anonymous": 302}, default=200),
    "account_set_password": Row(expected={"anonymous": 302}, default=302),
    "account_reset_password": Row(default=200),
    "account_confirm_login_code": Row(default=302),
    "account_confirm_email": Row(kwargs=lambda cast: {"key": "not-a-real-key"}, default=200),
    "account_reset_password_from_key_done": Row(default=200),
    "account_reset_password_from_key": Row(
        kwargs=lambda cast: {"uidb36": "zz", "key": "not-a-real-key"}, default=200
    ),
    "account_reset_password_done": Row(default=200),
}

# Rows of the later modules live beside them, one file each.
MATRIX.update(PLANS_ROWS)
MATRIX.update(PREVENTION_ROWS)
MATRIX.update(STATISTICS_ROWS)
MATRIX.update(REPORTS_ROWS)
MATRIX.update(TIP_ROWS)
MATRIX.update(LINKAGE_ROWS)
MATRIX.update(API_ROWS)
MATRIX.update(PRIVACY_ROWS)


def _url_names(patterns: list[Any], namespace: str = "") -> list[str]:
    names: list[str] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            names.extend(_url_names(pattern.url_patterns, inner))
        elif isinstance(pattern, URLPattern):
            names.append(f"{namespace}:{pattern.name}" if namespace else str(pattern.name))
    return names


def test_the_matrix_knows_who_has_a_second_factor(matrix_cast: Cast, db: None) -> None:
    from sanad.access.policy import requires_second_factor

    assert set(WITHOUT_SECOND_FACTOR) == {
        role for role in [*STAFF, "nomember"] if not requires_second_factor(getattr(matrix_cast, role))
    }


def test_every_url_has_a_row_in_the_matrix() -> None:
    names = _url_names(get_resolver().url_patterns)
    missing = sorted(set(names) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(names))
    assert not missing, f"URLs without an access-policy row: {missing}"
    assert not stale, f"Matrix rows for URLs that no longer exist: {stale}"


@pytest.fixture(scope="module")
def matrix_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("matrix-home")


@pytest.fixture(autouse=True)
def _own_sanad_home(settings: Any, matrix_home: Path) -> None:
    # The cast's evidence files live in the module's home, which every request of the module shares.
    settings.SANAD_HOME = matrix_home


@pytest.fixture(scope="module")
def matrix_cast(django_db_setup: None, django_db_blocker: Any, matrix_home: Path) -> Iterator[Cast]:
    """The cast, built once for the module's thousands of requests instead of once per request.

    Built inside a transaction that stays open for the module: each test's own transaction becomes a savepoint
    in it and rolls back to the cast, and the cast itself rolls back at the end, so no other module sees it.
    Per request, building the cast cost more than the request (over an hour of CI time on PostgreSQL).
    """
    with django_db_blocker.unblock(), override_settings(SANAD_HOME=matrix_home), transaction.atomic():
        yield build_cast()
        transaction.set_rollback(True)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_access(url_name: str, role: str, matrix_cast: Cast, db: None, client: Client) -> None:
    cast = matrix_cast
    row = MATRIX[url_name]
    if role != "anonymous":
        client.force_login(getattr(cast, role))
    url = reverse(url_name, kwargs=row.kwargs(cast))
    data = row.data(cast) if callable(row.data) else row.data
    response = getattr(client, row.method)(url, data=data)
    expected = row.status_for(role)
    assert response.status_code == expected, f"{role} {row.method.upper()} {url}: {response.status_code}"
    if (
        role == "anonymous"
        and expected == 302
        and url_name.split(":", maxsplit=1)[0] in {"web", "cases", "people", "audit", "accounts"}
    ):
        assert response["Location"].startswith(reverse("account_login"))
