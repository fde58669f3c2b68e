"""The app's knobs, each with its default; override any of them in the settings.

Only the retention period is an environment variable (``CONCERNS_EMAIL_RETENTION_DAYS``,
read in ``portal/settings/base.py``): it is a decision of each town's data
protection officer. The others are engineering limits.
"""

from django.conf import settings

DEFAULTS = {
    # Days after closing a concern until the citizen's e-mail address is deleted.
    "CONCERNS_EMAIL_RETENTION_DAYS": 90,
    # (submissions, seconds) allowed per client IP and per e-mail address.
    "CONCERNS_RATE_LIMIT_PER_IP": (10, 60 * 60),
    "CONCERNS_RATE_LIMIT_PER_EMAIL": (5, 60 * 60),
    # Uploaded photos: largest file accepted, largest edge kept after re-encoding,
    # and a pixel ceiling that stops decompression bombs before decoding.
    "CONCERNS_PHOTO_MAX_BYTES": 8 * 1024 * 1024,
    "CONCERNS_PHOTO_MAX_EDGE": 1600,
    "CONCERNS_PHOTO_MAX_PIXELS": 50_000_000,
    # Open311 jurisdiction_id this portal answers to; empty accepts any value.
    "CONCERNS_OPEN311_JURISDICTION": "",
    # Open311 requests.json: most rows per answer and widest date window (spec: 1000, 90 days).
    "CONCERNS_OPEN311_MAX_RESULTS": 1000,
    "CONCERNS_OPEN311_MAX_DAYS": 90,
    # (requests created, seconds) allowed per Open311 API key.
    "CONCERNS_OPEN311_RATE_LIMIT": (30, 10 * 60),
}


def setting(name):
    return getattr(settings, name, DEFAULTS[name])
