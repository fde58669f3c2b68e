"""Open311 GeoReport v2 at /open311/v2/: endpoints, filters, errors, JSON and XML."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from portal.concerns import services
from portal.concerns.factories import ConcernFactory, Open311ApiKeyFactory
from portal.concerns.models import Concern, Source, Status

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def w3c(value):
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def ids(response):
    assert response.status_code == 200, response.content
    return {item["service_request_id"] for item in response.json()}


def assert_error(response, code, fmt="json"):
    """The spec's error shape: a list of {code, description}, with that HTTP status."""
    assert response.status_code == code
    if fmt == "json":
        (error,) = response.json()
        assert error["code"] == code and error["description"]
    else:
        root = ET.fromstring(response.content)
        assert root.tag == "errors"
        assert root.find("error/code").text == str(code)
        assert root.find("error/description").text


@pytest.fixture
def concerns(roads, parks, road_staff, park_staff):
    """Three listed concerns of different age, topic and status."""
    fresh = ConcernFactory(topic=roads, created_at=days_ago(1), latitude="50.9", longitude="6.9")
    older = ConcernFactory(topic=parks, created_at=days_ago(10), address="Schlosspark")
    old_done = ConcernFactory(topic=roads, created_at=days_ago(40))
    services.change_status(old_done, road_staff, status=Status.PROCESSED, public_note="Repariert.")
    return {"fresh": fresh, "older": older, "done": old_done}


def test_services_list_in_json_and_xml(client, roads, parks):
    response = client.get(f"{BASE}/services.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    services_ = {service["service_code"]: service for service in response.json()}
    assert services_["strassen"] == {
        "service_code": "strassen",
        "service_name": "Straßen und Wege",
        "description": "Straßen und Wege",
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": "Tiefbauamt",
    }
    root = ET.fromstring(client.get(f"{BASE}/services.xml").content)
    assert root.tag == "services"
    codes = {service.find("service_code").text for service in root.findall("service")}
    assert codes == {"strassen", "gruen"}
    assert root.find("service/metadata").text == "true"


def test_service_definition_lists_the_kind_attribute(client, roads):
    definition = client.get(f"{BASE}/services/strassen.json").json()
    assert definition["service_code"] == "strassen"
    (attribute,) = definition["attributes"]
    assert attribute["code"] == "kind" and attribute["datatype"] == "singlevaluelist"
    assert [value["key"] for value in attribute["values"]] == ["problem", "idea", "hint"]
    root = ET.fromstring(client.get(f"{BASE}/services/strassen.xml").content)
    assert root.tag == "service_definition"
    assert [v.text for v in root.findall("attributes/attribute/values/value/key")] == [
        "problem",
        "idea",
        "hint",
    ]


def test_unknown_service_code_is_a_spec_error(client, roads):
    assert_error(client.get(f"{BASE}/services/gibtsnicht.json"), 404)
    assert_error(client.get(f"{BASE}/services/gibtsnicht.xml"), 404, fmt="xml")


def test_requests_list_in_json_with_open_closed_status_and_detail(client, concerns):
    response = client.get(f"{BASE}/requests.json")
    by_id = {item["service_request_id"]: item for item in response.json()}
    fresh = by_id[concerns["fresh"].tracking_number]
    assert fresh["status"] == "open" and fresh["detailed_status"] == "received"
    assert fresh["status_notes"] == "Eingegangen"
    assert fresh["service_code"] == "strassen" and fresh["agency_responsible"] == "Tiefbauamt"
    assert (fresh["lat"], fresh["long"]) == (50.9, 6.9)
    assert fresh["requested_datetime"].endswith(("+01:00", "+02:00"))
    done = by_id[concerns["done"].tracking_number]
    assert done["status"] == "closed" and done["detailed_status"] == "processed"
    assert done["status_notes"] == "Erledigt: Repariert."
    # Newest first.
    assert list(by_id) == [
        concerns["fresh"].tracking_number,
        concerns["older"].tracking_number,
        concerns["done"].tracking_number,
    ]


def test_requests_list_in_xml(client, concerns):
    root = ET.fromstring(client.get(f"{BASE}/requests.xml").content)
    assert root.tag == "service_requests"
    requests = root.findall("request")
    assert len(requests) == 3
    assert requests[0].find("service_request_id").text == concerns["fresh"].tracking_number
    assert requests[0].find("status").text == "open"
    assert requests[1].find("address").text == "Schlosspark"
    assert requests[1].find("lat").text is None  # empty element for "no value"


def test_default_window_is_the_last_90_days(client, concerns, roads):
    ancient = ConcernFactory(topic=roads, created_at=days_ago(120))
    assert ancient.tracking_number not in ids(client.get(f"{BASE}/requests.json"))


def test_filter_by_service_request_ids_overrides_the_other_filters(client, concerns):
    wanted = f"{concerns['fresh'].tracking_number},{concerns['done'].tracking_number}"
    response = client.get(
        f"{BASE}/requests.json", {"service_request_id": wanted, "service_code": "gruen"}
    )
    assert ids(response) == {concerns["fresh"].tracking_number, concerns["done"].tracking_number}


def test_filter_by_service_code(client, concerns):
    assert ids(client.get(f"{BASE}/requests.json", {"service_code": "gruen"})) == {
        concerns["older"].tracking_number
    }
    assert len(ids(client.get(f"{BASE}/requests.json", {"service_code": "gruen,strassen"}))) == 3


def test_filter_by_start_and_end_date(client, concerns):
    response = client.get(
        f"{BASE}/requests.json", {"start_date": w3c(days_ago(15)), "end_date": w3c(days_ago(5))}
    )
    assert ids(response) == {concerns["older"].tracking_number}
    only_start = client.get(f"{BASE}/requests.json", {"start_date": w3c(days_ago(45))})
    assert ids(only_start) == {c.tracking_number for c in concerns.values()}
    only_end = client.get(f"{BASE}/requests.json", {"end_date": w3c(days_ago(5))})
    assert ids(only_end) == {concerns["older"].tracking_number, concerns["done"].tracking_number}


def test_filter_by_status(client, concerns):
    assert ids(client.get(f"{BASE}/requests.json", {"status": "closed"})) == {
        concerns["done"].tracking_number
    }
    assert ids(client.get(f"{BASE}/requests.json", {"status": "open"})) == {
        concerns["fresh"].tracking_number,
        concerns["older"].tracking_number,
    }
    assert len(ids(client.get(f"{BASE}/requests.json", {"status": "open,closed"}))) == 3


def test_filter_by_updated_after(client, concerns, road_staff):
    Concern.objects.update(updated_at=days_ago(2))
    cutoff = days_ago(1)
    services.change_status(concerns["older"], road_staff, status=Status.IN_PROCESS)
    response = client.get(f"{BASE}/requests.json", {"updated_after": w3c(cutoff)})
    assert ids(response) == {concerns["older"].tracking_number}


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "gestern"},
        {"end_date": "2026-13-45T00:00:00Z"},
        {"updated_after": "bald"},
        {"start_date": "2026-03-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"},
        {"start_date": "2025-01-01T00:00:00Z", "end_date": "2025-06-01T00:00:00Z"},
        {"status": "pending"},
        {"service_code": "gibtsnicht"},
    ],
)
def test_bad_parameters_give_spec_errors(client, concerns, params):
    assert_error(client.get(f"{BASE}/requests.json", params), 400)
    assert_error(client.get(f"{BASE}/requests.xml", params), 400, fmt="xml")


def test_single_request_in_json_and_xml(client, concerns):
    number = concerns["done"].tracking_number
    (item,) = client.get(f"{BASE}/requests/{number}.json").json()
    assert item["service_request_id"] == number and item["status"] == "closed"
    root = ET.fromstring(client.get(f"{BASE}/requests/{number}.xml").content)
    assert root.find("request/service_request_id").text == number


def test_unknown_unpublished_and_hidden_requests_are_not_found(client, roads, road_staff):
    unpublished = ConcernFactory(topic=roads, is_published=False, email="a@example.org")
    hidden = ConcernFactory(topic=roads)
    services.set_hidden(hidden, road_staff, True)
    for number in ("2026-999999", unpublished.tracking_number, hidden.tracking_number):
        assert_error(client.get(f"{BASE}/requests/{number}.json"), 404)
    assert_error(client.get(f"{BASE}/requests/2026-999999.xml"), 404, fmt="xml")


def test_unknown_resource_is_a_spec_error(client, db):
    assert_error(client.get(f"{BASE}/tokens/abc.json"), 404)
    assert_error(client.get(f"{BASE}/discovery.xml"), 404, fmt="xml")


def test_jurisdiction_id_is_accepted_and_checked_when_configured(client, concerns, settings):
    assert ids(client.get(f"{BASE}/requests.json", {"jurisdiction_id": "musterstadt.example"}))
    settings.CONCERNS_OPEN311_JURISDICTION = "musterstadt.example"
    assert (
        client.get(f"{BASE}/services.json", {"jurisdiction_id": "musterstadt.example"}).status_code
        == 200
    )
    assert_error(client.get(f"{BASE}/services.json", {"jurisdiction_id": "anderswo"}), 404)


def test_email_never_appears_in_open311_answers(client, roads):
    concern = ConcernFactory(topic=roads, email="geheim@example.org")
    for path in ("requests.json", "requests.xml", f"requests/{concern.tracking_number}.json"):
        body = client.get(f"{BASE}/{path}").content.decode()
        assert concern.tracking_number in body and "geheim" not in body


def post_request(client, fmt="json", **fields):
    """POST requests.<fmt> with a valid key and location, overridden by ``fields``."""
    data = {
        "api_key": Open311ApiKeyFactory().key,
        "service_code": "strassen",
        "lat": "50.93",
        "long": "6.95",
        "description": "Gullydeckel klappert",
        **fields,
    }
    return client.post(f"{BASE}/requests.{fmt}", data)


def test_post_creates_a_routed_concern(client, roads, mailoutbox):
    response = post_request(
        client,
        jurisdiction_id="musterstadt.example",
        first_name="Max",
        **{"attribute[kind]": "hint"},
    )
    assert response.status_code == 201
    (created,) = response.json()
    concern = Concern.objects.get(tracking_number=created["service_request_id"])
    assert created["service_notice"] and created["account_id"] is None
    assert concern.source == Source.OPEN311 and concern.api_key.name.startswith("App")
    assert concern.office == roads.office and concern.kind == "hint" and concern.is_published
    assert [mail.to for mail in mailoutbox] == [["tiefbau@musterstadt.example"]]


def test_post_with_email_waits_for_confirmation_and_answers_in_xml(client, roads, mailoutbox):
    response = post_request(
        client, fmt="xml", lat="", long="", address_string="Marktplatz 1", email="erika@example.org"
    )
    assert response.status_code == 201
    created = ET.fromstring(response.content).find("request")
    # Not public yet: GeoReport's token instead of an id the app could not read back.
    assert created.find("service_request_id").text is None
    token = created.find("token").text
    pending = ET.fromstring(client.get(f"/open311/v2/tokens/{token}.xml").content)
    assert pending.find("request/service_request_id").text is None
    assert not Concern.objects.get().is_published
    assert {mail.to[0] for mail in mailoutbox} == {
        "erika@example.org",
        "tiefbau@musterstadt.example",
    }


@pytest.mark.parametrize(
    "changes, code",
    [
        ({"api_key": "falsch"}, 403),
        ({"api_key": ""}, 403),
        ({"service_code": ""}, 400),
        ({"service_code": "gibtsnicht"}, 400),
        ({"lat": "", "long": "", "address_string": ""}, 400),
        ({"lat": "95"}, 400),
        ({"long": ""}, 400),
        ({"description": ""}, 400),
        ({"description": "x" * 2001}, 400),
        ({"attribute[kind]": "beschwerde"}, 400),
        ({"email": "keine-adresse"}, 400),
    ],
)
def test_post_with_bad_input_is_refused_with_spec_errors(client, roads, changes, code):
    assert_error(post_request(client, **changes), code)
    assert not Concern.objects.exists()


def test_inactive_api_key_is_refused(client, roads):
    key = Open311ApiKeyFactory(is_active=False)
    assert_error(post_request(client, api_key=key.key), 403)
