"""Benchmark: "Läden in der Nähe" over 5 towns × 2,000 businesses + 3 harvested sources ×
1,000 entries, the state portal's initiatives map page over the same installation, and
the time of a full harvest of 3 × 1,000 entries.

Needs a running PostgreSQL (``DATABASE_URL``, default
postgres://postgres@127.0.0.1:5432/bench_federation); the script copies a
migrated template database (made once and kept, named after the migrations:
``bench_federation_tpl_<digest>``), fills the copy (bulk inserts) and drops it
at the end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_federation \\
        .venv/bin/python bench/federation.py [--requests 40]

Prints p50/p95 server time (Django test client, full request/response cycle
with template rendering, no network) of the near-me page for a postcode,
with and without filters, and of the state portal's initiatives page (every
town, 100 initiative pages and the 150 harvested initiatives on one map); then
the wall time of harvesting three uploaded
CSV sources of 1,000 rows each: first run (all new), second run (unchanged)
and a run with every tenth row changed and ten rows removed.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_federation")
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"

TOWNS = 5
PER_TOWN = 2_000
SOURCES = 3
PER_SOURCE = 1_000
CENTRE = (53.5574, 13.2610)
HEADER = (
    "kennung;art;name;strasse;plz;ort;breitengrad;laengengrad;telefon;oeffnungszeiten;"
    "lieferung;abholung;telefonbestellung\n"
)


def main():
    import django
    import psycopg

    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    template = migrated_template(admin_url, name)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        django.setup()
        run(args.requests)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def migrated_template(admin_url, name):
    """A migrated, empty database to copy (``CREATE DATABASE … TEMPLATE``), kept between runs
    and named after the migrations: migrating takes minutes, copying seconds."""
    import hashlib
    import subprocess

    import psycopg

    digest = hashlib.sha256()
    for path in sorted((ROOT / "portal").rglob("migrations/*.py")):
        digest.update(path.read_bytes())
    template = f"{name}_tpl_{digest.hexdigest()[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone():
            return template
        conn.execute(f'DROP DATABASE IF EXISTS "{template}_part"')
        conn.execute(f'CREATE DATABASE "{template}_part"')
    started = time.perf_counter()
    environment = {**os.environ, "DATABASE_URL": admin_url.rsplit("/", 1)[0] + f"/{template}_part"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{template}_part" RENAME TO "{template}"')
    print(f"migrated a template database in {time.perf_counter() - started:.0f} s (kept)")
    return template


def csv_rows(source_number, changed=False, dropped=0):
    lines = [HEADER]
    for number in range(dropped, PER_SOURCE):
        lat = CENTRE[0] + ((number * 37) % 400 - 200) / 1000 + source_number / 100
        lon = CENTRE[1] + ((number * 53) % 400 - 200) / 1000
        phone = f"0395 {number}" + ("9" if changed and number % 10 == 0 else "")
        hours = "Mo-Su 00:00-24:00" if number % 7 == 0 else "Mo-Sa 08:00-18:00"
        kind = "Initiative" if number % 20 == 0 else "Betrieb"
        lines.append(
            f"q{source_number}-{number};{kind};Hof {source_number}-{number};Weg {number};17033;"
            f"Neubrandenburg;{lat:.5f};{lon:.5f};{phone};{hours};"
            f"{'ja' if number % 2 else 'nein'};ja;{'ja' if number % 3 else 'nein'}\n"
        )
    return "".join(lines).encode()


def percentiles(times):
    times = sorted(times)
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def run(requests):
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from portal.directory import factories
    from portal.directory.bulk import bulk_create_merchant_pages
    from portal.directory.models import DirectoryIndexPage, PostcodeArea
    from portal.federation import services
    from portal.federation.models import Source
    from portal.home.new_town import add_town

    settings.ALLOWED_HOSTS = ["*"]
    setup_test_environment()
    call_command("migrate", verbosity=0)  # nothing to do on a copy of the template

    PostcodeArea.objects.update_or_create(
        postcode="17033",
        defaults={"place": "Neubrandenburg", "latitude": CENTRE[0], "longitude": CENTRE[1]},
    )
    category = factories.CategoryFactory(name="Einzelhandel", slug="einzelhandel")
    started = time.perf_counter()
    for town in range(TOWNS):
        site = add_town(f"Stadt {town}", f"stadt{town}.example", port=80, default=town == 0)
        index = DirectoryIndexPage.objects.child_of(site.root_page).get()
        centre = (CENTRE[0] + (town - 2) * 0.05, CENTRE[1] + (town - 2) * 0.05)
        pages = factories.build_merchants(
            PER_TOWN, category=category, start=town * PER_TOWN, centre=centre
        )
        for number, page in enumerate(pages):
            if number % 7 == 0:
                page.opening_hours = "Mo-Su 00:00-24:00"
            page.offers_local_delivery = number % 4 == 0
            page.offers_phone_orders = number % 5 == 0
        bulk_create_merchant_pages(index, pages, index_for_search=False)
    print(f"created {TOWNS} towns × {PER_TOWN} businesses in {time.perf_counter() - started:.0f} s")

    sources = [
        Source.objects.create(
            name=f"Quelle {n}",
            kind=Source.Kind.CSV,
            csv_filename="quelle.csv",
            csv_content=csv_rows(n),
        )
        for n in range(SOURCES)
    ]
    print(f"\nHarvest of {SOURCES} × {PER_SOURCE} entries (s):")
    for label, change in (
        ("first run (all new)", None),
        ("second run (unchanged)", None),
        ("every tenth changed, ten removed", {"changed": True, "dropped": 10}),
    ):
        if change:
            for n, source in enumerate(sources):
                source.csv_content = csv_rows(n, **change)
                source.save()
        started = time.perf_counter()
        runs = [services.harvest(source) for source in sources]
        elapsed = time.perf_counter() - started
        assert all(run.succeeded for run in runs), [run.errors for run in runs]
        totals = {
            key: sum(getattr(run, key) for run in runs)
            for key in ("created", "updated", "unchanged", "withdrawn")
        }
        print(f"  {label:<36} {elapsed:6.2f}  {totals}")

    _analyze()
    client = Client()
    cases = {
        "postcode 17033": {"plz": "17033"},
        "postcode + delivery + open now": {"plz": "17033", "nur": ["lieferung", "offen"]},
        "position + phone orders": {"lat": "53.60", "lon": "13.30", "nur": ["telefon"]},
    }
    print(
        f"\n/laeden-in-der-naehe/, {TOWNS * PER_TOWN} businesses + "
        f"{SOURCES * PER_SOURCE} harvested, {requests} requests each (ms):"
    )
    for label, params in cases.items():
        for _ in range(3):
            client.get("/laeden-in-der-naehe/", params)
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get("/laeden-in-der-naehe/", params)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        p50, p95 = percentiles(times)
        shown = len(response.context["places"])
        print(f"  {label:<34} p50 {p50:6.1f}  p95 {p95:6.1f}  ({shown} shown)")

    host = state_portal_with_initiatives(100)
    for _ in range(3):
        client.get("/initiativen/", HTTP_HOST=host)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get("/initiativen/", HTTP_HOST=host)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    p50, p95 = percentiles(times)
    print(f"\nstate portal /initiativen/ (map and list), {requests} requests (ms):")
    print(f"  {'all initiatives':<34} p50 {p50:6.1f}  p95 {p95:6.1f}")


def state_portal_with_initiatives(count):
    """The state portal with ``count`` initiative pages of its own; returns its host name."""
    from portal.directory.models import InitiativeIndexPage, InitiativePage, Region
    from portal.state.sites import add_state_portal

    site = add_state_portal("Landesportal", "land.example", port=80)
    index = InitiativeIndexPage.objects.child_of(site.root_page).get()
    region = Region.objects.create(name="Mecklenburgische Seenplatte", slug="seenplatte")
    for number in range(count):
        index.add_child(
            instance=InitiativePage(
                title=f"Initiative {number}",
                slug=f"initiative-{number}",
                region=region,
                kind="marketplace",
                short_description="Regional einkaufen.",
                latitude=CENTRE[0] + number / 1000,
                longitude=CENTRE[1],
            )
        )
    _analyze()
    return site.hostname


def _analyze():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


if __name__ == "__main__":
    main()
