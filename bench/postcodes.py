"""Benchmark: loading every German postcode, and looking one up among them.

Needs a running PostgreSQL (``DATABASE_URL``, default
postgres://postgres@127.0.0.1:5432/bench_postcodes); the script creates the
database, migrates it and drops it at the end. Nothing is installed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_postcodes \\
        .venv/bin/python bench/postcodes.py

Prints the wall time of migration 0008 (the fresh-install load), of
``import_postcodes`` on a full table (nothing to write) and on an empty one,
and the queries and p50/p95 time of ``postcode_origin`` for a known postcode
and for an unknown one that gets suggestions.
"""

import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_postcodes")
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"

LOOKUPS = 500


def main():
    import django
    from django.db import connections

    from bench.common import fresh_database

    with fresh_database(os.environ["DATABASE_URL"].rsplit("/", 1)[1]):
        django.setup()
        try:
            run()
        finally:
            connections.close_all()


def timed(action):
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def run():
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.directory.finder import postcode_origin
    from portal.directory.models import PostcodeArea

    call_command("migrate", verbosity=0)
    call_command("migrate", "directory", "0007", verbosity=0)
    PostcodeArea.objects.all().delete()
    _, seconds = timed(lambda: call_command("migrate", "directory", "0008", verbosity=0))
    count = PostcodeArea.objects.count()
    print(f"migration 0008 on an empty table: {count} postcodes, {seconds:.2f} s")

    out = io.StringIO()
    _, seconds = timed(lambda: call_command("import_postcodes", stdout=out))
    print(f"import_postcodes, table full:  {out.getvalue().strip()} ({seconds:.2f} s)")
    PostcodeArea.objects.all().delete()
    out = io.StringIO()
    _, seconds = timed(lambda: call_command("import_postcodes", stdout=out))
    print(f"import_postcodes, table empty: {out.getvalue().strip()} ({seconds:.2f} s)")

    for label, postcode in (("known 80331", "80331"), ("unknown 24130", "24130")):
        with CaptureQueriesContext(connection) as captured:
            result = postcode_origin(postcode)
        times = []
        for _ in range(LOOKUPS):
            _, seconds = timed(lambda code=postcode: postcode_origin(code))
            times.append(seconds * 1000)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(
            f"postcode_origin {label}: {len(captured)} query, "
            f"p50 {statistics.median(times):.2f} ms, p95 {p95:.2f} ms -> {result}"
        )


if __name__ == "__main__":
    main()
