"""Faults and hostile input against a running portal: what was done, what it answered, what stayed.

Starts its own Redis (a port in 6390-6399) and gunicorn (one worker, four
threads, persistent database connections, Redis cache, sessions read from
Redis and written to PostgreSQL: ``tests/faults/server_settings.py``) on a
fresh database ``portal_faults``, builds a small town, then runs each scenario
over HTTP and prints one table: requests sent, answers by status, and what
was stored. Every loop is bounded; all traffic goes to 127.0.0.1.

Run: .venv/bin/python bench/faults.py
Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and redis-server installed.
"""

import io
import os
import random
import sys
import threading
import zipfile
from collections import Counter
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import PG, fresh_database, manage, scratch_dirs  # noqa: E402

from tests.faults.servers import csrf_token as csrf  # noqa: E402

DATABASE = "portal_faults"
PASSWORD = "Bench-Passwort-2026"
ROWS = []


def configure(database, media, redis_url):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.faults.server_settings",
        "DATABASE_URL": f"{PG}/{database}?conn_max_age=600",
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(media),
        "PYTHONPATH": str(ROOT),
    }
    print("Migrating a fresh database …", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "compile_translations")
    os.environ.update(env)
    import django

    django.setup()
    return env


def build_town():
    from portal.concerns import factories as concern_factories
    from portal.directory import factories as directory_factories
    from portal.home import factories as home_factories
    from portal.shop.defaults import create_defaults
    from portal.shop.factories import product_for, shop_for
    from portal.vouchers import factories as voucher_factories

    create_defaults()
    home = home_factories.HomePageFactory(parent=home_factories.root_page())
    home_factories.make_default_site(home)
    index = directory_factories.DirectoryIndexPageFactory(parent=home, slug="haendler")
    directory_factories.CategoryFactory(name="Einzelhandel", slug="einzelhandel")
    page = directory_factories.MerchantPageFactory(
        parent=index, title="Bäckerei Korn", legal_name="Korn GmbH", legal_address="Markt 1"
    )
    shop = shop_for(page, offers_pickup=True)
    products = [product_for(shop, title=f"Brot {n}", stock=10_000) for n in range(2)]
    voucher = voucher_factories.VoucherFactory(
        batch__programme=voucher_factories.VoucherProgrammeFactory()
    )
    concern_page = concern_factories.ConcernIndexPageFactory(parent=home)
    topic = concern_factories.TopicFactory(name="Straßen", code="strassen")
    api_key = concern_factories.Open311ApiKeyFactory()
    users = {}
    for name, staff in (("kunde", False), ("admin", True)):
        user = home_factories.UserFactory(
            username=name, email=f"{name}@example.org", is_staff=staff, is_superuser=staff
        )
        user.set_password(PASSWORD)
        user.save()
        users[name] = user
    return {
        "products": products,
        "voucher": voucher,
        "concern_page": concern_page,
        "topic": topic,
        "api_key": api_key,
        "users": users,
    }


def counts():
    """Rows that matter, to say what a scenario stored."""
    from django.db.models import Sum
    from oscar.core.loading import get_model

    from portal.concerns.models import Concern
    from portal.directory.models import ImportRun, MerchantPage

    return {
        "items in baskets": get_model("basket", "Line").objects.aggregate(n=Sum("quantity"))["n"]
        or 0,
        "concerns": Concern.objects.count(),
        "profiles": MerchantPage.objects.count(),
        "import runs": ImportRun.objects.count(),
    }


def stored_since(before):
    after = counts()
    changed = {name: after[name] - before[name] for name in after if after[name] != before[name]}
    return ", ".join(f"{name} +{delta}" for name, delta in changed.items()) or "nothing"


def record(scenario, statuses, before, note=""):
    ROWS.append((scenario, statuses, stored_since(before), note))
    print(f"  {scenario}: {dict(sorted(statuses.items()))}", flush=True)


def visit(base, town, statuses):
    """Home, product, basket add, shop login + account, anonymous voucher check."""
    session = requests.Session()
    product_path = town["products"][0].get_absolute_url()
    for path in ("/", product_path):
        statuses[session.get(base + path, timeout=30).status_code] += 1
    token = csrf(session, base + product_path)
    answer = session.post(
        f"{base}/shop/basket/add/{town['products'][0].pk}/",
        {"csrfmiddlewaretoken": token, "quantity": 1},
        headers={"Referer": base + product_path},
        allow_redirects=False,
        timeout=30,
    )
    statuses[answer.status_code] += 1
    token = csrf(session, base + "/shop/accounts/login/")
    answer = session.post(
        base + "/shop/accounts/login/",
        {
            "csrfmiddlewaretoken": token,
            "login-username": "kunde@example.org",
            "login-password": PASSWORD,
            "login_submit": "1",
        },
        headers={"Referer": base + "/shop/accounts/login/"},
        allow_redirects=False,
        timeout=30,
    )
    statuses[answer.status_code] += 1
    account = session.get(base + "/shop/accounts/profile/", allow_redirects=False, timeout=30)
    statuses[account.status_code] += 1
    check = requests.get(f"{base}/g/{town['voucher'].code}/", timeout=30)
    statuses[check.status_code] += 1


def scenario_visits(name, base, town, rounds):
    before, statuses = counts(), Counter()
    for _ in range(rounds):
        visit(base, town, statuses)
    record(
        name,
        statuses,
        before,
        f"{rounds} visits of 6 requests; each visit's basket merges into the customer's "
        "on login, where Oscar keeps one line of the product",
    )


def scenario_database_restart(base, town, rounds=20):
    from django.db import connection

    before, statuses = counts(), Counter()
    for _ in range(rounds):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        statuses[requests.get(base + "/", timeout=30).status_code] += 1
    record("PostgreSQL backends terminated before each request", statuses, before)


def scenario_concurrent_basket(base, town, customers=50):
    product = town["products"][1]
    path = product.get_absolute_url()
    before, statuses, lock = counts(), Counter(), threading.Lock()
    barrier = threading.Barrier(customers)

    def customer():
        session = requests.Session()
        token = csrf(session, base + path)
        barrier.wait(timeout=60)
        answer = session.post(
            f"{base}/shop/basket/add/{product.pk}/",
            {"csrfmiddlewaretoken": token, "quantity": 1},
            headers={"Referer": base + path},
            allow_redirects=False,
            timeout=60,
        )
        with lock:
            statuses[answer.status_code] += 1

    threads = [threading.Thread(target=customer) for _ in range(customers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    record("50 concurrent first basket additions of one product", statuses, before)


HOSTILE = {
    "nul": "Brot\x00",
    "control": "".join(chr(code) for code in range(1, 32)),
    "100 kB": "x" * 100_000,
    "sql": "' OR 1=1; --",
    "tsquery": "!(a & b) | c:*",
    "html": "<script>alert(1)</script>",
    "formula": "=HYPERLINK(1)",
    "far date": "9999-12-31",
}
SEARCHES = ["/suche/", "/shop/search/", "/shop/catalogue/", "/haendler/", "/gutschein/"]


def scenario_search(base):
    before, statuses = counts(), Counter()
    for value in HOSTILE.values():
        for path in SEARCHES:
            field = "code" if path == "/gutschein/" else "q"
            statuses[requests.get(base + path, params={field: value}, timeout=30).status_code] += 1
    record("hostile values in 5 search fields", statuses, before)


def scenario_open311(base, town):
    root = f"{base}/open311/v2"
    key = town["api_key"].key
    before, statuses = counts(), Counter()
    calls = [
        ("get", "/requests.json", {"params": {"service_code": "stra\x00ssen"}}),
        ("get", "/requests.xml", {"params": {"start_date": "9999-12-31"}}),
        ("get", "/requests.json", {"params": {"end_date": "0001-01-01"}}),
        ("get", "/requests.json", {"params": {"updated_after": "2026-13-45"}}),
        ("put", "/requests.json", {}),
        ("delete", "/requests.xml", {}),
        ("post", "/services.json", {}),
        ("post", "/requests.json", {"data": {"api_key": key, "description": "x" * 3_000_000}}),
        ("post", "/requests.json", {"data": {"api_key": key, "description": "Loch\x00"}}),
        ("post", "/requests.json", {"data": {"api_key": "falsch"}}),
        ("get", "/tokens/1-gefaelscht.json", {}),
    ]
    non_spec = 0
    for method, path, options in calls:
        answer = getattr(requests, method)(root + path, timeout=60, **options)
        statuses[answer.status_code] += 1
        content_type = answer.headers.get("Content-Type", "")
        non_spec += not content_type.startswith(("application/json", "application/xml"))
    valid = {
        "api_key": key,
        "service_code": "strassen",
        "lat": "50.93",
        "long": "6.95",
        "description": "Gullydeckel klappert",
    }
    for _ in range(40):  # one app key creating requests in a burst
        statuses[requests.post(root + "/requests.json", valid, timeout=30).status_code] += 1
    record(
        "Open311: hostile calls, then 40 creations with one key",
        statuses,
        before,
        f"{non_spec} answers not in GeoReport format",
    )


def admin_session(base):
    session = requests.Session()
    token = csrf(session, base + "/admin/login/")
    session.post(
        base + "/admin/login/",
        {"csrfmiddlewaretoken": token, "username": "admin", "password": PASSWORD},
        headers={"Referer": base + "/admin/login/"},
        timeout=30,
    )
    return session


def import_corpus():
    rng = random.Random(12)
    header = "Nr;Firma;Branche;Straße;PLZ;Ort\r\n"
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (120 * 1024 * 1024))
    mixed = (header + "A-1;Café Süß;Einzelhandel;x;12345;y\r\n").encode() + (
        "A-2;Größe;Einzelhandel;x;12345;y\r\n".encode("cp1252")
    )
    return {
        "random.csv": rng.randbytes(64 * 1024),
        "programm.csv": b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 40,
        "gemischt.csv": mixed,
        "riesig.csv": (header + 'A;"' + "x" * 300_000 + '";E;x;12345;y\r\n').encode(),
        "breit.csv": (header + ";".join(["x"] * 300) + "\r\n").encode(),
        "bombe.xlsx": bomb.getvalue(),
    }


def scenario_import(base):
    session = admin_session(base)
    before, statuses = counts(), Counter()
    for name, content in import_corpus().items():
        token = csrf(session, base + "/admin/directory/import/")
        answer = session.post(
            base + "/admin/directory/import/",
            data={"csrfmiddlewaretoken": token},
            files={"file": (name, content)},
            headers={"Referer": base + "/admin/directory/import/"},
            allow_redirects=False,
            timeout=120,
        )
        statuses[answer.status_code] += 1
    record("hostile import files uploaded in the admin", statuses, before, "6 files")


def scenario_concern_form(base, town):
    url = base + town["concern_page"].url
    before, statuses = counts(), Counter()
    photos = {
        "random": random.Random(7).randbytes(20_000),
        "executable": b"MZ\x90\x00" + bytes(range(256)) * 20,
    }
    for value in HOSTILE.values():
        for field in ("description", "address", "email"):
            session = requests.Session()
            token = csrf(session, url)
            data = {
                "csrfmiddlewaretoken": token,
                "kind": "problem",
                "topic": town["topic"].pk,
                "description": "Schlagloch vor Nummer 12.",
                "address": "Bahnhofstraße 12",
                "privacy": "on",
                field: value,
            }
            answer = session.post(url, data, headers={"Referer": url}, timeout=30)
            statuses[answer.status_code] += 1
    for name, content in photos.items():
        session = requests.Session()
        token = csrf(session, url)
        answer = session.post(
            url,
            {
                "csrfmiddlewaretoken": token,
                "kind": "problem",
                "topic": town["topic"].pk,
                "description": "Foto anbei.",
                "address": "Markt 1",
                "privacy": "on",
            },
            files={"photo": (f"{name}.jpg", content)},
            headers={"Referer": url},
            timeout=30,
        )
        statuses[answer.status_code] += 1
    record("hostile values and files in the concern form", statuses, before)


def scenario_passwords(base):
    before, statuses = counts(), Counter()
    forms = {
        "/admin/login/": ("username", "password", "admin", {}),
        "/shop/accounts/login/": (
            "login-username",
            "login-password",
            "kunde@example.org",
            {"login_submit": "1"},
        ),
    }
    locked_right_password = 0
    for path, (user_field, password_field, identifier, extra) in forms.items():
        session = requests.Session()
        for attempt in range(31):
            token = csrf(session, base + path)
            password = PASSWORD if attempt == 30 else "falsch"
            answer = session.post(
                base + path,
                {
                    "csrfmiddlewaretoken": token,
                    user_field: identifier,
                    password_field: password,
                    **extra,
                },
                headers={"Referer": base + path},
                allow_redirects=False,
                timeout=30,
            )
            statuses[answer.status_code] += 1
            locked_right_password += attempt == 30 and answer.status_code == 429
    record(
        "30 wrong passwords, then the right one, on admin and shop login",
        statuses,
        before,
        f"right password refused while locked: {locked_right_password} of 2",
    )


def print_table():
    classes = ["2xx", "3xx", "400", "403", "404", "405", "413", "414", "429", "503", "500"]
    print()
    print("| scenario | requests | " + " | ".join(classes) + " | stored | note |")
    print("|---|---:|" + "---:|" * len(classes) + "---|---|")
    for scenario, statuses, stored, note in ROWS:
        cells = []
        for name in classes:
            if name.endswith("xx"):
                low = int(name[0]) * 100
                cells.append(sum(n for code, n in statuses.items() if low <= code < low + 100))
            else:
                cells.append(statuses.get(int(name), 0))
        other = sum(statuses.values()) - sum(cells)
        if other:
            note = f"{note}; other statuses: {other}".strip("; ")
        print(
            f"| {scenario} | {sum(statuses.values())} | "
            + " | ".join(str(cell) for cell in cells)
            + f" | {stored} | {note} |"
        )


def main():
    os.chdir(ROOT)  # gunicorn imports the portal from the working directory
    from tests.faults.servers import AppServer, OwnRedis

    redis_server = OwnRedis()
    redis_server.start()
    try:
        with fresh_database(DATABASE), scratch_dirs() as (media, _static):
            configure(DATABASE, media, redis_server.url)
            town = build_town()
            os.environ["DATABASE_URL"] = f"{PG}/{DATABASE}?conn_max_age=600"
            server = AppServer(redis_server.url)
            server.env["DATABASE_URL"] = os.environ["DATABASE_URL"]
            server.env["MEDIA_ROOT"] = str(media)
            server.start()
            try:
                base = server.url
                print("Scenarios:", flush=True)
                scenario_visits("Redis running", base, town, 10)
                redis_server.stop()
                scenario_visits("Redis stopped", base, town, 10)
                redis_server.start()
                redis_server.pause()
                scenario_visits("Redis paused (SIGSTOP)", base, town, 5)
                redis_server.resume()
                scenario_visits("Redis running again", base, town, 10)
                scenario_database_restart(base, town)
                scenario_concurrent_basket(base, town)
                scenario_search(base)
                scenario_open311(base, town)
                scenario_import(base)
                scenario_concern_form(base, town)
                scenario_passwords(base)
            finally:
                server.stop()
                from django.db import connections

                connections.close_all()
    finally:
        redis_server.stop()
    print_table()


if __name__ == "__main__":
    main()
