"""The anonymous lookup limit holds across two app processes sharing Redis.

Two gunicorn processes serve the test database, each with the Redis cache
(``redis_settings``). Failed lookups sent alternately to both count
together: the 11th within the minute gets 429 from whichever serves it.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest
import redis
from django.conf import settings

pytestmark = pytest.mark.django_db(transaction=True)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_until_up(url, process, deadline=60):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode())
        try:
            if status_of(url) == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(url)


@pytest.fixture
def redis_client():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        message = f"Redis is not running at {REDIS_URL}."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return client


@pytest.fixture
def two_app_servers(home_page, redis_client):
    database = settings.DATABASES["default"]
    prefix = f"ratelimit-test-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.vouchers.redis_settings",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
    }
    servers, processes = [], []
    for _ in range(2):
        port = free_port()
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi:application",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "1",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        processes.append(process)
        servers.append(f"http://127.0.0.1:{port}")
    try:
        for server, process in zip(servers, processes, strict=True):
            wait_until_up(f"{server}/gutschein/", process)
        yield servers
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
        for key in redis_client.scan_iter(f"{prefix}*"):
            redis_client.delete(key)


def test_eleventh_failed_lookup_gets_429_across_two_processes_sharing_redis(two_app_servers):
    first, second = two_app_servers
    unknown = "/g/{}/".format("Z" * 22)

    statuses = [status_of(two_app_servers[n % 2] + unknown) for n in range(10)]
    eleventh_on_first = status_of(first + unknown)
    eleventh_on_second = status_of(second + unknown)

    assert statuses == [404] * 10  # five misses on each process, none over the limit alone
    assert eleventh_on_first == 429
    assert eleventh_on_second == 429
