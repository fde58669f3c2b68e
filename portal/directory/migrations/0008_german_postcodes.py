"""Every German postcode's centre, so "near a postcode" works on a fresh install.

Adds the rows of ``portal/directory/data/german_postcodes.csv`` (8,168
postcodes, © OpenStreetMap contributors, ODbL; see the README next to it) in
one bulk insert. Postcodes already in the table (an operator's earlier import)
are left as they are; ``manage.py import_postcodes`` updates them when wanted.
Self-contained on purpose: it reads the file with the csv module, not with
today's import command. Going back keeps the rows.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "german_postcodes.csv"


def load(apps, schema_editor):
    PostcodeArea = apps.get_model("directory", "PostcodeArea")
    with DATA.open(encoding="utf-8", newline="") as file:
        areas = [
            PostcodeArea(
                postcode=row["postcode"],
                place=row["place"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
            )
            for row in csv.DictReader(file)
        ]
    PostcodeArea.objects.bulk_create(areas, batch_size=2000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_search_keywords_and_stall_goods"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop, elidable=True),
    ]
