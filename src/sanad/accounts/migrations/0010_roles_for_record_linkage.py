"""Data: record linkage's capabilities on the default roles, and the duplicate reviewer role.

Only the capabilities listed here are added (and removed again on reversal); an administrator's own
changes to a role survive. The analyst gets nothing: the figures are exact counts of records, and the analyst
sees published (disclosure-controlled) figures only. The reviewer role is created from the roles catalogue and removed on reversal
only while nobody holds it.
"""

from django.db import migrations

ADDED = {
    "coordinator": ["linkage.view", "linkage.run"],
}
NEW_ROLE = "linkage_reviewer"


def add_capabilities(apps, schema_editor):
    from sanad.accounts.services import sync_default_roles

    role_model = apps.get_model("accounts", "Role")
    for code, capabilities in ADDED.items():
        for role in role_model.objects.filter(code=code):
            role.capabilities = sorted(set(role.capabilities) | set(capabilities))
            role.save(update_fields=["capabilities"])
    sync_default_roles(role_model=role_model)


def remove_capabilities(apps, schema_editor):
    role_model = apps.get_model("accounts", "Role")
    for code, capabilities in ADDED.items():
        for role in role_model.objects.filter(code=code):
            role.capabilities = [c for c in role.capabilities if c not in capabilities]
            role.save(update_fields=["capabilities"])
    role_model.objects.filter(code=NEW_ROLE, memberships__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0009_roles_for_tip")]
    operations = [migrations.RunPython(add_capabilities, remove_capabilities)]
