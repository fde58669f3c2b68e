"""Helpers shared by the benchmark scripts: a throwaway PostgreSQL database,
gunicorn with the production settings, and wrk with its figures parsed.

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth), gunicorn (in
requirements.txt) and wrk (Debian package ``wrk``).
"""

import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PG = "postgres://postgres@127.0.0.1:5432"


def production_env(database, media_root, static_root):
    """Environment for manage.py and gunicorn: production settings, DEBUG off."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"{PG}/{database}",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "MEDIA_ROOT": str(media_root),
        "STATIC_ROOT": str(static_root),
        "PYTHONPATH": str(ROOT),
    }


def psql(sql):
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql], check=True, cwd=ROOT
    )


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], check=True, cwd=ROOT, env=env)


@contextmanager
def fresh_database(name):
    psql(f'DROP DATABASE IF EXISTS "{name}"')
    psql(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def scratch_dirs():
    base = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    try:
        yield base / "media", base / "static"
    finally:
        shutil.rmtree(base, ignore_errors=True)


@contextmanager
def gunicorn(app, env, port, workers=2, on_start=None):
    """Serve a WSGI app with gunicorn (sync workers) until the block ends.

    ``on_start(process)`` is called once it answers (the benchmarks read its workers).
    """
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            app,
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/")
        if on_start is not None:
            on_start(process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def process_cpu_seconds(pids):
    """User + system CPU seconds of these processes so far ({pid: seconds}; gone ones left out)."""
    tick = os.sysconf("SC_CLK_TCK")
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / tick
    return seconds


def child_pids(parent):
    """Direct children of a process (gunicorn's workers)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            children.append(int(stat.parent.name))
    return children


def wait_until_up(url, timeout=60):
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(request, timeout=10)
            return
        except urllib.error.HTTPError:
            return  # the server answers; the status is the benchmark's business
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up within {timeout} s")


def wrk(url, threads=2, connections=16, duration="15s", headers=()):
    """Run wrk and return requests/s and latency percentiles in milliseconds."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}", "--latency", url]
    for header in headers:
        command[1:1] = ["-H", header]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": to_ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),
        "p99": to_ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def to_ms(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]
