"""Data: the tier history and the waiver records Sanad ships (tip/data/, provenance in PROVENANCE.md).

Reversal removes only what this migration loaded: placements that came with no list import, and the waivers
whose source is the shipped file's.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"
SOURCE = "Sanad shipped history: tip/data/tip_tiers.csv (see tip/data/PROVENANCE.md)"


def _rows(name):
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(apps, schema_editor):
    placement = apps.get_model("tip", "TierPlacement")
    waiver = apps.get_model("tip", "Waiver")
    placement.objects.bulk_create(
        [
            placement(iso3=row["iso3"], year=int(row["year"]), tier=row["tier"], source=SOURCE)
            for row in _rows("tip_tiers.csv")
        ],
        batch_size=500,
    )
    waiver.objects.bulk_create(
        [waiver(iso3=row["iso3"], year=int(row["year"]), source=row["source"]) for row in _rows("waivers.csv")]
    )


def unload(apps, schema_editor):
    apps.get_model("tip", "TierPlacement").objects.filter(list_import__isnull=True, source=SOURCE).delete()
    shipped = {(row["iso3"], int(row["year"])) for row in _rows("waivers.csv")}
    for record in apps.get_model("tip", "Waiver").objects.all():
        if (record.iso3, record.year) in shipped:
            record.delete()


class Migration(migrations.Migration):
    dependencies = [("tip", "0001_tier_history_and_readiness")]
    operations = [migrations.RunPython(load, unload)]
