"""The demo's password and authenticator key: random per installation, kept in SANAD_HOME readable by its
owner only, reused on later runs (nothing secret is in the repository)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from allauth.mfa.totp.internal.auth import format_hotp_value, generate_totp_secret, hotp_value

PASSWORD_FILE = "demo_password"  # noqa: S105 - a file name
TOTP_SECRET_FILE = "demo_totp_secret"  # noqa: S105 - a file name
TOTP_STEP_SECONDS = 30


def _kept_secret(home: Path, name: str, make: Callable[[], str]) -> str:
    path = home / name
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    home.mkdir(parents=True, exist_ok=True)
    value = make()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    return value


def demo_password(home: Path) -> str:
    return _kept_secret(home, PASSWORD_FILE, lambda: secrets.token_urlsafe(12))


def demo_totp_secret(home: Path) -> str:
    return _kept_secret(home, TOTP_SECRET_FILE, generate_totp_secret)


def current_demo_code(home: Path, *, at: float) -> str | None:
    """The code an authenticator app holding the demo key shows at ``at``; None without a demo here."""
    path = home / TOTP_SECRET_FILE
    if not path.is_file():
        return None
    secret = path.read_text(encoding="utf-8").strip()
    return format_hotp_value(hotp_value(secret, int(at) // TOTP_STEP_SECONDS))
