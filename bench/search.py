"""Benchmark: search server times and hit rate with 20,000 businesses and 20,000 products.

Needs a running PostgreSQL (``DATABASE_URL``, default
postgres://postgres@127.0.0.1:5432/portal_search_bench); the script creates the
database, migrates it, fills it and drops it at the end. Nothing is installed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_search_bench \\
        .venv/bin/python bench/search.py [--keep | --reuse]

``--keep`` leaves the filled database behind; ``--reuse`` measures on such a
database again instead of building a new one (a build takes several minutes).

The town is the generated town of the search tests (``tests/sitesearch/town.py``)
plus neutral businesses up to 20,000, a shop for every 25th of them and
products up to 20,000, all indexed. Prints p50/p95 server time (Django test
client, full request/response cycle including template rendering, no
network) of the directory search, the site search and the suggestions for
20 queries of the query table, then the hit rate of the whole table. Next
to the wall time it prints the app process's own CPU time per request (the
database's work not included), which stays meaningful when other processes
share the machine; the load average is printed too.
"""

import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_search_bench")
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"

BUSINESSES = 20_000
PRODUCTS = 20_000
SHOP_EVERY = 25  # every 25th neutral business has a shop: 800 shops, 25 products each
REPEAT = 10  # requests per query and measure
BENCH_QUERIES = [
    "Bäckerei Korn",
    "Apotheke",
    "Pizza",
    "Seitenweise",
    "Bäcker",
    "Tischler",
    "Metzger",
    "Buchhand",
    "Baecker",
    "Muller",
    "Kaese",
    "Bakerei",
    "Apoteke",
    "Restaurnt",
    "Frisör",
    "Schreiner",
    "Eisdiele",
    "Honig",
    "Olivenöl",
    "Bäcker 12347",
]
PRODUCT_WORDS = [
    "Geschenkset",
    "Gutschein",
    "Stofftasche",
    "Duftkerze",
    "Naturseife",
    "Wollschal",
    "Strickmütze",
    "Notizbuch",
    "Kräutertee",
    "Kaffeebohnen",
    "Erdbeermarmelade",
    "Bandnudeln",
    "Gewürzmischung",
    "Apfelsaft",
    "Rotwein",
    "Pils",
    "Holzspielzeug",
    "Puzzle",
    "Wandkalender",
    "Postkarte",
    "Schmuckdose",
    "Handcreme",
    "Brotkorb",
    "Blumenvase",
    "Keramikbecher",
]
PRODUCT_KINDS = ["klein", "groß", "rot", "blau", "bio", "regional", "handgemacht", "classic"]


def main():
    import django
    import psycopg

    keep, reuse = "--keep" in sys.argv, "--reuse" in sys.argv
    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    if not reuse:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        django.setup()
        if not reuse:
            build()
        measure()
    finally:
        from django.db import connections

        connections.close_all()
        if not (keep or reuse):
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def build():
    from django.core.management import call_command
    from wagtail.models import Page

    from portal.directory.bulk import bulk_create_merchant_pages
    from portal.directory.factories import DirectoryIndexPageFactory
    from portal.directory.models import Category
    from portal.home import factories as home_factories
    from portal.shop.defaults import create_defaults
    from tests.sitesearch.town import build_town, filler_businesses

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated in {time.perf_counter() - started:.0f} s", flush=True)

    create_defaults()
    home = home_factories.HomePageFactory(parent=Page.get_first_root_node())
    home_factories.make_default_site(home)
    index = DirectoryIndexPageFactory(parent=home)
    started = time.perf_counter()
    town = build_town(index, filler=0)
    categories = {category.slug: category for category in Category.objects.all()}
    # Spread over every category below the top level, as in a real town.
    slugs = sorted(category.slug for category in categories.values() if category.parent_id)
    remaining = BUSINESSES - len(town)
    filler = []
    for start in range(0, remaining, 2000):
        filler += bulk_create_merchant_pages(
            index,
            filler_businesses(
                min(2000, remaining - start), categories, start=start, category_slugs=slugs
            ),
        )
    print(
        f"created {len(town) + len(filler)} businesses in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    started = time.perf_counter()
    made = add_products(filler[::SHOP_EVERY], PRODUCTS)
    print(f"created and indexed {made} products in {time.perf_counter() - started:.0f} s")
    analyze()


def measure():
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from portal.directory.models import DirectoryIndexPage
    from tests.sitesearch.town import QUERIES, report, run_table

    settings.ALLOWED_HOSTS = ["*"]
    setup_test_environment()
    client = Client()
    index = DirectoryIndexPage.objects.get()
    measures = {
        "directory search": lambda text: client.get(index.url, {"q": text}),
        "site search": lambda text: client.get(reverse("search"), {"q": text}),
        "autocomplete": lambda text: client.get(reverse("search_suggestions"), {"q": text[:5]}),
    }
    print(
        f"\nServer time, {BUSINESSES} businesses and {PRODUCTS} products, "
        f"{len(BENCH_QUERIES)} queries x {REPEAT} requests (ms):"
    )
    for label, ask in measures.items():
        for text in BENCH_QUERIES:  # warm up
            ask(text)
        times, cpu = [], []
        slowest = (0, "")
        for _ in range(REPEAT):
            for text in BENCH_QUERIES:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = ask(text)
                elapsed = (time.perf_counter() - started) * 1000
                cpu.append((time.process_time() - started_cpu) * 1000)
                assert response.status_code == 200, (label, text, response.status_code)
                times.append(elapsed)
                slowest = max(slowest, (elapsed, text))
        print(
            f"  {label:<18} p50 {percentile(times, 50):6.1f}  p95 {percentile(times, 95):6.1f}  "
            f"(app CPU p50 {percentile(cpu, 50):5.1f} p95 {percentile(cpu, 95):5.1f}; "
            f"slowest {slowest[0]:.0f} ms for {slowest[1]!r})"
        )
    print(f"  load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    rows = run_table(client, index, QUERIES)
    print()
    print(report(rows, f"Query table on {BUSINESSES} businesses and {PRODUCTS} products:"))


def percentile(values, share):
    ordered = sorted(values)
    if share == 50:
        return statistics.median(ordered)
    return ordered[max(int(len(ordered) * share / 100) - 1, 0)]


def add_products(pages, total):
    """``total`` products spread over shops of ``pages``, created and indexed in bulk."""
    from oscar.core.loading import get_model

    from portal.directory import search_index
    from portal.directory.search import reindex_merchants
    from portal.shop.factories import product_class
    from portal.shop.models import MerchantShop

    Partner = get_model("partner", "Partner")
    Product = get_model("catalogue", "Product")
    StockRecord = get_model("partner", "StockRecord")
    goods = product_class()
    # Shops opened in bulk (the service opens one with its team and rights, slowly).
    partners = Partner.objects.bulk_create(
        [Partner(name=page.title[:128], code=f"merchant-{page.pk}") for page in pages]
    )
    shops = MerchantShop.objects.bulk_create(
        [
            MerchantShop(partner=partner, page=page, offers_pickup=True)
            for partner, page in zip(partners, pages, strict=True)
        ]
    )
    per_shop = -(-total // len(shops))
    products, number = [], 0
    for shop in shops:
        for _ in range(per_shop):
            if number == total:
                break
            word = PRODUCT_WORDS[number % len(PRODUCT_WORDS)]
            kind = PRODUCT_KINDS[number // len(PRODUCT_WORDS) % len(PRODUCT_KINDS)]
            products.append(
                Product(
                    title=f"{word} {kind} Nr. {number}",
                    slug=f"artikel-{number}",
                    description=f"{word} aus Musterstadt, {kind}.",
                    product_class=goods,
                    partner=shop.partner,
                    vat_rate="19",
                    is_public=True,
                )
            )
            number += 1
    products = Product.objects.bulk_create(products, batch_size=2000)
    StockRecord.objects.bulk_create(
        [
            StockRecord(
                product=product,
                partner_id=product.partner_id,
                partner_sku=f"SKU-{product.pk}",
                price=Decimal("9.90"),
                price_currency="EUR",
                num_in_stock=10,
            )
            for product in products
        ],
        batch_size=2000,
    )
    search_index.add_bulk(Product, products)
    reindex_merchants([page.pk for page in pages])
    return len(products)


def analyze():
    """What autovacuum does to a live database: statistics, GIN pending lists merged."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


if __name__ == "__main__":
    main()
