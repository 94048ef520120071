"""The demo data set is deterministic, realistic enough to work with, and loads once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sanad.accounts.models import Organisation, Role, User
from sanad.cases.models import Case
from sanad.demo.generator import create_demo
from sanad.people.models import BirthDatePrecision, Person


def _fingerprint() -> list[tuple]:
    return sorted(
        (
            c.reference,
            c.region,
            str(c.opened_on),
            c.person.sex,
            str(c.person.birth_date),
            c.person.given_name_ar,
        )
        for c in Case.objects.select_related("person")
    )


@pytest.mark.django_db
def test_same_seed_same_data_and_a_second_run_changes_nothing() -> None:
    first = create_demo(seed=7, password="pw", persons=80)
    fingerprint = _fingerprint()
    again = create_demo(seed=7, password="pw", persons=80)
    assert first.created and not again.created
    assert _fingerprint() == fingerprint
    Case.objects.all().delete()
    Person.objects.all().delete()
    User.objects.all().delete()
    Organisation.objects.all().delete()
    from sanad.cases.models import CaseReferenceCounter

    CaseReferenceCounter.objects.all().delete()
    create_demo(seed=7, password="pw", persons=80)
    assert _fingerprint() == fingerprint


@pytest.mark.django_db
def test_demo_covers_every_role_region_years_and_partial_birth_dates(capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("demo", "--persons", "300", "--password", "pw")
    out = capsys.readouterr().out
    for role in Role.objects.all():
        assert role.code in out, f"no demo login printed for {role.code}"
        assert User.objects.filter(membership__roles=role).exists()
    assert Organisation.objects.filter(type="shelter").count() == 3
    assert {c.opened_on.year for c in Case.objects.all()} == {2024, 2025, 2026}
    assert Case.objects.values("region").distinct().count() >= 8
    precisions = set(Person.objects.values_list("birth_date_precision", flat=True))
    assert {BirthDatePrecision.FULL, BirthDatePrecision.YEAR, BirthDatePrecision.ESTIMATED} <= precisions
    arabic = Person.objects.exclude(given_name_ar="").count()
    latin_only = Person.objects.filter(given_name_ar="").count()
    assert arabic > 100 and latin_only > 50
