"""Fixed-window counters in the shared cache: how often one client did something lately.

Apps slow down guessing and mass submissions with them: the city voucher
counts failed code lookups, the directory counts self-registrations and
profile claims. The first event starts a window of ``window`` seconds; once
``limit`` events are counted, ``exceeded`` stays true until the window ends.
The counters live in Django's cache, which is Redis shared by all app
servers in production (``REDIS_URL``); ``cache.incr`` is atomic there.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


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

    def _key(self, who):
        return f"{self.namespace}:{who}"

    def exceeded(self, who):
        return (cache.get(self._key(who)) or 0) >= self.limit

    def record(self, who):
        """Count one event of ``who``; returns the count in the current window."""
        key = self._key(who)
        cache.add(key, 0, timeout=self.window)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=self.window)
            return 1
