"""The key ring in use by this process, swappable for key rotation and tests."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

from cryptography.fernet import InvalidToken
from django.conf import settings

from sanad.crypto.keys import KeyRing

_override: KeyRing | None = None


def active_key_ring() -> KeyRing:
    ring: KeyRing = _override or settings.SANAD_KEY_RING
    return ring


def use_key_ring(ring: KeyRing | None) -> None:
    """Replace the process's key ring (rotation adds a new primary key without a restart)."""
    global _override  # noqa: PLW0603 - one process-wide key ring by design
    _override = ring


class UndecryptableValueError(Exception):
    """A stored value cannot be decrypted with any key in the ring."""


def encrypt_text(plaintext: str) -> str:
    return active_key_ring().multi_fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def text_encryptor() -> Callable[[str], str]:
    """``encrypt_text`` bound to the key ring once, for bulk writers encrypting millions of values (building
    the key ring's Fernet objects costs more than encrypting a name)."""
    fernet = active_key_ring().multi_fernet()

    def encrypt(plaintext: str) -> str:
        return fernet.encrypt(plaintext.encode("utf-8")).decode("ascii") if plaintext else ""

    return encrypt


def decrypt_text(token: str) -> str:
    try:
        return active_key_ring().multi_fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise UndecryptableValueError(
            "A stored value cannot be decrypted with the configured keys."
        ) from error


def encrypt_bytes(content: bytes) -> bytes:
    """Files (evidence) are encrypted with the same key ring as identity fields."""
    return active_key_ring().multi_fernet().encrypt(content)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return active_key_ring().multi_fernet().decrypt(token)
    except InvalidToken as error:
        raise UndecryptableValueError("A stored file cannot be decrypted with the configured keys") from error


def is_under_primary_key(token: str) -> bool:
    try:
        active_key_ring().primary_fernet().decrypt(token.encode("ascii"))
    except InvalidToken:
        return False
    return True


def rotate_token(token: str) -> str:
    return active_key_ring().multi_fernet().rotate(token.encode("ascii")).decode("ascii")


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed hash for exact lookups: equal inputs give equal digests, the digest reveals nothing else.

    ``purpose`` separates domains so a phone number and a document number never share a digest space.
    """
    key = active_key_ring().blind_index_key
    message = f"{purpose}\x1f{value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
