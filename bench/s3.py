"""A local S3-compatible server: moto in server mode on a free loopback port.

Used by ``make production-local`` (deploy/production_local.py), where both app
nodes keep their media in it, and by the storage tests
(``tests/production/``). The server is a process of its own, stopped by its
PID when the block ends; its buckets live in its memory and go with it.
"""

import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

from bench.varnish import free_port

# moto accepts any credentials; boto3 needs some to sign its requests.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "portal-local", "AWS_SECRET_ACCESS_KEY": "portal-local"}
REGION = "us-east-1"


@contextmanager
def moto_server(port=None):
    """Run ``moto.server`` until the block ends; yields its endpoint URL."""
    port = port or free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"moto server stopped: {process.stderr.read().decode()}")
            try:
                urllib.request.urlopen(endpoint + "/moto-api/", timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise RuntimeError("moto server did not start within 60 s") from None
                time.sleep(0.2)
        yield endpoint
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def client(endpoint):
    """A boto3 S3 client for the local server."""
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        config=Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 3}),
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )


def create_bucket(endpoint, name):
    client(endpoint).create_bucket(Bucket=name)
