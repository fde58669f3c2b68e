"""Local development: DEBUG, a throwaway key, mails printed to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
# Every town of the demo answers on its own name below localhost (musterstadt.localhost).
ALLOWED_HOSTS = env("DJANGO_ALLOWED_HOSTS") or ["127.0.0.1", "localhost", ".localhost", "[::1]"]
# Serve static files straight from the source folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The fake payment provider (no real money) is offered in the checkout.
SHOP_TEST_PAYMENTS = True
