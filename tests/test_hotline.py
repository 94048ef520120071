"""Hotline contacts: recording, the queue, triage states, escalation, police alerts and the figures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanad.audit.models import AuditAction, AuditEvent
from sanad.cases.models import Case
from sanad.concurrency import StaleEditError
from sanad.hotline import services
from sanad.hotline.models import Contact, PoliceAlert, TriageState, Urgency
from sanad.statistics.hotline import hotline_figures, nearest_rank
from tests.cast import CONTACT_NARRATIVE, Cast


def _record(cast: Cast, *, minutes_ago: int, urgency: int = Urgency.ROUTINE, **extra: object) -> Contact:
    actor = extra.pop("actor", cast.operator)
    fields = {
        "channel": "phone",
        "contact_type": "tip",
        "received_at": timezone.now() - timedelta(minutes=minutes_ago),
        "reporter_relation": "third_party",
        "urgency": urgency,
        **extra,
    }
    return services.record_contact(actor=actor, **fields)  # type: ignore[arg-type]


def test_operator_records_a_call_from_the_form(cast: Cast, client: Client) -> None:
    client.force_login(cast.operator)
    response = client.post(
        reverse("hotline:record"),
        {
            "channel": "phone", "contact_type": "crisis", "urgency": "3", "reporter_relation": "self",
            "language": "darija", "region": "MA-06", "narrative": "Elle est enfermée dans un appartement.",
            "callback_number": "0612 34 56 78",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "save_triaged": "1",
        },
    )  # fmt: skip
    assert response.status_code == 302
    contact = Contact.objects.exclude(pk=cast.contact.pk).get()
    assert contact.state == TriageState.TRIAGED and contact.triaged_at is not None
    assert contact.hotline == cast.organisations["hotline"] and contact.assigned_to == cast.operator
    assert contact.callback_index == services.callback_index("+212612345678")
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(contact.pk)).exists()


def test_bad_codes_are_named_and_nothing_is_stored(cast: Cast, client: Client) -> None:
    client.force_login(cast.operator)
    response = client.post(
        reverse("hotline:record"),
        {
            "channel": "fax",
            "contact_type": "tip",
            "urgency": "1",
            "reporter_relation": "self",
            "received_at": "",
        },
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"channel", "received_at"}
    with pytest.raises(ValidationError) as error:
        _record(cast, minutes_ago=1, region="MA-99")
    assert "region" in error.value.message_dict
    assert Contact.objects.count() == 1


def test_queue_puts_urgent_first_then_the_longest_waiting(cast: Cast, client: Client) -> None:
    old_routine = _record(cast, minutes_ago=90)
    new_emergency = _record(cast, minutes_ago=2, urgency=Urgency.EMERGENCY)
    older_emergency = _record(cast, minutes_ago=30, urgency=Urgency.EMERGENCY)
    someone_elses = _record(cast, minutes_ago=40, actor=cast.supervisor)
    client.force_login(cast.operator)
    mine = list(client.get(reverse("hotline:queue")).context["page"])
    assert mine[:3] == [older_emergency, new_emergency, old_routine]
    assert someone_elses not in mine  # taken by another operator
    client.force_login(cast.supervisor)
    whole = list(client.get(reverse("hotline:supervision")).context["page"])
    assert someone_elses in whole and whole[0] == older_emergency
    # An operator of another hotline sees none of them.
    client.force_login(cast.other_operator)
    assert list(client.get(reverse("hotline:queue")).context["page"]) == []


def test_states_carry_timestamps_and_closing_needs_a_reason(cast: Cast) -> None:
    contact = _record(cast, minutes_ago=5)
    with pytest.raises(ValidationError) as error:
        services.change_state(
            actor=cast.operator, contact=contact, to_state="information_only", expected_version=1
        )
    assert "state" in error.value.message_dict  # a new contact is triaged first
    contact = services.change_state(
        actor=cast.operator, contact=contact, to_state="triaged", expected_version=1
    )
    contact = services.change_state(
        actor=cast.operator, contact=contact, to_state="information_only", expected_version=2
    )
    with pytest.raises(ValidationError) as error:
        services.change_state(actor=cast.operator, contact=contact, to_state="closed", expected_version=3)
    assert "reason" in error.value.message_dict
    contact = services.change_state(
        actor=cast.operator,
        contact=contact,
        to_state="closed",
        expected_version=3,
        reason="Informed of rights.",
    )
    assert contact.triaged_at and contact.information_only_at and contact.closed_at
    assert contact.triaged_at <= contact.information_only_at <= contact.closed_at
    assert [label for label, _ in contact.state_timestamps()] == [
        "New",
        "Triaged",
        "Information only",
        "Closed",
    ]
    transitions = AuditEvent.objects.filter(object_id=str(contact.pk), action=AuditAction.UPDATE)
    assert [event.detail["to"] for event in transitions.order_by("occurred_at")] == [
        "triaged", "information_only", "closed"
    ]  # fmt: skip


def test_a_stale_form_does_not_overwrite_a_colleagues_triage(cast: Cast, client: Client) -> None:
    contact = cast.contact
    services.change_state(
        actor=cast.supervisor, contact=contact, to_state="not_trafficking", expected_version=1
    )
    with pytest.raises(StaleEditError):
        services.change_state(
            actor=cast.operator, contact=contact, to_state="information_only", expected_version=1
        )
    client.force_login(cast.operator)
    response = client.post(
        reverse("hotline:transition", args=[contact.pk]),
        {"version": "1", "to_state": "closed", "reason": "x"},
    )
    assert response.status_code == 400
    assert "Someone else changed this record" in response.content.decode()
    assert Contact.objects.get(pk=contact.pk).state == TriageState.NOT_TRAFFICKING


def test_escalation_opens_a_case_in_the_chosen_organisation(cast: Cast, client: Client) -> None:
    client.force_login(cast.operator)
    response = client.post(
        reverse("hotline:escalate", args=[cast.contact.pk]),
        {
            "version": "1",
            "organisation": cast.organisations["unit_a"].pk,
            "given_name_latin": "Fatima",
            "sex": "female",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get(pk=cast.contact.pk)
    assert contact.state == TriageState.ESCALATED and contact.escalated_at is not None
    case = contact.case
    assert case is not None and case.owning_organisation == cast.organisations["unit_a"]
    # The caller was a third party: her number is not the person's.
    assert case.case_worker is None and contact.person.phone == ""
    assert case.person.owning_organisation == cast.organisations["unit_a"]
    # The receiving unit sees the new case; the hotline does not see inside it.
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    client.force_login(cast.caseworker)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200


def test_escalation_cannot_target_a_shelter_or_police(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        services.escalate(
            actor=cast.operator,
            contact=cast.contact,
            expected_version=1,
            organisation=cast.organisations["police"],
        )
    assert "organisation" in error.value.message_dict
    assert Contact.objects.get(pk=cast.contact.pk).state == TriageState.TRIAGED
    assert not Case.objects.filter(owning_organisation=cast.organisations["police"]).exists()


def test_a_repeat_caller_is_recognised_and_linked_to_the_earlier_case(cast: Cast, client: Client) -> None:
    first = services.escalate(
        actor=cast.operator,
        contact=cast.contact,
        expected_version=1,
        organisation=cast.organisations["unit_a"],
    )
    # Same number, written differently.
    again = _record(cast, minutes_ago=1, callback_number="00212661001122")
    client.force_login(cast.operator)
    page = client.get(reverse("hotline:detail", args=[again.pk])).content.decode()
    assert first.reference in page and first.case.reference in page
    services.change_state(actor=cast.operator, contact=again, to_state="triaged", expected_version=1)
    linked = services.escalate(actor=cast.operator, contact=again, expected_version=2, link_earlier_case=True)
    assert linked.case == first.case and linked.escalated_to == cast.organisations["unit_a"]
    assert Case.objects.filter(person=first.person).count() == 1


def test_police_alert_names_the_unit_the_officer_and_how(cast: Cast) -> None:
    sent = timezone.now()
    alert = services.alert_police(
        actor=cast.operator,
        contact=cast.contact,
        unit=cast.organisations["gendarmerie"],
        recipient_name="Adj. Berrada",
        method="phone",
        sent_at=sent,
    )
    assert (alert.unit, alert.recipient_name, alert.method, alert.sent_by) == (
        cast.organisations["gendarmerie"], "Adj. Berrada", "phone", cast.operator
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.alert_police(
            actor=cast.operator, contact=cast.contact, unit=cast.organisations["unit_a"],
            recipient_name="X", method="phone", sent_at=sent,
        )  # fmt: skip
    assert "unit" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.alert_police(
            actor=cast.other_operator, contact=cast.contact, unit=cast.organisations["police"],
            recipient_name="X", method="phone", sent_at=sent,
        )  # fmt: skip
    assert PoliceAlert.objects.count() == 1


def test_every_read_of_a_narrative_is_audited(cast: Cast, client: Client) -> None:
    client.force_login(cast.operator)
    body = client.get(reverse("hotline:detail", args=[cast.contact.pk])).content.decode()
    assert CONTACT_NARRATIVE.split(",")[0] in body
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW_IDENTITY, object_id=str(cast.contact.pk), actor=cast.operator
    ).exists()
    # Lists and queues never carry the narrative.
    listing = client.get(reverse("hotline:list")).content.decode()
    assert "Fatima" not in listing and cast.contact.reference in listing


def test_nearest_rank_percentiles() -> None:
    assert nearest_rank([], 0.5) is None
    assert nearest_rank([1.0, 2.0, 3.0, 4.0], 0.5) == 2.0
    assert nearest_rank([float(n) for n in range(1, 11)], 0.9) == 9.0
    assert nearest_rank([5.0], 0.9) == 5.0


def test_figures_count_the_period_and_time_to_triage(cast: Cast, client: Client) -> None:
    now = timezone.now()
    for minutes, escalate, channel in [
        (2, False, "phone"),
        (4, True, "phone"),
        (6, False, "web_form"),
        (60, False, "email"),
    ]:
        contact = _record(cast, minutes_ago=minutes + 1, channel=channel)
        Contact.objects.filter(pk=contact.pk).update(
            triaged_at=contact.received_at + timedelta(minutes=minutes),
            escalated_at=now if escalate else None,
        )
    _record(cast, minutes_ago=1, actor=cast.other_operator)  # another hotline: not counted for the supervisor
    today = timezone.localdate()
    figures = hotline_figures(
        Contact.objects.filter(hotline=cast.organisations["hotline"]),
        start=today - timedelta(days=1),
        end=today,
    )
    assert figures.total == 5  # the cast's contact and four more
    assert figures.triaged == 5
    assert figures.median_to_triage == timedelta(minutes=4)
    assert figures.p90_to_triage == timedelta(minutes=60)
    assert figures.escalated == 1 and figures.share_escalated == pytest.approx(0.2)
    assert dict(figures.by_channel.rows) == {"Phone": 3, "Web form": 1, "Email": 1}
    client.force_login(cast.supervisor)
    assert client.get(reverse("hotline:figures")).context["figures"].total == 5
    client.force_login(cast.coordinator)
    assert client.get(reverse("hotline:figures")).context["figures"].total == 6
    empty = hotline_figures(
        Contact.objects.all(), start=today - timedelta(days=400), end=today - timedelta(days=300)
    )
    assert empty.total == 0 and empty.median_to_triage is None and empty.share_escalated is None


def test_a_self_reporters_number_goes_to_her_file_and_text_is_not_a_number(
    cast: Cast, client: Client
) -> None:
    own = _record(
        cast, minutes_ago=3, reporter_relation="self", callback_number="0699 88 77 66", triaged=True
    )
    escalated = services.escalate(
        actor=cast.operator, contact=own, expected_version=1, organisation=cast.organisations["unit_a"]
    )
    assert escalated.person.phone == "0699 88 77 66" and escalated.person.phone_index == own.callback_index
    # "No phone" is not a number: no blind index, so it never matches another caller.
    assert services.callback_index("pas de téléphone") == "" and services.callback_index("WhatsApp") == ""
    client.force_login(cast.operator)
    response = client.post(
        reverse("hotline:record"),
        {
            "channel": "phone", "contact_type": "tip", "urgency": "1", "reporter_relation": "self",
            "callback_number": "WhatsApp seulement",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )  # fmt: skip
    assert response.status_code == 400 and "callback_number" in response.context["form"].errors


def test_only_a_supervisor_takes_over_a_colleagues_contact(cast: Cast) -> None:
    held = _record(cast, minutes_ago=3, actor=cast.supervisor)
    with pytest.raises(ValidationError):
        services.take(actor=cast.operator, contact=held)
    mine = _record(cast, minutes_ago=3)
    assert services.take(actor=cast.supervisor, contact=mine).assigned_to == cast.supervisor


def test_no_alert_on_a_closed_contact_or_in_the_future(cast: Cast) -> None:
    police = cast.organisations["police"]
    with pytest.raises(ValidationError) as error:
        services.alert_police(
            actor=cast.operator, contact=cast.contact, unit=police, recipient_name="X", method="phone",
            sent_at=timezone.now() + timedelta(hours=2),
        )  # fmt: skip
    assert "sent_at" in error.value.message_dict
    services.change_state(
        actor=cast.operator, contact=cast.contact, to_state="closed", expected_version=1, reason="Done"
    )
    with pytest.raises(ValidationError):
        services.alert_police(
            actor=cast.operator, contact=cast.contact, unit=police, recipient_name="X", method="phone",
            sent_at=timezone.now(),
        )  # fmt: skip
    assert not PoliceAlert.objects.exists()
