"""Counting failed voucher lookups in the shared cache, per IP or per merchant user.

Fixed windows: the first failure starts a window of ``window`` seconds; once
``limit`` failures are counted, every further lookup in that window gets
HTTP 429, whether or not its code would be valid, so guessing codes gains
nothing. The counters live in Django's cache, which is Redis shared by all
app servers in production (``REDIS_URL``); ``cache.incr`` is atomic there.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


def client_ip(request):
    header = getattr(settings, "PORTAL_CLIENT_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    return (value.split(",")[0].strip() if value else "") or request.META.get("REMOTE_ADDR", "")


@dataclass(frozen=True)
class FailureLimit:
    name: str
    limit: int
    window: int  # seconds

    def _key(self, who):
        return f"cityvouchers:fail:{self.name}:{who}"

    def exceeded(self, who):
        return (cache.get(self._key(who)) or 0) >= self.limit

    def record_failure(self, who):
        key = self._key(who)
        cache.add(key, 0, timeout=self.window)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=self.window)
            return 1


# Anonymous status lookups: ten misses a minute per address.
ANONYMOUS_LOOKUPS = FailureLimit("ip", limit=10, window=60)
# Typed short codes by logged-in merchants: generous for typos, useless for guessing
# (31^10 possible codes), counted per user and per address.
MERCHANT_LOOKUPS = FailureLimit("merchant", limit=20, window=600)
