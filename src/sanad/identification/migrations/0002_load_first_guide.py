"""Data: the first identification guide version shipped with Sanad (catalogs/data/identification_guide.yaml)."""

from django.db import migrations


def load_first_guide(apps, schema_editor):
    from sanad.identification.services import install_shipped_guide

    install_shipped_guide(guide_model=apps.get_model("identification", "IdentificationGuide"))


def remove_first_guide(apps, schema_editor):
    apps.get_model("identification", "IdentificationGuide").objects.filter(
        loaded_by__isnull=True, screenings__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("identification", "0001_guides_screenings_decisions")]
    operations = [migrations.RunPython(load_first_guide, remove_first_guide)]
