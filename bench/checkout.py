"""Checkout with online payment: server time per step and for the whole checkout; webhooks/s.

Builds the demo town plus merchants and products up to 200 merchants and
20,000 products (``bench/shop_data.py``) in a fresh PostgreSQL database
(``portal_payment_bench``), serves it with the production settings (DEBUG off,
``bench/payment_settings.py``: only the payment endpoint differs) through
gunicorn with 2 sync workers, and runs the local fake of Mollie's API in this
process, as the provider. Then:

1. 40 complete checkouts of a three-merchant basket (pickup, delivery,
   shipping), paid online: every portal request is timed - the steps, placing
   the order (which creates the provider's payment), the provider's webhook
   (delivered by this script, so its time is the portal's), and the return
   page - and their sum is the whole checkout's server time. The provider's own
   page is not the portal's and is not counted. p50/p95 per step.
2. 400 further checkouts are placed inside Django (``placement.place``, online
   payment, one item each), marked paid at the fake provider, and their
   webhooks are sent by 8 threads at once - each one twice, as providers
   retry - against gunicorn: webhooks handled per second, and afterwards every
   checkout must be settled exactly once (one payment event per order).

Times are wall-clock per request over loopback, an upper bound of the server
time. Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and Redis on
127.0.0.1:6379; installs nothing.

Run: .venv/bin/python bench/checkout.py
"""

import json
import os
import queue
import random
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))

import shop_bench  # noqa: E402
from common import PYTHON, ROOT, fresh_database, gunicorn, manage, production_env, scratch_dirs  # noqa: E402
from shop_bench import ADDRESS, Visitor, percentiles  # noqa: E402

PORT = 8221
PROVIDER_PORTS = range(8222, 8240)
DATABASE = "portal_payment_bench"
shop_bench.PORT = PORT  # the Origin header the visitors send (CSRF)
CHECKOUTS = 40
WEBHOOK_CHECKOUTS = 400
WEBHOOK_THREADS = 8


def checkout(base, fake, plan, timings):
    """One resident's checkout, paid on the provider's page; the portal's requests timed."""
    visitor = Visitor(base)
    total = 0.0

    def step(name, path, data=None):
        nonlocal total
        elapsed, content = visitor.request(path, data)
        timings.setdefault(name, []).append(elapsed)
        total += elapsed
        return content

    visitor.request("/shop/catalogue/")  # browsing before: the CSRF cookie, not counted
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
    step("checkout: payment (post)", "/shop/checkout/zahlung/", {"method": "mollie"})
    preview = step("checkout: review", "/shop/checkout/bestellen/")
    token = preview.split('name="token" value="', 1)[1].split('"', 1)[0]
    known = set(fake.payments)
    step("place order (creates payment)", "/shop/checkout/bestellen/", {"token": token})
    created = set(fake.payments) - known
    if len(created) != 1:
        raise RuntimeError("Placing the order did not create one payment at the provider.")
    [payment_id] = created
    fake.pay(payment_id)  # the resident pays on the provider's page; the webhook is held
    [(url, held_id)] = fake.take_held()
    step("provider webhook (paid)", urllib.parse.urlsplit(url).path, {"id": held_id})
    return_path = urllib.parse.urlsplit(fake.payments[payment_id]["redirectUrl"]).path
    page = step("return page (paid)", return_path)
    if "Vielen Dank" not in page or "pickup-code__value" not in page:
        raise RuntimeError("The return page does not show the paid order.")
    timings.setdefault("whole checkout (all portal requests)", []).append(total)


def post_webhook(base, payment_id):
    body = urllib.parse.urlencode({"id": payment_id}).encode()
    request = urllib.request.Request(f"{base}/shop/zahlung/mollie/webhook/", data=body)
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, response.read()


def webhook_storm(base, payment_ids):
    """Every webhook twice, 8 at a time; returns (seconds, answers)."""
    jobs = queue.Queue()
    calls = payment_ids * 2
    random.Random("webhooks").shuffle(calls)
    for payment_id in calls:
        jobs.put(payment_id)
    answers, lock = [], threading.Lock()

    def worker():
        while True:
            try:
                payment_id = jobs.get_nowait()
            except queue.Empty:
                return
            answer = post_webhook(base, payment_id)
            with lock:
                answers.append(answer)

    threads = [threading.Thread(target=worker) for _ in range(WEBHOOK_THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, answers


# ------------------------------------------------------------ inside Django


def prepare_paid_checkouts(count):
    """Place ``count`` one-item checkouts paid online; print their payment ids (JSON)."""
    import uuid

    import django

    django.setup()
    from oscar.core.loading import get_class, get_model

    from portal.shop.models import MerchantShop
    from portal.shop.services import placement

    Basket = get_model("basket", "Basket")
    Product = get_model("catalogue", "Product")
    Selector = get_class("partner.strategy", "Selector")
    shop = MerchantShop.objects.selling().filter(offers_pickup=True).first()
    product = Product.objects.for_sale().filter(partner_id=shop.partner_id).first()
    ids = []
    for _ in range(count):
        basket = Basket.objects.create()
        basket.strategy = Selector().strategy()
        basket.add_product(product, 1)
        basket = Basket.objects.get(pk=basket.pk)
        basket.strategy = Selector().strategy()
        checkout = placement.place(
            basket,
            token=uuid.uuid4().hex,
            user=None,
            email="webhook@example.org",
            choices={str(shop.pk): "pickup"},
            address_fields={},
            method_code="mollie",
        )
        ids.append(checkout.payments.get().reference)
    print(json.dumps(ids))


def count_settled(ids):
    import django

    django.setup()
    from oscar.core.loading import get_model

    from portal.shop.models import Checkout, Payment

    PaymentEvent = get_model("order", "PaymentEvent")
    checkouts = Checkout.objects.filter(payments__reference__in=ids)
    print(
        json.dumps(
            {
                "settled": checkouts.filter(payment_status=Checkout.PAYMENT_SETTLED).count(),
                "paid_payments": Payment.objects.filter(reference__in=ids, status="paid").count(),
                "payment_events": PaymentEvent.objects.filter(
                    order__merchant_order__checkout__in=checkouts
                ).count(),
            }
        )
    )


# ------------------------------------------------------------ the benchmark


def django_json(env, *args):
    output = subprocess.run(
        [PYTHON, "bench/checkout.py", *args],
        check=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def fake_provider_module():
    """The fake provider's module, loaded by path: it needs no Django (its package does)."""
    import importlib.util

    path = ROOT / "portal" / "shop" / "payments" / "fake_provider.py"
    spec = importlib.util.spec_from_file_location("fake_provider", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    fake = fake_provider_module().FakeMollie(webhooks="hold")
    provider = fake.start(ports=PROVIDER_PORTS)
    with fresh_database(DATABASE) as database, scratch_dirs() as (media, static):
        env = {
            **production_env(database, media, static),
            "EMAIL_URL": "dummymail://",
            "MOLLIE_API_KEY": "test_bench",
            "MOLLIE_API_ENDPOINT": "",
            "BENCH_FAKE_PROVIDER_URL": provider,
            "PAYMENT_CALLBACK_BASE_URL": f"http://127.0.0.1:{PORT}",
        }
        build_env = dict(env)
        env["DJANGO_SETTINGS_MODULE"] = "bench.payment_settings"
        print("Migrating, building the demo town and 20,000 products …", flush=True)
        manage(build_env, "migrate", "--noinput", "-v0")
        manage(build_env, "compile_translations")
        manage(build_env, "collectstatic", "--noinput", "-v0")
        manage(build_env, "build_demo_town", "--allow-production")
        subprocess.run([PYTHON, "-m", "bench.shop_data"], check=True, cwd=ROOT, env=build_env)
        sample = json.loads(
            subprocess.run(
                [PYTHON, "-m", "bench.shop_data", "sample"],
                check=True,
                cwd=ROOT,
                env=build_env,
                capture_output=True,
                text=True,
            ).stdout.splitlines()[-1]
        )
        timings = {}
        with gunicorn("portal.wsgi:application", env, port=PORT) as base:
            checkout(base, fake, sample["checkout"], {})  # warm-up
            for _ in range(CHECKOUTS):
                checkout(base, fake, sample["checkout"], timings)

            print(f"Placing {WEBHOOK_CHECKOUTS} checkouts for the webhook run …", flush=True)
            ids = django_json(env, "prepare", str(WEBHOOK_CHECKOUTS))
            for payment_id in ids:
                fake.pay(payment_id, notify=False)
            seconds, answers = webhook_storm(base, ids)
            outcome = django_json(env, "count", *ids)
    fake.stop()

    print()
    print("200 merchants, 20,000 products; gunicorn -w 2 (sync), PostgreSQL, DEBUG off;")
    print("online payment through the local fake of Mollie's API (webhook delivered by the script)")
    print(f"{'portal request':<40} {'n':>4} {'p50 ms':>8} {'p95 ms':>8}")
    for name, samples in timings.items():
        p50, p95 = percentiles(samples)
        print(f"{name:<40} {len(samples):>4} {p50:>8.1f} {p95:>8.1f}")
    print()
    changed = sum(1 for status, body in answers if status == 200 and body == b"changed")
    unchanged = sum(1 for status, body in answers if status == 200 and body == b"unchanged")
    print(
        f"webhooks: {len(answers)} calls ({len(ids)} payments, each twice) by "
        f"{WEBHOOK_THREADS} threads in {seconds:.1f} s = {len(answers) / seconds:.1f} webhooks/s "
        f"({changed} changed the state, {unchanged} found it done)"
    )
    print(
        f"afterwards: {outcome['settled']} of {len(ids)} checkouts settled, "
        f"{outcome['paid_payments']} payments paid, {outcome['payment_events']} payment events"
    )
    if changed != len(ids) or outcome["payment_events"] != len(ids):
        sys.exit("A payment changed state more or less than once: the figures are not valid.")


if __name__ == "__main__":
    if sys.argv[1:2] == ["prepare"]:
        prepare_paid_checkouts(int(sys.argv[2]))
    elif sys.argv[1:2] == ["count"]:
        count_settled(sys.argv[2:])
    else:
        main()
