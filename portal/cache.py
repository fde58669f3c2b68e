"""Django's Redis cache backend, sharing one client per pool and surviving a Redis outage.

``settings.CACHES`` names ``portal.cache.RedisCache`` when ``REDIS_URL`` is set.

Degrading instead of failing. The cache only ever speeds things up or counts
(rate limits), so a stopped or hanging Redis must not turn pages into 500s:

- every call has a short socket timeout (``DEFAULT_OPTIONS``, overridable in
  ``OPTIONS``) and redis-py retries only a broken connection, once and at
  once (the stale pooled connections after a Redis restart), never a timeout,
  so a paused Redis costs one timeout, not five seconds per call;
- a connection error or timeout is a cache miss (``get`` returns the default,
  ``set``/``add``/``delete`` store nothing). After one failure the backend
  answers misses at once for ``RETRY_AFTER`` seconds before it asks Redis
  again, so a page with ten cache calls waits once, not ten times. Django
  builds one backend per thread; the outage state is shared by every backend
  of the process that talks to the same Redis (``Outage``), so one thread
  learning that Redis is down or back holds for all of them;
- the outage is logged once when it starts and once when Redis is back;
- counters cannot be "missed": ``incr``/``decr`` raise ``CacheUnavailable``
  and the rate limits (``portal.ratelimit``) decide whether to fail open or
  closed;
- ``is_available()`` asks Redis directly, for the health check.

Sessions use ``cached_db`` in production: a miss reads the session from
PostgreSQL, so logins keep working while Redis is down.

One client per pool. Django's own client builds a new ``redis.Redis`` for every
cache call, and redis-py fills a table of some 170 response callbacks each time
it does: that costs more than the round trip to Redis. A ``redis.Redis`` only
borrows connections from its pool and is safe to share between threads. Django
offers no public hook for its client class, so this one place relies on three
private names of ``django.core.cache.backends.redis`` (``RedisCache._class``,
``RedisCacheClient._get_connection_pool`` and ``._client``).
``check_django_internals`` verifies them when the backend is built, so a Django
upgrade that renames them fails at start-up with a message naming this module
(and ``tests/home/test_redis_cache.py`` fails), instead of silently falling
back to one client per call.
"""

import functools
import logging
import threading
import time

import redis as redis_lib
from django.core.cache.backends import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

# Redis answers in well under a millisecond on a local network; anything slower
# is an outage and the page goes on without the cache.
DEFAULT_OPTIONS = {
    "socket_connect_timeout": 0.5,
    "socket_timeout": 0.5,
    # One immediate retry on a broken connection only: after Redis restarts,
    # every pooled connection is stale and its first command fails; the retry
    # reconnects. A timeout (a hanging Redis) is not retried.
    "retry": redis_lib.retry.Retry(
        redis_lib.backoff.NoBackoff(), 1, supported_errors=(redis_lib.exceptions.ConnectionError,)
    ),
}
# Seconds a backend answers misses without asking Redis after a failure
# (``OPTIONS["RETRY_AFTER"]`` overrides it).
RETRY_AFTER = 5.0

OUTAGE_ERRORS = (redis_lib.exceptions.ConnectionError, redis_lib.exceptions.TimeoutError, OSError)


class CacheUnavailable(Exception):
    """Redis cannot be reached: raised where a miss would be a wrong answer (counters)."""


@functools.cache
def check_django_internals():
    """Fail loudly if Django renamed the private members this module depends on."""
    missing = [
        name
        for owner, name in (
            (redis.RedisCacheClient, "_get_connection_pool"),
            (redis.RedisCache, "_cache"),
        )
        if not hasattr(owner, name)
    ]
    probe = redis.RedisCache("redis://127.0.0.1:6379/0", {})
    if not hasattr(probe, "_class"):
        missing.append("RedisCache._class")
    client = redis.RedisCacheClient(["redis://127.0.0.1:6379/0"])
    if not hasattr(client, "_client"):
        missing.append("RedisCacheClient._client")
    if missing:
        raise ImproperlyConfigured(
            "portal.cache relies on private members of Django's Redis cache backend "
            f"that this Django version lacks: {', '.join(missing)}. Update portal/cache.py."
        )


class Outage:
    """Whether one Redis is down, shared by all threads of the process."""

    _shared = {}
    _shared_lock = threading.Lock()

    def __init__(self):
        self.lock = threading.Lock()
        self.down = False
        self.down_until = 0.0

    @classmethod
    def of(cls, server):
        with cls._shared_lock:
            return cls._shared.setdefault(str(server), cls())


class RedisCacheClient(redis.RedisCacheClient):
    """Django's client, with one ``redis.Redis`` per connection pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    """Django's Redis backend that treats an unreachable Redis as a cache miss."""

    def __init__(self, server, params):
        options = {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}
        self.retry_after = options.pop("RETRY_AFTER", RETRY_AFTER)
        super().__init__(server, {**params, "OPTIONS": options})
        check_django_internals()
        self._class = RedisCacheClient
        self._outage = Outage.of(server)

    # Outage bookkeeping -------------------------------------------------------

    def _skipping(self):
        outage = self._outage
        return outage.down and time.monotonic() < outage.down_until

    def _failed(self, error):
        outage = self._outage
        with outage.lock:
            if not outage.down:
                logger.warning(
                    "Redis cache unreachable (%s); serving without the cache, "
                    "rate limits on logins and voucher lookups refuse requests.",
                    error,
                )
            outage.down = True
            outage.down_until = time.monotonic() + self.retry_after

    def _succeeded(self):
        outage = self._outage
        if outage.down:
            with outage.lock:
                if outage.down:
                    logger.warning("Redis cache reachable again.")
                outage.down = False

    def _call(self, method, *args, miss=None, **kwargs):
        if self._skipping():
            return miss
        try:
            result = method(*args, **kwargs)
        except OUTAGE_ERRORS as error:
            self._failed(error)
            return miss
        self._succeeded()
        return result

    def _count(self, method, *args, **kwargs):
        if self._skipping():
            raise CacheUnavailable("Redis is unreachable")
        try:
            result = method(*args, **kwargs)
        except OUTAGE_ERRORS as error:
            self._failed(error)
            raise CacheUnavailable(str(error)) from error
        self._succeeded()
        return result

    def is_available(self):
        """Asks Redis now (for the health check), whatever the last call found."""
        try:
            self._cache.get_client(write=True).ping()
        except OUTAGE_ERRORS as error:
            self._failed(error)
            return False
        self._succeeded()
        return True

    # Django's cache API -------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, key, value, timeout, version, miss=False)

    def get(self, key, default=None, version=None):
        return self._call(super().get, key, default, version, miss=default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, key, timeout, version, miss=False)

    def delete(self, key, version=None):
        return self._call(super().delete, key, version, miss=False)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, keys, version, miss={})

    def has_key(self, key, version=None):
        return self._call(super().has_key, key, version, miss=False)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, data, timeout, version, miss=list(data))

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, keys, version)

    def clear(self):
        return self._call(super().clear, miss=False)

    def incr(self, key, delta=1, version=None):
        return self._count(super().incr, key, delta, version)
