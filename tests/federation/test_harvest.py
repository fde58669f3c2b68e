"""Harvesting another installation's feed over loopback, and broken feeds."""

import json

import pytest

from portal.federation import services
from portal.federation.models import HarvestedEntry, HarvestRun, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed_source(remote_portal, db):
    return Source.objects.create(
        name="Fernstadt", kind=Source.Kind.FEED, url=remote_portal.feed_url
    )


def entry(name):
    return HarvestedEntry.objects.get(name=name)


def test_a_second_installations_businesses_are_imported(remote_portal, feed_source):
    remote_portal.add_business("Imkerei Fern", phone="+49 3991 2222", offers_local_delivery=True)

    run = services.harvest(feed_source)

    assert run.succeeded, run.errors
    assert run.created >= 1 and run.withdrawn == 0
    honey = entry("Imkerei Fern")
    assert honey.kind == HarvestedEntry.Kind.BUSINESS
    assert honey.identifier.startswith("urn:uuid:")
    assert honey.url == f"{remote_portal.url}/haendler/imkerei-fern/"
    assert honey.phone == "+49 3991 2222"
    assert (honey.latitude, honey.longitude) == (53.52, 12.68)
    assert honey.delivery and honey.pickup and not honey.online_shop
    assert honey.opening_hours == "Mo-Su 00:00-24:00"
    assert honey.open_intervals.exists()
    feed_source.refresh_from_db()
    assert feed_source.last_succeeded is True
    assert feed_source.last_status.startswith("Fertig:")


def test_a_changed_entry_is_updated_and_the_rest_left_unchanged(remote_portal, feed_source):
    remote_portal.add_business("Töpferei Fern")
    services.harvest(feed_source)
    before = {e.identifier: e.last_seen for e in HarvestedEntry.objects.all()}

    remote_portal.update_business("Töpferei Fern", phone="+49 3991 9999", offers_pickup=False)
    run = services.harvest(feed_source)

    assert run.succeeded and run.updated == 1 and run.created == 0
    assert run.unchanged == len(before) - 1
    pottery = entry("Töpferei Fern")
    assert pottery.phone == "+49 3991 9999" and pottery.pickup is False
    assert pottery.last_seen > before[pottery.identifier]


def test_a_removed_entry_is_withdrawn_and_comes_back_when_it_returns(remote_portal, feed_source):
    remote_portal.add_business("Schuhmacher Fern")
    services.harvest(feed_source)

    remote_portal.update_business("Schuhmacher Fern", live=False)
    run = services.harvest(feed_source)
    withdrawn = entry("Schuhmacher Fern")
    remote_portal.update_business("Schuhmacher Fern", live=True)
    back = services.harvest(feed_source)

    assert run.withdrawn == 1
    assert withdrawn.withdrawn_at is not None
    assert back.updated == 1 and entry("Schuhmacher Fern").withdrawn_at is None


def test_an_editors_manual_fix_survives_the_next_harvest(remote_portal, feed_source):
    remote_portal.add_business("Gärtnerei Fern", phone="+49 3991 3333")
    services.harvest(feed_source)
    garden = entry("Gärtnerei Fern")
    garden.phone, garden.locked_fields = "+49 3991 4444", ["phone"]
    garden.save()

    remote_portal.update_business("Gärtnerei Fern", phone="+49 3991 5555", city="Seestadt")
    run = services.harvest(feed_source)

    garden.refresh_from_db()
    assert run.succeeded
    assert garden.phone == "+49 3991 4444"
    assert garden.city == "Seestadt"


def test_the_periodic_trigger_harvests_due_sources_only(remote_portal, feed_source):
    resting = Source.objects.create(
        name="Ruhend", kind=Source.Kind.FEED, url=remote_portal.feed_url, active=False
    )
    from portal.federation.tasks import harvest_due_sources

    harvest_due_sources.enqueue()
    harvest_due_sources.enqueue()  # the second finds nothing due

    assert HarvestRun.objects.filter(source=feed_source).count() == 1
    assert not HarvestRun.objects.filter(source=resting).exists()


def _valid_feed():
    return {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [
            {
                "@type": "DataFeedItem",
                "item": {"@type": "LocalBusiness", "identifier": "a", "name": "Laden A"},
            }
        ],
    }


@pytest.mark.parametrize(
    "content",
    [
        b"<html>kein JSON</html>",
        b'{"@type": "Dataset"}',
        json.dumps({"@type": "DataFeed", "dataFeedElement": [{"item": {"name": "ohne id"}}]}),
        json.dumps(
            {
                "@type": "DataFeed",
                "dataFeedElement": [
                    {"item": {"identifier": "a", "name": "A", "geo": {"latitude": "viel"}}}
                ],
            }
        ),
    ],
)
def test_a_malformed_feed_is_logged_and_changes_nothing(file_server, db, content):
    source = Source.objects.create(name="Kaputt", kind=Source.Kind.FEED, url=file_server.url)
    file_server.content = json.dumps(_valid_feed()).encode()
    assert services.harvest(source).created == 1
    kept = HarvestedEntry.objects.get()

    file_server.content = content if isinstance(content, bytes) else content.encode()
    run = services.harvest(source)

    assert not run.succeeded
    assert run.status == "Fehlgeschlagen: nichts wurde geändert."
    assert run.errors
    again = HarvestedEntry.objects.get()
    assert again.withdrawn_at is None and again.last_seen == kept.last_seen
    source.refresh_from_db()
    assert source.last_succeeded is False


def test_an_unreachable_source_is_logged(db):
    source = Source.objects.create(
        name="Weg", kind=Source.Kind.FEED, url="http://127.0.0.1:9/federation/feed.json"
    )

    run = services.harvest(source)

    assert not run.succeeded
    assert run.errors == "Die Quelle ist nicht erreichbar."


def test_a_feed_too_large_is_refused(file_server, db, monkeypatch):
    from portal.federation import sources

    monkeypatch.setattr(sources, "MAX_BYTES", 100)
    file_server.content = json.dumps(_valid_feed()).encode() + b" " * 200
    source = Source.objects.create(name="Groß", kind=Source.Kind.FEED, url=file_server.url)

    run = services.harvest(source)

    assert not run.succeeded and "MB" in run.errors
    assert not HarvestedEntry.objects.exists()


def test_the_harvest_command_runs_due_sources_here_with_now(file_server, db):
    from io import StringIO

    from django.core.management import call_command

    file_server.content = json.dumps(_valid_feed()).encode()
    Source.objects.create(name="Befehl", kind=Source.Kind.FEED, url=file_server.url)
    out = StringIO()

    call_command("harvest_sources", "--now", stdout=out)

    assert "Befehl: Fertig: 1 neu" in out.getvalue()
    assert HarvestedEntry.objects.filter(name="Laden A").exists()
