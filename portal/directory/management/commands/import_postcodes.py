"""``manage.py import_postcodes FILE``: load German postcode centroids for "near me".

Accepts the GeoNames postal-code dump for Germany (``DE.txt``, tab-separated:
country, postcode, place, ..., latitude, longitude, accuracy) or a CSV with a
header naming postcode/plz, place/ort, latitude/lat and longitude/lon. Existing
postcodes are updated, so the command can run again after a new release.
"""

import csv
import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.directory.models import PostcodeArea

HEADERS = {
    "postcode": ("postcode", "plz", "postleitzahl"),
    "place": ("place", "ort", "name"),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "lon", "lng"),
}


def parse(text):
    """Yield ``(postcode, place, latitude, longitude)`` from either supported format."""
    first = text.split("\n", 1)[0]
    if first.startswith("DE\t"):
        for row in csv.reader(io.StringIO(text), delimiter="\t"):
            if len(row) >= 11 and row[0] == "DE":
                yield row[1], row[2], float(row[9]), float(row[10])
        return
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    columns = {}
    for target, names in HEADERS.items():
        columns[target] = next(
            (name for name in reader.fieldnames or [] if name.strip().lower() in names), None
        )
    if not all(columns[key] for key in ("postcode", "latitude", "longitude")):
        raise CommandError("Spalten für PLZ, Breite und Länge nicht gefunden.")
    for row in reader:
        yield (
            row[columns["postcode"]].strip(),
            (row.get(columns["place"]) or "").strip() if columns["place"] else "",
            float(row[columns["latitude"]].replace(",", ".")),
            float(row[columns["longitude"]].replace(",", ".")),
        )


def load(text):
    """Create or update the postcode areas in ``text``; returns how many were read."""
    areas = {}
    for postcode, place, latitude, longitude in parse(text):
        if len(postcode) == 5 and postcode.isdigit() and postcode not in areas:
            areas[postcode] = PostcodeArea(
                postcode=postcode, place=place[:120], latitude=latitude, longitude=longitude
            )
    with transaction.atomic():
        PostcodeArea.objects.bulk_create(
            areas.values(),
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["postcode"],
            update_fields=["place", "latitude", "longitude"],
        )
    return len(areas)


class Command(BaseCommand):
    help = "Imports German postcode centroids (GeoNames DE.txt or CSV)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, file, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"Datei nicht gefunden: {file}")
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        count = load(text)
        self.stdout.write(f"{count} Postleitzahlen geladen.")
