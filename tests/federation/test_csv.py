"""CSV sources end to end: uploaded or fetched, any common encoding and delimiter."""

import pytest

from portal.directory.models import Region
from portal.federation import demo, services
from portal.federation.models import HarvestedEntry, Source

pytestmark = pytest.mark.django_db

HEADER = (
    "kennung;art;name;strasse;plz;ort;region;breitengrad;laengengrad;telefon;lieferung;abholung"
)


def csv_source(content, **fields):
    return Source.objects.create(
        name="Genossenschaft",
        kind=Source.Kind.CSV,
        csv_filename="quelle.csv",
        csv_content=content,
        **fields,
    )


def test_an_uploaded_csv_in_windows_1252_with_commas_is_harvested():
    region = Region.objects.create(name="Vorpommern", slug="vorpommern")
    text = (
        "Kennung,Art,Name,Straße,PLZ,Ort,Breitengrad,Längengrad,Telefon,Lieferung,Onlineshop\n"
        '1,Betrieb,Bäckerei Möller,Hauptstraße 1,17489,Greifswald,"54,09","13,38",03834 1,ja,nein\n'
        "2,Initiative,Dorfladen Gützkow,,17506,Gützkow,,,,x,ja\n"
    )
    source = csv_source(text.encode("cp1252"), default_region=region)

    run = services.harvest(source)

    assert run.succeeded, run.errors
    assert run.created == 2
    bakery = HarvestedEntry.objects.get(identifier="1")
    assert bakery.name == "Bäckerei Möller" and bakery.street == "Hauptstraße 1"
    assert (bakery.latitude, bakery.longitude) == (54.09, 13.38)
    assert bakery.delivery and not bakery.online_shop
    assert bakery.region == region
    shop = HarvestedEntry.objects.get(identifier="2")
    assert shop.kind == HarvestedEntry.Kind.INITIATIVE and shop.online_shop
    assert shop.latitude is None


def test_a_csv_fetched_from_an_address_is_harvested_and_rows_missing_later_withdrawn(
    file_server,
):
    file_server.content_type = "text/csv"
    file_server.content = (
        f"{HEADER}\n"
        "a;Betrieb;Laden A;Weg 1;17192;Waren;;53.5;12.6;;ja;nein\n"
        "b;Betrieb;Laden B;Weg 2;17192;Waren;;53.5;12.7;;nein;ja\n"
    ).encode()
    source = Source.objects.create(name="Per Adresse", kind=Source.Kind.CSV, url=file_server.url)
    assert services.harvest(source).created == 2

    file_server.content = (
        f"{HEADER}\na;Betrieb;Laden A;Weg 1;17192;Waren;;53.5;12.6;;ja;nein\n".encode()
    )
    run = services.harvest(source)

    assert run.unchanged == 1 and run.withdrawn == 1
    assert HarvestedEntry.objects.get(identifier="b").withdrawn_at is not None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01\x02 binary", "NUL"),
        (b"name;ort\nLaden;Waren\n", "„kennung“"),
        (f"{HEADER}\na;Betrieb;Laden A;;;;;nördlich;12;;;\n".encode(), "Zeile 2"),
        (f"{HEADER}\na;Betrieb;Laden A;;;;;;;;vielleicht;\n".encode(), "vielleicht"),
        (f"{HEADER}\na;Rakete;Laden A;;;;;;;;;\n".encode(), "Rakete"),
        (f"{HEADER}\na;Betrieb;Laden A;;;;;;;;;\na;Betrieb;Doppelt;;;;;;;;;\n".encode(), "zweimal"),
    ],
)
def test_a_csv_with_garbage_is_logged_and_changes_nothing(content, message):
    source = csv_source(f"{HEADER}\nx;Betrieb;Bleibt;;;;;;;;;\n".encode())
    services.harvest(source)
    source.csv_content = content
    source.save()

    run = services.harvest(source)

    assert not run.succeeded
    assert message in run.errors
    kept = HarvestedEntry.objects.get()
    assert kept.name == "Bleibt" and kept.withdrawn_at is None


def test_the_demo_step_creates_the_cooperative_source_and_is_idempotent():
    demo.build(None, lambda message: None)
    demo.build(None, lambda message: None)

    source = Source.objects.get(name=demo.NAME)
    runs = list(source.runs.order_by("started_at"))
    assert [run.succeeded for run in runs] == [True, True]
    assert runs[-1].created == 0 and runs[-1].unchanged == 6
    initiatives = HarvestedEntry.objects.filter(kind=HarvestedEntry.Kind.INITIATIVE)
    assert initiatives.count() == 2
    assert {entry.region.name for entry in initiatives} == {"Mecklenburgische Seenplatte"}
    assert HarvestedEntry.objects.filter(kind=HarvestedEntry.Kind.BUSINESS).count() == 4


def test_opening_spans_follow_changed_hours_and_are_renewed_before_they_run_out():
    import datetime

    from django.db.models import Max
    from django.utils import timezone

    from portal.federation.models import HarvestedOpenInterval

    rows = "kennung;name;oeffnungszeiten\na;Laden A;Mo-Su 08:00-12:00\nb;Laden B;{hours}\n"
    source = csv_source(rows.format(hours="Mo-Su 14:00-18:00").encode())
    services.harvest(source)
    b_spans = set(
        HarvestedOpenInterval.objects.filter(entry__identifier="b").values_list("pk", flat=True)
    )
    assert len(b_spans) >= 14

    source.csv_content = rows.format(hours="Mo-Su 15:00-18:00").encode()
    source.save()
    services.harvest(source)
    a_spans = HarvestedOpenInterval.objects.filter(entry__identifier="a")
    new_b = HarvestedOpenInterval.objects.filter(entry__identifier="b")
    assert not b_spans & set(new_b.values_list("pk", flat=True))
    assert {timezone.localtime(span.starts_at).hour for span in new_b} == {15}
    kept_a = set(a_spans.values_list("pk", flat=True))

    services.harvest(source)  # unchanged: the spans stay as they are
    assert set(a_spans.values_list("pk", flat=True)) == kept_a

    soon = timezone.now() + datetime.timedelta(days=2)
    HarvestedOpenInterval.objects.filter(entry__identifier="a", ends_at__gt=soon).delete()
    services.harvest(source)  # unchanged, but A's spans ran short: all are renewed
    horizon = a_spans.aggregate(end=Max("ends_at"))["end"]
    assert horizon > timezone.now() + datetime.timedelta(days=10)
