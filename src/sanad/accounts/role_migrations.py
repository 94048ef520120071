"""What the data migrations that give default roles new capabilities share: add exactly the listed
capabilities, and on reversal remove exactly those, so that an administrator's own changes to a role
survive both ways."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Step = Callable[[Any, Any], None]


def capability_steps(added: dict[str, list[str]]) -> tuple[Step, Step]:
    """The forward and backward functions of ``migrations.RunPython`` for ``added`` (role code ->
    capabilities)."""

    def add(apps: Any, schema_editor: Any) -> None:
        role_model = apps.get_model("accounts", "Role")
        for code, capabilities in added.items():
            for role in role_model.objects.filter(code=code):
                role.capabilities = sorted(set(role.capabilities) | set(capabilities))
                role.save(update_fields=["capabilities"])

    def remove(apps: Any, schema_editor: Any) -> None:
        role_model = apps.get_model("accounts", "Role")
        for code, capabilities in added.items():
            for role in role_model.objects.filter(code=code):
                role.capabilities = [c for c in role.capabilities if c not in capabilities]
                role.save(update_fields=["capabilities"])

    return add, remove
