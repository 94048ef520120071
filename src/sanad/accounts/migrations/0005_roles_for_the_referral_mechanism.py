"""Data: the capabilities of the referral mechanism on the default roles, and the case_manager role.

Only the capabilities listed here are added (and removed again on reversal); an administrator's own
changes to a role survive.
"""

from django.db import migrations

ADDED = {
    "case_worker": ["case.manage", "referral.respond"],
    "service_provider": ["referral.respond", "shelter.admit"],
}


def add_capabilities(apps, schema_editor):
    from sanad.accounts.services import sync_default_roles

    role_model = apps.get_model("accounts", "Role")
    for code, capabilities in ADDED.items():
        for role in role_model.objects.filter(code=code):
            role.capabilities = sorted(set(role.capabilities) | set(capabilities))
            role.save(update_fields=["capabilities"])
    sync_default_roles(role_model=role_model)  # creates case_manager


def remove_capabilities(apps, schema_editor):
    role_model = apps.get_model("accounts", "Role")
    for code, capabilities in ADDED.items():
        for role in role_model.objects.filter(code=code):
            role.capabilities = [c for c in role.capabilities if c not in capabilities]
            role.save(update_fields=["capabilities"])
    role_model.objects.filter(code="case_manager", memberships__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_service_directory")]
    operations = [migrations.RunPython(add_capabilities, remove_capabilities)]
