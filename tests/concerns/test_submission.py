"""Sending a concern through the page's form: routing, publication, anti-abuse, photos."""

import io
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from portal.concerns.models import Concern, EventAction

from .helpers import jpeg_with_gps

pytestmark = pytest.mark.django_db

CONFIRM_LINK = re.compile(r"http://localhost(/anliegen/status/[\w-]+/)\?bestaetigen=([\w:-]+)")


def submit(client, page, data, **extra):
    return client.post(page.url, data, **extra)


def test_form_page_offers_active_topics_kinds_and_a_map(client, concern_page, roads, parks):
    parks.is_active = False
    parks.save()
    response = client.get(concern_page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Straßen und Wege" in html
    assert "Grünflächen" not in html
    assert "data-location-picker" in html
    assert 'name="website"' in html and 'aria-hidden="true"' in html
    for kind in ("Problem", "Idee", "Hinweis"):
        assert kind in html


def test_concern_with_topic_x_is_routed_to_office_x_and_mailed_only_there(
    client, concern_page, form_data, roads, parks, mailoutbox
):
    response = submit(client, concern_page, form_data)
    concern = Concern.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/anliegen/status/{concern.private_token}/?gesendet=1"
    assert concern.office == roads.office
    assert re.fullmatch(r"\d{4}-\d{6}", concern.tracking_number)
    assert [mail.to for mail in mailoutbox] == [["tiefbau@musterstadt.example"]]
    assert concern.tracking_number in mailoutbox[0].subject
    assert f"http://localhost/admin/concerns/{concern.pk}/" in mailoutbox[0].body
    assert concern.events.get().action == EventAction.CREATED


def test_confirmation_page_shows_tracking_number_and_private_link(client, concern_page, form_data):
    response = submit(client, concern_page, form_data, follow=True)
    concern = Concern.objects.get()
    html = response.content.decode()
    assert concern.tracking_number in html
    assert f"http://testserver/anliegen/status/{concern.private_token}/" in html
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


def test_concern_without_email_is_published_at_once(client, concern_page, form_data):
    submit(client, concern_page, form_data)
    concern = Concern.objects.get()
    assert concern.is_published
    assert Concern.objects.listed().count() == 1


def test_concern_with_email_is_published_only_after_the_mailed_link_is_opened(
    client, concern_page, form_data, mailoutbox
):
    form_data["email"] = "erika@example.org"
    submit(client, concern_page, form_data)
    concern = Concern.objects.get()
    assert not concern.is_published
    citizen_mail = next(mail for mail in mailoutbox if mail.to == ["erika@example.org"])
    path, code = CONFIRM_LINK.search(citizen_mail.body).groups()
    assert path == f"/anliegen/status/{concern.private_token}/"

    # The private link alone (as shown on the confirmation page) does not publish.
    client.get(path)
    client.get(path, {"bestaetigen": "falsch"})
    concern.refresh_from_db()
    assert not concern.is_published and concern.email_confirmed_at is None

    response = client.get(path, {"bestaetigen": code})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.is_published and concern.email_confirmed
    assert concern.events.filter(action=EventAction.CONFIRMED).count() == 1


def test_honeypot_refuses_the_submission(client, concern_page, form_data, mailoutbox):
    form_data["website"] = "https://spam.example"
    response = submit(client, concern_page, form_data)
    assert response.status_code == 400
    assert "konnte nicht angenommen werden" in response.content.decode()
    assert not Concern.objects.exists()
    assert not mailoutbox


def test_rate_limit_per_ip_refuses_further_submissions(client, concern_page, form_data, settings):
    settings.CONCERNS_RATE_LIMIT_PER_IP = (2, 3600)
    assert submit(client, concern_page, form_data).status_code == 302
    assert submit(client, concern_page, form_data).status_code == 302
    response = submit(client, concern_page, form_data)
    assert response.status_code == 429
    assert "in kurzer Zeit viele Anliegen gesendet" in response.content.decode()
    assert Concern.objects.count() == 2
    # Another address is still served.
    assert submit(client, concern_page, form_data, REMOTE_ADDR="10.0.0.7").status_code == 302


def test_rate_limit_per_email_applies_across_addresses(client, concern_page, form_data, settings):
    settings.CONCERNS_RATE_LIMIT_PER_EMAIL = (1, 3600)
    form_data["email"] = "Erika@Example.org"
    assert submit(client, concern_page, form_data, REMOTE_ADDR="10.0.0.1").status_code == 302
    form_data["email"] = "erika@example.org"
    response = submit(client, concern_page, form_data, REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 429
    assert Concern.objects.count() == 1


def test_too_long_description_is_refused_in_german(client, concern_page, form_data):
    form_data["description"] = "x" * 2001
    response = submit(client, concern_page, form_data)
    assert response.status_code == 400
    assert "höchstens 2000 Zeichen" in response.content.decode()
    assert not Concern.objects.exists()


def test_missing_consent_is_refused_in_german(client, concern_page, form_data):
    del form_data["privacy"]
    response = submit(client, concern_page, form_data)
    assert response.status_code == 400
    assert "Bitte stimmen Sie der Verarbeitung Ihrer Angaben zu." in response.content.decode()


def test_oversized_photo_is_refused_with_a_german_message(
    client, concern_page, form_data, settings
):
    settings.CONCERNS_PHOTO_MAX_BYTES = 1024
    form_data["photo"] = SimpleUploadedFile("gross.jpg", jpeg_with_gps((400, 300)), "image/jpeg")
    response = submit(client, concern_page, form_data)
    assert response.status_code == 400
    assert "Das Foto ist zu groß" in response.content.decode()
    assert not Concern.objects.exists()


def test_non_image_upload_is_refused_with_a_german_message(client, concern_page, form_data):
    form_data["photo"] = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not a photo", "image/jpeg")
    response = submit(client, concern_page, form_data)
    assert response.status_code == 400
    assert "Diese Datei ist kein Foto" in response.content.decode()
    assert not Concern.objects.exists()


def test_photo_is_stored_without_exif_and_gps(client, concern_page, form_data):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    form_data["photo"] = SimpleUploadedFile("handy.jpg", original, "image/jpeg")
    assert submit(client, concern_page, form_data).status_code == 302
    concern = Concern.objects.get()
    with concern.photo.open("rb") as stored:
        data = stored.read()
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert not image.getexif()
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert b"Exif" not in data and b"Testkamera" not in data
    assert "handy" not in concern.photo.name  # random name: not guessable, no original name


def test_pin_without_both_coordinates_is_refused(client, concern_page, form_data):
    form_data["longitude"] = ""
    response = submit(client, concern_page, form_data)
    assert response.status_code == 400
    assert not Concern.objects.exists()


def test_rate_limit_is_shared_through_redis_by_all_app_servers(
    client, concern_page, form_data, settings
):
    """Two app servers share Redis: the count does not live in one process."""
    prefix = f"test-concerns-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": prefix,
        }
    }
    settings.CONCERNS_RATE_LIMIT_PER_IP = (1, 60)
    from django.core.cache import cache

    redis = cache._cache.get_client()
    try:
        assert submit(client, concern_page, form_data).status_code == 302
        assert len(redis.keys(f"{prefix}:*concerns:ratelimit:ip:*")) == 1
        assert submit(client, concern_page, form_data).status_code == 429
    finally:
        # Only our own keys: Redis is shared, cache.clear() would flush everyone's.
        for key in redis.keys(f"{prefix}:*"):
            redis.delete(key)
