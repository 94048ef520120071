"""Data: the offence articles shipped in catalogs/data/offence_articles.yaml. Reversal removes only the
articles no charge names."""

from django.db import migrations


def seed(apps, schema_editor):
    from sanad.justice.services import install_shipped_offence_articles

    install_shipped_offence_articles(article_model=apps.get_model("justice", "OffenceArticle"))


def unseed(apps, schema_editor):
    from sanad.catalogs import loader

    article_model = apps.get_model("justice", "OffenceArticle")
    codes = [entry.code for entry in loader.offence_articles().entries]
    article_model.objects.filter(code__in=codes, charges__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("justice", "0001_criminal_cases_defendants_charges_verdicts")]
    operations = [migrations.RunPython(seed, unseed)]
