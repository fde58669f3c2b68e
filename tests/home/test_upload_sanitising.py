"""Uploaded images lose their metadata and anything hidden in them; bombs are refused.

Through the real admin views (single and multiple upload, documents), through
Oscar's product image model, and in the renditions Wagtail makes from them.
"""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

SCRIPT = b"<script>alert(document.cookie)</script>"
GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (52.0, 31.0, 12.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (13.0, 24.0, 0.0),
}


def jpeg_with_gps(size=(640, 480)):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Testkamera"
    exif[ExifTags.IFD.GPSInfo] = GPS
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, "JPEG", exif=exif, comment=b"privat")
    return buffer.getvalue()


def png_js_polyglot():
    """Valid PNG pixels with a script in a text chunk and after the image's end."""
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", SCRIPT.decode())
    buffer = io.BytesIO()
    Image.new("RGBA", (64, 64), (0, 128, 0, 255)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue() + b"\n" + SCRIPT


def png_bomb():
    """A few kilobytes of PNG that would decode to 400 megapixels."""
    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def assert_clean(data):
    assert b"Testkamera" not in data and b"privat" not in data
    assert SCRIPT not in data and b"<script" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert "exif" not in image.info and "icc_profile" not in image.info
        assert not getattr(image, "text", {})


def stored_bytes(field_file):
    field_file.open("rb")
    try:
        return field_file.read()
    finally:
        field_file.close()


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_a_photo_with_gps_uploaded_in_the_admin_is_stored_and_rendered_without_exif(
    admin_client, home_page
):
    upload = SimpleUploadedFile("handy.jpg", jpeg_with_gps(), content_type="image/jpeg")

    response = admin_client.post("/admin/images/add/", {"title": "Markt", "file": upload})

    assert response.status_code == 302
    image = get_image_model().objects.get(title="Markt")
    assert_clean(stored_bytes(image.file))
    assert (image.width, image.height) == (640, 480)
    for spec in ("fill-100x100", "width-300", "max-200x200|format-webp", "width-80|format-png"):
        assert_clean(stored_bytes(image.get_rendition(spec).file))


def test_the_multiple_upload_cleans_as_well(admin_client, home_page):
    upload = SimpleUploadedFile("handy.jpg", jpeg_with_gps(), content_type="image/jpeg")

    response = admin_client.post("/admin/images/multiple/add/", {"files[]": upload})

    assert json.loads(response.content)["success"]
    assert_clean(stored_bytes(get_image_model().objects.get().file))


def test_a_png_javascript_polyglot_is_stored_as_a_clean_png(admin_client, home_page):
    upload = SimpleUploadedFile("logo.png", png_js_polyglot(), content_type="image/png")

    admin_client.post("/admin/images/add/", {"title": "Logo", "file": upload})

    image = get_image_model().objects.get(title="Logo")
    data = stored_bytes(image.file)
    assert data.startswith(b"\x89PNG")
    assert_clean(data)


def test_a_decompression_bomb_is_refused_in_german_and_nothing_stored(admin_client, home_page):
    upload = SimpleUploadedFile("bombe.png", png_bomb(), content_type="image/png")

    response = admin_client.post("/admin/images/add/", {"title": "Bombe", "file": upload})

    assert response.status_code == 200
    assert "zu viele Pixel" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_a_document_that_is_an_image_is_stored_clean(admin_client, home_page):
    upload = SimpleUploadedFile("flyer.jpg", jpeg_with_gps(), content_type="image/jpeg")

    admin_client.post("/admin/documents/add/", {"title": "Flyer", "file": upload})

    document = get_document_model().objects.get(title="Flyer")
    assert_clean(stored_bytes(document.file))


def test_an_image_disguised_as_a_pdf_document_is_stored_as_the_clean_image_it_is(
    admin_client, home_page
):
    upload = SimpleUploadedFile("bericht.pdf", jpeg_with_gps(), content_type="application/pdf")

    admin_client.post("/admin/documents/add/", {"title": "Bericht", "file": upload})

    document = get_document_model().objects.get(title="Bericht")
    assert document.file.name.endswith(".jpg")
    assert_clean(stored_bytes(document.file))


@pytest.mark.parametrize("make, name", [(jpeg_with_gps, "ware.jpg"), (png_js_polyglot, "ware.png")])
def test_oscar_product_images_are_stored_clean(db, make, name):
    from django.core.files.base import ContentFile
    from oscar.core.loading import get_model

    from portal.shop.defaults import create_defaults
    from portal.shop.factories import ProductFactory

    create_defaults()
    ProductImage = get_model("catalogue", "ProductImage")
    image = ProductImage.objects.create(
        product=ProductFactory(), original=ContentFile(make(), name=name), display_order=0
    )

    assert_clean(stored_bytes(image.original))


def test_images_stored_before_cleaning_are_re_encoded_by_the_command(db):
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    Image_ = get_image_model()
    old = Image_(title="Alt", file=ContentFile(jpeg_with_gps(), name="alt.jpg"))
    old._set_image_file_metadata()
    old.save()  # stored as it came, as before the cleaning existed
    assert b"Testkamera" in stored_bytes(old.file)
    old.get_rendition("width-100")

    call_command("clean_stored_images", stdout=io.StringIO())

    old.refresh_from_db()
    assert_clean(stored_bytes(old.file))
    assert not old.renditions.exists()
    assert_clean(stored_bytes(old.get_rendition("width-100").file))
