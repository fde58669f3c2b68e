"""Media in S3-compatible object storage: a real moto server, the portal's MediaStorage.

Uploads go through the real admin views and services, the bucket is read
back with boto3 and with a second storage instance (nothing shared with the
first but the bucket, as with a second app server), and ``/media/`` answers
from the bucket with the same safe headers as from disk.
"""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from portal.home.factories import UserFactory
from portal.storage import MediaStorage
from portal.vouchers import employer_orders
from portal.vouchers import factories as voucher_factories

pytestmark = pytest.mark.django_db


def jpeg(size=(640, 480)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def read(storage, name):
    with storage.open(name, "rb") as file:
        return file.read()


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def upload_image(admin_client, title="Marktplatz"):
    upload = SimpleUploadedFile("markt.jpg", jpeg(), content_type="image/jpeg")
    response = admin_client.post("/admin/images/add/", {"title": title, "file": upload})
    assert response.status_code == 302
    return get_image_model().objects.get(title=title)


def test_an_image_uploaded_in_the_admin_renders_from_the_bucket_for_another_storage(
    admin_client, home_page, media_bucket
):
    image = upload_image(admin_client)
    rendition = image.get_rendition("fill-100x100")

    assert image.file.name in media_bucket.stored()
    assert rendition.file.name in media_bucket.stored()
    assert not (Path(settings.MEDIA_ROOT) / rendition.file.name).exists(), "nothing on disk"
    second_server = MediaStorage(**media_bucket.options)
    with Image.open(io.BytesIO(read(second_server, rendition.file.name))) as drawn:
        assert (drawn.format, drawn.size) == ("JPEG", (100, 100))

    response = admin_client.get(rendition.url)

    assert rendition.url == settings.MEDIA_URL + rendition.file.name
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == read(second_server, rendition.file.name)
    assert media_bucket.head(rendition.file.name)["ContentType"] == "image/jpeg"


def test_a_rendition_is_drawn_once_and_then_read_from_its_row(
    admin_client, home_page, media_bucket
):
    image = upload_image(admin_client)
    image.get_rendition("width-300")
    keys = media_bucket.stored()

    for _ in range(2):
        cache.clear()  # as on another app server: the rendition's row, not a cached copy
        fresh = get_image_model().objects.get(pk=image.pk)
        rendition = fresh.get_rendition("width-300")

    assert media_bucket.stored() == keys, "no new object written"
    assert fresh.renditions.count() == 1
    assert rendition.file.name in keys


def test_an_employer_code_sheet_is_stored_in_the_bucket_and_downloaded_from_it(
    client, home_page, media_bucket
):
    employer_user = UserFactory(username="huber", email="personal@huber.example")
    employer = voucher_factories.EmployerFactory(name="Huber GmbH")
    employer.users.add(employer_user)
    order = voucher_factories.EmployerOrderFactory(
        employer=employer,
        programme=voucher_factories.VoucherProgrammeFactory(),
        employees=3,
        months=1,
        first_month=timezone.localdate().replace(day=1),
        paid_at=timezone.now(),
    )

    (batch,) = employer_orders.issue_due_vouchers()

    assert batch.sheet.name in media_bucket.stored()
    stored = media_bucket.head(batch.sheet.name)
    assert stored["ContentType"] == "application/pdf"
    assert stored["ContentDisposition"] == "attachment"
    client.force_login(employer_user)
    url = reverse("cityvouchers:employer_sheet", args=[order.number, order.first_month, "pdf"])
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == read(default_storage, batch.sheet.name)
    assert response.content.startswith(b"%PDF")
    # The sheet holds redeemable codes: /media/ never hands it out.
    assert client.get(settings.MEDIA_URL + batch.sheet.name).status_code == 404


@pytest.mark.parametrize("name", ["uploads/seite.html", "uploads/bild.svg", "uploads/ohne"])
def test_anything_but_an_image_is_a_download_from_the_bucket_as_well(client, media_bucket, name):
    stored = default_storage.save(name, ContentFile(b"<html><script>alert(1)</script></html>"))

    response = client.get(settings.MEDIA_URL + stored)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert media_bucket.head(stored)["ContentDisposition"] == "attachment"


def test_the_same_name_twice_keeps_both_files(media_bucket):
    first = default_storage.save("uploads/plan.jpg", ContentFile(jpeg((10, 10))))
    second = default_storage.save("uploads/plan.jpg", ContentFile(jpeg((20, 20))))

    assert first != second
    assert [first, second] == sorted([first, second], key=media_bucket.stored().index)


@pytest.mark.parametrize("path", ["../manage.py", "documents/geheim.pdf", "gibtsnicht.jpg"])
def test_documents_escapes_and_missing_files_are_not_found_in_the_bucket(
    client, media_bucket, path
):
    default_storage.save("documents/geheim.pdf", ContentFile(b"%PDF-1.4"))

    assert client.get(settings.MEDIA_URL + path).status_code == 404


def test_a_document_in_the_bucket_is_a_download_through_wagtails_view(
    client, home_page, media_bucket
):
    document = get_document_model().objects.create(
        title="Satzung", file=ContentFile(b"%PDF-1.4 Satzung", name="satzung.pdf")
    )
    assert document.file.name in media_bucket.stored()

    response = client.get(document.url)

    assert response.status_code == 200, "served by the view, not redirected to /media/"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 Satzung"


def test_an_unreachable_bucket_is_a_german_503_not_a_500(client, media_bucket, settings):
    default_storage.save("original_images/markt.jpg", ContentFile(jpeg()))
    options = {**media_bucket.options, "endpoint_url": "http://127.0.0.1:9"}  # nobody listens
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "portal.storage.MediaStorage", "OPTIONS": options},
    }

    response = client.get(settings.MEDIA_URL + "original_images/markt.jpg")

    assert response.status_code == 503
    assert "Die Datei kann gerade nicht geladen werden" in response.content.decode()
