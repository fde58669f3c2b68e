"""What the public sees: the list and map, and the citizen's private link."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.concerns import services
from portal.concerns.factories import ConcernFactory
from portal.concerns.models import Status

pytestmark = pytest.mark.django_db


def list_url(page):
    return page.url + page.reverse_subpage("list")


def test_public_list_shows_status_and_note_but_never_the_email(
    client, concern_page, roads, road_staff
):
    concern = ConcernFactory(
        topic=roads,
        description="Ampel an der Kreuzung defekt",
        email="geheim@example.org",
        email_confirmed_at=timezone.now(),
        latitude="50.9381",
        longitude="6.9582",
    )
    services.change_status(
        concern, road_staff, status=Status.IN_PROCESS, public_note="Ist bestellt."
    )
    response = client.get(list_url(concern_page))
    html = response.content.decode()
    assert response.status_code == 200
    assert concern.tracking_number in html and "Ampel an der Kreuzung defekt" in html
    assert "In Bearbeitung" in html and "Ist bestellt." in html
    assert "geheim" not in html and "example.org" not in html
    assert concern.private_token not in html
    markers = json.loads(
        html.split('id="concern-markers" type="application/json">')[1].split("</script>")[0]
    )
    assert markers == [
        {
            "lat": 50.9381,
            "lon": 6.9582,
            "title": f"{concern.tracking_number}: Straßen und Wege",
            "url": f"#anliegen-{concern.tracking_number}",
        }
    ]


def test_public_list_filters_by_topic_and_status(client, concern_page, roads, parks, road_staff):
    road = ConcernFactory(topic=roads, description="Straße A")
    done = ConcernFactory(topic=roads, description="Straße B")
    park = ConcernFactory(topic=parks, description="Park C")
    services.change_status(done, road_staff, status=Status.PROCESSED)

    def numbers(**params):
        html = client.get(list_url(concern_page), params).content.decode()
        return {c.tracking_number for c in (road, done, park) if c.tracking_number in html}

    assert numbers() == {road.tracking_number, done.tracking_number, park.tracking_number}
    assert numbers(thema="strassen") == {road.tracking_number, done.tracking_number}
    assert numbers(thema="gruen") == {park.tracking_number}
    assert numbers(status="processed") == {done.tracking_number}
    assert numbers(thema="strassen", status="received") == {road.tracking_number}
    assert (
        "Zu diesen Filtern gibt es keine Anliegen."
        in client.get(
            list_url(concern_page), {"thema": "gruen", "status": "rejected"}
        ).content.decode()
    )


def test_unconfirmed_hidden_and_merged_concerns_stay_out_of_the_list(
    client, concern_page, roads, road_staff
):
    shown = ConcernFactory(topic=roads, description="Sichtbar")
    unconfirmed = ConcernFactory(
        topic=roads, description="Unbestätigt", email="a@example.org", is_published=False
    )
    hidden = ConcernFactory(topic=roads, description="Versteckt")
    services.set_hidden(hidden, road_staff, True)
    duplicate = ConcernFactory(topic=roads, description="Doppelt")
    services.merge(duplicate, shown, road_staff)
    html = client.get(list_url(concern_page)).content.decode()
    assert shown.tracking_number in html
    for concern in (unconfirmed, hidden, duplicate):
        assert concern.tracking_number not in html


def test_public_list_queries_do_not_grow_with_the_data(client, concern_page, roads, parks):
    ConcernFactory.create_batch(2, topic=roads, latitude="50.9", longitude="6.9")
    client.get(list_url(concern_page))  # warm Wagtail's site and settings caches
    with CaptureQueriesContext(connection) as few:
        client.get(list_url(concern_page))
    ConcernFactory.create_batch(30, topic=parks, latitude="50.9", longitude="6.9")
    with CaptureQueriesContext(connection) as many:
        response = client.get(list_url(concern_page), {"seite": 2})
    assert response.status_code == 200
    assert len(many) == len(few)


def test_private_link_shows_the_history_of_public_notes_but_no_internal_note(
    client, concern_page, roads, road_staff
):
    concern = ConcernFactory(topic=roads, description="Bordstein abgesenkt?")
    services.change_status(
        concern,
        road_staff,
        status=Status.IN_PROCESS,
        public_note="Wir sehen uns das an.",
        internal_note="Kostenstelle 12",
    )
    services.change_status(concern, road_staff, status=Status.PROCESSED, public_note="Erledigt.")
    url = concern_page.url + concern_page.reverse_subpage("status", args=[concern.private_token])
    html = client.get(url).content.decode()
    assert "Wir sehen uns das an." in html and "Erledigt." in html
    assert html.index("Erledigt.") < html.index("Wir sehen uns das an.")  # newest first
    assert "Kostenstelle" not in html
    assert road_staff.username not in html


def test_private_link_of_a_merged_duplicate_follows_the_kept_concern(
    client, concern_page, roads, road_staff
):
    kept = ConcernFactory(topic=roads)
    duplicate = ConcernFactory(topic=roads)
    services.merge(duplicate, kept, road_staff)
    services.change_status(
        kept, road_staff, status=Status.IN_PROCESS, public_note="Wird repariert."
    )
    url = concern_page.url + concern_page.reverse_subpage("status", args=[duplicate.private_token])
    html = client.get(url).content.decode()
    assert kept.tracking_number in html and "Wird repariert." in html


def test_unknown_private_link_is_not_found(client, concern_page):
    url = concern_page.url + concern_page.reverse_subpage("status", args=["falsch"])
    assert client.get(url).status_code == 404
