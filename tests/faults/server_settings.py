"""Settings of the app server the fault-injection tests start (``tests/faults/servers.py``).

The test settings with what production has where faults hurt: the shared
Redis cache (the test's own Redis), sessions read from Redis and written
through to PostgreSQL, and persistent database connections
(``?conn_max_age=600`` on ``DATABASE_URL``) checked before reuse.
"""

import os

from portal.settings.test import *  # noqa: F403

CACHES = {
    "default": {
        "BACKEND": "portal.cache.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        # Ask Redis again half a second after a failure (5 s in production).
        "OPTIONS": {"RETRY_AFTER": 0.5},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
