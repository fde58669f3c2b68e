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


@pytest.fixture
def unreachable_cache():
    """A cache pointing at a port where no Redis listens (refused at once)."""
    from tests.faults.servers import REDIS_PORTS, free_port

    port = free_port(REDIS_PORTS)
    return RedisCache(f"redis://127.0.0.1:{port}/0", {"OPTIONS": {"RETRY_AFTER": 60}})


def test_an_unreachable_redis_is_a_cache_miss_and_logged_once(unreachable_cache, caplog):
    assert unreachable_cache.get("anything", "fallback") == "fallback"
    assert unreachable_cache.add("counter", 0) is False
    unreachable_cache.set("session", {"user": 7})
    assert unreachable_cache.get_many(["a", "b"]) == {}
    assert unreachable_cache.is_available() is False

    outage_lines = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(outage_lines) == 1


def test_counters_of_an_unreachable_redis_raise_instead_of_missing(unreachable_cache):
    from portal.cache import CacheUnavailable

    with pytest.raises(CacheUnavailable):
        unreachable_cache.incr("counter")


def test_the_private_django_members_the_backend_relies_on_still_exist():
    from portal.cache import check_django_internals

    check_django_internals()  # raises ImproperlyConfigured naming portal/cache.py otherwise
