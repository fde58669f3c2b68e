"""Benchmark: directory index server time with 20,000 businesses, and a 10,000-row CSV import.

Needs a running PostgreSQL (``DATABASE_URL``, default
postgres://postgres@127.0.0.1:5432/bench_directory); the script creates the
database, migrates it, fills it and drops it at the end. Nothing is installed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_directory \\
        .venv/bin/python bench/directory_index.py

Prints p50/p95 server time (Django test client, full request/response cycle
including template rendering, no network) for text search, category filter,
"open now" and distance sort from a postcode; then wall time and peak memory
(tracemalloc, Python allocations) of importing a 10,000-row CSV.
"""

import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_directory")
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"

BUSINESSES = 20_000
IMPORT_ROWS = 10_000
REQUESTS = 60


def main():
    import django
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        django.setup()
        run()
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def run():
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from wagtail.models import Page

    from portal.directory import factories
    from portal.directory.bulk import bulk_create_merchant_pages
    from portal.directory.models import Category, DirectoryIndexPage, PostcodeArea
    from portal.home import factories as home_factories

    settings.ALLOWED_HOSTS = ["*"]
    setup_test_environment()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated in {time.perf_counter() - started:.0f} s")

    root = Page.get_first_root_node()
    home = home_factories.HomePageFactory(parent=root)
    home_factories.make_default_site(home)
    index = factories.DirectoryIndexPageFactory(parent=home)
    PostcodeArea.objects.get_or_create(
        postcode="12345",
        defaults={"place": "Musterstadt", "latitude": 50.9375, "longitude": 6.9603},
    )
    categories = list(Category.objects.filter(parent__isnull=False))
    started = time.perf_counter()
    per_category = BUSINESSES // len(categories)
    number = 0
    for category in categories:
        count = per_category if category != categories[-1] else BUSINESSES - number
        pages = factories.build_merchants(count, category=category, start=number)
        for offset, page in enumerate(pages):
            if (number + offset) % 7 == 0:
                page.opening_hours = "Mo-Su 00:00-24:00"
        bulk_create_merchant_pages(index, pages)
        number += count
    print(f"created {number} businesses in {time.perf_counter() - started:.0f} s")
    _analyze()

    client = Client()
    cases = {
        "text search (q=Bäckerei)": "?q=B%C3%A4ckerei",
        "category filter (Einzelhandel)": "?kategorie=einzelhandel",
        "open now": "?offen=1",
        "distance sort from postcode 12345": "?plz=12345",
        "all combined": "?q=Betrieb&kategorie=einzelhandel&offen=1&plz=12345&kaufen=abholung",
    }
    index = DirectoryIndexPage.objects.get(pk=index.pk)
    base = index.url
    print(f"\nDirectory index, {BUSINESSES} businesses, {REQUESTS} requests each (ms):")
    for label, params in cases.items():
        for _ in range(5):  # warm up
            client.get(base + params)
        times = []
        for request_number in range(REQUESTS):
            page = f"&seite={request_number % 5 + 1}" if params else ""
            started = time.perf_counter()
            response = client.get(base + params + page)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        times.sort()
        p50 = statistics.median(times)
        p95 = times[int(len(times) * 0.95) - 1]
        count = response.context["results_page"].paginator.count
        print(f"  {label:<38} p50 {p50:6.1f}  p95 {p95:6.1f}  ({count} results)")

    bench_import(home)


def _analyze():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def bench_import(home):
    from portal.directory import factories
    from portal.directory.importer import run_import

    index = factories.DirectoryIndexPageFactory(parent=home, slug="import", title="Import")
    lines = ["Nr;Firma;Branche;Straße;PLZ;Ort;Telefon;E-Mail;Öffnungszeiten"]
    for number in range(IMPORT_ROWS):
        lines.append(
            f"X-{number};Importbetrieb {number};Einzelhandel;Teststraße {number % 300};12345;"
            f"Musterstadt;01234 {number};kontakt{number}@example.org;"
            '"Mo-Fr 09:00-18:00; Sa 10:00-14:00"'
        )
    content = ("\r\n".join(lines) + "\r\n").encode("cp1252")
    tracemalloc.start()
    started = time.perf_counter()
    report = run_import(index, content, "bench.csv")
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"\nImport of {IMPORT_ROWS} CSV rows: {elapsed:.1f} s wall time, "
        f"peak Python memory {peak / 1024 / 1024:.0f} MiB, summary {report.summary}"
    )
    started = time.perf_counter()
    report = run_import(index, content, "bench.csv")
    print(
        f"Re-run of the same file: {time.perf_counter() - started:.1f} s, summary {report.summary}"
    )


if __name__ == "__main__":
    main()
