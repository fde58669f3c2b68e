"""Fixed-window counters in the shared cache: how often one client did something lately.

Apps slow down guessing and mass submissions with them: the city voucher
counts failed code lookups, the directory counts self-registrations and
profile claims. The first event starts a window of ``window`` seconds; once
``limit`` events are counted, ``exceeded`` stays true until the window ends.
The counters live in Django's cache, which is Redis shared by all app
servers in production (``REDIS_URL``); ``cache.incr`` is atomic there.

When Redis cannot be reached (``portal.cache.CacheUnavailable``) a limit
either lets the request through (``fail_closed=False``, the default: a
registration form is not worth an outage) or refuses it with
``RateLimitUnavailable``, which ``portal.middleware`` answers with a German
503 "please try again shortly" page. Limits that stop guessing (voucher
codes, passwords) fail closed: an outage must not open the door to it.

``too_many_requests`` builds the one 429 page every limit answers with.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from portal.cache import CacheUnavailable


class RateLimitUnavailable(Exception):
    """A fail-closed limit cannot count: the request is refused with a 503."""


def client_ip(request):
    """The client's address: from ``PORTAL_CLIENT_IP_HEADER`` behind a proxy, else the peer."""
    header = getattr(settings, "PORTAL_CLIENT_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    return (value.split(",")[0].strip() if value else "") or request.META.get("REMOTE_ADDR", "")


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` events per ``window`` seconds for each key (an address, a user...)."""

    namespace: str  # cache key prefix, unique per limit
    limit: int
    window: int  # seconds
    fail_closed: bool = False  # refuse (503) rather than allow while the cache is down

    def _key(self, who):
        return f"{self.namespace}:{who}"

    def _unavailable(self):
        if self.fail_closed:
            raise RateLimitUnavailable(self.namespace)
        return 0

    def count(self, who):
        """Events of ``who`` in this window (``incr`` by 0 tells a down cache from a miss)."""
        try:
            return cache.incr(self._key(who), 0)
        except ValueError:  # no event in this window
            return 0
        except CacheUnavailable:
            return self._unavailable()

    def exceeded(self, who):
        return self.count(who) >= self.limit

    def record(self, who):
        """Count one event of ``who``; returns the count in the current window."""
        key = self._key(who)
        try:
            cache.add(key, 0, timeout=self.window)
            try:
                return cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=self.window)
                return 1
        except CacheUnavailable:
            return self._unavailable()


DEFAULT_TITLE = _("Too many requests")


def too_many_requests(request, message, *, retry_after, title=DEFAULT_TITLE, back_page=None):
    """The 429 page of every limit: a German explanation and ``Retry-After`` (seconds)."""
    response = TemplateResponse(
        request,
        "rate_limited.html",
        {"title": title, "message": message, "back_page": back_page},
        status=429,
    )
    response["Retry-After"] = str(int(retry_after))
    return response
