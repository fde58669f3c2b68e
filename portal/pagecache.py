"""Shared anonymous pages: which responses may be cached, the portal's own page cache, purging.

Who may get a shared page. A request is *anonymous* when it is a GET or HEAD
without ``Authorization`` and without any cookie other than the CSRF cookie
(``PAGE_CACHE_IGNORED_COOKIES``): a session (a login, a passed page password,
messages), Oscar's basket cookie or any cookie the portal does not know
makes the request personal, and personal requests are never answered from a
cache. The same rule is written into the Varnish configuration
(``deploy/varnish/portal.vcl``).

Which pages are shared. A view opts in with ``share(request)``: Wagtail pages
through the ``before_serve_page`` hook (``BasePage.shared_routes`` names the
routes of routable pages that may be shared), the catalogue, category, shop
and product pages through ``SharedPageMixin``. A page whose content changes
with the clock limits the time with ``share_until(request, moment)`` (a
business's "open now"). The response is shared only if, in addition, it is a
200, sets no cookie and has no ``Cache-Control`` of its own; it then gets
``Cache-Control: public, max-age=0, s-maxage=N`` (browsers ask again, shared
caches keep it N seconds, ``PAGE_CACHE_SECONDS``) and ``Vary: Cookie``. Every
other response to a request with cookies, or that sets or reads one, gets
``Cache-Control: private, no-cache``.

Forms on shared pages. A shared page must not carry a visitor's CSRF token
(nor set the CSRF cookie). Its forms render ``{% shared_csrf_token %}``
(``portal_tags``): an empty hidden field that ``static/js/csrf.js`` fills with
the CSRF cookie's secret; a visitor without the cookie gets a new random
secret as cookie and field value (Django only checks that the two are equal,
and another site can neither read nor set the portal's cookies).

The portal's own cache. With ``PAGE_CACHE`` on (the default outside tests),
shared pages are stored in Django's default cache (Redis in production) under
their scheme, host, path and query string, and served from there before
Django runs at all (``CachedPages``, the WSGI application in ``portal/wsgi.py``;
``PageCacheMiddleware`` does the same inside Django for ``runserver`` and the
test client). Each entry carries two generation tokens, one of the whole
cache and one of its path; one ``MGET`` fetches the entry and both tokens, and
the entry is served only if its tokens are still current. Invalidating a path
sets a new token for it (all query variants of the path go at once);
invalidating everything sets a new global token. The tokens read before a page
is rendered are stored with it, so a page rendered from data older than an
invalidation that happened meanwhile is never served. A Redis outage is a
miss (``portal.cache``); an invalidation lost in an outage is bounded by the
entries' lifetime.

What to invalidate. ``invalidate(urls)`` runs after the transaction commits,
sets new tokens for the URLs' paths and asks Wagtail's frontend cache
invalidation (``WAGTAILFRONTENDCACHE``, Varnish in production) to purge them.
``portal.cachepurge`` decides which URLs a change affects.
"""

import hashlib
import logging
import secrets
import types
import urllib.request
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from django.utils import timezone
from django.utils.cache import has_vary_header, patch_cache_control, patch_vary_headers

logger = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD")
STATUS_HEADER = "X-Page-Cache"
PREFIX = "pagecache"
GLOBAL_TOKEN_KEY = f"{PREFIX}:global"
# Query strings longer than this are not stored (each variant costs memory).
MAX_QUERY_LENGTH = 200
# Flag and lifetime a view gives its request through share() / share_until().
SHARED_ATTRIBUTE = "_page_cache_seconds"


def lifetime():
    return settings.PORTAL_PAGE_CACHE_SECONDS


def stores_pages():
    return settings.PORTAL_PAGE_CACHE and lifetime() > 0


# Requests -------------------------------------------------------------------


def is_anonymous(environ):
    """True if the request may be answered with a shared page (see the module docstring)."""
    if environ.get("REQUEST_METHOD") not in SAFE_METHODS or "HTTP_AUTHORIZATION" in environ:
        return False
    raw = environ.get("HTTP_COOKIE")
    if not raw:
        return True
    ignored = settings.PORTAL_PAGE_CACHE_IGNORED_COOKIES
    return all(name in ignored for name in parse_cookie(raw))


def _scheme(environ):
    """``request.scheme`` from the WSGI environment (the same rule as Django's)."""
    header = settings.SECURE_PROXY_SSL_HEADER
    if header:
        name, secure_value = header
        value = environ.get(name)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return environ.get("wsgi.url_scheme", "http")


def _path(environ):
    raw = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    # WSGI hands the decoded path over as latin-1; pages' URLs are UTF-8 text.
    return raw.encode("latin-1", "replace").decode("utf-8", "replace")


def _digest(text):
    return hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=16).hexdigest()


def _path_key(path):
    return f"{PREFIX}:path:{_digest(path)}"


def _keys(environ):
    host = (environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")).lower()
    path = _path(environ)
    address = f"{_scheme(environ)}://{host}{path}?{environ.get('QUERY_STRING', '')}"
    return f"{PREFIX}:page:{_digest(address)}", _path_key(path)


def _servable(environ):
    """Anonymous, and not a plain-HTTP request that the settings redirect to HTTPS."""
    if len(environ.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH or not is_anonymous(environ):
        return False
    return _scheme(environ) == "https" or not settings.SECURE_SSL_REDIRECT


def lookup(environ):
    """``(entry or None, tokens)``: one round trip for the entry and its two tokens."""
    entry_key, path_key = _keys(environ)
    found = cache.get_many([entry_key, GLOBAL_TOKEN_KEY, path_key])
    tokens = (found.get(GLOBAL_TOKEN_KEY, ""), found.get(path_key, ""))
    entry = found.get(entry_key)
    if entry is not None and entry[0] == tokens:
        return entry, tokens
    return None, tokens


# Views ----------------------------------------------------------------------


def share(request, seconds=None):
    """Let this request's page be shared by every anonymous visitor (for ``seconds`` at most)."""
    seconds = lifetime() if seconds is None else min(seconds, lifetime())
    current = getattr(request, SHARED_ATTRIBUTE, None)
    setattr(request, SHARED_ATTRIBUTE, seconds if current is None else min(current, seconds))


def share_until(request, moment):
    """The page changes at ``moment`` (an aware datetime or None): share it until then only."""
    if moment is None or getattr(request, SHARED_ATTRIBUTE, None) is None:
        return
    share(request, max(0, int((moment - timezone.now()).total_seconds())))


def is_shared(request):
    """True while rendering a page that anonymous visitors share (no personal token in it)."""
    return bool(getattr(request, SHARED_ATTRIBUTE, 0)) and is_anonymous(request.META)


class SharedPageMixin:
    """For class-based views whose GET pages every anonymous visitor may share."""

    def get(self, request, *args, **kwargs):
        share(request)
        return super().get(request, *args, **kwargs)


def shared_seconds(request, response):
    seconds = getattr(request, SHARED_ATTRIBUTE, 0)
    if not seconds or not is_anonymous(request.META):
        return 0
    if response.status_code != 200 or response.streaming or response.cookies:
        return 0
    if response.has_header("Cache-Control"):
        return 0  # the view decided itself (never_cache, private, ...)
    return seconds


def _entry(tokens, response):
    headers = [(name, value) for name, value in response.items() if name != STATUS_HEADER]
    return (tokens, response.status_code, response.reason_phrase, headers, response.content)


class PageCacheMiddleware:
    """First in ``MIDDLEWARE``: serves stored pages, marks and stores shared ones.

    In gunicorn ``CachedPages`` answers hits before Django; this middleware
    then only sees misses (and reuses the tokens ``CachedPages`` read).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        environ = request.META
        tokens = None
        if stores_pages() and _servable(environ):
            tokens = environ.get("portal.page_cache_tokens")
            if tokens is None:
                entry, tokens = lookup(environ)
                if entry is not None:
                    return _response_from(entry, request.method)
        response = self.get_response(request)
        seconds = shared_seconds(request, response)
        if seconds:
            patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
            patch_vary_headers(response, ("Cookie",))
            if tokens is not None and request.method == "GET":
                cache.set(_keys(environ)[0], _entry(tokens, response), seconds)
                response[STATUS_HEADER] = "miss"
        elif not response.has_header("Cache-Control") and (
            request.COOKIES or response.cookies or has_vary_header(response, "Cookie")
        ):
            patch_cache_control(response, private=True, no_cache=True)
        return response


def _response_from(entry, method):
    _tokens, status, reason, headers, body = entry
    response = HttpResponse(b"" if method == "HEAD" else body, status=status, reason=reason)
    for name, value in headers:
        response[name] = value
    response[STATUS_HEADER] = "hit"
    return response


class CachedPages:
    """WSGI application around Django's: answers stored pages without running Django."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if stores_pages() and _servable(environ):
            entry, tokens = lookup(environ)
            if entry is not None:
                _tokens, status, reason, headers, body = entry
                start_response(f"{status} {reason}", [*headers, (STATUS_HEADER, "hit")])
                return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]
            environ["portal.page_cache_tokens"] = tokens
        return self.application(environ, start_response)


# Invalidation ---------------------------------------------------------------


def _new_tokens(keys):
    if not keys:
        return
    token = secrets.token_hex(8)
    # A token lives longer than any entry stored under the previous one.
    cache.set_many(dict.fromkeys(keys, token), lifetime() + 60)


def invalidate(urls):
    """After the commit: new tokens for these URLs' paths, and a purge of the HTTP cache."""
    urls = sorted(set(urls))
    if not urls:
        return

    def run():
        _new_tokens({_path_key(unquote(urlsplit(url).path)) for url in urls})
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        purge_urls_from_cache([url for url in urls if urlsplit(url).netloc])

    transaction.on_commit(run)


def invalidate_everything(hosts=()):
    """After the commit: a new global token, and every page of ``hosts`` banned in Varnish."""

    def run():
        _new_tokens([GLOBAL_TOKEN_KEY])
        for backend in getattr(settings, "WAGTAILFRONTENDCACHE", {}).values():
            if backend.get("BACKEND", "").endswith("HTTPBackend"):
                for host in hosts:
                    _ban_host(backend["LOCATION"], host)

    transaction.on_commit(run)


class _BanRequest(urllib.request.Request):
    def get_method(self):
        return "BAN"


def _ban_host(location, host):
    """Varnish's ``BAN`` (deploy/varnish/portal.vcl): every object of ``host``."""
    try:
        urllib.request.urlopen(_BanRequest(location, headers={"Host": host}), timeout=2)  # noqa: S310
    except OSError as error:
        logger.error("Could not ban %s in the HTTP cache at %s: %s", host, location, error)


def page_urls(page):
    """Full URLs that show ``page``: the page and its routes (feeds), the pages above it
    (their listings and teasers), the pages that link to it, and the sitemap."""
    from wagtail.models import Page, ReferenceIndex

    urls = set()
    cache_object = types.SimpleNamespace()  # Wagtail keeps the sites' root paths on it
    shown_on = [page, *page.get_ancestors().filter(depth__gt=1).specific(defer=True)]
    referring = ReferenceIndex.get_references_to(page).group_by_source_object()
    shown_on += [source for source, _references in referring if isinstance(source, Page)]
    for shown in shown_on:
        url = shown.get_full_url(cache_object)
        if url:
            paths = getattr(shown.specific_deferred, "get_cached_paths", lambda: ["/"])()
            urls.update(url + path.lstrip("/") for path in paths)
    site = page.get_site()
    if site is not None:
        urls.add(site.root_url + "/sitemap.xml")
    return urls
