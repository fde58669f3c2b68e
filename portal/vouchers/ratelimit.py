"""Counting failed voucher lookups in the shared cache, per IP or per merchant user.

Fixed windows (``portal.ratelimit``): the first failure starts a window of
``window`` seconds; once ``limit`` failures are counted, every further
lookup in that window gets HTTP 429, whether or not its code would be
valid, so guessing codes gains nothing. Both fail closed: while Redis is down
a lookup gets a 503 "please try again shortly" rather than an uncounted guess.
"""

from portal.ratelimit import RateLimit, client_ip

__all__ = ["ANONYMOUS_LOOKUPS", "MERCHANT_LOOKUPS", "client_ip"]

# Anonymous status lookups: ten misses a minute per address.
ANONYMOUS_LOOKUPS = RateLimit("cityvouchers:fail:ip", limit=10, window=60, fail_closed=True)
# Typed short codes by logged-in merchants: generous for typos, useless for guessing
# (31^10 possible codes), counted per user and per address.
MERCHANT_LOOKUPS = RateLimit("cityvouchers:fail:merchant", limit=20, window=600, fail_closed=True)
