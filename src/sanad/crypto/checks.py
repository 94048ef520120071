"""Deployment checks of the keys (`sanad check --deploy`): the field keys exist and their file is private
(the settings refuse to start otherwise, sanad.crypto.keys), they differ from the secret key, and SANAD_HOME,
which holds them and the evidence files, is closed to other accounts."""

from __future__ import annotations

import stat
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from sanad.crypto.keys import KeyRing


def _readable_by_others(path: Any) -> bool:
    return bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))


@register(Tags.security, deploy=True)
def check_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    ring: KeyRing = settings.SANAD_KEY_RING
    problems: list[CheckMessage] = []
    secret = str(settings.SECRET_KEY)
    index_key = ring.blind_index_key
    if secret in ring.field_keys or secret.encode() == index_key or index_key.hex() == secret:
        problems.append(
            Error(
                "A field key or the blind-index key is the secret key.",
                hint="Create separate keys with `sanad init-keys` and point SANAD_KEY_FILE at them.",
                id="sanad.S001",
            )
        )
    if ring.field_keys and ring.blind_index_key.hex() in ring.field_keys:
        problems.append(Error("The blind-index key is also a field key.", id="sanad.S002"))
    home = settings.SANAD_HOME
    if home.exists() and _readable_by_others(home):
        problems.append(
            Error(
                f"SANAD_HOME ({home}) is open to other accounts: it holds keys and evidence files.",
                hint=f"chmod 700 {home}",
                id="sanad.S004",
            )
        )
    return problems
