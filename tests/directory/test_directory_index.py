"""Finding businesses: filters, text search, "open now", distance, postcode typos, budgets."""

import datetime

import extruct
import pytest

from portal.directory import factories, finder, hours, services
from portal.directory.bulk import bulk_create_merchant_pages
from portal.directory.models import MerchantPage, OpeningInterval, PostcodeArea

from .helpers import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def gastro(db):
    return factories.CategoryFactory(name="Gastronomie", slug="gastronomie")


@pytest.fixture
def cafe(gastro):
    return factories.CategoryFactory(name="Café", slug="cafe", parent=gastro)


@pytest.fixture
def postcodes(db):
    # 12347 is also a real (Berlin) postcode, loaded by migration 0008: the test town takes it.
    for postcode, place, latitude, longitude in (
        ("12345", "Musterstadt", 50.9375, 6.9603),
        ("12347", "Musterstadt-Nord", 50.96, 6.96),
    ):
        PostcodeArea.objects.update_or_create(
            postcode=postcode,
            defaults={"place": place, "latitude": latitude, "longitude": longitude},
        )


def make(index, title, category, **fields):
    return factories.MerchantPageFactory(
        parent=index, title=title, primary_category=category, **fields
    )


def test_index_lists_businesses_with_result_count_and_german_empty_state(
    client, directory_index, retail
):
    make(directory_index, "Buchladen Seite", retail)
    response = client.get(directory_index.url)
    assert response.status_code == 200
    assert "1 Betrieb gefunden" in response.text
    assert "Buchladen Seite" in response.text

    response = client.get(directory_index.url, {"q": "Gibtesnicht"})
    assert "0 Betriebe gefunden" in response.text
    assert "Kein Betrieb passt zu diesen Filtern." in response.text


def test_category_filter_includes_subcategories_and_further_categories(
    client, directory_index, retail, gastro, cafe
):
    make(directory_index, "Café Bohne", cafe)
    shop = make(directory_index, "Laden mit Kaffeeausschank", retail)
    shop.categories.set([gastro])
    shop.save_revision().publish()
    make(directory_index, "Schuhladen", retail)

    response = client.get(directory_index.url, {"kategorie": "gastronomie"})
    titles = [item["page"].title for item in response.context["items"]]
    assert titles == ["Café Bohne", "Laden mit Kaffeeausschank"]


def test_text_search_combines_with_how_to_buy_filters(client, directory_index, retail):
    make(directory_index, "Bäckerei Korn", retail, offers_pickup=True)
    make(directory_index, "Bäckerei Mehl", retail, offers_pickup=False)
    make(directory_index, "Metzgerei Wurst", retail, offers_pickup=True)

    response = client.get(directory_index.url + "?q=B%C3%A4ckerei&kaufen=abholung")
    assert [item["page"].title for item in response.context["items"]] == ["Bäckerei Korn"]
    # The filter URL is shareable: pagination keeps every parameter.
    assert "kaufen=abholung" in response.context["query_prefix"]


def test_open_now_uses_the_live_opening_hours(client, directory_index, retail):
    always = make(directory_index, "Tankstelle Tag und Nacht", retail, opening_hours="24/7")
    never = make(directory_index, "Nur im Jahr 2000", retail, opening_hours="2000 Mo 09:00-10:00")
    assert OpeningInterval.objects.filter(page=always).exists()
    assert not OpeningInterval.objects.filter(page=never).exists()

    response = client.get(directory_index.url, {"offen": "1"})
    assert [item["page"].title for item in response.context["items"]] == [always.title]
    assert "Jetzt geöffnet" in response.text


def test_open_now_filter_counts_a_night_opening_after_midnight(directory_index, retail):
    bar = make(directory_index, "Bar Mond", retail, opening_hours="Fr-Sa 20:00-03:00")
    berlin = datetime.datetime(2025, 6, 14, 1, 30, tzinfo=hours.BERLIN)  # Saturday night
    services.refresh_opening_intervals([bar], start=berlin - datetime.timedelta(days=1))
    query = finder.DirectoryQuery(open_now=True)
    assert list(finder.find(directory_index, query, now=berlin)) == [bar]
    assert not list(finder.find(directory_index, query, now=berlin + datetime.timedelta(hours=3)))


def test_open_spans_are_the_same_without_postgresql(directory_index, retail, monkeypatch):
    """The SQLite demo stores open spans row by row; they must equal PostgreSQL's."""
    pages = [
        make(directory_index, "Bar Mond", retail, opening_hours="Fr-Sa 20:00-03:00"),
        make(directory_index, "Bäckerei Früh", retail, opening_hours="Mo-Sa 06:00-13:00"),
        make(directory_index, "Auch früh", retail, opening_hours="Mo-Sa 06:00-13:00"),
    ]
    start = datetime.datetime(2025, 6, 14, 1, 30, tzinfo=hours.BERLIN)

    def stored():
        return sorted(OpeningInterval.objects.values_list("page_id", "starts_at", "ends_at"))

    assert services.refresh_opening_intervals(pages, start=start) > 0
    in_sql = stored()
    monkeypatch.setattr(services, "_store_spans_in_sql", services._store_spans_as_rows)
    assert services.refresh_opening_intervals(pages, start=start) == len(in_sql)
    assert stored() == in_sql
    assert {page_id for page_id, _, _ in in_sql} == {page.pk for page in pages}


def test_distance_sorting_against_known_coordinates(client, directory_index, retail, postcodes):
    # From the centroid of 12345: 0.0 km, about 1.1 km and about 11.1 km away.
    make(directory_index, "Weit weg", retail, latitude=51.0375, longitude=6.9603)
    make(directory_index, "Am Markt", retail, latitude=50.9375, longitude=6.9603)
    make(directory_index, "Um die Ecke", retail, latitude=50.9475, longitude=6.9603)
    make(directory_index, "Ohne Koordinaten", retail, latitude=None, longitude=None)

    response = client.get(directory_index.url, {"plz": "12345"})
    pages = [item["page"] for item in response.context["items"]]
    assert [page.title for page in pages] == [
        "Am Markt",
        "Um die Ecke",
        "Weit weg",
        "Ohne Koordinaten",
    ]
    assert pages[0].distance == pytest.approx(0, abs=0.01)
    assert pages[1].distance == pytest.approx(1.112, abs=0.01)
    assert pages[2].distance == pytest.approx(11.12, abs=0.05)
    assert "1,1 km entfernt" in response.text
    assert "sortiert nach Entfernung von 12345 Musterstadt" in response.text


def test_distance_from_the_browser_location(client, directory_index, retail):
    make(directory_index, "Nord", retail, latitude=50.96, longitude=6.96)
    make(directory_index, "Süd", retail, latitude=50.92, longitude=6.96)
    response = client.get(directory_index.url, {"lat": "50.919", "lon": "6.96"})
    assert [item["page"].title for item in response.context["items"]] == ["Süd", "Nord"]


def test_postcode_with_a_typo_gets_a_clear_message_and_a_suggestion(
    client, directory_index, postcodes
):
    response = client.get(directory_index.url, {"plz": "12354"})  # swapped digits of 12345
    assert "Die Postleitzahl 12354 kennen wir nicht. Bitte prüfen Sie die Eingabe." in response.text
    assert "Meinten Sie: 12345 Musterstadt" in response.text

    response = client.get(directory_index.url, {"plz": "1234"})
    assert "Bitte geben Sie eine deutsche Postleitzahl mit fünf Ziffern ein" in response.text
    assert response.context["query"].origin is None


def test_profile_carries_local_business_json_ld_a_parser_reads_back(
    client, directory_index, retail
):
    retail.schema_type = "Store"
    retail.save()
    page = make(
        directory_index,
        "Buchhandlung Seitenweise",
        retail,
        street="Kirchgasse 2",
        postcode="12345",
        city="Musterstadt",
        latitude=50.9401,
        longitude=6.9577,
        phone="+49 1234 5678",
        opening_hours="Mo-Fr 09:00-18:00; Sa 10:00-14:00",
        vat_id="DE123456789",
    )
    response = client.get(page.url)
    data = extruct.extract(response.text, base_url="http://testserver/", syntaxes=["json-ld"])
    (business,) = data["json-ld"]
    assert business["@type"] == "Store"
    assert business["name"] == "Buchhandlung Seitenweise"
    assert business["address"]["streetAddress"] == "Kirchgasse 2"
    assert business["address"]["postalCode"] == "12345"
    assert business["geo"] == {"@type": "GeoCoordinates", "latitude": 50.9401, "longitude": 6.9577}
    days = {spec["dayOfWeek"].rsplit("/", 1)[1] for spec in business["openingHoursSpecification"]}
    assert days == {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
    saturday = next(
        s for s in business["openingHoursSpecification"] if s["dayOfWeek"].endswith("Saturday")
    )
    assert (saturday["opens"], saturday["closes"]) == ("10:00:00", "14:00:00")
    assert business["vatID"] == "DE123456789"


def test_profile_shows_open_status_week_table_and_legal_identity(client, directory_index, retail):
    page = make(
        directory_index,
        "Apotheke",
        retail,
        opening_hours="24/7",
        legal_name="Apotheke am Markt e. K.",
        register_entry="Amtsgericht Musterstadt, HRA 1",
    )
    response = client.get(page.url)
    assert "Jetzt geöffnet" in response.text
    assert "Heute" in response.text and "00:00–24:00" in response.text
    assert "Apotheke am Markt e. K." in response.text
    assert "HRA 1" in response.text


def test_merchant_card_renders_in_the_home_page_highlights(
    client, home_page, directory_index, retail
):
    page = make(directory_index, "Feinkost Olive", retail, short_description="Öl und Oliven.")
    home_page.highlights = [("page", page)]
    home_page.save_revision().publish()
    response = client.get(home_page.url)
    assert "card--merchant" in response.text
    assert "Öl und Oliven." in response.text


FILTERS = ["", "?q=Betrieb", "?kategorie=einzelhandel&kaufen=abholung", "?offen=1", "?plz=12345"]


def test_directory_index_and_profile_queries_do_not_grow_with_the_data(
    client, directory_index, retail, postcodes
):
    bulk_create_merchant_pages(directory_index, factories.build_merchants(50, category=retail))
    profile = MerchantPage.objects.child_of(directory_index).first()
    urls = [directory_index.url + params for params in FILTERS] + [profile.url]
    for url in urls:
        client.get(url)  # warm caches (site root paths, settings, search synonyms)
    small = [count_queries(client, url) for url in urls]

    bulk_create_merchant_pages(
        directory_index, factories.build_merchants(4950, category=retail, start=50)
    )
    large = [count_queries(client, url) for url in urls]
    assert small == large
    assert max(large) <= 25


def test_pages_of_results_follow_the_order_and_out_of_range_numbers_behave_as_django(
    client, directory_index, retail
):
    bulk_create_merchant_pages(directory_index, factories.build_merchants(45, category=retail))
    expected = [f"Betrieb {number:05d}" for number in range(45)]

    def titles(page_number):
        response = client.get(directory_index.url, {"seite": page_number})
        results_page = response.context["results_page"]
        assert results_page.paginator.count == 45
        return results_page.number, [item["page"].title for item in response.context["items"]]

    assert titles(1) == (1, expected[:20])
    assert titles(2) == (2, expected[20:40])
    assert titles(3) == (3, expected[40:])
    # As Django's Paginator.get_page: past the end or below 1 -> last page, junk -> first.
    assert titles(9) == (3, expected[40:])
    assert titles(0) == (3, expected[40:])
    assert titles("zwei") == (1, expected[:20])


def test_text_search_with_filters_sorted_by_distance(client, directory_index, retail, postcodes):
    make(directory_index, "Bäckerei Fern", retail, latitude=51.0375, offers_pickup=True)
    make(directory_index, "Bäckerei Nah", retail, latitude=50.9385, offers_pickup=True)
    make(directory_index, "Bäckerei ohne Abholung", retail, latitude=50.9375)
    make(directory_index, "Metzgerei Nah", retail, latitude=50.9375, offers_pickup=True)

    response = client.get(
        directory_index.url, {"q": "Bäckerei", "kaufen": "abholung", "plz": "12345"}
    )
    pages = [item["page"] for item in response.context["items"]]
    assert [page.title for page in pages] == ["Bäckerei Nah", "Bäckerei Fern"]
    assert pages[0].distance == pytest.approx(0.111, abs=0.01)
    assert response.context["results_page"].paginator.count == 2


def test_finder_results_count_without_a_separate_query(
    directory_index, retail, django_assert_num_queries
):
    bulk_create_merchant_pages(directory_index, factories.build_merchants(30, category=retail))
    results = finder.find(directory_index, finder.DirectoryQuery())
    # One narrow query for ids and count, one for the page's profiles (no images to prefetch).
    with django_assert_num_queries(2):
        page = finder.ResultsPaginator(results, 20).get_page(2)
        assert page.paginator.count == 30
        assert [profile.title for profile in page] == [f"Betrieb {n:05d}" for n in range(20, 30)]


def test_text_search_pages_and_counts_with_another_search_backend(
    client, directory_index, retail, settings
):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database.fallback"}
    }
    for number in range(25):
        make(directory_index, f"Bäckerei {number:02d}", retail, offers_pickup=number % 2 == 0)
    make(directory_index, "Metzgerei", retail, offers_pickup=True)

    response = client.get(directory_index.url, {"q": "Bäckerei", "seite": "2"})
    assert response.context["results_page"].paginator.count == 25
    assert len(response.context["items"]) == 5
    assert all("Bäckerei" in item["page"].title for item in response.context["items"])

    response = client.get(directory_index.url, {"q": "Bäckerei", "kaufen": "abholung"})
    assert response.context["results_page"].paginator.count == 13
    assert all(item["page"].offers_pickup for item in response.context["items"])


def test_edited_opening_hours_change_the_open_now_result_once_published(
    client, directory_index, retail
):
    page = make(directory_index, "Kiosk Eck", retail, opening_hours="24/7")
    assert titles_open_now(client, directory_index) == ["Kiosk Eck"]

    page.opening_hours = "2000 Mo 09:00-10:00"
    page.save_revision()  # a draft changes nothing yet
    assert titles_open_now(client, directory_index) == ["Kiosk Eck"]

    page.save_revision().publish()
    assert titles_open_now(client, directory_index) == []

    page.opening_hours = "Mo-Su 00:00-24:00"
    page.save_revision().publish()
    assert titles_open_now(client, directory_index) == ["Kiosk Eck"]


def titles_open_now(client, directory_index):
    response = client.get(directory_index.url, {"offen": "1"})
    return [item["page"].title for item in response.context["items"]]


def test_edited_profile_text_is_found_by_the_search_once_published(client, directory_index, retail):
    page = make(directory_index, "Laden Ohnenamen", retail, short_description="Allerlei")
    page.short_description = "Frische Brezeln jeden Morgen"
    page.save_revision().publish()

    response = client.get(directory_index.url, {"q": "Brezeln"})
    assert [item["page"].title for item in response.context["items"]] == ["Laden Ohnenamen"]
    assert response.context["results_page"].paginator.count == 1
    response = client.get(directory_index.url, {"q": "Allerlei"})
    assert response.context["results_page"].paginator.count == 0


def test_map_markers_are_the_cards_of_the_page(client, directory_index, cafe):
    bulk_create_merchant_pages(directory_index, factories.build_merchants(25, category=cafe))
    response = client.get(directory_index.url, {"seite": "2"})
    cards = [item["page"].title for item in response.context["items"]]
    markers = response.context["map_markers"]
    assert [marker["title"] for marker in markers] == cards
    assert cards == [f"Betrieb {number:05d}" for number in range(20, 25)]
    assert markers[0]["note"] == "Gastronomie › Café"
    # The markers' category labels (with the parent category) cost no query per card.
    assert count_queries(client, directory_index.url + "?seite=1") == count_queries(
        client, directory_index.url + "?seite=2"
    )
