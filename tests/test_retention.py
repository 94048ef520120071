"""The retention rule: who is anonymised, what is removed, what is kept; national statistics unchanged.

The fixture (tests/retention_files.py) was worked out by hand: Amina (two linked records) and Layla are past
the period; Khadija (a charge awaiting its verdict), Fatima (an open case at another agency) and Salma
(closed in 2024) are not.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import models
from django.test import override_settings

from sanad.accounts.models import Membership, Role, User
from sanad.audit.models import AuditAction, AuditEvent
from sanad.cases.models import Case, CaseStatus
from sanad.cases.services import open_case, reopen_case
from sanad.crypto.fields import encrypted_fields_by_model
from sanad.hotline.models import Contact, PoliceAlert
from sanad.identification.models import StatusDecision
from sanad.linkage.extract import person_records
from sanad.linkage.models import CandidatePair, LinkageRun, RunState
from sanad.linkage.services import unlink_record
from sanad.people.models import Person
from sanad.people.services import link_same_person
from sanad.privacy.anonymisation import anonymise_person
from sanad.privacy.models import Rectification
from sanad.privacy.retention import RetentionReport, run_retention
from sanad.statistics.ctdc import ctdc_record, ctdc_rows
from sanad.statistics.periods import calendar_year, tip_period
from sanad.statistics.tables import compute_tables
from sanad.statistics.victims import detected_victims
from tests.retention_files import AMINA_DOCUMENT, AMINA_PHONE, SECRETS, TODAY, YEARS, Files, build_files

pytestmark = pytest.mark.django_db
TODAY_AT = datetime(2026, 6, 15, tzinfo=UTC)

PERIODS = [calendar_year(year) for year in range(2008, 2027)] + [tip_period(2009), tip_period(2010)]
ANONYMISED = ("amina", "amina_b", "layla", "layla_b")
KEPT = ("khadija", "fatima", "fatima_b", "salma")


@pytest.fixture
def files() -> Files:
    return build_files()


def _run(*, dry_run: bool = False) -> RetentionReport:
    return run_retention(dry_run=dry_run, today=TODAY, years=YEARS)


def _statistics() -> list[Any]:
    """Every national table for every period with a file, by region too, the victims as counted, each one's
    CTDC record before k-anonymity and the CTDC export, through the statistics module's own entry points."""
    ctdc = ctdc_rows(None, k=2)
    victims = [detected_victims(period) for period in PERIODS]
    return [
        [compute_tables(period) for period in PERIODS],
        [compute_tables(calendar_year(2009), region=region) for region in ("MA-01", "MA-06")],
        victims,
        [ctdc_record(victim) for each in victims for victim in each],
        ctdc.rows,
        ctdc.report,
    ]


def _snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every model of the project, values decrypted."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "contenttypes", "auth"}
    }


def _stored_text() -> str:
    """Every text and JSON value stored by any model, encrypted ones decrypted: what a query could find."""
    chunks: list[str] = []
    for model in apps.get_models():
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
        ]
        if fields:
            for row in model._default_manager.values_list(*fields):
                chunks.extend(str(value) for value in row if value)
    return "\n".join(chunks)


def test_national_statistics_are_the_same_after_the_run(files: Files) -> None:
    before = {}
    for statuses in ("presumed_or_identified", "identified"):
        with override_settings(SANAD_VICTIM_STATUSES=statuses):
            before[statuses] = _statistics()
    amina = files.persons["amina"].pk

    report = _run()

    assert report.persons == 2
    assert Person.objects.get(pk=amina).birth_date is None  # the ages below come from what was kept
    for statuses, expected in before.items():
        with override_settings(SANAD_VICTIM_STATUSES=statuses):
            assert _statistics() == expected, statuses
    # Amina's first presumed status came when she was 17 (unit B's record), her identification at 18.
    with override_settings(SANAD_VICTIM_STATUSES="presumed_or_identified"):
        (victim,) = [v for v in detected_victims(calendar_year(2009)) if v.key == amina]
        assert (victim.age, victim.age_group, victim.forms) == (
            17,
            "child",
            {"forced_labour", "sexual_exploitation"},
        )
    with override_settings(SANAD_VICTIM_STATUSES="identified"):
        (victim,) = [v for v in detected_victims(calendar_year(2009)) if v.key == amina]
        assert (victim.age, victim.age_group) == (18, "adult")
    (layla,) = [v for v in detected_victims(calendar_year(2010)) if v.key == files.persons["layla"].pk]
    assert layla.age is None and layla.age_group == "unknown"  # unknown stays unknown


def test_dry_run_lists_references_without_names_and_changes_nothing(files: Files) -> None:
    before = _snapshot()
    out = StringIO()

    call_command("retention", "run", "--dry-run", stdout=out)

    assert _snapshot() == before
    text = out.getvalue()
    for key in ("amina", "amina_b", "layla"):
        assert files.cases[key].reference in text
    for key in ("khadija", "fatima", "fatima_b", "salma"):
        assert files.cases[key].reference not in text
    assert "r-ngo_a" in text and "r-ngo_b" in text and "2012-05-01" in text
    assert "3 cases of 2 persons would be anonymised." in text
    assert files.contacts["old_closed"].reference in text
    assert "1 hotline contacts without a case would be anonymised." in text
    assert "1 hotline contacts received before" in text  # the one still open
    assert not any(name in text for name in files.names_of("amina", "layla", "khadija", "fatima", "salma"))


def test_the_run_removes_identity_and_keeps_case_facts(files: Files) -> None:
    amina_case = files.cases["amina"]
    report = _run()

    assert sorted(line.reference for line in report.cases) == sorted(
        files.cases[key].reference for key in ("amina", "amina_b", "layla")
    )
    for key in ANONYMISED:
        person = Person.objects.get(pk=files.persons[key].pk)
        assert person.anonymised_at is not None
        assert (person.latin_name, person.arabic_name, person.other_names, person.phone) == ("", "", "", "")
        assert (person.document_number, person.document_number_index, person.phone_index) == ("", "", "")
        assert (person.medical_alerts, person.birth_date, person.languages) == ("", None, [])
        assert person.sex == "female" and person.nationalities == ["MAR"]  # facts kept
    assert Person.objects.get(pk=files.persons["amina_b"].pk).linked_to_id == files.persons["amina"].pk
    case = Case.objects.get(pk=amina_case.pk)
    assert (case.external_reference, case.recruitment_platform) == ("", "")
    assert case.forms_of_exploitation == ["forced_labour"] and case.closed_on == amina_case.closed_on
    assert (
        case.sectors == ["T"] and case.recruiter_relation == "family" and case.exploitation_country == "MAR"
    )
    ages = dict(
        StatusDecision.objects.filter(
            case__person__in=[files.persons["amina"], files.persons["amina_b"]]
        ).values_list("status", "age_on_decision")
    )
    assert ages == {"presumed": 17, "identified": 18}
    assert set(StatusDecision.objects.filter(case=case).values_list("rationale", flat=True)) == {""}
    assert case.criminal_links.get().testified  # the criminal-case link and its facts stay
    contact = Contact.objects.get(pk=files.contacts["amina"].pk)
    assert (contact.narrative, contact.callback_number, contact.callback_index) == ("", "", "")
    assert contact.anonymised_at is not None and contact.channel == "phone"
    assert PoliceAlert.objects.get(contact=contact).note == ""
    rectification = Rectification.objects.get(person=files.persons["amina"])
    assert (rectification.old_value, rectification.new_value, rectification.reason) == ("", "", "")
    assert rectification.request_reference == "DSR-2010-01"
    for key in KEPT:
        person = Person.objects.get(pk=files.persons[key].pk)
        assert person.anonymised_at is None and person.latin_name


def test_names_and_notes_are_gone_from_the_database(files: Files) -> None:
    """Every text value of every model, decrypted, after the run: none of the anonymised persons' names,
    numbers or notes is left; the persons kept still have theirs."""
    assert encrypted_fields_by_model()  # the scan below reads encrypted fields decrypted
    _run()
    stored = _stored_text()
    gone = [
        *files.names_of("amina", "layla"),
        AMINA_PHONE,
        AMINA_DOCUMENT,
        *SECRETS[:10],
        "uuid:odk-amina-1",
        "NGO-A-77",
        "Facebook group",
        "Khouribga",
    ]
    assert not [value for value in gone if value in stored]
    assert all(name in stored for name in files.names_of("khadija", "fatima", "salma"))
    # The contacts kept still hold their narrative; the old closed one does not.
    assert Contact.objects.get(pk=files.contacts["old_open"].pk).narrative == SECRETS[10]
    assert Contact.objects.get(pk=files.contacts["old_closed"].pk).narrative == ""


def test_one_audit_event_per_case_without_personal_data(files: Files) -> None:
    _run()

    events = AuditEvent.objects.filter(action=AuditAction.ANONYMISE, object_type="cases.case")
    assert sorted(events.values_list("object_label", flat=True)) == sorted(
        files.cases[key].reference for key in ("amina", "amina_b", "layla")
    )
    event = events.get(object_id=str(files.cases["amina_b"].pk))
    assert event.actor is None and event.actor_label == "sanad retention run"
    assert event.organisation == files.organisations["ngo_b"]
    assert event.detail == {
        "rule": "retention",
        "retention_years": 10,
        "closed_before": "2016-06-15",
        "records": 2,
        "contacts": 1,
    }
    contact_event = AuditEvent.objects.get(action=AuditAction.ANONYMISE, object_type="hotline.contact")
    assert contact_event.object_label == files.contacts["old_closed"].reference


def test_a_second_run_does_nothing(files: Files) -> None:
    _run()
    after_first = _snapshot()

    second = _run()

    assert (second.persons, second.cases, second.contacts) == (0, [], [])
    assert _snapshot() == after_first


def test_an_interrupted_run_leaves_no_half_anonymised_person(files: Files) -> None:
    """The process dies while writing the audit row of Amina's second case: her first case's row, her
    records, cases and decisions are all as they were; the next run does it all."""
    from sanad.privacy import anonymisation

    real = anonymisation.record_event
    second_case = files.cases["amina_b"].pk

    def fail_on_her_second_case(**kwargs: Any) -> Any:
        if kwargs["target"].pk == second_case:
            raise RuntimeError("power cut")
        return real(**kwargs)

    amina = [files.persons["amina"].pk, files.persons["amina_b"].pk]

    def hers() -> list[Any]:
        return [
            list(Person.objects.filter(pk__in=amina).order_by("pk").values()),
            list(Case.objects.filter(person__in=amina).order_by("pk").values()),
            list(StatusDecision.objects.filter(case__person__in=amina).order_by("pk").values()),
            list(Contact.objects.filter(person__in=amina).order_by("pk").values()),
        ]

    before = hers()
    with (
        mock.patch.object(anonymisation, "record_event", side_effect=fail_on_her_second_case),
        pytest.raises(RuntimeError),
    ):
        _run()

    assert hers() == before
    assert not AuditEvent.objects.filter(
        action=AuditAction.ANONYMISE, object_label=files.cases["amina"].reference
    )
    _run()
    assert all(Person.objects.get(pk=pk).anonymised_at for pk in amina)


def test_persons_kept_by_the_rule(files: Files) -> None:
    report = _run()

    anonymised = {line.reference for line in report.cases}
    assert files.cases["khadija"].reference not in anonymised  # her trafficker's charge awaits its verdict
    assert files.cases["fatima"].reference not in anonymised  # open case at unit B
    assert files.cases["salma"].reference not in anonymised  # closed inside the period
    # Once the verdict comes, Khadija's identity goes at the next run.
    from sanad.justice.models import Charge, Verdict

    charge = Charge.objects.get(defendant__criminal_case=files.criminal_cases["PJ-2010-0002"])
    Verdict.objects.create(charge=charge, court_level="first_instance", outcome="acquitted", decided_on=TODAY)
    assert [line.reference for line in _run().cases] == [files.cases["khadija"].reference]


def test_anonymise_person_checks_the_rule_again_under_its_locks(files: Files) -> None:
    from sanad.privacy.rule import cutoff_for

    # Selected by a run, then a case of hers is reopened before her turn comes: nothing happens.
    Case.objects.filter(pk=files.cases["amina_b"].pk).update(status=CaseStatus.OPEN, closed_on=None)
    done = anonymise_person(
        root_id=files.persons["amina"].pk, cutoff=cutoff_for(TODAY, YEARS), years=YEARS, actor_label="test"
    )
    assert done == []
    assert Person.objects.get(pk=files.persons["amina"].pk).latin_name == "Amina Benziane"


def test_hotline_contacts_without_a_case(files: Files) -> None:
    report = _run()

    assert [line.reference for line in report.contacts] == [files.contacts["old_closed"].reference]
    assert report.open_contacts_kept == 1
    old = Contact.objects.get(pk=files.contacts["old_closed"].pk)
    assert (old.narrative, old.callback_number, old.callback_index, old.closing_reason) == ("", "", "", "")
    assert old.contact_type == "information" and old.state == "closed"  # the figures keep counting it
    for key in ("old_open", "recent_closed"):
        kept = Contact.objects.get(pk=files.contacts[key].pk)
        assert kept.narrative == SECRETS[10] and kept.callback_index and kept.anonymised_at is None


def _manager(files: Files) -> User:
    user = User.objects.create(username="manager-a")
    membership = Membership.objects.create(user=user, organisation=files.organisations["ngo_a"])
    membership.roles.set(Role.objects.filter(code="case_manager"))
    return User.objects.get(pk=user.pk)


def test_an_anonymised_file_is_read_only_and_stays_one_person(files: Files) -> None:
    manager = _manager(files)
    _run()
    case = Case.objects.get(pk=files.cases["amina"].pk)
    amina = Person.objects.get(pk=files.persons["amina"].pk)

    with pytest.raises(PermissionDenied):
        reopen_case(actor=manager, case=case, expected_version=None)
    with pytest.raises(ValidationError):
        open_case(actor=manager, person=amina, opened_on=TODAY, region="MA-06")
    with pytest.raises(ValidationError):
        link_same_person(
            actor=manager, record=Person.objects.get(pk=files.persons["salma"].pk), same_as=amina
        )
    reviewer = User.objects.create(username="reviewer-r")
    Membership.objects.create(user=reviewer, organisation=files.organisations["ngo_a"]).roles.set(
        Role.objects.filter(code="linkage_reviewer")
    )
    with pytest.raises(ValidationError):
        unlink_record(actor=User.objects.get(pk=reviewer.pk), person_id=files.persons["amina_b"].pk)
    # The linkage extract leaves anonymised records out: they cannot pull anyone into her person.
    extracted = {record.record_id for record in person_records()}
    assert not extracted & {str(files.persons[key].pk) for key in ANONYMISED}
    assert str(files.persons["salma"].pk) in extracted


def test_waiting_duplicate_pairs_of_an_anonymised_person_are_dropped(files: Files) -> None:
    run = LinkageRun.objects.create(
        requested_at=TODAY_AT, state=RunState.DONE, auto_link_threshold=0.9, review_threshold=0.3
    )
    first, second = sorted([files.persons["amina"].pk, files.persons["salma"].pk])
    CandidatePair.objects.create(first_id=first, second_id=second, probability=0.5, run=run)
    _run()
    assert not CandidatePair.objects.exists()


@pytest.mark.parametrize("value", ["ten", "0", "-3"])
def test_a_bad_retention_period_stops_the_process(value: str) -> None:
    env = {**os.environ, "SANAD_RETENTION_YEARS": value, "DJANGO_SETTINGS_MODULE": "sanad.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SANAD_RETENTION_YEARS" in result.stderr


def test_pages_say_anonymised_instead_of_empty_names(files: Files, client: Any) -> None:
    from django.urls import reverse

    from sanad.accounts.mfa import enrol_authenticator_app
    from tests.cast import TOTP_SECRET

    worker = User.objects.create(username="worker-a")
    Membership.objects.create(user=worker, organisation=files.organisations["ngo_a"]).roles.set(
        Role.objects.filter(code="case_worker")
    )
    enrol_authenticator_app(worker, TOTP_SECRET)  # a case worker sees identity: she has a second factor
    _run()
    client.force_login(worker)

    person = client.get(reverse("people:detail", args=[files.persons["amina"].pk])).content.decode()
    listing = client.get(reverse("people:list")).content.decode()
    case = client.get(reverse("cases:detail", args=[files.cases["amina"].pk])).content.decode()
    cases = client.get(reverse("cases:list")).content.decode()

    assert 'data-anonymised="true"' in person and "Anonymised on" in person
    assert listing.count('data-anonymised="true"') == 2  # Amina and Layla; unit B holds their other records
    assert "removed on" in case and "retention rule" in case
    assert 'data-anonymised="true"' in cases and "Khadija" in cases
    assert not any(name in person + listing + case + cases for name in files.names_of("amina", "layla"))


def test_the_date_of_birth_chosen_does_not_depend_on_the_order_records_are_read() -> None:
    import itertools
    from datetime import date

    from sanad.statistics.victims import best_birth

    births = [
        (date(1991, 5, 1), "full", False),
        (date(1991, 3, 9), "full", False),
        (date(1991, 7, 1), "year", True),
        (None, "unknown", False),
    ]
    chosen = {best_birth(order) for order in itertools.permutations(births)}
    assert chosen == {(date(1991, 3, 9), "full")}  # most precise, then (no root among them) the earliest
    assert best_birth([(date(1990, 1, 1), "year", False), (date(1992, 1, 1), "year", True)]) == (
        date(1992, 1, 1),
        "year",
    )
    assert best_birth([]) == (None, "unknown")
