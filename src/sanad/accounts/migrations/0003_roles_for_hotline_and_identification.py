"""Data: the capabilities of hotline triage and victim identification on the default roles.

Existing roles are never rewritten wholesale: only the capabilities listed here are added (and removed
again on reversal), so an administrator's own changes to a role survive.
"""

from django.db import migrations

ADDED = {
    "case_worker": ["case.screen"],
    "identification_authority": ["case.decide_status"],
    "coordinator": ["hotline.national_figures"],
    "admin": ["admin.catalogues"],
}


def add_capabilities(apps, schema_editor):
    from sanad.accounts.services import sync_default_roles

    role_model = apps.get_model("accounts", "Role")
    for code, capabilities in ADDED.items():
        for role in role_model.objects.filter(code=code):
            role.capabilities = sorted(set(role.capabilities) | set(capabilities))
            role.save(update_fields=["capabilities"])
    sync_default_roles(role_model=role_model)  # creates hotline_supervisor


def remove_capabilities(apps, schema_editor):
    role_model = apps.get_model("accounts", "Role")
    for code, capabilities in ADDED.items():
        for role in role_model.objects.filter(code=code):
            role.capabilities = [c for c in role.capabilities if c not in capabilities]
            role.save(update_fields=["capabilities"])
    role_model.objects.filter(code="hotline_supervisor", memberships__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_seed_default_roles")]
    operations = [migrations.RunPython(add_capabilities, remove_capabilities)]
