"""Identity is encrypted at rest, looked up through blind indexes, and keys are checked at start-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from sanad.crypto.keys import load_key_ring, write_key_file
from sanad.people.models import Person
from sanad.people.selectors import persons_with_document, persons_with_phone
from tests.cast import DOCUMENT_A, PHONE_A, Cast

GOOD_INDEX = "ab" * 32


def _raw_row(person: Person) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT given_name_latin, family_name_ar, phone, document_number "
            "FROM people_person WHERE id = %s",
            [person.pk.hex if connection.vendor == "sqlite" else person.pk],
        )
        return cursor.fetchone()


def test_identity_columns_hold_ciphertext_and_read_back_in_clear(cast: Cast) -> None:
    person = cast.persons_a[0]
    raw = _raw_row(person)
    assert raw is not None
    for value in raw:
        assert value.startswith("gAAAA")  # a Fernet token, never the name
    assert "Amina" not in raw[0] and "بن زيان" not in raw[1]
    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.given_name_latin, fresh.family_name_ar, fresh.phone) == ("Amina", "بن زيان", PHONE_A)


def test_phone_and_document_found_through_the_blind_index(cast: Cast) -> None:
    assert list(persons_with_phone(user=cast.caseworker, phone="06 12 34 56 78")) == [cast.persons_a[0]]
    assert list(persons_with_phone(user=cast.caseworker, phone="+212 612-345-678")) == [cast.persons_a[0]]
    assert list(persons_with_document(user=cast.caseworker, number="bk 123 456")) == [cast.persons_a[0]]
    # The policy still applies to lookups: another agency finds nothing.
    assert not persons_with_phone(user=cast.other_caseworker, phone=PHONE_A).exists()
    assert DOCUMENT_A not in cast.persons_a[0].document_number_index


def test_encrypted_fields_refuse_pattern_searches(cast: Cast) -> None:
    with pytest.raises(NotImplementedError, match="blind index"):
        list(Person.objects.filter(family_name_latin__icontains="benz"))


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({}, "SANAD_FIELD_KEYS"),
        ({"SANAD_FIELD_KEYS": "not-a-key", "SANAD_BLIND_INDEX_KEY": GOOD_INDEX}, "SANAD_FIELD_KEYS"),
        ({"SANAD_FIELD_KEYS": Fernet.generate_key().decode()}, "SANAD_BLIND_INDEX_KEY"),
        (
            {"SANAD_FIELD_KEYS": Fernet.generate_key().decode(), "SANAD_BLIND_INDEX_KEY": "abcd"},
            "SANAD_BLIND_INDEX_KEY",
        ),
        ({"SANAD_KEY_FILE": "/nonexistent/keys.json"}, "SANAD_KEY_FILE"),
    ],
)
def test_missing_or_malformed_keys_are_refused_naming_the_setting(
    environ: dict[str, str], message: str, tmp_path: Path
) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        load_key_ring(environ, default_key_file=tmp_path / "absent.json")


def test_a_key_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    write_key_file(path, field_keys=[Fernet.generate_key().decode()], blind_index_key=GOOD_INDEX)
    assert load_key_ring({"SANAD_KEY_FILE": str(path)}, default_key_file=path).key_file == path
    path.chmod(0o644)
    with pytest.raises(ImproperlyConfigured, match="chmod"):
        load_key_ring({"SANAD_KEY_FILE": str(path)}, default_key_file=path)


def _start(environ: dict[str, str], home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANAD_")}
    env.update(
        {
            "SANAD_HOME": str(home),
            "SANAD_SECRET_KEY": "s" * 50,
            "DJANGO_SETTINGS_MODULE": "sanad.settings.base",
        }
    )
    env.update(environ)
    return subprocess.run(
        [sys.executable, "-m", "sanad", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_server_refuses_to_start_without_a_field_key(tmp_path: Path) -> None:
    result = _start({}, tmp_path)
    assert result.returncode != 0
    assert "SANAD_FIELD_KEYS" in result.stderr


def test_server_refuses_to_start_with_a_malformed_field_key(tmp_path: Path) -> None:
    result = _start({"SANAD_FIELD_KEYS": "abc", "SANAD_BLIND_INDEX_KEY": GOOD_INDEX}, tmp_path)
    assert result.returncode != 0
    assert "SANAD_FIELD_KEYS" in result.stderr and "malformed" in result.stderr


def test_server_starts_with_a_local_key_file(tmp_path: Path) -> None:
    created = subprocess.run(
        [sys.executable, "-m", "sanad", "init-keys", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "field_keys.json" in created.stdout
    assert (tmp_path / "field_keys.json").stat().st_mode & 0o777 == 0o600
    keys = json.loads((tmp_path / "field_keys.json").read_text())
    assert keys["blind_index_key"] not in (tmp_path / "secret_key").read_text()
    result = _start({}, tmp_path)
    assert result.returncode == 0, result.stderr
