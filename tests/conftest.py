"""Shared fixtures: the demo site's page tree, users and a real Chromium.

Every test runs against PostgreSQL (``portal.settings.test``). Journey tests
drive the system Chromium through Playwright against pytest-django's
``live_server``; they are marked ``browser``.
"""

import os
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

from portal.home import factories
from tests.helpers import CHROMIUM, CHROMIUM_ARGS, point_town_at

BROWSER_FIXTURES = {"browser", "browser_page"}


def is_browser_test(item):
    return item.get_closest_marker("browser") is not None or bool(
        BROWSER_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests run last, after pytest-django has ordered the rest.

    Once Chromium is started, Playwright's event loop stays running in the test
    thread until the session ends (see ``async_unsafe_orm``); no other test may
    run after that point.
    """
    items.sort(key=is_browser_test)


@pytest.fixture(scope="session")
def async_unsafe_orm():
    """Allow ORM calls while Playwright's sync API keeps an event loop running.

    Django refuses synchronous ORM calls in a thread with a running event loop,
    which the browser tests' own queries would be. Set only from the start of
    the first browser test to the end of the session, and browser tests run last.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def django_db_createdb(request):
    """Re-create a reused test database that a browser or thread test has flushed.

    Tests on ``live_server`` or ``transactional_db`` end by emptying every
    table, which also removes the rows the data migrations wrote (categories,
    groups, the Wagtail root). A later ``--reuse-db`` run would start without
    them, so such a database is built again from the migrations.
    """
    if request.config.getvalue("create_db") or not request.config.getvalue("reuse_db"):
        return request.config.getvalue("create_db")
    return _reused_database_was_flushed()


def _reused_database_was_flushed():
    import psycopg
    from django.db import connection

    settings = connection.settings_dict
    name = settings["TEST"].get("NAME") or "test_" + settings["NAME"]
    try:
        with psycopg.connect(
            dbname=name,
            user=settings["USER"],
            host=settings["HOST"],
            port=settings["PORT"] or None,
            password=settings["PASSWORD"] or None,
        ) as conn:
            return conn.execute("SELECT NOT EXISTS (SELECT 1 FROM directory_category)").fetchone()[
                0
            ]
    except psycopg.Error:
        return False  # no database yet (Django creates it) or not migrated so far


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and cached fragments never leak from one test into another."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def root_page(db):
    return factories.root_page()


@pytest.fixture
def home_page(root_page):
    """A home page that is the default site's root, as in the demo town."""
    home = factories.HomePageFactory(parent=root_page)
    factories.make_default_site(home)
    return home


@pytest.fixture
def live_town(live_server, home_page, settings):
    """The default town on the live server's address (journeys follow links from mails)."""
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    point_town_at(home_page.get_site(), live_server.url)
    return live_server.url


@pytest.fixture
def news_index(home_page):
    return factories.NewsIndexPageFactory(parent=home_page)


@pytest.fixture
def event_index(home_page):
    return factories.EventIndexPageFactory(parent=home_page)


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture(scope="session")
def browser(async_unsafe_orm):
    """One headless system Chromium for the whole run.

    Outside CI a missing Chromium skips the journey tests with a hint; in CI
    (``CI=true``) it is an error, so a broken setup can never pass silently.
    """
    if not CHROMIUM:
        message = "Chromium is not installed (apt-get install chromium)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_allowed_hosts():
    """Hosts besides the portal a journey may visit (the local fake payment provider)."""
    return set()


@pytest.fixture
def browser_page(browser, live_server, browser_allowed_hosts):
    """A fresh browser tab on the live server.

    Records every request the pages make; at the end the test fails if any
    went to a host other than the portal itself (fonts, scripts, map tiles
    and libraries must all be served locally, apart from hosts the test allowed),
    or if the Content-Security-Policy blocked anything (an inline script, a
    foreign style...).
    """
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", timezone_id="Europe/Berlin", accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    own_host = urlsplit(live_server.url).netloc
    foreign = []

    def record(request):
        parts = urlsplit(request.url)
        allowed = parts.netloc == own_host or parts.netloc in browser_allowed_hosts
        if parts.scheme in ("http", "https") and not allowed:
            foreign.append(request.url)

    page.on("request", record)
    # Chromium reports what the Content-Security-Policy blocked on the console.
    csp_violations = []
    page.on(
        "console",
        lambda message: (
            csp_violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert not foreign, f"Pages made third-party requests: {foreign}"
    assert not csp_violations, f"The Content-Security-Policy blocked: {csp_violations}"


FAKE_PROVIDER_PORTS = range(8200, 8300)


@pytest.fixture
def fake_mollie(settings):
    """The local fake of Mollie's API on a real port; the portal's client talks to it.

    Webhooks are held (``fake.take_held()``) so each test decides when and
    how often they arrive (``tests.shop.conftest.deliver_webhooks`` posts them).
    """
    from portal.shop.payments.fake_provider import FakeMollie

    fake = FakeMollie(webhooks="hold")
    settings.SHOP_MOLLIE_API_ENDPOINT = fake.start(ports=FAKE_PROVIDER_PORTS)
    settings.SHOP_MOLLIE_API_KEY = "test_stadtportal"
    settings.SHOP_PAYMENT_CALLBACK_BASE_URL = "http://testserver"
    yield fake
    fake.stop()


@pytest.fixture
def live_fake_mollie(fake_mollie, live_server, live_town, settings, browser_allowed_hosts):
    """The fake provider for a journey in the browser: it calls the live server's
    webhook and sends the resident back to the town, which lives there too."""
    from urllib.parse import urlsplit

    fake_mollie.webhooks = "send"
    settings.SHOP_PAYMENT_CALLBACK_BASE_URL = live_server.url
    browser_allowed_hosts.add(urlsplit(fake_mollie.base_url).netloc)
    return fake_mollie
