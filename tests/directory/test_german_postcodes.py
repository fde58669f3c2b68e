"""Every German postcode out of the box: the shipped file, its loading, "near a postcode" with it.

The postcodes are added by the directory's migration 0008 on every install; a
transactional test elsewhere empties the table of a reused test database, so
these tests load the shipped file themselves (``import_postcodes``'s loader)
or empty the table first, and pass either way.
"""

import importlib
import io

import pytest
from django.apps import apps as global_apps
from django.core.management import CommandError, call_command
from django.urls import reverse

from portal.directory import demo, factories, finder
from portal.directory.management.commands.import_postcodes import (
    GERMAN_POSTCODES,
    load,
    load_german_postcodes,
    read_text,
)
from portal.directory.models import MerchantPage, PostcodeArea
from portal.vouchers.factories import CouponFactory

from .helpers import count_queries

pytestmark = pytest.mark.django_db

# Businesses far apart, with their distances from the centres of 80331 München
# and 24103 Kiel (great-circle, rounded).
MUENCHEN = (48.1372, 11.5756)  # Marienplatz
AUGSBURG = (48.3705, 10.8978)  # about 56 km from München
MUSTERSTADT = (50.9375, 6.9603)  # the demo town's centre (in the Rhineland)
KIEL = (54.3233, 10.1228)  # about 690 km from München
BY_DISTANCE_FROM_MUENCHEN = ["München", "Augsburg", "Musterstadt", "Kiel"]
BY_DISTANCE_FROM_KIEL = ["Kiel", "Musterstadt", "Augsburg", "München"]


@pytest.fixture
def german_postcodes(db):
    load_german_postcodes()


@pytest.fixture
def no_postcodes(db):
    """An empty table, as before migration 0008 (a fresh test database has them all)."""
    PostcodeArea.objects.all().delete()


@pytest.fixture
def far_apart(directory_index, retail):
    for title, (latitude, longitude) in {
        "Bäckerei Kiel": KIEL,
        "Bäckerei Musterstadt": MUSTERSTADT,
        "Bäckerei Augsburg": AUGSBURG,
        "Bäckerei München": MUENCHEN,
    }.items():
        factories.MerchantPageFactory(
            parent=directory_index,
            title=title,
            primary_category=retail,
            latitude=latitude,
            longitude=longitude,
        )


def snapshot():
    return list(
        PostcodeArea.objects.order_by("postcode").values_list(
            "pk", "postcode", "place", "latitude", "longitude"
        )
    )


def titles(response):
    """The towns of the businesses found, in the order shown."""
    return [item["page"].title.removeprefix("Bäckerei ") for item in response.context["items"]]


def test_shipped_file_has_every_german_postcode_with_a_centre_inside_germany(no_postcodes):
    read, _written = load(read_text(GERMAN_POSTCODES))
    assert 8100 <= read <= 8400
    areas = PostcodeArea.objects.all()
    assert areas.count() == read
    # Germany's extreme points: 47.27-55.06 N, 5.87-15.04 E.
    assert all(47.2 < area.latitude < 55.1 and 5.8 < area.longitude < 15.1 for area in areas)
    assert PostcodeArea.objects.get(postcode="80331").place == "München"
    assert PostcodeArea.objects.get(postcode="24103").place == "Kiel"
    assert PostcodeArea.objects.get(postcode="01067").place == "Dresden"


def test_migration_adds_the_shipped_postcodes_and_keeps_those_already_there():
    migration = importlib.import_module("portal.directory.migrations.0008_german_postcodes")
    PostcodeArea.objects.filter(postcode="24103").delete()
    PostcodeArea.objects.update_or_create(
        postcode="80331", defaults={"place": "Eigener Import", "latitude": 48.1, "longitude": 11.5}
    )

    migration.load(global_apps, None)

    assert PostcodeArea.objects.count() == len(read_text(GERMAN_POSTCODES).splitlines()) - 1
    assert PostcodeArea.objects.get(postcode="24103").place == "Kiel"
    assert PostcodeArea.objects.get(postcode="80331").place == "Eigener Import"


def test_loading_twice_changes_nothing(german_postcodes, django_assert_max_num_queries):
    before = snapshot()
    # One read of what is there, nothing written (the rest is the transaction's savepoint).
    with django_assert_max_num_queries(3) as captured:
        read, written = load_german_postcodes()
    assert (read, written) == (len(before), 0)
    assert not [q for q in captured.captured_queries if "INSERT" in q["sql"]]
    assert snapshot() == before


def test_command_refreshes_changed_postcodes_and_keeps_the_others(german_postcodes, tmp_path):
    untouched = PostcodeArea.objects.get(postcode="24103")
    newer = tmp_path / "plz.csv"
    newer.write_text("plz;ort;lat;lon\n80331;München Altstadt;48,1370;11,5750\n", "utf-8")

    assert run(str(newer)) == "1 Postleitzahlen gelesen, 1 neu oder geändert.\n"
    munich = PostcodeArea.objects.get(postcode="80331")
    assert (munich.place, munich.latitude, munich.longitude) == ("München Altstadt", 48.137, 11.575)
    assert PostcodeArea.objects.get(postcode="24103") == untouched
    assert PostcodeArea.objects.get(postcode="24103").latitude == untouched.latitude


def test_command_without_a_file_loads_the_shipped_postcodes(no_postcodes):
    printed = run()
    count = PostcodeArea.objects.count()
    assert printed == f"{count} Postleitzahlen gelesen, {count} neu oder geändert.\n"
    assert run() == f"{count} Postleitzahlen gelesen, 0 neu oder geändert.\n"


def test_command_reads_the_geonames_dump(no_postcodes, tmp_path):
    dump = tmp_path / "DE.txt"
    dump.write_text(
        "DE\t80331\tMünchen\tBayern\tBY\tOberbayern\t091\tMünchen, Stadt\t09162"
        "\t48.1375\t11.5755\t4\n"
        "DE\t24103\tKiel\tSchleswig-Holstein\tSH\t\t00\tKiel\t01002\t54.3213\t10.1349\t4\n",
        "utf-8",
    )
    run(str(dump))
    assert dict(PostcodeArea.objects.values_list("postcode", "place")) == {
        "80331": "München",
        "24103": "Kiel",
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("a;b\n1;2\n", "Spalten für PLZ, Breite und Länge nicht gefunden."),
        (
            "plz;ort;lat;lon\n80331;München;Norden;11,5\n",
            "Zeile 2: Breite oder Länge ist keine Zahl.",
        ),
        ("plz;ort;lat;lon\n80331;München;nan;11,5\n", "Zeile 2: .* keine gültige Koordinate"),
        ("plz;ort;lat;lon\n80331;München;48,1\n", "Zeile 2: Breite oder Länge ist keine Zahl."),
        ("DE\t80331\tMünchen\tBayern\tBY\t\t\t\t\t\t\t4\n", "Zeile 1: Breite oder Länge ist"),
        ("plz;ort;lat;lon\n", "Keine Postleitzahlen in"),
    ],
)
def test_bad_files_are_refused_in_german_and_change_nothing(
    no_postcodes, tmp_path, content, message
):
    PostcodeArea.objects.create(postcode="12345", place="Musterstadt", latitude=50.9, longitude=6.9)
    bad = tmp_path / "plz.csv"
    bad.write_text(content, "utf-8")
    with pytest.raises(CommandError, match=message):
        run(str(bad))
    assert list(PostcodeArea.objects.values_list("postcode", flat=True)) == ["12345"]

    with pytest.raises(CommandError, match="Datei nicht gefunden"):
        run(str(tmp_path / "fehlt.csv"))


def test_finder_sorts_by_distance_from_a_postcode_far_from_the_demo_town(
    client, directory_index, german_postcodes, far_apart
):
    response = client.get(directory_index.url, {"plz": "80331"})
    assert titles(response) == BY_DISTANCE_FROM_MUENCHEN
    distances = [item["page"].distance for item in response.context["items"]]
    assert distances[0] < 1
    assert distances[1] == pytest.approx(56, abs=3)
    assert distances[3] == pytest.approx(690, abs=15)
    assert "sortiert nach Entfernung von 80331 München" in response.text
    assert "OpenStreetMap-Mitwirkende" in response.text

    response = client.get(directory_index.url, {"plz": "24103"})
    assert titles(response) == BY_DISTANCE_FROM_KIEL


def test_search_box_uses_a_postcode_in_the_words_for_the_distance(
    client, directory_index, german_postcodes, far_apart
):
    response = client.get(directory_index.url, {"q": "Bäckerei 24103"})
    assert titles(response) == BY_DISTANCE_FROM_KIEL
    assert response.context["query"].origin.label == "24103 Kiel"


def test_browser_location_is_not_credited_to_the_postcode_data(
    client, directory_index, german_postcodes, far_apart
):
    response = client.get(directory_index.url, {"lat": "48.14", "lon": "11.58"})
    assert titles(response)[0] == "München"
    assert "OpenStreetMap-Mitwirkende" not in response.text


def test_a_typo_in_a_far_postcode_gets_suggestions_from_its_region(
    client, directory_index, german_postcodes
):
    response = client.get(directory_index.url, {"plz": "24130"})  # swapped digits of 24103
    assert "Die Postleitzahl 24130 kennen wir nicht. Bitte prüfen Sie die Eingabe." in response.text
    assert "Meinten Sie: 24103 Kiel" in response.text

    origin, suggestions = finder.postcode_origin("80330")
    assert origin is None
    assert suggestions == ["80331 München", "80333 München", "80335 München"]


def test_postcode_lookup_is_one_query_however_many_postcodes_are_known(
    german_postcodes, django_assert_num_queries
):
    assert PostcodeArea.objects.count() > 8100
    with django_assert_num_queries(1):
        origin, _suggestions = finder.postcode_origin("80331")
    assert origin.postcode == "80331"
    with django_assert_num_queries(1):
        _origin, suggestions = finder.postcode_origin("24130")
    assert suggestions == ["24103 Kiel"]


def test_finder_page_costs_the_same_queries_with_every_german_postcode(
    client, directory_index, retail, far_apart, no_postcodes
):
    PostcodeArea.objects.create(postcode="80331", place="München", latitude=48.136, longitude=11.57)
    url = directory_index.url + "?plz=80331"
    client.get(url)  # warm caches (site root paths, settings, search synonyms)
    few = count_queries(client, url)
    load_german_postcodes()
    assert count_queries(client, url) == few


def test_demo_town_keeps_its_postcodes_over_the_real_ones(german_postcodes):
    assert PostcodeArea.objects.get(postcode="12347").place == "Berlin"
    demo.load_demo_postcodes()
    assert PostcodeArea.objects.get(postcode="12347").place == "Musterstadt-Nord"
    assert PostcodeArea.objects.get(postcode="12345").place == "Musterstadt"
    assert PostcodeArea.objects.get(postcode="80331").place == "München"
    before = snapshot()
    demo.load_demo_postcodes()  # building the demo again
    assert snapshot() == before


def run(*args):
    """``import_postcodes`` with ``args``; returns what it printed."""
    out = io.StringIO()
    call_command("import_postcodes", *args, stdout=out)
    return out.getvalue()


def test_coupon_overview_sorts_by_distance_from_a_far_postcode_and_credits_the_source(
    client, german_postcodes, far_apart
):
    for merchant in MerchantPage.objects.all():
        CouponFactory(merchant=merchant, title=f"Gutschein {merchant.title}")
    overview = reverse("cityvouchers:coupons")

    page = client.get(overview, {"plz": "24103"}).content.decode()

    shown = sorted(BY_DISTANCE_FROM_KIEL, key=lambda town: page.index(f"Gutschein Bäckerei {town}"))
    assert shown == BY_DISTANCE_FROM_KIEL
    assert "OpenStreetMap-Mitwirkende" in page
    assert "OpenStreetMap-Mitwirkende" not in client.get(overview).content.decode()
