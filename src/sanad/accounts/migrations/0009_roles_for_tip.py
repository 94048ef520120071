"""Data: the TIP module's capabilities on the default roles.

Only the capabilities listed here are added (and removed again on reversal); an administrator's own
changes to a role survive.
"""

from django.db import migrations

ADDED = {
    "coordinator": ["tip.view", "tip.rate"],
    "analyst": ["tip.view"],
    "admin": ["tip.view", "tip.import"],
}


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
    dependencies = [("accounts", "0008_roles_for_national_statistics")]
    operations = [migrations.RunPython(add_capabilities, remove_capabilities)]
