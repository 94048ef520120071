"""`sanad check --deploy` is clean with the production settings of docs/deployment.md, and names what is wrong
when a key is reused, a key file is readable by others, or HTTPS is off."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sanad.accounts.mfa import reset_second_factor
from sanad.audit.models import AuditAction, AuditEvent
from tests.cast import Cast

DOCS = Path(__file__).resolve().parent.parent / "docs" / "deployment.md"


def _documented_environment(etc: Path, home: Path) -> dict[str, str]:
    block = re.search(r"```sh\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert block is not None
    environment: dict[str, str] = {}
    for line in block.group(1).splitlines():
        name, _equals, value = line.partition("=")
        value = value.split("  #")[0].strip()
        environment[name.strip()] = value.replace("/etc/sanad", str(etc)).replace("/var/lib/sanad", str(home))
    return environment


def _sanad(environment: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("SANAD_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-m", "sanad", *args],
        env={**clean, **environment, "DJANGO_SETTINGS_MODULE": "sanad.settings.base"},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture
def production(tmp_path: Path) -> dict[str, str]:
    etc, home = tmp_path / "etc", tmp_path / "home"
    etc.mkdir(mode=0o700)
    home.mkdir(mode=0o700)
    environment = _documented_environment(etc, home)
    assert environment["SANAD_HTTPS"] == "true" and "SANAD_KEY_FILE" in environment
    made = _sanad(environment, "init-keys", str(etc))
    assert made.returncode == 0, made.stderr
    assert (etc / "secret_key").is_file()
    return environment


def test_the_documented_production_settings_pass_every_deployment_check(production: dict[str, str]) -> None:
    checked = _sanad(production, "check", "--deploy", "--fail-level", "WARNING")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no issues" in checked.stdout


def test_the_deployment_checks_name_what_is_wrong(production: dict[str, str]) -> None:
    broken = {**production, "SANAD_HTTPS": "false", "SANAD_ALLOWED_HOSTS": "*", "SANAD_CACHE": ""}
    home = Path(production["SANAD_HOME"])
    home.chmod(0o755)
    checked = _sanad(broken, "check", "--deploy")
    assert checked.returncode != 0
    report = checked.stdout + checked.stderr
    for check_id in ("sanad.S004", "sanad.S011", "sanad.S012", "sanad.S015"):
        assert check_id in report, check_id
    assert f"chmod 700 {home}" in report


def test_a_key_file_others_can_read_stops_sanad_naming_the_file(production: dict[str, str]) -> None:
    key_file = Path(production["SANAD_KEY_FILE"])
    key_file.chmod(0o644)
    checked = _sanad(production, "check", "--deploy")
    assert checked.returncode != 0
    assert str(key_file) in checked.stderr and "600" in checked.stderr


def test_a_field_key_equal_to_the_secret_key_is_refused(production: dict[str, str]) -> None:
    from cryptography.fernet import Fernet

    key = Fernet.generate_key().decode()
    reused = {key: value for key, value in production.items() if key not in {"SANAD_KEY_FILE"}}
    reused |= {"SANAD_FIELD_KEYS": key, "SANAD_BLIND_INDEX_KEY": "ab" * 32, "SANAD_SECRET_KEY_FILE": ""}
    reused["SANAD_SECRET_KEY"] = key
    checked = _sanad(reused, "check", "--deploy")
    assert checked.returncode != 0 and "sanad.S001" in checked.stdout + checked.stderr


def test_a_lost_phone_is_reset_by_the_system_administrator_and_audited(cast: Cast) -> None:
    assert reset_second_factor(cast.caseworker) == 2  # the app and the recovery codes
    assert AuditEvent.objects.filter(action=AuditAction.MFA_REMOVED, actor=cast.caseworker).count() == 2
    from io import StringIO

    printed = StringIO()
    call_command("reset_second_factor", "caseworker", stdout=printed)  # nothing left: says so
    assert printed.getvalue().startswith("Removed 0 authenticator(s) of caseworker")
    with pytest.raises(CommandError, match="nobody-here"):
        call_command("reset_second_factor", "nobody-here")
