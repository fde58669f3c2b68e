"""Throughput of the home page and the news index under gunicorn.

Serves the demo town with the production settings (DEBUG off) from a fresh
PostgreSQL database through gunicorn with 2 sync workers, loads it with
``wrk -t2 -c16 -d15s``, and prints requests/s and p50/p99 latency next to the
same figures for a one-line WSGI app on the same gunicorn settings.

Run: .venv/bin/python bench/home_rps.py     (needs PostgreSQL and wrk)
"""

import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))

from common import (  # noqa: E402
    fresh_database,
    gunicorn,
    manage,
    production_env,
    scratch_dirs,
    wrk,
)

# The production settings redirect plain HTTP; behind the proxy they trust this header.
PROXY_HEADERS = ["X-Forwarded-Proto: https"]


def main():
    with fresh_database("bench_home") as database, scratch_dirs() as (media, static):
        env = production_env(database, media, static)
        print("Migrating and building the demo town …", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "compile_translations")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "build_demo_town", "--allow-production")
        results = {}
        with gunicorn("portal.wsgi:application", env, port=8101) as base:
            for name, path in (("home page", "/"), ("news index", "/aktuelles/")):
                wrk(base + path, duration="3s", headers=PROXY_HEADERS)  # warm-up
                results[name] = wrk(base + path, headers=PROXY_HEADERS)
        with gunicorn("bench.ok_app:application", env, port=8102) as base:
            wrk(base + "/", duration="3s")
            results["WSGI 'ok'"] = wrk(base + "/")

    baseline = results["WSGI 'ok'"]["rps"]
    print()
    print("gunicorn -w 2 (sync), wrk -t2 -c16 -d15s, PostgreSQL, DEBUG off")
    print(f"{'endpoint':<12} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'vs ok':>8}")
    for name, figures in results.items():
        ratio = figures["rps"] / baseline
        print(
            f"{name:<12} {figures['rps']:>9.1f} {figures['p50']:>8.2f} {figures['p99']:>8.2f}"
            f" {figures['errors']:>8} {ratio:>8.4f}"
        )
    if any(figures["errors"] for figures in results.values()):
        sys.exit("Some responses were not 2xx/3xx: the figures are not valid.")


if __name__ == "__main__":
    main()
