"""Data: the plan and prevention capabilities on the default roles, and the focal_point role.

Only the capabilities listed here are added (and removed again on reversal); an administrator's own
changes to a role survive.
"""

from django.db import migrations

ADDED = {
    "coordinator": ["plans.manage", "plans.view", "prevention.record", "prevention.view"],
    "analyst": ["plans.view", "prevention.view"],
}


def add_capabilities(apps, schema_editor):
    from sanad.accounts.services import sync_default_roles

    role_model = apps.get_model("accounts", "Role")
    for code, capabilities in ADDED.items():
        for role in role_model.objects.filter(code=code):
            role.capabilities = sorted(set(role.capabilities) | set(capabilities))
            role.save(update_fields=["capabilities"])
    sync_default_roles(role_model=role_model)  # creates focal_point


def remove_capabilities(apps, schema_editor):
    role_model = apps.get_model("accounts", "Role")
    for code, capabilities in ADDED.items():
        for role in role_model.objects.filter(code=code):
            role.capabilities = [c for c in role.capabilities if c not in capabilities]
            role.save(update_fields=["capabilities"])
    role_model.objects.filter(code="focal_point", memberships__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_roles_for_criminal_justice")]
    operations = [migrations.RunPython(add_capabilities, remove_capabilities)]
