"""The Redis cache backend (portal/cache.py) keeps one client and still behaves as Django's."""

import os
import threading
import uuid

import pytest
import redis

from portal.cache import RedisCache

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_cache():
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.exceptions.ConnectionError:
        message = f"Redis is not running at {REDIS_URL}."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"cache-test-{uuid.uuid4().hex}"})
    yield cache
    cache.delete_many(["counter", "session", "gone"])


def test_every_call_shares_one_client_of_the_pool(redis_cache):
    first, *others = [redis_cache._cache.get_client(write=write) for write in (True, False, True)]

    assert all(client is first for client in others)


def test_values_counters_and_expiry_work_as_with_djangos_backend(redis_cache):
    redis_cache.set("session", {"user": 7}, timeout=60)
    redis_cache.set("gone", 1, timeout=0)
    assert redis_cache.add("counter", 0, timeout=60)

    assert redis_cache.get("session") == {"user": 7}
    assert redis_cache.get("gone") is None
    assert [redis_cache.incr("counter") for _ in range(3)] == [1, 2, 3]


def test_threads_counting_at_once_lose_no_increment(redis_cache):
    redis_cache.add("counter", 0, timeout=60)

    def count():
        for _ in range(50):
            redis_cache.incr("counter")

    threads = [threading.Thread(target=count) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert redis_cache.get("counter") == 400
