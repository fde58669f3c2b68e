"""Varnish with deploy/varnish/portal.vcl in front of the portal: hits, personal requests
passing through, and Wagtail's purge reaching it within a second of publishing.

Starts its own varnishd on a free loopback port in front of pytest-django's
live server; skipped when Debian's varnish package is not installed
(``.ci/run`` installs it).
"""

import urllib.request

import pytest

from bench.varnish import varnishd, varnishd_path

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not varnishd_path(), reason="varnishd is missing (apt-get install varnish)"),
]

# The default site's host (portal.home.factories.make_default_site): purges name it.
HOST = "localhost"


@pytest.fixture
def cache_url(live_server, settings):
    port = int(live_server.url.rsplit(":", 1)[1])
    with varnishd(backend_port=port) as url:
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": url,
            }
        }
        yield url


def get(url, cookie=None):
    headers = {"Host": HOST, **({"Cookie": cookie} if cookie else {})}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
        return r.headers, r.read().decode()


def test_anonymous_page_is_a_hit_after_a_miss_and_personal_requests_pass(cache_url, article):
    url = cache_url + article.url
    headers, _ = get(url)
    assert headers["X-Cache"] == "miss"
    headers, html = get(url)
    assert headers["X-Cache"] == "hit"
    assert "Stadtfest am Samstag" in html

    headers, _ = get(url, cookie="csrftoken=" + "a" * 32)
    assert headers["X-Cache"] == "hit", "the CSRF cookie alone keeps a visitor anonymous"
    for cookie in ("sessionid=abc", "oscar_open_basket=1:x", "csrftoken=" + "a" * 32 + "; x=1"):
        headers, _ = get(url, cookie=cookie)
        assert headers["X-Cache"] == "miss", cookie


def test_publishing_purges_the_page_and_its_listing_before_publishing_returns(
    cache_url, article, news_index
):
    urls = [
        cache_url + article.url,
        cache_url + news_index.url,
        cache_url + news_index.url + "?seite=1",
    ]
    for url in urls:
        get(url)
        assert get(url)[0]["X-Cache"] == "hit"

    article.title = "Stadtfest verschoben"
    article.save_revision().publish()  # the purge runs on commit, inside this call
    for url in urls:
        headers, body = get(url)
        assert headers["X-Cache"] == "miss", f"{url} was not purged"
        assert "Stadtfest verschoben" in body
