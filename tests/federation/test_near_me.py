"""Läden in der Nähe: every town's businesses and harvested ones, nearest first."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.directory import factories as directory_factories
from portal.directory.models import PostcodeArea
from portal.federation.models import HarvestedEntry, HarvestedOpenInterval, Source

from .helpers import businesses, town

URL = "/laeden-in-der-naehe/"
# Neubrandenburg's centre; the businesses lie at growing distances north of it.
ORIGIN = (53.5574, 13.2610)


@pytest.fixture
def region(db):
    PostcodeArea.objects.update_or_create(
        postcode="17033",
        defaults={"place": "Neubrandenburg", "latitude": ORIGIN[0], "longitude": ORIGIN[1]},
    )
    north = town("Nordstadt", "nordstadt.example", default=True)
    south = town("Suedstadt", "suedstadt.example")
    retail = directory_factories.CategoryFactory(name="Einzelhandel", slug="einzelhandel")

    def business(index, title, km, **fields):
        values = {
            "opening_hours": "Mo-Su 00:00-24:00",
            "phone": "+49 395 111 22",
            "latitude": ORIGIN[0] + km / 111.2,
            "longitude": ORIGIN[1],
        }
        values.update(fields)
        return directory_factories.MerchantPageFactory(
            parent=index, title=title, primary_category=retail, **values
        )

    business(north[1], "Laden Nord", 2, offers_pickup=True)
    business(south[1], "Laden Süd", 6, offers_local_delivery=True, offers_phone_orders=True)
    business(south[1], "Laden Geschlossen", 1, opening_hours="")
    source = Source.objects.create(name="Genossenschaft", kind=Source.Kind.CSV)
    harvested = HarvestedEntry.objects.create(
        source=source,
        identifier="h1",
        kind=HarvestedEntry.Kind.BUSINESS,
        name="Hofladen Geerntet",
        latitude=ORIGIN[0] + 4 / 111.2,
        longitude=ORIGIN[1],
        phone="0395 99",
        url="https://hofladen.example/",
        delivery=True,
        opening_hours="Mo-Su 00:00-24:00",
    )
    now = timezone.now()
    HarvestedOpenInterval.objects.create(
        entry=harvested,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
    )
    HarvestedEntry.objects.create(
        source=source,
        identifier="h2",
        kind=HarvestedEntry.Kind.BUSINESS,
        name="Zurückgezogen",
        latitude=ORIGIN[0],
        longitude=ORIGIN[1],
        withdrawn_at=now,
    )
    HarvestedEntry.objects.create(
        source=source,
        identifier="h3",
        kind=HarvestedEntry.Kind.INITIATIVE,
        name="Eine Initiative",
        latitude=ORIGIN[0],
        longitude=ORIGIN[1],
    )
    return north, south, source


def names(response):
    return [place.name for place in response.context["places"]]


def test_businesses_of_all_towns_and_harvested_ones_come_nearest_first(client, region):
    response = client.get(URL, {"plz": "17033"}, HTTP_HOST="nordstadt.example")

    assert response.status_code == 200
    assert names(response) == ["Laden Geschlossen", "Laden Nord", "Hofladen Geerntet", "Laden Süd"]
    places = {place.name: place for place in response.context["places"]}
    assert places["Laden Süd"].url == "http://suedstadt.example/haendler/laden-sued/"
    assert places["Hofladen Geerntet"].url == "https://hofladen.example/"
    assert round(places["Laden Nord"].distance, 1) == 2.0
    html = response.content.decode()
    assert 'href="tel:+4939511122"' in html
    assert "2,0 km entfernt" in html
    assert "Übernommen von: Genossenschaft" in html


def test_filters_narrow_both_kinds(client, region):
    def found(*filters):
        return names(client.get(URL, {"plz": "17033", "nur": list(filters)}))

    assert found("lieferung") == ["Hofladen Geerntet", "Laden Süd"]
    assert found("abholung") == ["Laden Nord"]
    assert found("telefon") == ["Laden Süd"]
    assert found("offen") == ["Laden Nord", "Hofladen Geerntet", "Laden Süd"]
    assert found("offen", "telefon", "abholung") == []


def test_the_browser_position_works_without_a_postcode(client, region):
    response = client.get(URL, {"lat": ORIGIN[0] + 6 / 111.2, "lon": ORIGIN[1]})

    assert names(response)[0] == "Laden Süd"


def test_a_bad_or_unknown_postcode_gets_a_german_message(client, region):
    PostcodeArea.objects.filter(postcode="17034").delete()
    bad = client.get(URL, {"plz": "12a"})
    unknown = client.get(URL, {"plz": "17034"})

    assert "fünf Ziffern" in bad.content.decode()
    assert "Postleitzahl 17034 kennen wir nicht" in unknown.content.decode()
    assert "17033 Neubrandenburg" in unknown.content.decode()
    assert bad.context["places"] == [] and not bad.context["searched"]
    forged = client.get(URL, {"lat": "nördlich", "lon": "999"})
    assert forged.status_code == 200
    assert "Ihr Standort konnte nicht gelesen werden" in forged.content.decode()


def test_nothing_nearby_shows_the_empty_state(client, region):
    response = client.get(URL, {"plz": "17033", "nur": ["telefon", "abholung"]})

    assert "Kein Geschäft in der Nähe passt zu diesen Filtern." in response.content.decode()


def test_the_page_without_a_search_shows_the_form_only(client, region):
    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["places"] == []
    assert 'name="plz"' in response.content.decode()


def test_near_me_queries_stay_flat_with_ten_times_the_data(client, region):
    north, south, source = region

    def more(count, start):
        businesses(north[1], count, start=start, centre=ORIGIN)
        businesses(south[1], count, start=start + 50_000, centre=ORIGIN)
        HarvestedEntry.objects.bulk_create(
            HarvestedEntry(
                source=source,
                identifier=f"bulk-{number}",
                kind=HarvestedEntry.Kind.BUSINESS,
                name=f"Geerntet {number}",
                latitude=ORIGIN[0] + number / 10_000,
                longitude=ORIGIN[1],
                delivery=number % 2 == 0,
            )
            for number in range(start, start + count)
        )

    def count():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"plz": "17033", "nur": ["offen", "lieferung"]})
            assert response.status_code == 200
        return len(captured)

    more(10, 0)
    count()  # warms the cached site roots
    few = count()
    more(90, 10)
    many = count()

    assert many == few
    assert many <= 12


@pytest.mark.parametrize(
    "value",
    [
        "1703\x00",
        "x" * 10_000,
        "' OR 1=1; --",
        "<script>alert(1)</script>",
        "🍞" * 50,
        "nan",
        "inf",
        "-1e309",
    ],
)
def test_hostile_input_never_breaks_the_page(client, region, value):
    for params in ({"plz": value}, {"lat": value, "lon": value}, {"plz": "17033", "nur": value}):
        response = client.get(URL, params)
        assert response.status_code in (200, 400), (params, response.status_code)
        assert "<script>alert(1)</script>" not in response.content.decode()
