"""Campaigns and trainings as their users meet them: recording, editing, what is refused and why."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sanad.audit.models import AuditAction, AuditEvent
from sanad.prevention import services
from sanad.prevention.models import Campaign, Training
from tests.cast import Cast
from tests.cast_prevention import CAMPAIGN_TITLE, TRAINING_TITLE

pytestmark = pytest.mark.django_db


def _campaign_form(cast: Cast, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Jobs abroad: ask before you sign",
        "type": "radio_spot",
        "organiser": str(cast.organisations["ministry"].pk),
        "partners": [str(cast.organisations["iom"].pk)],
        "other_partners": "Radio Mars",
        "starts_on": "2026-03-01",
        "ends_on": "2026-03-31",
        "regions": ["MA-01", "MA-02"],
        "languages": ["darija", "tamazight"],
        "audience": "Seasonal agricultural workers",
        "audience_reached": "350000",
        "reach_method": "broadcast_ratings",
        "budget": "12500.50",
        "currency": "MAD",
        "notes": "",
    }
    data.update(changes)
    return data


def _training_form(cast: Cast, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "The referral mechanism for labour inspectors",
        "audience_sector": "labour_inspectors",
        "organiser": str(cast.organisations["ministry"].pk),
        "held_on": "2026-02-10",
        "ends_on": "2026-02-11",
        "region": "MA-07",
        "hours": "12.5",
        "participants_female": "7",
        "participants_male": "11",
        "participants_unknown_sex": "2",
        "covers_nrm": "on",
        "currency": "MAD",
    }
    data.update(changes)
    return data


def _field_errors(response: Any, field: str) -> list[str]:
    return list(response.context["form"].errors.get(field, []))


def test_a_focal_point_records_a_campaign_and_everyone_who_reads_sees_it(cast: Cast, client: Client) -> None:
    client.force_login(cast.focal)
    response = client.post(reverse("prevention:campaign_new"), _campaign_form(cast))
    campaign = Campaign.objects.get(title="Jobs abroad: ask before you sign")
    assert response.status_code == 302
    assert response["Location"] == reverse("prevention:campaign_detail", kwargs={"campaign_id": campaign.pk})
    assert campaign.budget_minor == 1250050 and campaign.currency == "MAD"
    assert campaign.regions == ["MA-01", "MA-02"] and campaign.recorded_by == cast.focal
    assert list(campaign.partners.all()) == [cast.organisations["iom"]]

    client.force_login(cast.analyst)
    page = client.get(
        reverse("prevention:campaign_detail", kwargs={"campaign_id": campaign.pk})
    ).content.decode()
    assert "Org iom" in page and "Radio Mars" in page and "350000 (Broadcast ratings)" in page
    assert "Tanger-Tetouan-Al Hoceima, Oriental" in page and "12\u202f500.50 MAD" in page
    assert "Edit the campaign" not in page  # the analyst reads only

    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(campaign.pk))
    assert event.actor == cast.focal
    assert event.detail == {
        "type": "radio_spot", "organiser": "ministry", "partners": ["iom"], "regions": ["MA-01", "MA-02"],
        "languages": ["darija", "tamazight"], "audience_reached": 350000, "reach_method": "broadcast_ratings",
    }  # fmt: skip


def test_a_focal_point_records_only_for_her_own_organisation(cast: Cast, client: Client) -> None:
    client.force_login(cast.focal)
    form = client.get(reverse("prevention:campaign_new")).context["form"]
    assert list(form.fields["organiser"].queryset) == [cast.organisations["ministry"]]
    response = client.post(
        reverse("prevention:campaign_new"),
        _campaign_form(cast, organiser=str(cast.organisations["police"].pk)),
    )
    assert response.status_code == 400
    assert _field_errors(response, "organiser")
    assert not Campaign.objects.filter(organiser=cast.organisations["police"]).exists()
    # The service refuses it too, whatever the form lets through.
    with pytest.raises(PermissionDenied):
        services.record_campaign(
            actor=cast.focal, title="X", type="other", organiser=cast.organisations["police"],
            starts_on=date(2026, 1, 5), audience="Everyone",
        )  # fmt: skip
    # The commission keeps the national register: it records for anyone.
    client.force_login(cast.coordinator)
    choices = client.get(reverse("prevention:campaign_new")).context["form"].fields["organiser"].queryset
    assert {cast.organisations["police"], cast.organisations["ministry"]} <= set(choices)
    response = client.post(
        reverse("prevention:campaign_new"),
        _campaign_form(cast, organiser=str(cast.organisations["police"].pk)),
    )
    assert response.status_code == 302


def test_another_organisations_record_cannot_be_edited(cast: Cast, client: Client) -> None:
    client.force_login(cast.other_focal)
    url = reverse("prevention:campaign_edit", kwargs={"campaign_id": cast.campaign.pk})
    assert client.post(url, _campaign_form(cast, version="1")).status_code == 403
    training_url = reverse("prevention:training_edit", kwargs={"training_id": cast.training.pk})
    assert client.post(training_url, _training_form(cast, version="1")).status_code == 403
    cast.campaign.refresh_from_db()
    assert cast.campaign.title == CAMPAIGN_TITLE and cast.campaign.version == 1
    with pytest.raises(PermissionDenied):
        services.update_training(
            actor=cast.other_focal, training=cast.training, expected_version=1, participants_male=1
        )
    # Nor may the ministry hand its campaign over to the police.
    with pytest.raises(PermissionDenied):
        services.update_campaign(
            actor=cast.focal,
            campaign=cast.campaign,
            expected_version=1,
            organiser=cast.organisations["police"],
        )


def test_a_campaign_is_edited_and_the_edit_audited(cast: Cast, client: Client) -> None:
    client.force_login(cast.focal)
    url = reverse("prevention:campaign_edit", kwargs={"campaign_id": cast.campaign.pk})
    form = client.get(url).context["form"]
    assert form.initial["version"] == 1 and form.initial["regions"] == ["MA-04", "MA-06"]
    assert form.initial["budget"] == 45000
    response = client.post(url, _campaign_form(cast, version="1", title="Know your rights", regions=[]))
    assert response.status_code == 302
    cast.campaign.refresh_from_db()
    assert cast.campaign.title == "Know your rights" and cast.campaign.regions == []
    assert cast.campaign.version == 2
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(cast.campaign.pk))
    assert event.detail["regions"] == [] and "title" in event.detail["fields"]
    assert "partners" in event.detail["fields"]
    page = client.get(reverse("prevention:campaign_detail", kwargs={"campaign_id": cast.campaign.pk}))
    assert "Nationwide" in page.content.decode()


def test_a_stale_edit_is_refused_with_the_standard_message(cast: Cast, client: Client) -> None:
    services.update_training(actor=cast.coordinator, training=cast.training, expected_version=1, hours=7)
    client.force_login(cast.focal)
    url = reverse("prevention:training_edit", kwargs={"training_id": cast.training.pk})
    response = client.post(url, _training_form(cast, version="1"))
    assert response.status_code == 400
    assert "Someone else changed this record since you opened it." in response.content.decode()
    cast.training.refresh_from_db()
    assert cast.training.hours == 7 and cast.training.title == TRAINING_TITLE


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_on": "2026-02-01"}, "ends_on", "The last day (2026-02-01) is before the first (2026-03-01)."),
        ({"reach_method": ""}, "reach_method", "Say how the audience reached was measured."),
        ({"reach_method": "not_measured"}, "reach_method", "Say how the audience reached was measured."),
        ({"currency": "XXY"}, "currency", "Unknown currency code XXY."),
        ({"audience": "  "}, "audience", "This field is required."),
    ],
)
def test_campaign_errors_are_shown_next_to_their_field(
    cast: Cast, client: Client, changes: dict[str, str], field: str, message: str
) -> None:
    client.force_login(cast.focal)
    response = client.post(reverse("prevention:campaign_new"), _campaign_form(cast, **changes))
    assert response.status_code == 400
    assert message in _field_errors(response, field)
    assert Campaign.objects.count() == 1  # the cast's


def test_a_campaign_in_the_future_or_with_unknown_codes_is_refused(cast: Cast) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.record_campaign(
            actor=cast.coordinator, title="T", type="exhibition", organiser=cast.organisations["iom"],
            starts_on=tomorrow, audience="Students", regions=["MA-99"], languages=["klingon"],
            partners=[cast.organisations["iom"]],
        )  # fmt: skip
    assert set(error.value.message_dict) == {"starts_on", "regions", "languages", "partners"}
    assert error.value.message_dict["regions"] == ["Unknown region codes: MA-99."]


def test_a_training_is_recorded_and_its_participants_totalled(cast: Cast, client: Client) -> None:
    client.force_login(cast.focal)
    response = client.post(reverse("prevention:training_new"), _training_form(cast))
    training = Training.objects.get(audience_sector="labour_inspectors")
    assert response.status_code == 302
    assert (
        training.participants_total == 20 and training.covers_nrm and not training.covers_identification_guide
    )
    page = client.get(response["Location"]).content.decode()
    assert "Women: 7 · Men: 11 · Sex not recorded: 2 · Total: 20" in page and "12.5" in page
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(training.pk))
    assert event.detail == {
        "audience_sector": "labour_inspectors", "organiser": "ministry", "partners": [], "region": "MA-07",
        "participants": 20,
    }  # fmt: skip


def test_a_training_without_participants_is_refused(cast: Cast, client: Client) -> None:
    client.force_login(cast.focal)
    response = client.post(
        reverse("prevention:training_new"),
        _training_form(cast, participants_female="0", participants_male="0", participants_unknown_sex="0"),
    )
    assert response.status_code == 400
    assert _field_errors(response, "participants_female") == [
        "Give the number of participants: a training has at least one."
    ]
    response = client.post(reverse("prevention:training_new"), _training_form(cast, hours="0"))
    assert response.status_code == 400 and _field_errors(response, "hours")
    with pytest.raises(ValidationError) as error:
        services.record_training(
            actor=cast.focal, title="T", audience_sector="judges", organiser=cast.organisations["ministry"],
            held_on=date(2026, 1, 5), region="MA-13", hours=0, participants_male=3,
        )  # fmt: skip
    assert set(error.value.message_dict) == {"region", "hours"}


def test_the_lists_filter_by_year_region_type_and_organiser(cast: Cast, client: Client) -> None:
    services.record_campaign(
        actor=cast.coordinator, title="Posters in the ports", type="billboard",
        organiser=cast.organisations["iom"], starts_on=date(2024, 11, 1), ends_on=date(2025, 1, 31),
        audience="Dock workers", regions=["MA-01"],
    )  # fmt: skip
    services.record_campaign(
        actor=cast.coordinator, title="National TV spot", type="tv_spot",
        organiser=cast.organisations["commission"], starts_on=date(2023, 7, 30), audience="Everyone",
    )  # fmt: skip
    client.force_login(cast.analyst)

    def titles(**query: str) -> set[str]:
        page = client.get(reverse("prevention:campaigns"), query).context["page"]
        return {campaign.title for campaign in page.object_list}

    assert titles() == {CAMPAIGN_TITLE, "Posters in the ports", "National TV spot"}
    # A campaign belongs to every year it ran; one without an end ran on its first day only.
    assert titles(year="2025") == {CAMPAIGN_TITLE, "Posters in the ports"}
    assert titles(year="2024") == {"Posters in the ports"}
    assert titles(year="2023") == {"National TV spot"}
    assert titles(region="MA-06") == {CAMPAIGN_TITLE}
    assert titles(region="national") == {"National TV spot"}
    assert titles(type="billboard") == {"Posters in the ports"}
    assert titles(organiser=str(cast.organisations["iom"].pk)) == {"Posters in the ports"}
    assert titles(region="MA-99", type="nonsense", organiser="x") == titles()  # unknown values are ignored

    response = client.get(reverse("prevention:trainings"), {"sector": "police", "year": "2025"})
    assert TRAINING_TITLE in response.content.decode()
    response = client.get(reverse("prevention:trainings"), {"sector": "judges"})
    assert TRAINING_TITLE not in response.content.decode()


def test_a_list_page_costs_the_same_queries_for_few_or_many_records(cast: Cast, client: Client) -> None:
    client.force_login(cast.analyst)

    def queries(name: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(name)).status_code == 200
        return len(captured.captured_queries)

    few = (queries("prevention:campaigns"), queries("prevention:trainings"))
    for number in range(6):
        services.record_campaign(
            actor=cast.coordinator, title=f"Campaign {number}", type="schools",
            organiser=cast.organisations[["iom", "police", "ministry"][number % 3]],
            partners=[cast.organisations["unit_a"], cast.organisations["unit_b"]],
            starts_on=date(2026, 1, 1 + number), audience="Pupils",
        )  # fmt: skip
        services.record_training(
            actor=cast.coordinator, title=f"Training {number}", audience_sector="judges",
            organiser=cast.organisations[["iom", "police", "ministry"][number % 3]],
            held_on=date(2026, 1, 1 + number), region="MA-04", hours=3, participants_female=2,
        )  # fmt: skip
    assert (queries("prevention:campaigns"), queries("prevention:trainings")) == few


def test_readers_without_the_capability_are_refused(cast: Cast, client: Client) -> None:
    client.force_login(cast.caseworker)
    assert client.get(reverse("prevention:campaigns")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.record_training(
            actor=cast.analyst, title="T", audience_sector="judges",
            organiser=cast.organisations["commission"], held_on=date(2026, 1, 5), region="MA-04", hours=2,
            participants_male=3,
        )  # fmt: skip
