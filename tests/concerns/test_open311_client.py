"""A client written by someone else works against our Open311 endpoint.

The ``georeport`` package from PyPI only reads (services, requests); the
request is created with a plain HTTP POST, as any app would, and read back
with the client in JSON and in XML.
"""

import pytest
import requests
from georeport import GeoReport

from portal.concerns.factories import Open311ApiKeyFactory


@pytest.mark.django_db(transaction=True)
def test_georeport_client_lists_services_and_reads_back_a_posted_request(live_server, roads, parks):
    key = Open311ApiKeyFactory()
    root = f"{live_server.url}/open311/v2"
    client = GeoReport(root, jurisdiction="musterstadt.example")

    services = client.get_service_list()
    assert {service["service_code"] for service in services} == {"strassen", "gruen"}
    definition = client.get_service_definition("strassen")
    assert definition["attributes"][0]["code"] == "kind"

    created = requests.post(
        f"{root}/requests.json",
        data={
            "api_key": key.key,
            "jurisdiction_id": "musterstadt.example",
            "service_code": "strassen",
            "lat": "50.9375",
            "long": "6.9603",
            "description": "Ampel am Markt zeigt dauerhaft Rot",
        },
        timeout=10,
    )
    assert created.status_code == 201
    number = created.json()[0]["service_request_id"]

    request = client.get_service_request(number)
    assert request["service_request_id"] == number
    assert request["status"] == "open"
    assert request["description"] == "Ampel am Markt zeigt dauerhaft Rot"
    assert request["agency_responsible"] == "Tiefbauamt"
    listed = client.get_service_requests(service_code="strassen", status="open")
    assert [item["service_request_id"] for item in listed] == [number]
    assert client.get_service_requests(service_code="gruen") == []

    xml_client = GeoReport(root, output_format="xml")
    assert xml_client.get_service_request(number)["service_request_id"] == number
    xml_services = xml_client.get_service_list()
    assert {service["service_code"] for service in xml_services} == {"strassen", "gruen"}


@pytest.mark.django_db(transaction=True)
def test_a_request_awaiting_email_confirmation_is_followed_by_its_token(live_server, roads):
    from portal.concerns import services
    from portal.concerns.models import Concern

    key = Open311ApiKeyFactory()
    root = f"{live_server.url}/open311/v2"
    created = requests.post(
        f"{root}/requests.json",
        data={
            "api_key": key.key,
            "service_code": "strassen",
            "address_string": "Marktplatz 1",
            "description": "Schlagloch vor dem Rathaus",
            "email": "erika@example.org",
        },
        timeout=10,
    ).json()[0]
    assert created["service_request_id"] is None
    token_url = f"{root}/tokens/{created['token']}.json"
    assert requests.get(token_url, timeout=10).json() == [
        {"service_request_id": None, "token": created["token"]}
    ]

    concern = Concern.objects.get()
    services.confirm_email(concern, services.confirmation_code(concern))

    number = requests.get(token_url, timeout=10).json()[0]["service_request_id"]
    assert number == concern.tracking_number
    request = GeoReport(root).get_service_request(number)
    assert request["description"] == "Schlagloch vor dem Rathaus"
    assert request["status"] == "open"
