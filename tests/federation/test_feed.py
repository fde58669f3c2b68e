"""The public feed: schema.org vocabulary, public data only, absolute links, flat queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.directory import factories as directory_factories
from portal.directory.models import MerchantPage
from portal.federation import feed

from .helpers import businesses, initiative, town

FEED = "/federation/feed.json"


@pytest.fixture
def two_towns(db):
    north = town("Nordstadt", "nordstadt.example", default=True)
    south = town("Suedstadt", "suedstadt.example")
    return north, south


def get_feed(client, host, **params):
    return client.get(FEED, params, HTTP_HOST=host)


def items(response):
    return [element["item"] for element in response.json()["dataFeedElement"]]


def test_feed_lists_the_towns_businesses_and_initiatives_as_schema_org(client, two_towns):
    (north, north_index), (south, south_index) = two_towns
    retail = directory_factories.CategoryFactory(name="Hofcafé", slug="hofcafe-test")
    page = directory_factories.MerchantPageFactory(
        parent=north_index,
        title="Bäckerei Korn",
        primary_category=retail,
        street="Markt 2",
        postcode="17033",
        city="Nordstadt",
        latitude=53.55,
        longitude=13.26,
        phone="+49 395 1234",
        email="korn@example.org",
        offers_local_delivery=True,
        offers_phone_orders=True,
        online_shop_url="https://korn.example/shop",
        legal_name="Korn Backwaren GmbH",
        vat_id="DE123456789",
        keywords="geheimes Suchwort",
    )
    published = timezone.now() - datetime.timedelta(days=2)
    MerchantPage.objects.filter(pk=page.pk).update(last_published_at=published)
    directory_factories.MerchantPageFactory(parent=south_index, title="Laden Süd")
    draft = directory_factories.MerchantPageFactory(parent=north_index, title="Entwurf")
    draft.unpublish()
    initiative(north, "Dorfladen Nord")

    response = get_feed(client, "nordstadt.example")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    data = response.json()
    assert data["@context"] == "https://schema.org" and data["@type"] == "DataFeed"
    assert data["url"] == "http://nordstadt.example/federation/feed.json"
    by_name = {item["name"]: item for item in items(response)}
    assert set(by_name) == {"Bäckerei Korn", "Dorfladen Nord"}
    business = by_name["Bäckerei Korn"]
    assert business["@type"] == "LocalBusiness"
    assert business["identifier"] == f"urn:uuid:{page.translation_key}"
    assert business["url"] == "http://nordstadt.example/haendler/baeckerei-korn/"
    assert business["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Markt 2",
        "postalCode": "17033",
        "addressLocality": "Nordstadt",
        "addressCountry": "DE",
    }
    assert business["geo"] == {"@type": "GeoCoordinates", "latitude": 53.55, "longitude": 13.26}
    assert business["telephone"] == "+49 395 1234"
    assert business["email"] == "korn@example.org"
    assert business["openingHours"] == page.opening_hours
    assert business["keywords"] == ["Hofcafé"]
    features = {f["name"]: f["value"] for f in business["amenityFeature"]}
    assert features == {
        "delivery": True,
        "pickup": False,
        "phone_orders": True,
        "online_shop": True,
    }
    assert business["dateModified"] == published.isoformat()
    text = response.content.decode()
    for private in ("Korn Backwaren GmbH", "DE123456789", "geheimes Suchwort", "Entwurf"):
        assert private not in text
    organisation = by_name["Dorfladen Nord"]
    assert organisation["@type"] == "Organization"
    assert organisation["areaServed"] == "Seenplatte"
    assert organisation["url"].startswith("http://nordstadt.example/initiativen/")


def test_feed_is_cacheable_with_an_etag(client, two_towns):
    (_north, index), _south = two_towns
    businesses(index, 3)

    first = get_feed(client, "nordstadt.example")
    again = client.get(FEED, HTTP_HOST="nordstadt.example", HTTP_IF_NONE_MATCH=first["ETag"])

    assert "public" in first["Cache-Control"] and "max-age=" in first["Cache-Control"]
    assert first["Last-Modified"]
    assert again.status_code == 304


def test_feed_pages_follow_each_other(client, two_towns, monkeypatch):
    (_north, index), _south = two_towns
    monkeypatch.setattr(feed, "PAGE_SIZE", 4)
    businesses(index, 10)

    first = get_feed(client, "nordstadt.example").json()
    second = get_feed(client, "nordstadt.example", seite=2).json()
    third = get_feed(client, "nordstadt.example", seite=3).json()

    assert first["nextPage"] == "http://nordstadt.example/federation/feed.json?seite=2"
    assert second["nextPage"].endswith("?seite=3") and "nextPage" not in third
    names = [e["item"]["name"] for page in (first, second, third) for e in page["dataFeedElement"]]
    assert len(names) == len(set(names)) == 10


def test_bad_page_number_gets_a_german_message(client, two_towns):
    response = get_feed(client, "nordstadt.example", seite="x")
    beyond = get_feed(client, "nordstadt.example", seite=99)

    assert response.status_code == 400
    assert "gibt es nicht" in response.json()["fehler"]
    assert beyond.status_code == 404


def test_feed_queries_stay_flat_with_ten_times_the_businesses(client, two_towns):
    (north, index), _south = two_towns
    initiative(north)
    businesses(index, 20)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert get_feed(client, "nordstadt.example").status_code == 200
        return len(captured)

    get_feed(client, "nordstadt.example")  # warms the cached site roots
    few = count()
    businesses(index, 180, start=20)
    many = count()

    assert many == few
    assert many <= 8
