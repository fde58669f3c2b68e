"""Latency of the concerns' public read paths with 100,000 concerns in PostgreSQL.

Measures, through gunicorn with the production settings:

- ``/open311/v2/requests.json`` with a 30-day ``start_date``/``end_date`` window and a
  ``status`` filter (open or closed), at random positions within the year;
- the public list page ``/anliegen/uebersicht/``, unfiltered and filtered by topic
  and/or status, on its first pages.

Prints p50/p95/p99/max in milliseconds per path; the target is p95 < 150 ms.

Needs: PostgreSQL on 127.0.0.1:5432 (user ``postgres``, trust auth), the project's
virtualenv (`make install`: gunicorn, psycopg, requests). Installs nothing.
Creates the database ``bench_concerns`` and drops it again unless ``--keep``.

    .venv/bin/python bench/concerns_benchmark.py [--concerns 100000] [--requests 400]
"""

import argparse
import datetime
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "bench_concerns"
SERVER_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"
PORT = 8391
TARGET_MS = 150


def recreate_database():
    with psycopg.connect(SERVER_DSN, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DB_NAME}")


def drop_database():
    with psycopg.connect(SERVER_DSN, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


def manage(*args, env):
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)


def seed(count):
    """Site, concerns page, 4 offices with 7 topics, ``count`` concerns over one year."""
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone
    from wagtail.models import Page

    from portal.concerns import factories
    from portal.concerns.demo import OFFICES
    from portal.concerns.factories import ConcernIndexPageFactory
    from portal.concerns.models import Concern, Status, TrackingCounter
    from portal.home.factories import HomePageFactory, make_default_site

    home = HomePageFactory(parent=Page.get_first_root_node())
    make_default_site(home)
    page = ConcernIndexPageFactory(parent=home)
    topics = []
    for office_name, office_topics in OFFICES.items():
        office = factories.OfficeFactory(name=office_name)
        for name, code in office_topics:
            topics.append(factories.TopicFactory(name=name, code=code, office=office))

    rng = random.Random(311)
    now = timezone.now()
    year = timezone.localdate().year
    statuses = [Status.RECEIVED, Status.IN_PROCESS, Status.PROCESSED, Status.REJECTED]
    weights = [20, 20, 50, 10]
    batch = []
    for number in range(1, count + 1):
        created = now - datetime.timedelta(seconds=rng.randint(0, 365 * 24 * 3600))
        status = rng.choices(statuses, weights)[0]
        closed = status in (Status.PROCESSED, Status.REJECTED)
        topic = rng.choice(topics)
        published = rng.random() < 0.92
        batch.append(
            Concern(
                tracking_number=f"{year}-{number:06d}",
                private_token=f"bench-{number}-{rng.getrandbits(64):x}",
                kind=rng.choice(["problem", "idea", "hint"]),
                topic=topic,
                office=topic.office,
                description=f"Meldung {number}: " + "Schaden am Gehweg, bitte prüfen. " * 3,
                latitude=round(float(page.map_latitude) + rng.uniform(-0.02, 0.02), 6),
                longitude=round(float(page.map_longitude) + rng.uniform(-0.03, 0.03), 6),
                address=f"Bahnhofstraße {number % 200}",
                email="" if rng.random() < 0.6 else f"buerger{number}@example.org",
                status=status,
                status_note="Ist beauftragt." if status != Status.RECEIVED else "",
                is_published=published,
                published_at=created if published else None,
                is_hidden=rng.random() < 0.01,
                source="web",
                created_at=created,
                updated_at=created + datetime.timedelta(days=rng.randint(0, 5)),
                closed_at=created + datetime.timedelta(days=3) if closed else None,
            )
        )
        if len(batch) == 5000:
            Concern.objects.bulk_create(batch)
            batch = []
    Concern.objects.bulk_create(batch)
    TrackingCounter.objects.create(year=year, last_number=count)
    with connection.cursor() as cursor:
        # What autovacuum does in production after a bulk load: statistics and the
        # visibility map (index-only counts).
        cursor.execute("VACUUM ANALYZE")
    return page.url, [topic.code for topic in topics]


def existing_data():
    import django

    django.setup()
    from portal.concerns.models import Concern, ConcernIndexPage, Topic

    print(f"Reusing {DB_NAME} with {Concern.objects.count()} concerns", flush=True)
    return ConcernIndexPage.objects.get().url, list(Topic.objects.values_list("code", flat=True))


def start_server(env):
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "portal.wsgi",
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        "2",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{PORT}/robots.txt", timeout=10, headers=HEADERS)
            return server
        except requests.RequestException:
            time.sleep(0.5)
    server.terminate()
    server.wait(timeout=10)
    raise SystemExit("gunicorn did not start")


# Production settings redirect plain HTTP; a proxy in front would set this header.
HEADERS = {"X-Forwarded-Proto": "https"}


def measure(session, urls):
    timings = []
    for url in urls:
        start = time.perf_counter()
        response = session.get(f"http://127.0.0.1:{PORT}{url}", headers=HEADERS, timeout=30)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return timings


def report(name, timings):
    ordered = sorted(timings)

    def pick(fraction):
        return ordered[min(len(ordered) - 1, int(round(fraction * len(ordered))) - 1)]

    p95 = pick(0.95)
    verdict = "OK" if p95 < TARGET_MS else "OVER TARGET"
    print(
        f"{name:<44} n={len(ordered):<4} p50={statistics.median(ordered):6.1f} ms  "
        f"p95={p95:6.1f} ms  p99={pick(0.99):6.1f} ms  max={ordered[-1]:6.1f} ms  {verdict}"
    )
    return p95


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concerns", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=400, help="measured requests per path")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="measure a database kept by an earlier --keep run"
    )
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="bench-concerns-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DJANGO_SECRET_KEY": "benchmark-only-not-secret-" + "x" * 30,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "STATIC_ROOT": str(scratch / "static"),
        "MEDIA_ROOT": str(scratch / "media"),
        "EMAIL_URL": "consolemail://",
    }
    os.environ.update(env)
    server = None
    try:
        print("Collecting static files (production storage) ...", flush=True)
        manage("collectstatic", "--noinput", "-v0", env=env)
        if args.reuse:
            page_url, codes = existing_data()
        else:
            print(f"Creating {DB_NAME} and migrating ...", flush=True)
            recreate_database()
            manage("migrate", "--noinput", "-v0", env=env)
            started = time.perf_counter()
            page_url, codes = seed(args.concerns)
            seconds = time.perf_counter() - started
            print(f"Seeded {args.concerns} concerns in {seconds:.0f} s", flush=True)
        server = start_server(env)

        rng = random.Random(42)
        now = datetime.datetime.now(datetime.UTC)

        def open311_url():
            end = now - datetime.timedelta(days=rng.randint(0, 330))
            start = end - datetime.timedelta(days=30)
            return (
                "/open311/v2/requests.json?start_date="
                f"{start:%Y-%m-%dT%H:%M:%SZ}&end_date={end:%Y-%m-%dT%H:%M:%SZ}"
                f"&status={rng.choice(['open', 'closed'])}"
            )

        def list_url():
            params = [f"seite={rng.randint(1, 5)}"]
            if rng.random() < 0.5:
                params.append(f"thema={rng.choice(codes)}")
            if rng.random() < 0.5:
                params.append(f"status={rng.choice(['received', 'in_process', 'processed'])}")
            return f"{page_url}uebersicht/?{'&'.join(params)}"

        session = requests.Session()
        measure(session, [open311_url() for _ in range(20)] + [list_url() for _ in range(20)])
        sample = session.get(
            f"http://127.0.0.1:{PORT}{open311_url()}", headers=HEADERS, timeout=30
        ).json()
        print(f"requests.json answers with {len(sample)} requests (spec limit 1000) per call")
        print(f"Measuring {args.requests} sequential requests per path (2 gunicorn workers):")
        p95s = [
            report(
                "GET requests.json (30-day window + status)",
                measure(session, [open311_url() for _ in range(args.requests)]),
            ),
            report(
                "GET public list page (topic/status filters)",
                measure(session, [list_url() for _ in range(args.requests)]),
            ),
        ]
        print(f"Target p95 < {TARGET_MS} ms: {'met' if max(p95s) < TARGET_MS else 'NOT met'}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        if not (args.keep or args.reuse):
            drop_database()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
