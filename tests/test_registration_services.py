"""Registering a person and opening a case: scoped to the actor's organisation, numbered, audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sanad.audit.models import AuditAction, AuditEvent
from sanad.cases.services import open_case
from sanad.people.models import BirthDatePrecision
from sanad.people.selectors import persons_with_phone
from sanad.people.services import register_person
from tests.cast import Cast


def test_register_then_open_a_case(cast: Cast) -> None:
    person = register_person(
        actor=cast.caseworker,
        given_name_ar="سلمى",
        given_name_latin="Salma",
        birth_date=date(2008, 7, 1),
        birth_date_precision=BirthDatePrecision.YEAR,
        nationalities=["MAR"],
        phone="0661 22 33 44",
    )
    assert person.owning_organisation == cast.organisations["unit_a"]
    assert list(persons_with_phone(user=cast.caseworker, phone="+212661223344")) == [person]
    case = open_case(actor=cast.caseworker, person=person, opened_on=date(2025, 6, 1), region="MA-06")
    assert case.reference == "MA-2025-000004"  # the cast already numbered three cases in 2025
    assert case.case_worker == cast.caseworker
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(person.pk)).exists()
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(case.pk)).exists()


def test_bad_input_names_the_field_and_writes_nothing(cast: Cast) -> None:
    events_before = AuditEvent.objects.filter(action=AuditAction.CREATE).count()
    with pytest.raises(ValidationError) as error:
        register_person(actor=cast.caseworker, given_name_latin="X", nationalities=["ZZZ"])
    assert "nationalities" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        register_person(actor=cast.caseworker, birth_date=date(2000, 1, 1))
    assert "birth_date_precision" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        open_case(actor=cast.caseworker, person=cast.persons_a[1], opened_on=date(2025, 1, 1), region="MA-99")
    assert "region" in error.value.message_dict
    assert AuditEvent.objects.filter(action=AuditAction.CREATE).count() == events_before


def test_nobody_opens_a_case_for_another_agencys_person(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        open_case(actor=cast.caseworker, person=cast.persons_b[0], opened_on=date(2025, 1, 1), region="MA-01")
    with pytest.raises(PermissionDenied):
        register_person(actor=cast.coordinator, given_name_latin="Nope")
