"""Data: the default roles of DESIGN §2, read from catalogs/data/roles.yaml as it stood at this migration."""

from django.db import migrations

SEEDED = [
    "hotline_operator", "case_worker", "service_provider", "identification_authority",
    "justice_officer", "coordinator", "analyst", "auditor", "admin",
]  # fmt: skip


def seed_roles(apps, schema_editor):
    from sanad.catalogs import loader

    Role = apps.get_model("accounts", "Role")
    for entry in loader.roles().entries:
        if entry.code not in SEEDED:
            continue
        Role.objects.update_or_create(
            code=entry.code,
            defaults={
                "label_fr": entry.fr,
                "label_ar": entry.ar,
                "label_en": entry.en,
                "capabilities": list(entry.capabilities),
                "sees_identity": entry.sees_identity,
            },
        )


def remove_roles(apps, schema_editor):
    apps.get_model("accounts", "Role").objects.filter(code__in=SEEDED, memberships__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_organisations_users_roles")]
    operations = [migrations.RunPython(seed_roles, remove_roles)]
