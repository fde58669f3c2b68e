"""``manage.py import_postcodes [FILE]``: load German postcode centroids for "near me".

Without a file it loads the postcodes shipped with the portal
(``portal/directory/data/german_postcodes.csv``, every German postcode; see the
README next to it for source and licence). The directory's migration 0008
adds that file's postcodes on every install (keeping rows already there), so
the command is needed to refresh: after an upgrade that changed the file, or
from a newer file.

Accepts the GeoNames postal-code dump for Germany (``DE.txt``, tab-separated:
country, postcode, place, ..., latitude, longitude, accuracy) or a CSV with a
header naming postcode/plz, place/ort, latitude/lat and longitude/lon. New
postcodes are added and changed ones updated in one transaction; postcodes
missing from the file are kept (a partial file never empties the table), and
loading the same file again writes nothing.
"""

import csv
import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.directory.models import PostcodeArea

GERMAN_POSTCODES = Path(__file__).resolve().parents[2] / "data" / "german_postcodes.csv"

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
        for number, row in enumerate(csv.reader(io.StringIO(text), delimiter="\t"), start=1):
            if len(row) >= 11 and row[0] == "DE":
                yield row[1], row[2], *coordinates(row[9], row[10], number)
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
    for number, row in enumerate(reader, start=2):
        yield (
            (row[columns["postcode"]] or "").strip(),
            (row.get(columns["place"]) or "").strip() if columns["place"] else "",
            *coordinates(row[columns["latitude"]], row[columns["longitude"]], number),
        )


def coordinates(latitude, longitude, number):
    """``(latitude, longitude)`` as floats from line ``number``, decimal comma allowed."""
    try:
        latitude = float((latitude or "").replace(",", "."))
        longitude = float((longitude or "").replace(",", "."))
    except ValueError as error:
        raise CommandError(f"Zeile {number}: Breite oder Länge ist keine Zahl.") from error
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise CommandError(f"Zeile {number}: Breite oder Länge ist keine gültige Koordinate.")
    return latitude, longitude


def load(text):
    """Create or update the postcode areas in ``text``; returns ``(read, written)``.

    Only new postcodes and those whose place or centre changed are written, in
    one bulk upsert inside one transaction, so a second load of the same file
    changes nothing.
    """
    areas = {}
    for postcode, place, latitude, longitude in parse(text):
        if len(postcode) == 5 and postcode.isdigit() and postcode not in areas:
            areas[postcode] = (place[:120], round(latitude, 6), round(longitude, 6))
    with transaction.atomic():
        known = {
            postcode: (place, latitude, longitude)
            for postcode, place, latitude, longitude in PostcodeArea.objects.values_list(
                "postcode", "place", "latitude", "longitude"
            )
        }
        changed = [
            PostcodeArea(postcode=postcode, place=place, latitude=latitude, longitude=longitude)
            for postcode, (place, latitude, longitude) in areas.items()
            if known.get(postcode) != (place, latitude, longitude)
        ]
        PostcodeArea.objects.bulk_create(
            changed,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["postcode"],
            update_fields=["place", "latitude", "longitude"],
        )
    return len(areas), len(changed)


def read_text(path):
    """The file's text: UTF-8 (with or without BOM), else Windows-1252."""
    raw = Path(path).read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def load_german_postcodes():
    """Load every German postcode shipped with the portal; see ``load``."""
    return load(read_text(GERMAN_POSTCODES))


class Command(BaseCommand):
    help = (
        "Imports German postcode centroids (GeoNames DE.txt or CSV); "
        "without FILE the postcodes shipped with the portal."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(GERMAN_POSTCODES))

    def handle(self, file, **options):
        if not Path(file).is_file():
            raise CommandError(f"Datei nicht gefunden: {file}")
        read, written = load(read_text(file))
        if not read:
            raise CommandError(f"Keine Postleitzahlen in {file} gefunden.")
        self.stdout.write(f"{read} Postleitzahlen gelesen, {written} neu oder geändert.")
