"""Data: record linkage's capabilities on the coordinator, and the duplicate reviewer role.

The analyst gets nothing: the figures are exact counts of records, and the analyst sees published
(disclosure-controlled) figures only. The reviewer role is created from the roles catalogue and removed on
reversal only while nobody holds it.
"""

from django.db import migrations

from sanad.accounts.role_migrations import capability_steps

NEW_ROLE = "linkage_reviewer"
add_capabilities, remove_capabilities = capability_steps({"coordinator": ["linkage.view", "linkage.run"]})


def add_role(apps, schema_editor):
    from sanad.accounts.services import sync_default_roles

    sync_default_roles(role_model=apps.get_model("accounts", "Role"))


def remove_role(apps, schema_editor):
    apps.get_model("accounts", "Role").objects.filter(code=NEW_ROLE, memberships__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0009_roles_for_tip")]
    operations = [
        migrations.RunPython(add_capabilities, remove_capabilities),
        migrations.RunPython(add_role, remove_role),
    ]
