"""Shelter capacity and placements (including two staff racing for the last bed), and the case lifecycle:
services delivered, plan, follow-up, transfer, closure and reopening, all on the case's timeline."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanad.cases import services as case_services
from sanad.cases.models import Case, CaseEvent, CaseStatus
from sanad.concurrency import StaleEditError
from sanad.referrals import services as referral_services
from sanad.referrals.models import Referral
from sanad.shelters import services
from sanad.shelters.models import Placement
from sanad.statistics.referrals import occupancy
from tests.cast import Cast

today = timezone.localdate


def _accepted_referral(cast: Cast, case: Case) -> Referral:
    if not case.consents.exists():
        referral_services.record_consent(
            actor=cast.caseworker, case=case, purpose="referral", decision="given", method="signed_form",
            given_on=today(),
        )  # fmt: skip
    referral = referral_services.send_referral(
        actor=cast.caseworker, case=case, to_organisation=cast.organisations["shelter"],
        service_type="shelter", urgency="emergency",
    )  # fmt: skip
    return referral_services.respond(
        actor=cast.provider, referral=referral, to_state="accepted", expected_version=1
    )


def _second_case(cast: Cast) -> Case:
    return (
        Case.objects.filter(owning_organisation=cast.organisations["unit_a"]).exclude(pk=cast.case_a.pk).get()
    )


def test_admission_needs_an_accepted_referral_and_moves_it_in_progress(cast: Cast) -> None:
    with pytest.raises(ValidationError):  # the cast's referral is only sent
        services.admit(actor=cast.provider, case=cast.case_a, category="women", referral=cast.referral)
    referral = referral_services.respond(
        actor=cast.provider, referral=cast.referral, to_state="accepted", expected_version=1
    )
    placement = services.admit(actor=cast.provider, case=cast.case_a, category="women", referral=referral)
    referral.refresh_from_db()
    assert referral.state == "in_progress" and placement.over_capacity_reason == ""
    with pytest.raises(PermissionDenied):  # another organisation's staff
        services.admit(actor=cast.caseworker, case=cast.case_a, category="women", referral=referral)
    assert CaseEvent.objects.filter(case=cast.case_a, kind="admitted").exists()


def test_a_full_shelter_refuses_unless_overridden_with_a_reason(cast: Cast, client: Client) -> None:
    first = _accepted_referral(cast, cast.case_a)
    services.admit(actor=cast.provider, case=cast.case_a, category="women", referral=first)  # 2 of 2 beds
    second_case = _second_case(cast)
    second = _accepted_referral(cast, second_case)
    with pytest.raises(ValidationError) as error:
        services.admit(actor=cast.provider, case=second_case, category="women", referral=second)
    assert "over_capacity_reason" in error.value.message_dict
    placement = services.admit(
        actor=cast.provider, case=second_case, category="women", referral=second,
        over_capacity_reason="Emergency at night; a mattress in the common room.",
    )  # fmt: skip
    assert placement.over_capacity_reason
    rows = {
        row.category: row
        for row in occupancy(cast.organisations["shelter"].__class__.objects.filter(type="shelter"))
    }
    assert (rows["women"].occupied, rows["women"].beds) == (3, 2)
    # The commission sees the occupancy change.
    client.force_login(cast.coordinator)
    assert 'data-testid="occupied-women">3<' in client.get(reverse("shelters:overview")).content.decode()
    services.discharge(actor=cast.provider, placement=placement, reason="Moved to a family placement")
    assert 'data-testid="occupied-women">2<' in client.get(reverse("shelters:overview")).content.decode()
    with pytest.raises(ValidationError):
        services.discharge(actor=cast.provider, placement=placement, reason="again")


@pytest.mark.django_db(transaction=True)
def test_two_staff_admitting_to_the_last_bed_at_once_one_wins(transactional_cast: Cast) -> None:
    cast = transactional_cast
    cases = [cast.case_a, _second_case(cast)]
    referrals = [_accepted_referral(cast, case) for case in cases]  # 1 bed left: case B's person holds one
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def admit(index: int) -> None:
        try:
            barrier.wait()
            services.admit(
                actor=cast.provider, case=cases[index], category="women", referral=referrals[index]
            )
            outcomes.append("admitted")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=admit, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["admitted", "refused"]
    assert (
        Placement.objects.filter(shelter=cast.organisations["shelter"], discharged_at__isnull=True).count()
        == 2
    )


def test_services_delivered_by_the_owner_or_the_recipient_only(cast: Cast) -> None:
    case_services_delivered = referral_services.record_service_delivered(
        actor=cast.caseworker, case=cast.case_a, service_type="psychosocial", delivered_on=today()
    )
    assert case_services_delivered.provider == cast.organisations["unit_a"]
    referral_services.record_service_delivered(
        actor=cast.provider,
        case=cast.case_a,
        service_type="shelter",
        delivered_on=today(),
        referral=cast.referral,
    )
    with pytest.raises(PermissionDenied):  # no referral, not the owner
        referral_services.record_service_delivered(
            actor=cast.provider, case=cast.case_a, service_type="shelter", delivered_on=today()
        )
    with pytest.raises(PermissionDenied):
        referral_services.record_service_delivered(
            actor=cast.other_caseworker, case=cast.case_a, service_type="shelter", delivered_on=today()
        )


def test_plan_follow_up_close_and_reopen_with_the_timeline(cast: Cast, client: Client) -> None:
    case = cast.case_a
    plan = case_services.update_plan(
        actor=cast.caseworker, case=case, needs="Logement, soins", goals="Autonomie", review_on=today(),
        expected_version=None,
    )  # fmt: skip
    with pytest.raises(StaleEditError):
        case_services.update_plan(
            actor=cast.colleague, case=case, needs="x", goals="y", review_on=None, expected_version=0
        )
    case_services.update_plan(
        actor=cast.colleague, case=case, needs="x", goals="y", review_on=None, expected_version=plan.version
    )
    case_services.record_follow_up(
        actor=cast.caseworker, case=case, happened_on=today(), kind="phone", note="Va mieux."
    )
    with pytest.raises(ValidationError):
        case_services.close_case(
            actor=cast.caseworker, case=case, reason="moved_away", closed_on=today(), expected_version=1
        )
    closed = case_services.close_case(
        actor=cast.caseworker, case=case, reason="reintegrated", closed_on=today(), expected_version=1
    )
    assert closed.status == CaseStatus.CLOSED and closed.closure_reason == "reintegrated"
    with pytest.raises(ValidationError):  # no referral from a closed case
        referral_services.send_referral(
            actor=cast.caseworker, case=closed, to_organisation=cast.organisations["shelter"],
            service_type="shelter", urgency="routine",
        )  # fmt: skip
    reopened = case_services.reopen_case(actor=cast.caseworker, case=closed, expected_version=closed.version)
    assert reopened.status == CaseStatus.OPEN and reopened.closed_on is None
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds[-5:] == ["plan_updated", "plan_updated", "follow_up", "closed", "reopened"]
    client.force_login(cast.caseworker)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Case reopened" in page and "Va mieux." in page
    client.force_login(cast.coordinator)
    assert (
        "Va mieux." not in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    )  # identity tier


def test_a_transfer_moves_the_case_only_when_accepted(cast: Cast, client: Client) -> None:
    case_b = cast.case_b
    with pytest.raises(PermissionDenied):  # only the receiving organisation answers
        case_services.answer_transfer(actor=cast.other_caseworker, transfer=cast.transfer, accept=True)
    client.force_login(cast.caseworker)
    assert client.get(reverse("cases:detail", args=[case_b.pk])).status_code == 404  # not yet ours
    response = client.post(reverse("cases:answer_transfer", args=[cast.transfer.pk]), {"answer": "accept"})
    assert response.status_code == 302
    case_b.refresh_from_db()
    assert (
        case_b.owning_organisation == cast.organisations["unit_a"] and case_b.case_worker == cast.caseworker
    )
    assert client.get(reverse("cases:detail", args=[case_b.pk])).status_code == 200
    client.force_login(cast.other_caseworker)
    assert client.get(reverse("cases:detail", args=[case_b.pk])).status_code == 404
    with pytest.raises(ValidationError):
        case_services.answer_transfer(actor=cast.caseworker, transfer=cast.transfer, accept=False)
    assert (
        list(CaseEvent.objects.filter(case=case_b).values_list("kind", flat=True))[-1] == "transfer_accepted"
    )


def test_the_timeline_is_append_only_from_services(cast: Cast) -> None:
    # The cast screened case A, recorded consent, referred it and linked it to a criminal case, in that
    # order, through the services.
    kinds = list(CaseEvent.objects.filter(case=cast.case_a).values_list("kind", flat=True))
    assert kinds == ["screened", "consent_recorded", "referral_sent", "criminal_case_linked"]
    times = list(CaseEvent.objects.filter(case=cast.case_a).values_list("occurred_at", flat=True))
    assert times == sorted(times) and all(t <= timezone.now() + timedelta(seconds=1) for t in times)


def test_occupancy_by_month_counts_people_present_at_each_month_end(cast: Cast, client: Client) -> None:
    from sanad.accounts.models import Organisation
    from sanad.statistics.referrals import occupancy_by_month

    shelters = Organisation.objects.filter(type="shelter")
    now = timezone.now()
    Placement.objects.filter(pk=cast.placement.pk).update(admitted_at=now - timedelta(days=70))
    series = occupancy_by_month(shelters, start=(now - timedelta(days=100)).date(), end=now.date())
    assert [taken for _day, taken, _beds in series][-1] == 1
    assert series[0][1] == 0  # before the admission
    assert all(beds == 2 for _day, _taken, beds in series)
    client.force_login(cast.provider)
    assert 'data-count="waiting">1<' in client.get(reverse("web:home")).content.decode()
