"""Data: the auditor (the data-protection officer) answers data-subject requests: the two privacy
capabilities are added, and the role now sees identity (those pages show a person's file), so it falls under
the rules for roles that see identity. Reversal removes exactly what was added."""

from typing import Any

from django.db import migrations

from sanad.accounts.role_migrations import capability_steps

add_capabilities, remove_capabilities = capability_steps(
    {"auditor": ["privacy.subject_access", "privacy.rectify"]}
)


def sees_identity(apps: Any, schema_editor: Any) -> None:
    apps.get_model("accounts", "Role").objects.filter(code="auditor").update(sees_identity=True)


def sees_no_identity(apps: Any, schema_editor: Any) -> None:
    apps.get_model("accounts", "Role").objects.filter(code="auditor").update(sees_identity=False)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0011_api_tokens_capability")]
    operations = [
        migrations.RunPython(add_capabilities, remove_capabilities),
        migrations.RunPython(sees_identity, sees_no_identity),
    ]
