"""Settings for the test suite: fresh throwaway keys, fast hashing, a file database for SQLite."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet

os.environ.setdefault("SANAD_SECRET_KEY", secrets.token_urlsafe(50))
if not os.environ.get("SANAD_KEY_FILE"):
    os.environ.setdefault("SANAD_FIELD_KEYS", Fernet.generate_key().decode())
    os.environ.setdefault("SANAD_BLIND_INDEX_KEY", secrets.token_hex(32))
os.environ.setdefault("SANAD_HOME", tempfile.mkdtemp(prefix="sanad-test-home-"))

from sanad.settings.base import *  # noqa: F403
from sanad.settings.base import DATABASES

# Argon2 is the production hasher; the suite creates thousands of users and needs speed, not strength.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so the raw-file test can read what SQLite really wrote to disk.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"sanad-test-{os.getpid()}.sqlite3")
    }

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Assertions read English, the source language; translation tests switch language explicitly.
LANGUAGE_CODE = "en"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SANAD_TIP_HOTLINE = "hotline"
