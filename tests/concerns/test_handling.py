"""The admin queue: office isolation, status and notes, reassigning, merging, moderation."""

import pytest
from django.urls import reverse

from portal.concerns import services
from portal.concerns.factories import ConcernFactory
from portal.concerns.models import Concern, EventAction, Status
from portal.home.factories import UserFactory

from .helpers import admin_group, jpeg_with_gps

pytestmark = pytest.mark.django_db


def detail_url(concern):
    return reverse("concerns:detail", args=[concern.pk])


def post_action(client, concern, action, **fields):
    data = {"action": action, **{f"{action}-{name}": value for name, value in fields.items()}}
    return client.post(detail_url(concern), data)


@pytest.fixture
def road_concern(roads):
    return ConcernFactory(topic=roads, description="Schlagloch in der Bahnhofstraße")


@pytest.fixture
def park_concern(parks):
    return ConcernFactory(topic=parks, description="Bank im Park kaputt")


def test_office_staff_see_only_their_offices_concerns(
    client, road_staff, park_staff, road_concern, park_concern
):
    client.force_login(park_staff)
    queue = client.get(reverse("concerns:queue")).content.decode()
    assert park_concern.tracking_number in queue
    assert road_concern.tracking_number not in queue
    assert client.get(detail_url(road_concern)).status_code == 404
    assert post_action(client, road_concern, "status", status=Status.REJECTED).status_code == 404
    road_concern.refresh_from_db()
    assert road_concern.status == Status.RECEIVED

    client.force_login(road_staff)
    assert client.get(detail_url(road_concern)).status_code == 200
    assert (
        park_concern.tracking_number not in client.get(reverse("concerns:queue")).content.decode()
    )


def test_new_concern_reaches_the_topic_offices_queue(client, road_staff, park_staff, roads):
    concern = services.submit_concern(
        kind="problem", topic=roads, description="Laterne defekt", source="web"
    )
    client.force_login(road_staff)
    assert concern.tracking_number in client.get(reverse("concerns:queue")).content.decode()
    client.force_login(park_staff)
    assert concern.tracking_number not in client.get(reverse("concerns:queue")).content.decode()


def test_editors_see_every_office(client, editor, road_concern, park_concern):
    client.force_login(editor)
    queue = client.get(reverse("concerns:queue")).content.decode()
    assert road_concern.tracking_number in queue and park_concern.tracking_number in queue
    assert client.get(detail_url(road_concern)).status_code == 200


def test_users_without_an_office_cannot_open_the_queue(client, road_concern):
    moderator = UserFactory(username="moderator", email="")
    moderator.groups.add(admin_group("Moderators"))
    client.force_login(moderator)
    # Wagtail answers PermissionDenied in the admin with a redirect to the dashboard.
    for url in (reverse("concerns:queue"), detail_url(road_concern)):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_removing_staff_from_their_last_office_takes_away_admin_access(road_office, road_staff):
    assert road_staff.groups.filter(name="Sachbearbeitung").exists()
    road_office.staff.remove(road_staff)
    assert not road_staff.groups.filter(name="Sachbearbeitung").exists()


def test_status_change_with_notes_is_recorded_and_mailed_to_the_citizen(
    client, concern_page, road_staff, road_concern, mailoutbox
):
    road_concern.email = "erika@example.org"
    road_concern.save()
    client.force_login(road_staff)
    response = post_action(
        client,
        road_concern,
        "status",
        status=Status.IN_PROCESS,
        public_note="Ein Trupp ist beauftragt.",
        internal_note="Firma Meyer, Auftrag 4711",
    )
    assert response.status_code == 302
    road_concern.refresh_from_db()
    assert road_concern.status == Status.IN_PROCESS
    assert road_concern.status_note == "Ein Trupp ist beauftragt."
    event = road_concern.events.get(action=EventAction.STATUS)
    assert event.user == road_staff and event.created_at is not None
    assert event.internal_note == "Firma Meyer, Auftrag 4711"
    (mail,) = mailoutbox
    assert mail.to == ["erika@example.org"]
    assert "In Bearbeitung" in mail.body and "Ein Trupp ist beauftragt." in mail.body
    assert "4711" not in mail.body
    assert f"http://localhost/anliegen/status/{road_concern.private_token}/" in mail.body


def test_closing_sets_closed_time_and_reopening_clears_it(road_staff, road_concern):
    services.change_status(road_concern, road_staff, status=Status.PROCESSED)
    road_concern.refresh_from_db()
    assert road_concern.closed_at is not None
    services.change_status(road_concern, road_staff, status=Status.IN_PROCESS)
    road_concern.refresh_from_db()
    assert road_concern.closed_at is None


def test_internal_note_alone_mails_nobody(client, road_staff, road_concern, mailoutbox):
    road_concern.email = "erika@example.org"
    road_concern.save()
    client.force_login(road_staff)
    post_action(client, road_concern, "status", status=Status.RECEIVED, internal_note="Rückruf")
    assert road_concern.events.filter(internal_note="Rückruf").exists()
    assert not mailoutbox


def test_unconfirmed_address_still_gets_status_mails(road_staff, road_concern, mailoutbox):
    road_concern.email = "unbestaetigt@example.org"
    road_concern.save()
    services.change_status(
        road_concern, road_staff, status=Status.PROCESSED, public_note="Erledigt"
    )
    assert [mail.to for mail in mailoutbox] == [["unbestaetigt@example.org"]]


def test_reassigning_moves_the_concern_and_notifies_the_new_office(
    client, road_staff, park_staff, road_concern, park_office, mailoutbox
):
    client.force_login(road_staff)
    response = post_action(
        client, road_concern, "reassign", office=park_office.pk, internal_note="Parkweg"
    )
    assert response.status_code == 302
    road_concern.refresh_from_db()
    assert road_concern.office == park_office
    assert [mail.to for mail in mailoutbox] == [["gruen@musterstadt.example"]]
    event = road_concern.events.get(action=EventAction.REASSIGNED)
    assert event.user == road_staff and event.detail == "Tiefbauamt → Grünflächenamt"
    assert client.get(detail_url(road_concern)).status_code == 404
    client.force_login(park_staff)
    assert client.get(detail_url(road_concern)).status_code == 200


def test_merging_a_duplicate_closes_it_and_forwards_updates(
    client, road_staff, roads, road_concern, mailoutbox
):
    duplicate = ConcernFactory(
        topic=roads,
        description="Loch in der Bahnhofstraße",
        email="zweite@example.org",
    )
    client.force_login(road_staff)
    response = post_action(client, duplicate, "merge", target=road_concern.tracking_number)
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == road_concern and duplicate.is_closed
    assert duplicate.events.get(action=EventAction.MERGED).user == road_staff
    assert road_concern.events.filter(action=EventAction.MERGED).exists()
    assert not Concern.objects.listed().filter(pk=duplicate.pk).exists()
    mailoutbox.clear()

    services.change_status(
        road_concern, road_staff, status=Status.PROCESSED, public_note="Repariert"
    )
    assert [mail.to for mail in mailoutbox] == [["zweite@example.org"]]
    assert duplicate.tracking_number in mailoutbox[0].subject


def test_merging_into_an_invisible_concern_is_refused(
    client, road_staff, road_concern, park_concern
):
    client.force_login(road_staff)
    response = post_action(client, road_concern, "merge", target=park_concern.tracking_number)
    assert response.status_code == 400
    road_concern.refresh_from_db()
    assert road_concern.merged_into is None


def test_moderation_hides_edits_and_removes_the_photo(
    client, road_staff, roads, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.concerns.photos import clean_photo

    concern = ConcernFactory(
        topic=roads,
        description="Herr Max Muster, Tel. 0123 456, meldet ein Schlagloch.",
        photo=clean_photo(SimpleUploadedFile("a.jpg", jpeg_with_gps(), "image/jpeg")),
    )
    storage, photo_name = concern.photo.storage, concern.photo.name
    assert storage.exists(photo_name)
    client.force_login(road_staff)

    with django_capture_on_commit_callbacks(execute=True):
        post_action(client, concern, "hide", hidden="True", internal_note="Name im Text")
    concern.refresh_from_db()
    assert concern.is_hidden
    assert not Concern.objects.public().filter(pk=concern.pk).exists()
    # The photo's old public address is dead; the file lives on under a new name.
    assert not storage.exists(photo_name)
    assert concern.photo.name != photo_name and storage.exists(concern.photo.name)
    photo_name = concern.photo.name

    post_action(client, concern, "edit", description="Schlagloch gemeldet.")
    with django_capture_on_commit_callbacks(execute=True):  # the file goes after the commit
        post_action(client, concern, "remove_photo")
    post_action(client, concern, "hide", hidden="")
    concern.refresh_from_db()
    assert concern.description == "Schlagloch gemeldet."
    assert not concern.photo and not storage.exists(photo_name)
    assert not concern.is_hidden
    actions = list(concern.events.values_list("action", "user"))
    assert actions == [
        (EventAction.HIDDEN, road_staff.pk),
        (EventAction.EDITED, road_staff.pk),
        (EventAction.PHOTO_REMOVED, road_staff.pk),
        (EventAction.SHOWN, road_staff.pk),
    ]
    history = " ".join(
        f"{e.public_note} {e.internal_note} {e.detail}" for e in concern.events.all()
    )
    assert "0123 456" not in history  # the removed personal data is not kept anywhere


def test_detail_page_shows_history_with_who_and_when(client, road_staff, road_concern):
    services.change_status(
        road_concern, road_staff, status=Status.IN_PROCESS, internal_note="Ortstermin Montag"
    )
    client.force_login(road_staff)
    html = client.get(detail_url(road_concern)).content.decode()
    assert "Ortstermin Montag" in html
    assert road_staff.get_full_name() in html


def test_queue_queries_do_not_grow_with_the_number_of_concerns(client, editor, roads, parks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor)
    ConcernFactory.create_batch(2, topic=roads)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("concerns:queue"))
    ConcernFactory.create_batch(20, topic=parks)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("concerns:queue")).status_code == 200
    assert len(many) == len(few)
