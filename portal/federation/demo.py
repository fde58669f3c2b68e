"""Demo step: a cooperative's CSV file as a harvested source, harvested once.

Idempotent: the source is found again by name, its file content refreshed,
and a second harvest changes nothing.
"""

from pathlib import Path

from django.utils.text import slugify

from portal.directory.models import Region

from . import services
from .models import Source

DATA = Path(__file__).resolve().parent / "data" / "demo_genossenschaft.csv"
NAME = "Regionalgenossenschaft Mecklenburgische Seenplatte (Demo)"
REGION = "Mecklenburgische Seenplatte"


def build(home, log):
    region, _created = Region.objects.get_or_create(name=REGION, defaults={"slug": slugify(REGION)})
    source, _created = Source.objects.update_or_create(
        name=NAME,
        defaults={
            "kind": Source.Kind.CSV,
            "url": "",
            "csv_filename": DATA.name,
            "csv_content": DATA.read_bytes(),
            "default_region": region,
            "active": True,
        },
    )
    run = services.harvest(source)
    log(f"Harvested source: {source.name}: {services.run_message(run)}")
