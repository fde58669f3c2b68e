"""The portal's own cache of shared pages: hits, invalidation, personal requests, Redis down.

Each test switches the store on (``PAGE_CACHE``; off in the rest of the suite)
and runs the commit callbacks that invalidate, so "the next anonymous visitor"
is the next request after the change's transaction.
"""

import datetime
from decimal import Decimal
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from portal.directory.models import MarketDay, MarketPage
from portal.pagecache import CachedPages
from portal.shop.services import catalogue

StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PORTAL_PAGE_CACHE = True


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a change's commit callbacks, as the end of its request's transaction would."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


def visit(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_second_anonymous_visit_is_answered_from_the_cache_without_queries(client, shared_urls):
    for name, url in shared_urls.items():
        first = visit(client, url)
        assert first["X-Page-Cache"] == "miss", name
        with CaptureQueriesContext(connection) as queries:
            second = visit(client, url)
        assert second["X-Page-Cache"] == "hit", name
        assert len(queries) == 0, name
        assert second.content == first.content
        assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_logged_in_merchant_and_visitor_with_basket_never_get_the_stored_page(
    client, baker, bread, shared_urls
):
    url = shared_urls["merchant"]
    visit(client, url)
    assert visit(client, url)["X-Page-Cache"] == "hit"

    client.force_login(baker)
    own = visit(client, url)
    assert "X-Page-Cache" not in own
    assert "private" in own["Cache-Control"]
    assert "Profil bearbeiten" in own.text, "the owner's own page, with its edit link"
    client.logout()

    client.cookies["oscar_open_basket"] = "1:x"
    with_basket = visit(client, url)
    assert "X-Page-Cache" not in with_basket


def test_published_change_shows_at_once_on_the_page_its_listing_and_home(
    client, commit, article, shared_urls
):
    urls = [shared_urls["news article"], shared_urls["news index"], shared_urls["home"]]
    for url in urls:
        visit(client, url)
        assert visit(client, url)["X-Page-Cache"] == "hit"

    article.title = "Stadtfest fällt aus"
    commit(lambda: article.save_revision().publish())

    for url in urls:
        assert "Stadtfest fällt aus" in visit(client, url).text, url


def test_price_and_stock_change_show_at_once_wherever_the_product_is(
    client, commit, bread, shared_urls
):
    urls = [shared_urls[name] for name in ("product", "catalogue", "merchant", "merchant shop")]
    for url in urls:
        assert "4,20" in visit(client, url).text
        assert visit(client, url)["X-Page-Cache"] == "hit"

    record = StockRecord.objects.get(product=bread)
    stock = catalogue.Stock(price=Decimal("4.80"), num_in_stock=0, seen_in_stock=10)
    commit(lambda: catalogue._save_stock(bread, record.partner, stock))

    for url in urls:
        html = visit(client, url).text
        assert "4,80" in html and "4,20" not in html, url
    product_page = visit(client, shared_urls["product"]).text
    assert "In den Warenkorb" not in product_page, "sold out: no basket button"


def test_new_opening_hours_show_at_once(client, commit, bakery, shared_urls):
    url = shared_urls["merchant"]
    visit(client, url)
    assert visit(client, url)["X-Page-Cache"] == "hit"

    page = bakery.page
    page.opening_hours = "Mo-Fr 06:30-18:00"
    commit(lambda: page.save_revision().publish())

    assert "06:30" in visit(client, url).text


def test_new_market_day_shows_at_once(client, commit, home_page):
    market = MarketPage(title="Wochenmarkt", slug="wochenmarkt", location_name="Marktplatz")
    home_page.add_child(instance=market)
    market.save_revision().publish()
    visit(client, market.url)
    assert visit(client, market.url)["X-Page-Cache"] == "hit"

    market.market_days = [MarketDay(weekday=5, opens=datetime.time(7), closes=datetime.time(12))]
    commit(lambda: market.save_revision().publish())

    assert "07:00–12:00" in visit(client, market.url).text


def test_a_page_rendered_before_an_invalidation_is_not_stored_as_current(
    client, commit, article, shared_urls
):
    """The tokens read before rendering go with the entry: a page that was being
    rendered while the change committed is never served afterwards."""
    url = shared_urls["news article"]
    from portal import pagecache

    real_lookup = pagecache.lookup

    def lookup_then_change(environ):
        found = real_lookup(environ)
        article.title = "Neuer Titel"
        commit(lambda: article.save_revision().publish())
        return found

    pagecache.lookup, restore = lookup_then_change, real_lookup
    try:
        stale = visit(client, url)  # rendered after the change, stored with old tokens
    finally:
        pagecache.lookup = restore
    assert stale["X-Page-Cache"] == "miss"
    assert visit(client, url)["X-Page-Cache"] == "miss", "the entry with old tokens is ignored"
    assert visit(client, url)["X-Page-Cache"] == "hit"


@pytest.fixture
def keep_test_connection():
    """Django's handler closes the database connection after a request; the test's
    transaction lives on it (Django's test client disconnects the same receivers)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_pages_are_served_from_the_cache_before_django_runs(shared_urls, keep_test_connection):
    """``portal.wsgi``'s application: a hit never reaches Django's handler."""
    django_calls = []

    def django(environ, start_response):
        django_calls.append(environ["PATH_INFO"])
        return WSGIHandler()(environ, start_response)

    application = CachedPages(django)

    def get(path):
        environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "HTTP_HOST": "localhost"}
        setup_testing_defaults(environ)
        started = {}
        body = b"".join(application(environ, lambda status, headers: started.update(s=status)))
        return started["s"], body

    url = shared_urls["news article"]
    status, first = get(url)
    assert status.startswith("200")
    with CaptureQueriesContext(connection) as queries:
        status, second = get(url)
    assert status == "200 OK" and second == first
    assert django_calls == [url] and len(queries) == 0


def test_pages_are_served_while_redis_is_down(client, settings, shared_urls):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    assert type(caches["default"]).__name__ == "RedisCache"
    for url in shared_urls.values():
        response = visit(client, url)  # a miss every time, never a 500
        assert "public" in response["Cache-Control"]
        assert response["X-Page-Cache"] == "miss"


def test_changed_site_settings_show_at_once_on_every_page(client, commit, home_page, shared_urls):
    from portal.home.models import PortalSettings

    settings_row = PortalSettings.for_site(home_page.get_site())
    urls = [shared_urls["home"], shared_urls["product"], shared_urls["directory"]]
    for url in urls:
        visit(client, url)
        assert visit(client, url)["X-Page-Cache"] == "hit"

    settings_row.town_name = "Neustadt am Fluss"
    commit(settings_row.save)

    for url in urls:
        assert "Neustadt am Fluss" in visit(client, url).text, url
