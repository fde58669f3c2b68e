"""Test settings: real PostgreSQL, everything else fast and local."""

from .base import *  # noqa: F403
from .base import env

# The suite runs against PostgreSQL, never SQLite.
DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/portal")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # as in base.py: stale connections are replaced
# DATABASE_TEST_NAME names the test database, so two runs on one PostgreSQL
# don't collide; unset, Django uses "test_" + the database name.
if env("DATABASE_TEST_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": env("DATABASE_TEST_NAME")}
# A throwaway key: nothing signed in tests outlives the run.
SECRET_KEY = "test-only-insecure-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
# MD5 hashing keeps logins and user factories fast; never outside tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Each test process has its own cache; tests that need Redis configure it themselves.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Outgoing mail lands in django.core.mail.outbox.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# No stored pages between tests (the page cache's own tests switch it on).
PORTAL_PAGE_CACHE = False
# Background tasks run immediately, inside the test.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# No tile server: tests must never contact a third party.
PORTAL_MAP_TILE_URL = ""
# Uploaded files go to a throwaway folder, not the developer's media/.
MEDIA_ROOT = str(BASE_DIR / "var" / "test-media")  # noqa: F405
# Plain static storage: tests render templates without running collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Serve static files straight from the source folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The fake payment provider (no real money) is offered in the checkout.
SHOP_TEST_PAYMENTS = True
