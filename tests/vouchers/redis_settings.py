"""Settings for app processes started by the Redis rate-limit test.

The test settings, but with the shared Redis cache every production app
server uses; the key prefix keeps the run apart from anything else in Redis.
"""

import os

from portal.settings.test import *  # noqa: F403

CACHES = {
    "default": {
        "BACKEND": "portal.cache.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": os.environ["CACHE_KEY_PREFIX"],
    }
}
