"""WSGI entry point for gunicorn: ``gunicorn portal.wsgi``.

Stored anonymous pages are answered before Django runs (``portal.pagecache``).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

django_application = get_wsgi_application()

from portal.pagecache import CachedPages  # noqa: E402  (needs the settings loaded above)

application = CachedPages(django_application)
