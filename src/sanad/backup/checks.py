"""``sanad check --deploy``: the backup key is there, usable, and shares nothing with the other secrets."""

from __future__ import annotations

import base64
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.utils.translation import gettext as _

from sanad.backup.errors import BackupError
from sanad.backup.keys import SETTING, load_backup_key
from sanad.crypto.ring import active_key_ring


def check_backup_key(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    try:
        key = load_backup_key()
    except BackupError as error:
        return [
            Error(
                str(error),
                hint=_("Backups need a key of their own: run `sanad init-keys` or set %(setting)s.")
                % {"setting": SETTING},
                id="sanad.B001",
            )
        ]
    ring = active_key_ring()
    secret_key = str(settings.SECRET_KEY)
    shared = [
        _("field key #%(position)s") % {"position": position}
        for position, field_key in enumerate(ring.field_keys, start=1)
        if base64.urlsafe_b64decode(field_key) == key.secret or field_key == key.secret.hex()
    ]
    if key.secret == ring.blind_index_key:
        shared.append(_("the blind-index key"))
    if secret_key in (key.secret.hex(), key.secret.hex().upper()) or secret_key.encode() == key.secret:
        shared.append("SECRET_KEY")
    if shared:
        return [
            Error(
                _("The backup key (%(path)s) is the same as %(others)s.")
                % {"path": key.path, "others": ", ".join(shared)},
                hint=_(
                    "An archive must stay closed to whoever holds only one of the other secrets: delete the "
                    "backup key file and run `sanad init-keys` to create a new one."
                ),
                id="sanad.B002",
            )
        ]
    return []
