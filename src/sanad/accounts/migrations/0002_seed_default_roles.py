"""Data: the default roles of DESIGN §2, from catalogs/data/roles.yaml."""

from django.db import migrations

SEEDED = [
    "hotline_operator", "case_worker", "service_provider", "identification_authority",
    "justice_officer", "coordinator", "analyst", "auditor", "admin",
]  # fmt: skip


def seed_roles(apps, schema_editor):
    from sanad.accounts.services import sync_default_roles

    sync_default_roles(role_model=apps.get_model("accounts", "Role"))


def remove_roles(apps, schema_editor):
    apps.get_model("accounts", "Role").objects.filter(code__in=SEEDED, memberships__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_organisations_users_roles")]
    operations = [migrations.RunPython(seed_roles, remove_roles)]
