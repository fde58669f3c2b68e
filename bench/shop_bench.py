"""Marketplace figures with 200 merchants and 20,000 products.

Builds the demo town in a fresh PostgreSQL database (``bench_shop``), adds
merchants with shops and products up to 200 and 20,000 (``bench/shop_data.py``),
serves it with the production settings (DEBUG off) through gunicorn with 2
sync workers and measures, from a client on the same machine:

- p50/p95 response time of the catalogue list (its first page in every
  checkout, and pages 1 to 100 of 20 products), the product page (200
  different products), add-to-basket, and every step of a complete checkout
  of a three-merchant basket (pickup, delivery, shipping; bank transfer), plus
  the whole checkout from first click to confirmation;
- requests/s of the product page under ``wrk -t2 -c16 -d15s``.

Times are wall-clock per request over loopback, so they are an upper bound
of the server time. Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and
wrk (``apt-get install wrk``); installs nothing.

Run: .venv/bin/python bench/shop_bench.py
"""

import http.cookies
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))

from common import (  # noqa: E402
    PYTHON,
    ROOT,
    fresh_database,
    gunicorn,
    manage,
    production_env,
    scratch_dirs,
    wrk,
)

PORT = 8147
PRODUCT_PAGES = 200
CHECKOUTS = 40
CATALOGUE_PAGES = 100
ADDRESS = {
    "first_name": "Bea",
    "last_name": "Bench",
    "line1": "Lindenallee 3",
    "line4": "Musterstadt",
    "postcode": "12345",
}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One browser session: keeps its cookies, sends CSRF tokens, times every request."""

    opener = urllib.request.build_opener(NoRedirect)

    def __init__(self, base):
        self.base = base
        self.cookies = {}

    def request(self, path, data=None):
        headers = {"X-Forwarded-Proto": "https", "Origin": f"https://127.0.0.1:{PORT}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        started = time.perf_counter()
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:  # 302 and friends
            response = error
        content = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        for header in response.headers.get_all("Set-Cookie") or []:
            for morsel in http.cookies.SimpleCookie(header).values():
                self.cookies[morsel.key] = morsel.value
        if response.status >= 400:
            raise RuntimeError(f"{path}: HTTP {response.status}")
        return elapsed, content.decode("utf-8", "replace")


def percentiles(samples):
    ordered = sorted(samples)
    p95 = ordered[max(0, round(len(ordered) * 0.95) - 1)]
    return statistics.median(ordered), p95


def checkout(base, plan, timings):
    visitor = Visitor(base)
    total = 0.0

    def step(name, path, data=None):
        nonlocal total
        elapsed, content = visitor.request(path, data)
        timings.setdefault(name, []).append(elapsed)
        total += elapsed
        return content

    step("catalogue list", "/shop/catalogue/")
    for item in plan:
        step("add to basket", f"/shop/basket/add/{item['product']}/", {"quantity": 1})
    step("basket page", "/shop/basket/")
    step("checkout: contact", "/shop/checkout/")
    step(
        "checkout: contact (post)",
        "/shop/checkout/",
        {"username": "bench@example.org", "options": "anonymous"},
    )
    step("checkout: fulfilment", "/shop/checkout/lieferung/")
    step(
        "checkout: fulfilment (post)",
        "/shop/checkout/lieferung/",
        {f"shop_{item['shop']}": item["method"] for item in plan},
    )
    step("checkout: address", "/shop/checkout/adresse/")
    step("checkout: address (post)", "/shop/checkout/adresse/", ADDRESS)
    step("checkout: payment", "/shop/checkout/zahlung/")
    step("checkout: payment (post)", "/shop/checkout/zahlung/", {"method": "bank-transfer"})
    preview = step("checkout: review", "/shop/checkout/bestellen/")
    token = preview.split('name="token" value="', 1)[1].split('"', 1)[0]
    step("checkout: place order", "/shop/checkout/bestellen/", {"token": token})
    confirmation = step("checkout: confirmation", "/shop/checkout/danke/")
    if "pickup-code__value" not in confirmation:
        raise RuntimeError("The checkout did not reach its confirmation.")
    timings.setdefault("complete checkout (all steps)", []).append(total)


def main():
    with fresh_database("bench_shop") as database, scratch_dirs() as (media, static):
        env = {**production_env(database, media, static), "EMAIL_URL": "dummymail://"}
        print("Migrating, building the demo town and 20,000 products …", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "compile_translations")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "build_demo_town", "--allow-production")
        subprocess.run([PYTHON, "-m", "bench.shop_data"], check=True, cwd=ROOT, env=env)
        sample = json.loads(
            subprocess.run(
                [PYTHON, "-m", "bench.shop_data", "sample"],
                check=True,
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            ).stdout.splitlines()[-1]
        )
        timings = {}
        with gunicorn("portal.wsgi:application", env, port=PORT) as base:
            visitor = Visitor(base)
            for url in sample["urls"][:20]:  # warm-up: templates, thumbnails, caches
                visitor.request(url)
            checkout(base, sample["checkout"], {})
            for url in sample["urls"][:PRODUCT_PAGES]:
                timings.setdefault("product page", []).append(visitor.request(url)[0])
            for page in range(1, CATALOGUE_PAGES + 1):
                path = f"/shop/catalogue/?seite={page}"
                timings.setdefault("catalogue list, pages 1-100", []).append(
                    visitor.request(path)[0]
                )
            for _ in range(CHECKOUTS):
                checkout(base, sample["checkout"], timings)
            product_url = base + sample["urls"][0]
            wrk(product_url, duration="3s", headers=["X-Forwarded-Proto: https"])
            throughput = wrk(product_url, headers=["X-Forwarded-Proto: https"])

    print()
    print("200 merchants, 20,000 products; gunicorn -w 2 (sync), PostgreSQL, DEBUG off")
    print(f"{'page':<32} {'n':>4} {'p50 ms':>8} {'p95 ms':>8}")
    for name, samples in timings.items():
        p50, p95 = percentiles(samples)
        print(f"{name:<32} {len(samples):>4} {p50:>8.1f} {p95:>8.1f}")
    print()
    print(
        f"product page under wrk -t2 -c16 -d15s: {throughput['rps']:.1f} req/s, "
        f"p50 {throughput['p50']:.1f} ms, p99 {throughput['p99']:.1f} ms, "
        f"non-2xx {throughput['errors']}"
    )
    if throughput["errors"]:
        sys.exit("Some responses were not 2xx/3xx: the figures are not valid.")


if __name__ == "__main__":
    main()
