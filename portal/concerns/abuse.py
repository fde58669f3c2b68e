"""Protection against automated and mass submissions, without tracking anyone.

Counters live in Django's cache (the shared Redis in production, so every app
server counts together) under keys derived from a keyed hash of the IP address
or e-mail address: neither is stored in clear, and each key expires with its
window. While Redis is down submissions are not counted (the limit fails
open). No cookie, fingerprint or third-party CAPTCHA is involved.
"""

from django.core.cache import cache
from django.utils.crypto import salted_hmac

from portal.cache import CacheUnavailable
from portal.concerns.conf import setting

HONEYPOT_FIELD = "website"


def client_ip(request):
    """The address the request came from.

    Behind a reverse proxy, configure the proxy (or gunicorn's
    ``--forwarded-allow-ips``) so that ``REMOTE_ADDR`` is the client's address.
    """
    return request.META.get("REMOTE_ADDR", "")


def _key(kind, value):
    digest = salted_hmac("portal.concerns.ratelimit", f"{kind}:{value}").hexdigest()[:32]
    return f"concerns:ratelimit:{kind}:{digest}"


def _hit(kind, value, limit):
    """Count one submission; True while the count stays within the limit."""
    allowed, window = limit
    key = _key(kind, value)
    try:
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=window)
            count = 1
    except CacheUnavailable:  # fails open: a concern is worth more than a counter
        return True
    return count <= allowed


def allow_submission(ip, email=""):
    """Count a submission from ``ip`` (and ``email``); False once either limit is passed."""
    allowed = True
    if ip:
        allowed = _hit("ip", ip, setting("CONCERNS_RATE_LIMIT_PER_IP"))
    if email:
        allowed = (
            _hit("email", email.strip().lower(), setting("CONCERNS_RATE_LIMIT_PER_EMAIL"))
            and allowed
        )
    return allowed
