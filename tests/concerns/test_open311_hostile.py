"""Hostile and broken Open311 calls get GeoReport errors (JSON or XML), never a 500 or HTML."""

import json
import xml.etree.ElementTree as ET

import pytest

from portal.concerns.factories import Open311ApiKeyFactory
from portal.concerns.models import Concern

BASE = "/open311/v2"


def error_of(response, fmt="json"):
    """The ``(code, description)`` of a spec-format error answer."""
    if fmt == "xml":
        assert response["Content-Type"].startswith("application/xml")
        error = ET.fromstring(response.content).find("error")
        return int(error.find("code").text), error.find("description").text
    assert response["Content-Type"].startswith("application/json")
    (error,) = json.loads(response.content)
    return error["code"], error["description"]


def valid_post(key, **changes):
    return {
        "api_key": key.key,
        "service_code": "strassen",
        "lat": "50.93",
        "long": "6.95",
        "description": "Gullydeckel klappert",
        **changes,
    }


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    "query",
    [
        "service_code=stra%00ssen",
        "status=open%00",
        "start_date=2026-01-01%00",
        "service_request_id=%00",
        "jurisdiction_id=%00",
    ],
)
def test_a_nul_byte_in_a_parameter_is_a_spec_400(client, roads, fmt, query):
    response = client.get(f"{BASE}/requests.{fmt}?{query}")

    assert response.status_code == 400
    assert error_of(response, fmt)[0] == 400


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    "query",
    [
        "start_date=9999-12-31",
        "end_date=0001-01-01",
        "start_date=0001-01-01&end_date=0001-01-02",
        "updated_after=9999-12-31T23:59:59Z",
        "start_date=2026-13-45",
    ],
)
def test_dates_out_of_range_are_a_spec_400(client, roads, fmt, query):
    response = client.get(f"{BASE}/requests.{fmt}?{query}")

    assert response.status_code == 400
    assert error_of(response, fmt)[0] == 400


def test_a_nul_byte_in_a_posted_field_is_refused_and_nothing_stored(client, roads):
    key = Open311ApiKeyFactory()

    response = client.post(
        f"{BASE}/requests.json",
        "&".join(f"{k}={v}" for k, v in valid_post(key, description="Loch%00").items()),
        content_type="application/x-www-form-urlencoded",
    )

    assert error_of(response)[0] == 400
    assert not Concern.objects.exists()


def test_a_nul_byte_in_a_multipart_body_is_refused(client, roads):
    key = Open311ApiKeyFactory()

    response = client.post(f"{BASE}/requests.json", valid_post(key, description="Loch\x00"))

    assert error_of(response)[0] == 400
    assert not Concern.objects.exists()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_too_large_body_is_a_spec_413(client, roads, fmt, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    key = Open311ApiKeyFactory()

    response = client.post(
        f"{BASE}/requests.{fmt}",
        f"api_key={key.key}&description=" + "x" * 20_000,
        content_type="application/x-www-form-urlencoded",
    )

    assert error_of(response, fmt) == (413, "The request body is too large.")
    assert not Concern.objects.exists()


@pytest.mark.parametrize(
    "method, path",
    [
        ("put", "requests.json"),
        ("delete", "requests.xml"),
        ("post", "services.json"),
        ("patch", "requests/ABC.json"),
    ],
)
def test_a_wrong_method_is_a_spec_405(roads, method, path):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)  # as an app calls it: no CSRF cookie or token
    response = getattr(client, method)(f"{BASE}/{path}")

    assert response.status_code == 405
    fmt = "xml" if path.endswith(".xml") else "json"
    assert error_of(response, fmt)[0] == 405
    assert "GET" in response["Allow"]


def test_one_api_key_may_create_only_so_many_requests(client, roads, settings):
    settings.CONCERNS_OPEN311_RATE_LIMIT = (5, 600)
    busy, other = Open311ApiKeyFactory(), Open311ApiKeyFactory()

    answers = [client.post(f"{BASE}/requests.json", valid_post(busy)) for _ in range(7)]

    assert [answer.status_code for answer in answers] == [201] * 5 + [429] * 2
    assert error_of(answers[-1])[0] == 429
    assert Concern.objects.count() == 5
    assert client.post(f"{BASE}/requests.json", valid_post(other)).status_code == 201


def test_an_unknown_token_is_a_spec_404(client, db):
    response = client.get(f"{BASE}/tokens/1-gefaelscht.json")

    assert error_of(response) == (404, "token not found: 1-gefaelscht")
