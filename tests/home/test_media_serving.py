"""Uploaded files are served by the portal with safe headers, in every environment.

The test settings run with DEBUG off, as production does: what is served
here is what production serves.
"""

import io

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model


@pytest.fixture
def stored(db):
    names = []

    def store(name, data):
        names.append(default_storage.save(name, ContentFile(data)))
        return names[-1]

    yield store
    for name in names:
        default_storage.delete(name)


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, "JPEG")
    return buffer.getvalue()


def test_production_like_settings_serve_media_without_debug():
    assert settings.DEBUG is False and settings.PORTAL_SERVE_MEDIA is True


def test_an_image_is_served_as_an_image_with_nosniff_and_a_sandbox(client, stored):
    name = stored("original_images/markt.jpg", jpeg())

    response = client.get(settings.MEDIA_URL + name)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "attachment" not in response.get("Content-Disposition", "")
    assert b"".join(response.streaming_content) == jpeg()


@pytest.mark.parametrize("name", ["uploads/seite.html", "uploads/bild.svg", "uploads/ohne"])
def test_anything_else_is_a_download_of_unknown_type(client, stored, name):
    stored_name = stored(name, b"<html><script>alert(1)</script></html>")

    response = client.get(settings.MEDIA_URL + stored_name)

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["../manage.py", "documents/geheim.pdf", "gibtsnicht.jpg"])
def test_documents_paths_outside_media_and_missing_files_are_not_found(client, stored, path):
    stored("documents/geheim.pdf", b"%PDF-1.4")

    assert client.get(settings.MEDIA_URL + path).status_code == 404


def test_documents_are_downloads_through_wagtails_view(client, home_page):
    document = get_document_model().objects.create(
        title="Satzung", file=ContentFile(b"%PDF-1.4 Satzung", name="satzung.pdf")
    )

    response = client.get(document.url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    document.file.delete()


def test_renditions_are_served_as_images(client, home_page):
    image = get_image_model().objects.create(
        title="Markt", file=ContentFile(jpeg(), name="markt.jpg"), width=20, height=20
    )
    rendition = image.get_rendition("width-10")

    response = client.get(rendition.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
