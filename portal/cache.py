"""Django's Redis cache backend, keeping one Redis client per connection pool.

``settings.CACHES`` names ``portal.cache.RedisCache`` when ``REDIS_URL`` is set.
Django's own client builds a new ``redis.Redis`` for every cache call, and
redis-py fills a table of some 170 response callbacks each time it does: that
costs more than the round trip to Redis, and every logged-in request makes at
least two calls (its session, a rate limit). A ``redis.Redis`` only borrows
connections from its pool and is safe to share between threads, so one per
pool is enough; the pool itself reconnects in a forked worker.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
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
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
