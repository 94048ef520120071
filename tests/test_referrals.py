"""Consent, referrals and their states, the recipient's restricted view, expiry, and the figures."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from sanad.audit.models import AuditAction, AuditEvent
from sanad.cases.models import CaseEvent
from sanad.concurrency import StaleEditError
from sanad.identification.models import StatusDecision
from sanad.referrals import services
from sanad.referrals.deadlines import answer_due
from sanad.referrals.models import Referral, ReferralState
from sanad.statistics.referrals import referral_figures
from tests.cast import REFERRAL_NOTE, Cast


def _refer(cast: Cast, **extra: object) -> Referral:
    fields = {
        "actor": cast.caseworker,
        "case": cast.case_a,
        "to_organisation": cast.organisations["shelter"],
        "service_type": "medical",
        "urgency": "routine",
        **extra,
    }
    return services.send_referral(**fields)  # type: ignore[arg-type]


def test_answer_due_follows_urgency_and_skips_the_weekend() -> None:
    friday = datetime(2026, 11, 27, 16, 0, tzinfo=timezone.get_current_timezone())
    assert answer_due(friday, "emergency") == friday + timedelta(hours=4)
    assert answer_due(friday, "urgent") == friday + timedelta(hours=24)
    assert answer_due(friday, "routine") == friday + timedelta(days=7)  # Mon..Fri: five working days


def test_a_referral_without_consent_is_refused_unless_overridden_with_a_reason(cast: Cast) -> None:
    services.withdraw_consent(actor=cast.caseworker, consent=cast.consent)
    with pytest.raises(ValidationError) as error:
        _refer(cast)
    assert "consent" in error.value.message_dict
    # A case worker has no override right, even with a reason.
    with pytest.raises(PermissionDenied):
        _refer(cast, override_reason="She is in danger tonight.")
    referral = _refer(cast, actor=cast.manager, override_reason="She is in danger tonight.")
    assert referral.consent is None and referral.consent_override_reason == "She is in danger tonight."
    event = AuditEvent.objects.get(object_id=str(referral.pk), action=AuditAction.CREATE)
    assert event.reason == "She is in danger tonight." and event.detail["consent_override"] is True


def test_withdrawn_consent_stops_further_sharing_from_that_moment(cast: Cast, client: Client) -> None:
    earlier = _refer(cast)
    assert earlier.consent == cast.consent
    client.force_login(cast.caseworker)
    client.post(reverse("case_referrals:consent_withdraw", args=[cast.case_a.pk, cast.consent.pk]))
    response = client.post(
        reverse("case_referrals:referral_new", args=[cast.case_a.pk]),
        {
            "service_type": "medical",
            "to_organisation": cast.organisations["shelter"].pk,
            "urgency": "routine",
        },
    )
    assert response.status_code == 400
    assert "No valid consent covers this referral" in response.content.decode()
    assert Referral.objects.filter(case=cast.case_a).count() == 2  # the cast's and the earlier one


def test_a_refusal_for_one_service_is_respected_over_a_general_consent(cast: Cast) -> None:
    services.record_consent(
        actor=cast.caseworker, case=cast.case_a, purpose="referral", decision="refused",
        method="oral_with_witness", given_on=timezone.localdate(), service_type="medical",
    )  # fmt: skip
    with pytest.raises(ValidationError):
        _refer(cast)
    assert _refer(cast, service_type="shelter").consent == cast.consent  # other services still covered


def test_referral_checks_the_directory(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        _refer(cast, service_type="legal_aid")
    assert "to_organisation" in error.value.message_dict  # the shelter does not offer legal aid
    shelter = cast.organisations["shelter"]
    shelter.accepting_referrals = False
    shelter.save()
    with pytest.raises(ValidationError):
        _refer(cast)


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_every_state_with_who_may_move_it_and_the_refused_moves(
    cast: Cast, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    cast.provider.email = "accueil@shelter.example"
    cast.provider.save()
    cast.caseworker.email = "cw@unit-a.example"
    cast.caseworker.save()
    with django_capture_on_commit_callbacks(execute=True):
        referral = _refer(cast)
    assert mail.outbox[-1].to == ["accueil@shelter.example"]
    assert "Amina" not in mail.outbox[-1].body and "Benziane" not in mail.outbox[-1].body
    # The sender cannot accept its own referral; the recipient cannot withdraw it.
    with pytest.raises(PermissionDenied):
        services.respond(actor=cast.caseworker, referral=referral, to_state="accepted", expected_version=1)
    with pytest.raises(PermissionDenied):
        services.withdraw(actor=cast.provider, referral=referral, expected_version=1)
    with pytest.raises(ValidationError):  # not yet accepted
        services.respond(actor=cast.provider, referral=referral, to_state="completed", expected_version=1)
    with pytest.raises(ValidationError) as error:
        services.respond(actor=cast.provider, referral=referral, to_state="declined", expected_version=1)
    assert "reason" in error.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        referral = services.respond(
            actor=cast.provider, referral=referral, to_state="accepted", expected_version=1
        )
    assert mail.outbox[-1].to == ["cw@unit-a.example"]
    with pytest.raises(StaleEditError):
        services.respond(actor=cast.provider, referral=referral, to_state="in_progress", expected_version=1)
    referral = services.respond(
        actor=cast.provider, referral=referral, to_state="in_progress", expected_version=2
    )
    referral = services.respond(
        actor=cast.provider, referral=referral, to_state="completed", expected_version=3
    )
    assert referral.sent_at <= referral.accepted_at <= referral.in_progress_at <= referral.completed_at
    with pytest.raises(ValidationError):  # completed is final
        services.withdraw(actor=cast.caseworker, referral=referral, expected_version=4)
    kinds = list(CaseEvent.objects.filter(case=cast.case_a).values_list("kind", flat=True))
    assert kinds[-4:] == ["referral_sent", "referral_accepted", "referral_in_progress", "referral_completed"]


def test_the_recipient_sees_only_what_the_service_allows_and_only_while_active(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.provider)
    url = reverse("referrals:detail", args=[cast.referral.pk])
    body = client.get(url).content.decode()
    assert "Amina" in body and REFERRAL_NOTE.split(";")[0].replace("'", "&#x27;") in body
    assert "BK123456" not in body  # no document for a shelter referral
    assert cast.screening.get_outcome_display() not in body  # no screening
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW_IDENTITY, object_id=str(cast.referral.pk)
    ).exists()
    # The shelter never reaches the case file itself.
    assert client.get(reverse("cases:detail", args=[cast.case_a.pk])).status_code == 404
    services.withdraw(actor=cast.caseworker, referral=cast.referral, expected_version=1)
    body = client.get(url).content.decode()
    assert "Amina" not in body and "no longer active" in body


def test_unanswered_referrals_expire_by_command_and_the_sender_is_told(cast: Cast, capsys) -> None:  # type: ignore[no-untyped-def]
    late = _refer(cast, urgency="emergency")
    Referral.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    call_command("expire_referrals")
    assert "1 referral(s) expired." in capsys.readouterr().out
    late.refresh_from_db()
    assert late.state == ReferralState.EXPIRED and late.expired_at is not None
    cast.referral.refresh_from_db()
    assert cast.referral.state == ReferralState.SENT  # not yet due
    assert CaseEvent.objects.filter(case=cast.case_a, kind="referral_expired").count() == 1
    with pytest.raises(ValidationError):  # too late to accept
        services.respond(actor=cast.provider, referral=late, to_state="accepted", expected_version=None)


def test_snapshots_keep_the_organisations_as_they_were(cast: Cast) -> None:
    shelter = cast.organisations["shelter"]
    shelter.name = "Renamed shelter"
    shelter.save()
    cast.referral.refresh_from_db()
    assert cast.referral.to_snapshot["name"] == "Org shelter"


def test_figures_count_referrals_by_service_outcome_and_organisation(cast: Cast, client: Client) -> None:
    services.respond(actor=cast.provider, referral=cast.referral, to_state="accepted", expected_version=1)
    declined = _refer(cast)
    services.respond(
        actor=cast.provider, referral=declined, to_state="declined", expected_version=1, reason="Full"
    )
    today = timezone.localdate()
    figures = referral_figures(Referral.objects.all(), start=today - timedelta(days=1), end=today)
    assert figures.total == 2 and figures.expired == 0
    (shelter,) = figures.per_organisation
    assert (shelter.received, shelter.answered, shelter.accepted) == (2, 2, 1)
    assert shelter.acceptance_rate == 0.5
    client.force_login(cast.coordinator)
    assert client.get(reverse("referrals:figures")).status_code == 200


def test_figures_give_the_days_from_a_status_decision_to_the_first_referral_after_it(cast: Cast) -> None:
    today, now = timezone.localdate(), timezone.now()
    decided_by = cast.organisations["unit_a"]

    def decide(case: object, days_ago: int) -> None:
        StatusDecision.objects.create(
            case=case, status="presumed", decided_on=today - timedelta(days=days_ago),
            decided_by_organisation=decided_by, legal_basis="Loi 27-14",
        )  # fmt: skip

    decide(cast.case_a, 4)
    # Her first referral is this one, two days ago; the cast's, sent today, comes after it.
    Referral.objects.filter(pk=_refer(cast).pk).update(sent_at=now - timedelta(days=2))
    # Case B was referred twelve days ago, before its decision: no delay to count.
    decide(cast.case_b, 2)
    Referral.objects.filter(pk=_refer(cast).pk).update(case=cast.case_b, sent_at=now - timedelta(days=12))
    figures = referral_figures(Referral.objects.all(), start=today - timedelta(days=5), end=today)
    assert figures.median_decision_to_first_referral == timedelta(days=2)


def test_the_directory_finds_organisations_by_service_and_region(cast: Cast, client: Client) -> None:
    client.force_login(cast.caseworker)
    found = client.get(reverse("referrals:directory"), {"service": "shelter", "region": "MA-04"}).context[
        "organisations"
    ]
    assert list(found) == [cast.organisations["shelter"]]
    assert (
        not client.get(reverse("referrals:directory"), {"service": "legal_aid"})
        .context["organisations"]
        .exists()
    )


def test_the_consent_form_prints_in_arabic(cast: Cast, client: Client) -> None:
    client.force_login(cast.caseworker)
    body = client.get(
        reverse("case_referrals:consent_sheet", args=[cast.case_a.pk]), {"language": "ar"}
    ).content.decode()
    assert '<html lang="ar" dir="rtl">' in body and cast.case_a.reference in body
