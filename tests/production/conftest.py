"""Fixtures of the production-setup tests: a real S3-compatible server (moto).

One moto server process per test run, on a free loopback port, stopped by
its PID at the end (``bench.s3``); each test gets a bucket of its own and the
portal's ``MediaStorage`` as the default storage, configured as
``portal.settings.production`` configures it from the environment.
"""

import uuid
from types import SimpleNamespace

import pytest

from bench import s3


@pytest.fixture(scope="session")
def s3_endpoint():
    with s3.moto_server() as endpoint:
        yield endpoint


@pytest.fixture
def media_bucket(s3_endpoint, settings):
    """A fresh bucket as the default storage; ``.stored()`` lists what is in it."""
    name = f"portal-test-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(s3_endpoint, name)
    options = {
        "bucket_name": name,
        "endpoint_url": s3_endpoint,
        "region_name": s3.REGION,
        "addressing_style": "path",
        "access_key": s3.CREDENTIALS["AWS_ACCESS_KEY_ID"],
        "secret_key": s3.CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "portal.storage.MediaStorage", "OPTIONS": options},
    }
    client = s3.client(s3_endpoint)

    def stored():
        listing = client.list_objects_v2(Bucket=name)
        return sorted(entry["Key"] for entry in listing.get("Contents", ()))

    def head(key):
        return client.head_object(Bucket=name, Key=key)

    return SimpleNamespace(name=name, options=options, client=client, stored=stored, head=head)
