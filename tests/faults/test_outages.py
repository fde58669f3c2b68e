"""Redis stopped, paused or restarted and PostgreSQL connections killed: no 500, and back to normal.

A real Redis and a real gunicorn, both started by the test (``servers``):
the portal runs with production's Redis cache, cached-database sessions and
persistent database connections. Each phase walks the same visit: home page,
product page, basket addition, shop login (then the account page) and an
anonymous voucher check.
"""

import pytest
import requests
from django.db import connection

from portal.directory import factories as directory_factories
from portal.home.factories import UserFactory
from portal.shop.defaults import create_defaults
from portal.shop.factories import product_for, shop_for
from portal.vouchers import factories as voucher_factories

from .servers import AppServer, OwnRedis, csrf_token

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Stadtportal-2026!"


@pytest.fixture
def town(home_page):
    create_defaults()
    index = directory_factories.DirectoryIndexPageFactory(parent=home_page)
    page = directory_factories.MerchantPageFactory(
        parent=index, title="Bäckerei Korn", legal_name="Korn GmbH", legal_address="Markt 1"
    )
    shop = shop_for(page, offers_pickup=True)
    product = product_for(shop, title="Dinkelbrot", price="4.20", stock=1000)
    voucher = voucher_factories.VoucherFactory(
        batch__programme=voucher_factories.VoucherProgrammeFactory()
    )
    customer = UserFactory(username="kunde", email="kunde@example.org")
    customer.set_password(PASSWORD)
    customer.save()
    return {"product": product, "voucher": voucher, "customer": customer}


@pytest.fixture
def redis_server():
    server = OwnRedis()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def app_server(redis_server, town):
    server = AppServer(redis_server.url)
    server.start()
    yield server
    server.stop()


def visit(server, town):
    """One resident's visit; the answers as ``{step: (status, body)}``."""
    base, session = server.url, requests.Session()
    product_path = town["product"].get_absolute_url()
    answers = {}

    def record(step, response):
        answers[step] = (response.status_code, response.text)

    record("home", session.get(base + "/", timeout=30))
    record("product", session.get(base + product_path, timeout=30))
    token = csrf_token(session, base + product_path)
    record(
        "basket add",
        session.post(
            f"{base}/shop/basket/add/{town['product'].pk}/",
            {"csrfmiddlewaretoken": token, "quantity": 1},
            headers={"Referer": base + product_path},
            allow_redirects=False,
            timeout=30,
        ),
    )
    token = csrf_token(session, base + "/shop/accounts/login/")
    record(
        "login",
        session.post(
            base + "/shop/accounts/login/",
            {
                "csrfmiddlewaretoken": token,
                "login-username": town["customer"].email,
                "login-password": PASSWORD,
                "login_submit": "1",
            },
            headers={"Referer": base + "/shop/accounts/login/"},
            allow_redirects=False,
            timeout=30,
        ),
    )
    record(
        "account", session.get(base + "/shop/accounts/profile/", allow_redirects=False, timeout=30)
    )
    record("voucher check", requests.get(f"{base}/g/{town['voucher'].code}/", timeout=30))
    record("health", requests.get(base + "/health/", timeout=30))
    return answers


NORMAL = {
    "home": 200,
    "product": 200,
    "basket add": 302,
    "login": 302,
    "account": 200,
    "voucher check": 200,
    "health": 200,
}


def statuses(answers):
    return {step: status for step, (status, _body) in answers.items()}


def test_with_redis_running_every_step_works(app_server, town):
    answers = visit(app_server, town)

    assert statuses(answers) == NORMAL
    assert '"cache": "ok"' in answers["health"][1]


def test_without_redis_pages_shop_and_logins_work_and_voucher_checks_ask_to_retry(
    app_server, redis_server, town
):
    redis_server.stop()

    answers = visit(app_server, town)

    assert statuses(answers) == {**NORMAL, "voucher check": 503}
    assert "Bitte versuchen Sie es gleich noch einmal" in answers["voucher check"][1]
    assert town["voucher"].code not in answers["voucher check"][1]
    assert '"cache": "down"' in answers["health"][1]
    assert '"status": "degraded"' in answers["health"][1]

    redis_server.start()
    _wait_for_cache(app_server)
    assert statuses(visit(app_server, town)) == NORMAL


def test_a_paused_redis_costs_a_timeout_not_an_error(app_server, redis_server, town):
    redis_server.pause()
    try:
        answers = visit(app_server, town)
    finally:
        redis_server.resume()

    assert statuses(answers) == {**NORMAL, "voucher check": 503}
    _wait_for_cache(app_server)
    assert statuses(visit(app_server, town)) == NORMAL


def test_killed_database_connections_cost_no_request(app_server, town):
    assert statuses(visit(app_server, town)) == NORMAL
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        (killed,) = cursor.fetchone()
    assert killed >= 1  # the app server's persistent connection

    assert statuses(visit(app_server, town)) == NORMAL


def _wait_for_cache(server, attempts=50):
    for _ in range(attempts):
        if '"cache": "ok"' in requests.get(server.url + "/health/", timeout=30).text:
            return
    raise AssertionError("the app server did not see Redis again")
