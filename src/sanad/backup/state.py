"""What a backup records about the instance it comes from, and the checks a restore makes against it."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from sanad.backup.keys import blind_index_key_id, field_key_id
from sanad.crypto.ring import active_key_ring

CONTENT_FORMAT = 1


def sanad_version() -> str:
    try:
        return version("sanad")
    except PackageNotFoundError:
        return "unknown"


def applied_migrations() -> dict[str, list[str]]:
    """Per app, the migrations of the code that this database has applied."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    state: dict[str, list[str]] = {}
    for app, name in sorted(loader.graph.nodes):
        if (app, name) in loader.applied_migrations:
            state.setdefault(app, []).append(name)
    return state


def code_migrations() -> dict[str, list[str]]:
    """Per app, the migrations of the code: what a fully migrated database has applied."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    state: dict[str, list[str]] = {}
    for app, name in sorted(loader.graph.nodes):
        state.setdefault(app, []).append(name)
    return state


def instance_key_ids() -> tuple[list[str], str]:
    ring = active_key_ring()
    return [field_key_id(key) for key in ring.field_keys], blind_index_key_id(ring.blind_index_key)


def header_problems(header: dict[str, Any]) -> list[str]:
    """What makes a backup unfit for this instance, as far as its header tells."""
    if header.get("format") != CONTENT_FORMAT:
        return [
            _("This backup has content format %(format)s, which this version of Sanad cannot restore.")
            % {"format": header.get("format")}
        ]
    problems = []
    if header.get("vendor") != connection.vendor:
        problems.append(
            _(
                "This backup comes from a %(backup)s database and this instance uses %(here)s: restore it "
                "on the same database engine."
            )
            % {"backup": header.get("vendor"), "here": connection.vendor}
        )
    backup_state: dict[str, list[str]] = header.get("migrations") or {}
    code_state = code_migrations()
    differing = [
        app
        for app in sorted(set(backup_state) | set(code_state))
        if backup_state.get(app) != code_state.get(app)
    ]
    if differing:
        details = "; ".join(
            _("%(app)s (backup: %(backup)s, this installation: %(here)s)")
            % {
                "app": app,
                "backup": (backup_state.get(app) or ["-"])[-1],
                "here": (code_state.get(app) or ["-"])[-1],
            }
            for app in differing
        )
        problems.append(
            _(
                "This backup was made by another version of Sanad: the migrations of %(apps)s differ. "
                "Restore it with the version that made it, then upgrade."
            )
            % {"apps": details}
        )
    _field_ids, index_id = instance_key_ids()
    if header.get("blind_index_key") != index_id:
        problems.append(
            _(
                "The blind-index key of this instance (%(here)s) is not the one of the backup (%(backup)s): "
                "exact searches on names, phone and document numbers would find nothing. Configure the "
                "blind-index key of the instance that made the backup."
            )
            % {"here": index_id, "backup": header.get("blind_index_key")}
        )
    return problems


def key_problems(manifest: dict[str, Any]) -> list[str]:
    """Field keys that encrypt values in the backup and that this instance lacks."""
    field_ids, _index_id = instance_key_ids()
    missing = [
        key
        for key in manifest.get("field_keys") or []
        if key.get("values", 0) > 0 and key.get("id") not in field_ids
    ]
    if not missing:
        return []
    return [
        _(
            "The field keys of this instance cannot decrypt this backup: it needs the key(s) %(keys)s, "
            "which encrypt %(values)s of its values. Add them after the current keys (SANAD_KEY_FILE or "
            "SANAD_FIELD_KEYS), restore, then run `sanad rotate-keys`."
        )
        % {
            "keys": ", ".join(f"{key['id']} (#{key.get('position')})" for key in missing),
            "values": sum(int(key.get("values", 0)) for key in missing),
        }
    ]
