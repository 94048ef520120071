"""Data-subject requests: the data-protection officer (the cast's ``auditor``) finds a person, produces
everything held on her as a file and records rectifications; both audited, nobody else allowed.

The person is Amina of tests/retention_files.py: two records linked as one, and a row in every module.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from sanad.audit.models import AuditAction, AuditEvent
from sanad.people.models import Person
from sanad.privacy import selectors, services
from sanad.privacy.models import Rectification
from sanad.privacy.retention import run_retention
from tests.cast import CONTACT_NARRATIVE, PASSWORD, Cast
from tests.retention_files import AMINA_DOCUMENT, AMINA_PHONE, SECRETS, TODAY, YEARS, Files, build_files

TODAY_AT = datetime(2026, 6, 15, tzinfo=UTC)


@pytest.fixture
def files(cast: Cast) -> Files:
    return build_files()


def _reauthenticate(client: Client, user: Any) -> None:
    client.force_login(user)
    assert client.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code == 302


def _download(client: Client, person: Person, reference: str = "DSR-2026-014") -> Any:
    return client.get(reverse("privacy:download", args=[person.pk]), {"request_reference": reference})


def _rectify(actor: Any, person: Person, **changes: Any) -> Rectification:
    fields = {
        "field": "family_name_latin",
        "new_value": "Benziane-Alami",
        "reason": "Her passport spells it so.",
        "request_reference": "DSR-2026-015",
        "requested_by": "person",
        "expected_version": Person.objects.get(pk=person.pk).version,
        **changes,
    }
    return services.rectify_identity(actor=actor, person_id=person.pk, **fields)


def test_search_by_name_in_either_script_and_by_number(cast: Cast, files: Files) -> None:
    amina = {files.persons["amina"].pk, files.persons["amina_b"].pk}

    def found(**terms: str) -> set[Any]:
        return {person.pk for person in selectors.find_persons(user=cast.auditor, **terms)}

    assert amina <= found(name="بن زيان")  # Arabic script finds the Latin "Benziane" and "Ben Ziane"
    assert amina <= found(name="amina benziane")
    assert files.persons["amina_b"].pk in found(name="Benziane")  # unit B wrote "Ben Ziane"
    assert found(document="be 445-566") == {files.persons["amina"].pk}
    assert found(phone="0661778899") == {files.persons["amina"].pk}
    assert found(name="Khadija", phone="0661778899") == set()
    assert not found(name="Zzz")
    event = AuditEvent.objects.filter(action=AuditAction.VIEW_IDENTITY, actor=cast.auditor).first()
    assert event is not None and event.detail["listing"] == "subject_request_search"
    assert "0661778899" not in json.dumps(event.detail)  # what was searched for is not kept


def test_the_file_holds_every_module_and_nothing_about_anyone_else(
    cast: Cast, files: Files, client: Client
) -> None:
    amina = files.persons["amina_b"]  # any of her records opens her whole file
    client.force_login(cast.auditor)
    assert client.get(reverse("privacy:person", args=[amina.pk])).status_code == 200
    _reauthenticate(client, cast.auditor)

    response = _download(client, amina)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    content = json.loads(body)
    assert content["request_reference"] == "DSR-2026-014"
    records = {record["record"]: record for record in content["records"]}
    assert set(records) == {str(files.persons["amina"].pk), str(amina.pk)}
    assert content["linkage"]["counted_as"] == str(files.persons["amina"].pk)
    main = records[str(files.persons["amina"].pk)]
    assert main["identity"]["family_name_ar"] == "بن زيان" and main["identity"]["phone"] == AMINA_PHONE
    assert main["identity"]["document_number"] == AMINA_DOCUMENT and main["identity"]["medical_alerts"]
    assert main["rectifications"][0]["value_before"] == "Benzian"
    (case,) = main["cases"]
    assert case["reference"] == files.cases["amina"].reference and case["external_reference"] == "NGO-A-77"
    assert case["screenings"][0]["answers"][0]["note"] == SECRETS[0]
    assert {decision["status"] for decision in case["status_decisions"]} == {"identified"}
    assert {consent["purpose"] for consent in case["consents"]} == {"referral", "statistics"}
    assert case["referrals"][0]["note"] == SECRETS[1] and case["services_delivered"][0]["notes"] == SECRETS[2]
    assert case["shelter_stays"][0]["discharge_reason"] and case["case_plan"]["needs"] == SECRETS[3]
    assert case["follow_ups"][0]["note"] == SECRETS[7]
    (contact,) = case["hotline_contacts"]
    assert contact["narrative"] == SECRETS[5] and contact["police_alerts"][0]["note"] == SECRETS[6]
    (criminal,) = case["criminal_cases"]
    assert criminal["reference"] == "PJ-2009-0001" and criminal["testified"] and criminal["defendants"] == 1
    assert records[str(amina.pk)]["cases"][0]["status_decisions"][0]["status"] == "presumed"
    actions = {event["action"] for event in content["audit_events"]}
    assert "view_identity" in actions  # the officer's own opening of the page is about her
    assert content["summary"]["cases"] == 2 and content["summary"]["records"] == 2
    assert all(content["summary"][key] >= 1 for key in selectors.SUMMARY_LABELS)
    # Nothing about anyone else: no other person's names, numbers, cases or notes, no suspect, no staff.
    others = [
        *files.names_of("layla", "khadija", "fatima", "salma"),
        *(files.cases[key].reference for key in ("layla", "khadija", "fatima", "fatima_b", "salma")),
        *(str(person.pk) for person in (*cast.persons_a, *cast.persons_b)),
        cast.case_a.reference, CONTACT_NARRATIVE, SECRETS[10], "PJ-2010-0002", "Rachid Tahiri",
        "retention-worker", cast.auditor.username,
    ]  # fmt: skip
    assert not [value for value in others if value in body]
    event = AuditEvent.objects.get(action=AuditAction.SUBJECT_ACCESS)
    assert (event.actor, event.object_id) == (cast.auditor, str(amina.pk))
    assert event.detail["request_reference"] == "DSR-2026-014" and event.detail["counts"]["cases"] == 2
    assert "Amina" not in json.dumps(event.detail)


def test_the_download_asks_for_the_password_again_and_a_request_reference(
    cast: Cast, files: Files, client: Client
) -> None:
    client.force_login(cast.auditor)
    response = _download(client, files.persons["amina"])
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))
    _reauthenticate(client, cast.auditor)
    response = _download(client, files.persons["amina"], reference="")
    assert response.status_code == 302 and response["Location"] == reverse(
        "privacy:person", args=[files.persons["amina"].pk]
    )
    assert not AuditEvent.objects.filter(action=AuditAction.SUBJECT_ACCESS).exists()


@pytest.mark.parametrize("role", ["caseworker", "coordinator", "reviewer", "admin", "analyst", "authority"])
def test_other_roles_are_refused(role: str, cast: Cast, files: Files, client: Client) -> None:
    user = getattr(cast, role)
    amina = files.persons["amina"]
    _reauthenticate(client, user)
    for url in (
        reverse("privacy:search") + "?name=Amina",
        reverse("privacy:person", args=[amina.pk]),
        reverse("privacy:download", args=[amina.pk]) + "?request_reference=X",
        reverse("privacy:rectify", args=[amina.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("privacy:rectify", args=[amina.pk]), {"field": "phone"}).status_code == 403
    with pytest.raises(PermissionDenied):
        selectors.find_persons(user=user, name="Amina")
    with pytest.raises(PermissionDenied):
        _rectify(user, amina)
    assert not AuditEvent.objects.filter(action__in=[AuditAction.SUBJECT_ACCESS, AuditAction.RECTIFICATION])


def test_rectification_is_applied_kept_encrypted_and_audited_without_values(
    cast: Cast, files: Files, client: Client
) -> None:
    amina = files.persons["amina"]
    client.force_login(cast.auditor)
    form = client.get(reverse("privacy:rectify", args=[amina.pk]))
    assert form.status_code == 200

    response = client.post(
        reverse("privacy:rectify", args=[amina.pk]),
        {
            "field": "family_name_latin",
            "new_value": "Benziane-Alami",
            "reason": "Her passport spells it so.",
            "request_reference": "DSR-2026-015",
            "requested_by": "person",
            "version": str(amina.version),
        },
    )

    assert response.status_code == 302
    person = Person.objects.get(pk=amina.pk)
    assert person.family_name_latin == "Benziane-Alami" and person.version == amina.version + 1
    rectification = Rectification.objects.filter(person=amina).order_by("-recorded_at").first()
    assert rectification is not None
    assert (rectification.old_value, rectification.new_value) == ("Benziane", "Benziane-Alami")
    assert rectification.recorded_by == cast.auditor
    key = rectification.pk.hex if connection.vendor == "sqlite" else rectification.pk
    with connection.cursor() as cursor:  # at rest, the values and the reason are ciphertext
        cursor.execute("SELECT old_value, new_value, reason FROM privacy_rectification WHERE id = %s", [key])
        stored = " ".join(cursor.fetchone())
    assert "Benziane" not in stored and "passport" not in stored
    event = AuditEvent.objects.get(action=AuditAction.RECTIFICATION)
    assert event.actor == cast.auditor and event.object_id == str(amina.pk)
    assert event.detail == {
        "field": "family_name_latin",
        "request_reference": "DSR-2026-015",
        "rectification": str(rectification.pk),
    }
    assert "Benziane" not in f"{event.object_label} {event.reason}"
    # The officer sees the history; the value before is recoverable.
    page = client.get(reverse("privacy:person", args=[amina.pk])).content.decode()
    assert "Benziane-Alami" in page and "Her passport spells it so." in page


def test_a_rectified_phone_is_found_by_its_new_number_only(cast: Cast, files: Files) -> None:
    amina = files.persons["amina"]
    _rectify(cast.auditor, amina, field="phone", new_value="0522 11 22 33")

    def found(phone: str) -> set[Any]:
        return {person.pk for person in selectors.find_persons(user=cast.auditor, phone=phone)}

    assert found("+212522112233") == {amina.pk}
    assert found(AMINA_PHONE) == set()
    with pytest.raises(ValidationError):
        _rectify(cast.auditor, amina, field="phone", new_value="not a number")


def test_an_edit_meanwhile_refuses_the_rectification(cast: Cast, files: Files, client: Client) -> None:
    amina = files.persons["amina"]
    client.force_login(cast.auditor)
    read_at = Person.objects.get(pk=amina.pk).version  # the form was opened at this version
    _rectify(cast.auditor, amina, field="given_name_latin", new_value="Aminah")  # someone else, meanwhile

    response = client.post(
        reverse("privacy:rectify", args=[amina.pk]),
        {"field": "given_name_latin", "new_value": "Amina", "reason": "Typo.", "request_reference": "DSR-9",
         "requested_by": "person", "version": str(read_at)},
    )  # fmt: skip

    assert response.status_code == 400
    assert "Someone else changed this record" in response.content.decode()
    assert Person.objects.get(pk=amina.pk).given_name_latin == "Aminah"
    assert Rectification.objects.filter(person=amina, request_reference="DSR-9").count() == 0


def test_reason_and_request_are_required(cast: Cast, files: Files) -> None:
    with pytest.raises(ValidationError) as refused:
        _rectify(cast.auditor, files.persons["amina"], reason=" ", request_reference="")
    assert set(refused.value.message_dict) == {"reason", "request_reference"}


def test_an_anonymised_record_has_nothing_to_rectify_and_its_file_holds_facts_only(
    cast: Cast, files: Files, client: Client
) -> None:
    run_retention(dry_run=False, today=TODAY, years=YEARS)
    amina = Person.objects.get(pk=files.persons["amina"].pk)
    with pytest.raises(ValidationError):
        _rectify(cast.auditor, amina)
    assert not selectors.find_persons(user=cast.auditor, document=AMINA_DOCUMENT)
    _reauthenticate(client, cast.auditor)
    body = _download(client, amina).content.decode()
    assert not [value for value in (*files.names_of("amina"), AMINA_PHONE, *SECRETS[:10]) if value in body]
    assert files.cases["amina"].reference in body and '"anonymised_at": "' in body


def test_listings_that_showed_her_are_in_the_file_and_others_are_not(cast: Cast, files: Files) -> None:
    from sanad.audit.services import record_event
    from sanad.privacy.subject_file import subject_file_content

    amina_case, other_case = files.cases["amina"].reference, files.cases["khadija"].reference
    record_event(action=AuditAction.VIEW_IDENTITY, actor=cast.caseworker, detail={"cases": [amina_case]})
    record_event(action=AuditAction.VIEW_IDENTITY, actor=cast.caseworker, detail={"cases": [other_case]})
    record_event(
        action=AuditAction.VIEW_IDENTITY,
        actor=cast.caseworker,
        detail={"persons": [str(files.persons["amina_b"].pk)]},
    )
    record_event(action=AuditAction.UPDATE, actor=cast.caseworker, target=files.cases["amina"])

    content = subject_file_content(files.persons["amina"], produced_at=TODAY_AT, request_reference="R")

    events = [(event["action"], event["object"]) for event in content["audit_events"]]
    assert events.count(("view_identity", "")) == 2  # the case listing and the person listing
    assert ("update", amina_case) in events
    assert other_case not in json.dumps(content, default=str)


def test_the_pages_work_right_to_left(cast: Cast, files: Files, client: Client) -> None:
    client.force_login(cast.auditor)
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})

    search = client.get(reverse("privacy:search"), {"name": "أمينة بن زيان"}).content.decode()
    person = client.get(reverse("privacy:person", args=[files.persons["amina"].pk])).content.decode()
    rectify = client.get(reverse("privacy:rectify", args=[files.persons["amina"].pk])).content.decode()

    for body in (search, person, rectify):
        assert 'lang="ar" dir="rtl"' in body
    assert reverse("privacy:person", args=[files.persons["amina_b"].pk]) in search
    assert '<span lang="ar" dir="rtl">أمينة بن زيان</span>' in person
