"""Counting failed voucher lookups in the shared cache, per IP or per merchant user.

Fixed windows (``portal.ratelimit``): the first failure starts a window of
``window`` seconds; once ``limit`` failures are counted, every further
lookup in that window gets HTTP 429, whether or not its code would be
valid, so guessing codes gains nothing.
"""

from portal.ratelimit import RateLimit, client_ip

__all__ = ["ANONYMOUS_LOOKUPS", "MERCHANT_LOOKUPS", "FailureLimit", "client_ip"]


class FailureLimit(RateLimit):
    """A limit on failures of one kind (``name``): only failed lookups are recorded."""

    def __init__(self, name, limit, window):
        super().__init__(f"cityvouchers:fail:{name}", limit, window)

    def record_failure(self, who):
        return self.record(who)


# Anonymous status lookups: ten misses a minute per address.
ANONYMOUS_LOOKUPS = FailureLimit("ip", limit=10, window=60)
# Typed short codes by logged-in merchants: generous for typos, useless for guessing
# (31^10 possible codes), counted per user and per address.
MERCHANT_LOOKUPS = FailureLimit("merchant", limit=20, window=600)
