"""Real servers for the fault-injection tests: a Redis and a gunicorn the test owns.

``OwnRedis`` runs ``redis-server`` on a free port of its own, so a test can
stop, pause and restart it without touching anyone else's Redis.
``AppServer`` runs the portal in gunicorn (one worker, threads, persistent
database connections) against the test database and that Redis.
"""

import os
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
import redis
import requests
from django.conf import settings

REDIS_PORTS = range(6390, 6400)
APP_PORTS = range(8100, 8200)


def free_port(candidates):
    for port in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {candidates}.")


def _needed(binary):
    path = shutil.which(binary)
    if path is None:
        message = f"{binary} is not installed."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


class OwnRedis:
    def __init__(self):
        self.binary = _needed("redis-server")
        self.port = free_port(REDIS_PORTS)
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_timeout=1)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def pause(self):
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)


class AppServer:
    def __init__(self, redis_url):
        database = settings.DATABASES["default"]
        self.port = free_port(APP_PORTS)
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.faults.server_settings",
            "DATABASE_URL": (
                f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
                f"{database['PORT'] or 5432}/{database['NAME']}?conn_max_age=600"
            ),
            "REDIS_URL": redis_url,
        }
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--threads",
                "4",
                "--worker-class",
                "gthread",
                "--timeout",
                "60",
            ],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            self._wait_until_up()
        except BaseException:
            self.stop()
            raise

    def _wait_until_up(self):
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.process.stderr.read().decode())
            try:
                requests.get(f"{self.url}/health/", timeout=60)
                return
            except requests.ConnectionError:
                time.sleep(0.3)
        raise TimeoutError(self.url)

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None


CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def csrf_token(session, url):
    """The CSRF value a browser would send from the form on ``url``.

    A page shared from the cache carries an empty field that its script fills:
    with the cookie's secret, or with a new secret set as the cookie too.
    """
    page = session.get(url, timeout=30)
    match = CSRF_FIELD.search(page.text)
    if match and match.group(1):
        return match.group(1)
    secret = session.cookies.get("csrftoken", "")
    if len(secret) != 32:
        secret = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        session.cookies.set("csrftoken", secret, domain=urlsplit(url).hostname, path="/")
    return secret
