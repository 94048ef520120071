"""Data: the administrator creates and revokes API tokens. Only this capability is added (and removed on
reversal); an administrator's own changes to the role survive."""

from django.db import migrations

ADDED = {"admin": ["admin.api_tokens"]}


def add_capabilities(apps, schema_editor):
    role_model = apps.get_model("accounts", "Role")
    for code, capabilities in ADDED.items():
        for role in role_model.objects.filter(code=code):
            role.capabilities = sorted(set(role.capabilities) | set(capabilities))
            role.save(update_fields=["capabilities"])


def remove_capabilities(apps, schema_editor):
    role_model = apps.get_model("accounts", "Role")
    for code, capabilities in ADDED.items():
        for role in role_model.objects.filter(code=code):
            role.capabilities = [c for c in role.capabilities if c not in capabilities]
            role.save(update_fields=["capabilities"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0010_roles_for_record_linkage")]
    operations = [migrations.RunPython(add_capabilities, remove_capabilities)]
