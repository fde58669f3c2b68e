"""CPU per request, queries and requests/s of the key anonymous pages, uncached, cached by
the portal itself and behind Varnish, next to a one-line WSGI app in the same run.

Serves the demo town with the production settings (DEBUG off) from a fresh
PostgreSQL database through gunicorn with 2 sync workers and loads each page
with ``wrk -t2 -c16`` (15 s, ``--duration`` changes it). For every page and mode
it prints requests/s, the ratio to the one-line WSGI app ("ok", measured
before and after the pages; their mean is the baseline) and the CPU
milliseconds per request of the app workers and of the PostgreSQL backends
serving them (from /proc, so other processes on the machine do not count).
The query count per page is taken once, uncached, with Django's test client.

Modes: ``uncached`` (PAGE_CACHE=false: every request renders), ``portal``
(the portal's own page cache in Redis) and ``varnish`` (Varnish with
deploy/varnish/portal.vcl in front; skipped if varnishd is missing).

Run: .venv/bin/python bench/pages.py [--duration 15s] [--modes uncached,portal,varnish]
Needs PostgreSQL, Redis (REDIS_URL, default DB 0 of 127.0.0.1:6379; the page
cache keys are flushed by a new generation, nothing else is touched), wrk and
optionally varnishd.
"""

import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

from common import (  # noqa: E402
    PYTHON,
    ROOT,
    child_pids,
    fresh_database,
    gunicorn,
    manage,
    process_cpu_seconds,
    production_env,
    scratch_dirs,
    wrk,
)
from varnish import varnishd, varnishd_path  # noqa: E402

DATABASE = "bench_pages"
PROXY_HEADERS = ["X-Forwarded-Proto: https"]
PAGES_SCRIPT = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model
from portal.directory.models import MerchantPage
from portal.home.models import NewsPage

product = get_model("catalogue", "Product").objects.for_sale().order_by("pk").first()
pages = {
    "home": "/",
    "news article": NewsPage.objects.live().order_by("-date").first().url,
    "directory index": "/haendler/",
    "merchant page": MerchantPage.objects.live().filter(shop__isnull=False).first().url,
    "product page": product.get_absolute_url(),
    "catalogue": "/shop/catalogue/",
}
client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
counts = {}
for name, url in pages.items():
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    counts[name] = len(queries)
print(json.dumps({"pages": pages, "queries": counts}))
"""


def page_list(env):
    output = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", PAGES_SCRIPT],
        check=True,
        cwd=ROOT,
        env={**env, "PAGE_CACHE": "false"},
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def postgres_backends():
    output = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-At",
            "-c",
            f"SELECT pid FROM pg_stat_activity WHERE datname = '{DATABASE}'",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [int(pid) for pid in output.split()]


def measure(url, workers, duration):
    """wrk figures plus CPU ms per request of the app workers and PostgreSQL."""
    wrk(url, duration="2s", headers=PROXY_HEADERS)  # warm-up (also opens DB connections)
    app_before = process_cpu_seconds(workers())
    db_before = process_cpu_seconds(postgres_backends())
    figures = wrk(url, duration=duration, headers=PROXY_HEADERS)
    app_after = process_cpu_seconds(workers())
    db_after = process_cpu_seconds(postgres_backends())
    requests = max(figures["requests"], 1)

    def per_request(before, after):
        spent = sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())
        return spent * 1000 / requests

    figures["app_ms"] = per_request(app_before, app_after)
    figures["db_ms"] = per_request(db_before, db_after)
    return figures


def serve_portal(env, port, page_cache):
    master = {}
    server = gunicorn(
        "portal.wsgi:application",
        {**env, "PAGE_CACHE": "true" if page_cache else "false"},
        port=port,
        on_start=lambda process: master.update(pid=process.pid),
    )
    return server, lambda: child_pids(master["pid"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", default="15s")
    parser.add_argument("--modes", default="uncached,portal,varnish")
    options = parser.parse_args()
    modes = options.modes.split(",")
    if "varnish" in modes and not varnishd_path():
        print("varnishd not found (apt-get install varnish): the varnish mode is skipped.")
        modes.remove("varnish")

    results, ok = {}, []
    with fresh_database(DATABASE), scratch_dirs() as (media, static):
        env = production_env(DATABASE, media, static)
        print("Migrating and building the demo town …", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "compile_translations")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "build_demo_town", "--allow-production")
        listed = page_list(env)
        pages, queries = listed["pages"], listed["queries"]

        def ok_run():
            master = {}
            with gunicorn(
                "bench.ok_app:application",
                env,
                port=8112,
                on_start=lambda process: master.update(pid=process.pid),
            ) as base:
                ok.append(measure(base + "/", lambda: child_pids(master["pid"]), options.duration))

        ok_run()
        for mode in modes:
            server, workers = serve_portal(env, 8111, page_cache=mode != "uncached")
            with server as base:
                if mode == "varnish":
                    with varnishd(backend_port=8111) as cache_url:
                        for name, url in pages.items():
                            results[(mode, name)] = measure(
                                cache_url + url, workers, options.duration
                            )
                else:
                    for name, url in pages.items():
                        results[(mode, name)] = measure(base + url, workers, options.duration)
        ok_run()

    baseline = sum(run["rps"] for run in ok) / len(ok)
    print()
    print(f"gunicorn -w 2 (sync), wrk -t2 -c16 -d{options.duration}, PostgreSQL, DEBUG off")
    print(
        f"one-line WSGI app: {ok[0]['rps']:.0f} and {ok[1]['rps']:.0f} req/s "
        f"(before and after the pages), mean {baseline:.0f}"
    )
    header = f"{'mode':<9} {'page':<16} {'queries':>7} {'req/s':>9} {'vs ok':>7}"
    print(header + f" {'app ms':>7} {'db ms':>6} {'p50 ms':>7} {'non-2xx':>7}")
    for (mode, name), figures in results.items():
        print(
            f"{mode:<9} {name:<16} {queries[name]:>7} {figures['rps']:>9.1f}"
            f" {figures['rps'] / baseline:>7.3f} {figures['app_ms']:>7.2f} {figures['db_ms']:>6.2f}"
            f" {figures['p50']:>7.2f} {figures['errors']:>7}"
        )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if any(figures["errors"] for figures in results.values()):
        sys.exit("Some responses were not 2xx/3xx: the figures are not valid.")


if __name__ == "__main__":
    started = time.monotonic()
    main()
    print(f"took {time.monotonic() - started:.0f} s")
