"""A case worker sees the persons and cases of her organisation and nothing else."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from sanad.audit.models import AuditAction, AuditEvent
from tests.cast import Cast


def test_case_worker_lists_only_her_organisations_cases(cast: Cast, client: Client) -> None:
    client.force_login(cast.caseworker)
    page = client.get(reverse("cases:list")).content.decode()
    assert cast.case_a.reference in page
    assert cast.case_b.reference not in page
    assert "Amina" in page and "أمينة" in page
    assert "Youssef" not in page


def test_other_agency_case_is_not_found_not_forbidden(cast: Cast, client: Client) -> None:
    client.force_login(cast.other_caseworker)
    response = client.get(reverse("cases:detail", kwargs={"case_id": cast.case_a.pk}))
    assert response.status_code == 404
    assert "Amina" not in response.content.decode()


def test_case_detail_shows_identity_and_audits_the_view(cast: Cast, client: Client) -> None:
    client.force_login(cast.caseworker)
    response = client.get(reverse("cases:detail", kwargs={"case_id": cast.case_a.pk}))
    body = response.content.decode()
    assert "Benziane" in body and "بن زيان" in body
    event = AuditEvent.objects.get(action=AuditAction.VIEW_IDENTITY, object_id=str(cast.case_a.pk))
    assert event.actor == cast.caseworker
    assert event.organisation == cast.organisations["unit_a"]
    assert event.request_id == response["X-Request-ID"]


def test_identity_listing_is_audited_with_the_references_shown(cast: Cast, client: Client) -> None:
    client.force_login(cast.caseworker)
    client.get(reverse("cases:list"))
    event = AuditEvent.objects.get(action=AuditAction.VIEW_IDENTITY, detail__listing="cases")
    assert cast.case_a.reference in event.detail["cases"]
    assert cast.case_b.reference not in event.detail["cases"]


def test_person_pages_are_scoped_and_audited(cast: Cast, client: Client) -> None:
    client.force_login(cast.caseworker)
    listing = client.get(reverse("people:list")).content.decode()
    assert "Khadija" in listing and "Youssef" not in listing
    client.get(reverse("people:detail", kwargs={"person_id": cast.persons_a[0].pk}))
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW_IDENTITY, object_id=str(cast.persons_a[0].pk)
    ).exists()


def test_case_list_filters_by_region_and_reference(cast: Cast, client: Client) -> None:
    client.force_login(cast.coordinator)
    by_region = client.get(reverse("cases:list"), {"region": "MA-01"}).content.decode()
    assert cast.case_b.reference in by_region and cast.case_a.reference not in by_region
    by_reference = client.get(reverse("cases:list"), {"reference": cast.case_a.reference}).content.decode()
    assert cast.case_a.reference in by_reference and cast.case_b.reference not in by_reference


def test_htmx_filter_returns_only_the_table(cast: Cast, client: Client) -> None:
    client.force_login(cast.caseworker)
    response = client.get(reverse("cases:list"), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<table" in body and "<html" not in body
