"""The production topology on one machine, on loopback: ``make production-local``.

Starts, from Debian and PyPI packages and the configuration files in deploy/:

    Varnish :6081 (deploy/varnish/portal.vcl)
      -> HAProxy :8080 (deploy/haproxy/haproxy.cfg, health checks on /health/)
         -> gunicorn node 1 :8301 and node 2 :8302 (portal.wsgi, production settings)
      task worker: manage.py db_worker (TASKS_BACKEND=database)
      media: bucket portal-local in an S3-compatible server (moto) on :8390
      PostgreSQL database portal_local and Redis DB 3 on 127.0.0.1 (already running)

The database is migrated and given the demo town on the first start. Media
live in the bucket, shared by both nodes; moto keeps it in memory, so it is
saved to var/production-local/bucket when the topology stops and loaded back
at the next start. With ``--check`` it runs a short check and stops again:
an image uploaded in the admin of node 1 is served by node 2 from the
bucket, and so are the images of a page rendered on node 1 (renditions);
both nodes' /health/alle/ is green; a page is a hit in Varnish after a
miss; and with node 1 killed every request still gets its page through
HAProxy. Without it, the topology runs until Ctrl-C.

The production settings redirect plain HTTP to HTTPS and send cookies only
over HTTPS. There is no TLS terminator here: send ``X-Forwarded-Proto: https``
yourself as one would (``curl -H``, ``wrk -H``); a browser's logins need real
TLS in front.

Needs: PostgreSQL and Redis on 127.0.0.1, ``apt-get install haproxy varnish``,
the development set (``make install``: moto).
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import s3  # noqa: E402
from bench.common import PG, PYTHON, psql, wait_until_up  # noqa: E402
from bench.varnish import varnishd  # noqa: E402

DATABASE = "portal_local"
STATE = ROOT / "var" / "production-local"
NODES = (8301, 8302)
BALANCER = 8080
CACHE = 6081
OBJECT_STORE = 8390
BUCKET = "portal-local"


def environment():
    STATE.mkdir(parents=True, exist_ok=True)
    secret = STATE / "secret-key"
    if not secret.exists():
        secret.write_text(secrets.token_urlsafe(50))
        secret.chmod(0o600)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DJANGO_SECRET_KEY": secret.read_text(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,.localhost",
        "DATABASE_URL": f"{PG}/{DATABASE}",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"),
        "MEDIA_ROOT": str(STATE / "media"),
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{OBJECT_STORE}",
        "AWS_S3_REGION_NAME": s3.REGION,
        "AWS_S3_ADDRESSING_STYLE": "path",
        **s3.CREDENTIALS,
        "STATIC_ROOT": str(STATE / "static"),
        "TASKS_BACKEND": "database",
        "VARNISH_URL": f"http://127.0.0.1:{CACHE}",
        "PORTAL_BASE_URL": f"http://127.0.0.1:{CACHE}",
        "PYTHONPATH": str(ROOT),
    }


def prepare(env, fresh):
    """Database, static files and the demo town (its background work inline).

    ``fresh``: the bucket starts empty, so a database left from before would
    point at files that are gone; it is built anew.
    """
    env = {**env, "TASKS_BACKEND": "immediate"}
    exists = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-Atc",
            f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if exists and fresh:
        psql(f'DROP DATABASE "{DATABASE}" WITH (FORCE)')
    if fresh or not exists:
        psql(f'CREATE DATABASE "{DATABASE}"')
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["compile_translations"],
        ["collectstatic", "--noinput", "-v0"],
        ["build_demo_town", "--allow-production"],
    ):
        subprocess.run(
            [PYTHON, "manage.py", *command],
            check=True,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )


def object_store(stack):
    """moto on :8390 with the bucket, loaded from and saved to var/production-local/bucket.

    Returns whether the bucket starts empty (nothing saved by an earlier run).
    """
    endpoint = stack.enter_context(s3.moto_server(port=OBJECT_STORE))
    s3.create_bucket(endpoint, BUCKET)
    saved = STATE / "bucket"
    fresh = not saved.exists()
    client = s3.client(endpoint)
    for path in sorted(saved.rglob("*")):
        if path.is_file():
            client.upload_file(str(path), BUCKET, path.relative_to(saved).as_posix())

    def save():
        """Download the bucket into a new folder, then swap it in; on any failure
        drop the saved copy, so that the next start builds the database anew
        rather than pointing at files that are missing."""
        partial = STATE / "bucket.partial"
        shutil.rmtree(partial, ignore_errors=True)
        try:
            for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
                for entry in page.get("Contents", ()):
                    target = partial / entry["Key"]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    body = client.get_object(Bucket=BUCKET, Key=entry["Key"])["Body"]
                    target.write_bytes(body.read())
        except (BotoCoreError, ClientError, OSError) as error:
            print(f"The bucket could not be saved ({error}); the next start begins anew.")
            shutil.rmtree(partial, ignore_errors=True)
            shutil.rmtree(saved, ignore_errors=True)
            return
        partial.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(saved, ignore_errors=True)
        partial.rename(saved)

    stack.callback(save)  # runs before the server stops (callbacks run last in, first out)
    return fresh


def start(stack, command, env):
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    stack.callback(lambda: (process.terminate(), process.wait(timeout=30)))
    return process


def gunicorn_node(stack, env, port):
    return start(
        stack,
        [
            PYTHON,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env,
    )


def get(url):
    """``(status, headers, body)`` of a GET as through the TLS terminator."""
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, b""


def check_shared_media():
    """The images of a page rendered on node 1 (renditions in the bucket) are served by node 2.

    On the first start node 1 draws them, writing to the bucket, while it renders.
    """
    status, _, page = get(f"http://127.0.0.1:{NODES[0]}/aktuelles/")
    assert status == 200, status
    images = sorted(set(re.findall(rb'src="(/media/[^"]+)"', page)))
    assert images, "the news page shows images"
    for image in images:
        status, headers, content = get(f"http://127.0.0.1:{NODES[1]}{image.decode()}")
        assert status == 200, (image, status)
        assert headers["Content-Type"].startswith("image/"), (image, headers["Content-Type"])
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert content, image
    print(f"S3: the {len(images)} images of /aktuelles/ on node 1 served by node 2 from the bucket")


def check_upload_on_node_1_read_on_node_2(env):
    """An image uploaded in the admin of node 1 (into the bucket) is served by node 2."""
    import io

    import requests
    from PIL import Image

    password = secrets.token_urlsafe(16)
    subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", CHECK_USER],
        check=True,
        cwd=ROOT,
        env={**env, "CHECK_PASSWORD": password},
        stdout=subprocess.DEVNULL,
    )
    node1 = f"http://127.0.0.1:{NODES[0]}"
    # The production settings mark cookies Secure (HTTPS only): they are sent by hand here.
    headers = {"X-Forwarded-Proto": "https", "Origin": f"https://127.0.0.1:{NODES[0]}"}
    cookies = {}

    def call(method, path, **kwargs):
        cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
        response = requests.request(
            method,
            node1 + path,
            headers={**headers, "Cookie": cookie},
            allow_redirects=False,
            timeout=30,
            **kwargs,
        )
        cookies.update(response.cookies.get_dict())
        return response

    call("GET", "/admin/login/")
    login = call(
        "POST",
        "/admin/login/",
        data={
            "username": "betriebscheck",
            "password": password,
            "csrfmiddlewaretoken": cookies["csrftoken"],
        },
    )
    assert login.status_code == 302, login.status_code
    picture = io.BytesIO()
    Image.new("RGB", (320, 200), (200, 40, 40)).save(picture, "JPEG")
    title = f"Betriebscheck {secrets.token_hex(4)}"
    upload = call(
        "POST",
        "/admin/images/add/",
        # Collection 1 is Wagtail's root collection.
        data={"title": title, "collection": "1", "csrfmiddlewaretoken": cookies["csrftoken"]},
        files={"file": ("betriebscheck.jpg", picture.getvalue(), "image/jpeg")},
    )
    errors = re.findall(r"error[^<]*<[^>]*>([^<]+)", upload.text)
    assert upload.status_code == 302, (upload.status_code, errors)
    name = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DATABASE, "-Atc"]
        + [f"SELECT file FROM wagtailimages_image WHERE title = '{title}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    status, headers_, content = get(f"http://127.0.0.1:{NODES[1]}/media/{name}")
    assert status == 200, (name, status)
    assert headers_["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(content)) as stored:
        assert stored.size == (320, 200), stored.size
    print(f"S3: an image uploaded in the admin of node 1 is served by node 2 ({name})")


CHECK_USER = """
import os
from django.contrib.auth import get_user_model
user, _ = get_user_model().objects.get_or_create(
    username="betriebscheck", defaults={"email": "betriebscheck@localhost"}
)
user.is_staff = user.is_superuser = True
user.set_password(os.environ["CHECK_PASSWORD"])
user.save()
"""


def check_monitoring():
    """``/health/alle/`` on each node: database, Redis, the bucket and the worker are fine."""
    for port in NODES:
        status, _, body = get(f"http://127.0.0.1:{port}/health/alle/")
        assert status == 200, (port, status, body)
    print("Health: /health/alle/ is green on both nodes (database, Redis, bucket, worker)")


def check(nodes, base, env):
    check_upload_on_node_1_read_on_node_2(env)
    check_shared_media()
    check_monitoring()
    statuses = [get(base + "/aktuelles/")[1].get("X-Cache") for _ in range(2)]
    assert statuses == ["miss", "hit"] or statuses == ["hit", "hit"], statuses
    print("Varnish: /aktuelles/ is a hit after a miss")
    nodes[0].kill()
    nodes[0].wait()
    failures = 0
    for n in range(40):
        status, _, _ = get(f"{base}/shop/catalogue/?seite=1&n={n}")  # passes Varnish: new URLs
        failures += status != 200
    print(f"node 1 killed: 40 requests through HAProxy, {failures} failed")
    assert failures == 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="check the topology and stop")
    options = parser.parse_args()
    env = environment()
    with ExitStack() as stack:
        fresh = object_store(stack)
        print("Preparing the database portal_local (migrations, demo town) …", flush=True)
        prepare(env, fresh)
        nodes = [gunicorn_node(stack, env, port) for port in NODES]
        for port in NODES:
            wait_until_up(f"http://127.0.0.1:{port}/health/")
        start(stack, [PYTHON, "manage.py", "db_worker"], env)
        balancer = start(
            stack, ["haproxy", "-db", "-f", str(ROOT / "deploy/haproxy/haproxy.cfg")], env
        )
        wait_until_up(f"http://127.0.0.1:{BALANCER}/health/")
        base = stack.enter_context(varnishd(backend_port=BALANCER, port=CACHE))
        print(
            f"Up: {base}/ (Varnish) -> :{BALANCER} (HAProxy) -> :{NODES[0]}, :{NODES[1]} "
            f"(gunicorn); db_worker running; media in s3://{BUCKET} at :{OBJECT_STORE} (moto); "
            f"HAProxy pid {balancer.pid}",
            flush=True,
        )
        if options.check:
            check(nodes, base, env)
            return
        signal.signal(signal.SIGTERM, lambda *args: sys.exit(0))
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
