"""Production: HTTPS only, secrets and hosts from the environment.

Start-up fails loudly when DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS or REDIS_URL is missing.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set in production.")
# Rate limits and cached data must be shared by every worker and app server;
# a per-process memory cache would let each gunicorn worker count on its own.
if not REDIS_URL:  # noqa: F405
    raise ImproperlyConfigured("REDIS_URL must be set in production (shared cache).")

# Online payments go to Mollie itself: the local fake provider is for development only.
if SHOP_MOLLIE_API_ENDPOINT not in ("", "https://api.mollie.com"):  # noqa: F405
    raise ImproperlyConfigured("MOLLIE_API_ENDPOINT must be empty (Mollie's API) in production.")

# Sessions are read from Redis and written through to PostgreSQL: no database
# query per request for the session, and a Redis restart logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Persistent database connections: opening one per request costs more than most
# requests. ``?conn_max_age=`` on DATABASE_URL overrides it (0 closes after each request).
DATABASES["default"].setdefault("CONN_MAX_AGE", 600)  # noqa: F405

# Mails sent by the task worker go out once, however often their task runs
# (portal/operations/mail.py); the mail server of EMAIL_URL sends them.
EMAIL_BACKEND = "portal.operations.mail.SendOnceBackend"

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS") or 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
OSCAR_URL_SCHEMA = "https"
OSCAR_BASKET_COOKIE_SECURE = True
OSCAR_RECENTLY_VIEWED_COOKIE_SECURE = True

# Wagtail's live preview shows the page in a same-origin iframe, so frames stay
# allowed from the portal itself (X_FRAME_OPTIONS = "SAMEORIGIN" in base.py).
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Hashed, compressed static files served by WhiteNoise. Media on disk in
# MEDIA_ROOT, or with AWS_STORAGE_BUCKET_NAME in an S3-compatible bucket that
# every app server shares (portal/storage.py; the portal still serves /media/).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if MEDIA_BUCKET["bucket_name"]:  # noqa: F405
    STORAGES["default"] = {"BACKEND": "portal.storage.MediaStorage", "OPTIONS": MEDIA_BUCKET}  # noqa: F405
