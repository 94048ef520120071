"""Data: the criminal-justice capabilities on the default roles. Only these are added (and removed again on
reversal); an administrator's own changes to a role survive."""

from django.db import migrations

ADDED = {
    "justice_officer": ["justice.import_register"],
    "coordinator": ["justice.national_facts"],
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
    dependencies = [("accounts", "0005_roles_for_the_referral_mechanism")]
    operations = [migrations.RunPython(add_capabilities, remove_capabilities)]
