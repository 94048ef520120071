"""Key rotation re-encrypts every row; interrupted half-way every row stays readable; resuming finishes."""

from __future__ import annotations

from dataclasses import replace

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from sanad.audit.models import AuditAction, AuditEvent
from sanad.crypto.ring import active_key_ring, use_key_ring
from sanad.crypto.rotation import rotate_all, rows_needing_rotation
from sanad.people.models import Person
from tests.cast import Cast


@pytest.fixture
def restore_ring():  # type: ignore[no-untyped-def]
    original = active_key_ring()
    yield
    use_key_ring(None)
    assert active_key_ring() == original


def _add_new_primary_key() -> str:
    ring = active_key_ring()
    new_key = Fernet.generate_key().decode()
    use_key_ring(replace(ring, field_keys=(new_key, *ring.field_keys)))
    return new_key


def _names() -> dict[str, tuple[str, str]]:
    return {str(p.pk): (p.given_name_latin, p.family_name_ar) for p in Person.objects.all()}


def test_interrupted_rotation_leaves_every_row_readable_and_resumes(cast: Cast, restore_ring: None) -> None:
    before = _names()
    old_ring = active_key_ring()
    _add_new_primary_key()
    assert rows_needing_rotation()["people.Person"] == 3
    assert rows_needing_rotation()["hotline.Contact"] == 1  # the cast's contact: narrative and number
    assert rows_needing_rotation()["referrals.Referral"] == 1  # the cast's referral note
    assert rows_needing_rotation()["justice.Defendant"] == 1  # the cast's suspect: name and document
    total = sum(rows_needing_rotation().values())

    partial = rotate_all(batch_size=1, max_batches=1)
    assert not partial.finished
    assert partial.rows_rewritten == 1
    assert _names() == before  # old and new keys both in the ring: every row readable
    assert rows_needing_rotation()["people.Person"] == 2

    resumed = rotate_all(batch_size=1)
    assert resumed.finished
    assert resumed.rows_rewritten == total - 1  # rows already done are skipped
    assert rows_needing_rotation()["people.Person"] == 0
    assert _names() == before

    # The old key alone can no longer read anything: the rotation really rewrote the rows.
    new_only = replace(active_key_ring(), field_keys=active_key_ring().field_keys[:1])
    use_key_ring(new_only)
    assert _names() == before
    use_key_ring(old_ring)
    with pytest.raises(Exception, match="cannot be decrypted"):
        _names()


def test_rotate_keys_command_reports_and_audits(cast: Cast, restore_ring: None, capsys) -> None:  # type: ignore[no-untyped-def]
    _add_new_primary_key()
    total = sum(rows_needing_rotation().values())
    from allauth.mfa.models import Authenticator

    # 3 persons, the contact, the referral, the suspect, the evidence file, and the second factors.
    assert total == 7 + Authenticator.objects.count()
    call_command("rotate_keys", "--batch-size", "2")
    out = capsys.readouterr().out
    assert f"Rotation finished: {total} of" in out
    event = AuditEvent.objects.get(action=AuditAction.KEY_ROTATION)
    assert event.detail["rows_rewritten"] == total and event.detail["finished"] is True
    call_command("rotate_keys", "--check")


def test_new_key_in_the_key_file_then_retire_the_old_one(cast: Cast, restore_ring: None, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sanad.crypto.keys import read_key_file, write_key_file

    ring = active_key_ring()
    key_file = tmp_path / "field_keys.json"
    write_key_file(key_file, field_keys=list(ring.field_keys), blind_index_key=ring.blind_index_key.hex())
    use_key_ring(read_key_file(key_file))
    before = _names()

    call_command("rotate_keys", "--new-key")
    on_disk = read_key_file(key_file)
    assert len(on_disk.field_keys) == 2 and on_disk.field_keys[1] == ring.field_keys[0]
    assert rows_needing_rotation()["people.Person"] == 0

    call_command("rotate_keys", "--retire-old-keys")
    retired = read_key_file(key_file)
    assert retired.field_keys == on_disk.field_keys[:1]
    use_key_ring(retired)
    assert _names() == before
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_evidence_files_are_rotated_with_the_rows_and_stay_readable(cast: Cast, restore_ring: None) -> None:
    from sanad.plans import evidence
    from tests.cast_plans import EVIDENCE_BYTES

    stored = evidence.evidence_directory() / cast.evidence.storage_name
    _add_new_primary_key()
    assert rows_needing_rotation()["files:evidence"] == 1
    report = rotate_all()
    assert report.per_model["files:evidence"] == 1
    assert rows_needing_rotation()["files:evidence"] == 0
    ring = active_key_ring()
    use_key_ring(replace(ring, field_keys=ring.field_keys[:1]))  # the old key retired
    assert evidence.read(cast.evidence.storage_name) == EVIDENCE_BYTES
    assert EVIDENCE_BYTES not in stored.read_bytes()
    assert not list(stored.parent.glob("*.rotating"))


def test_second_factor_secrets_are_rotated_so_retiring_the_old_key_locks_nobody_out(
    cast: Cast, restore_ring: None
) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from tests.signing_in import totp_code

    enrolled = Authenticator.objects.count()
    assert enrolled > 0
    _add_new_primary_key()
    assert rows_needing_rotation()["mfa.Authenticator"] == enrolled  # TOTP secrets and recovery seeds
    report = rotate_all()
    assert report.per_model["mfa.Authenticator"] == enrolled
    assert rows_needing_rotation()["mfa.Authenticator"] == 0
    use_key_ring(replace(active_key_ring(), field_keys=active_key_ring().field_keys[:1]))
    app = Authenticator.objects.get(user=cast.caseworker, type=Authenticator.Type.TOTP)
    assert TOTP(app).validate_code(totp_code())
