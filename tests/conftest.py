"""Shared fixtures: the demo site's page tree, users and a real Chromium.

Every test runs against PostgreSQL (``portal.settings.test``). Journey tests
drive the system Chromium through Playwright against pytest-django's
``live_server``; they are marked ``browser``.
"""

import os
import shutil
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

from portal.home import factories

# Playwright's sync API keeps an event loop running in the test thread, which
# makes Django refuse ORM calls made by the test itself. Tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


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
def news_index(home_page):
    return factories.NewsIndexPageFactory(parent=home_page)


@pytest.fixture
def event_index(home_page):
    return factories.EventIndexPageFactory(parent=home_page)


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture(scope="session")
def browser():
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
def browser_page(browser, live_server):
    """A fresh browser tab on the live server.

    Records every request the pages make; at the end the test fails if any
    went to a host other than the portal itself (fonts, scripts, map tiles
    and libraries must all be served locally).
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
        if parts.scheme in ("http", "https") and parts.netloc != own_host:
            foreign.append(request.url)

    page.on("request", record)
    yield page
    context.close()
    assert not foreign, f"Pages made third-party requests: {foreign}"
