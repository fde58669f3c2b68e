"""Every uploaded image is checked, re-encoded and stripped of metadata before it is stored.

Phones and cameras write EXIF blocks (often with the GPS position of the
photographer's home), XMP and ICC data into their files, and a hostile file
can be an image and a script at once (a "polyglot": valid PNG pixels followed
by JavaScript) or a "decompression bomb" (a few kilobytes that decode to
gigapixels). None of that may reach the media storage. ``clean_image`` never
stores the upload itself: Pillow checks the header (format, pixel count)
before decoding anything, decodes the pixels, and a brand-new file is written
from the pixels alone.

Used by every upload path:

- Wagtail images (admin upload, multiple upload, chooser): ``ImageForm`` via
  ``WAGTAILIMAGES_IMAGE_FORM_BASE``; renditions are made from the clean
  original, and Wagtail writes them without metadata;
- Wagtail documents whose content is an image: ``DocumentForm`` via
  ``WAGTAILDOCS_DOCUMENT_FORM_BASE``;
- Oscar product images: ``portal.shop.signals`` cleans a new file before it
  is saved, whatever form or code saved it;
- citizens' photos: ``portal.concerns.photos``.
"""

import io
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Formats we accept and the format each is stored as (animations and exotic
# containers become a still PNG or JPEG).
OUTPUT_FORMATS = {
    "JPEG": "JPEG",
    "MPO": "JPEG",  # multi-picture JPEG from phones
    "PNG": "PNG",
    "WEBP": "WEBP",
    "GIF": "PNG",
    "AVIF": "JPEG",
    "HEIF": "JPEG",
}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000


class ImageRejected(ValidationError):
    """The upload is not an acceptable image; ``code`` says why."""


def _limit(name, default):
    return getattr(settings, name, default)


def is_image(upload):
    """True if the file's content is an image Pillow can identify (whatever its name)."""
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            return probe.format is not None
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return False
    finally:
        upload.seek(0)


def clean_image(upload, *, max_bytes=None, max_pixels=None, max_edge=None, output_format=None):
    """A ``SimpleUploadedFile`` holding only ``upload``'s pixels, re-encoded.

    Raises ``ImageRejected`` with code ``too_large``, ``not_an_image`` or
    ``too_many_pixels`` (a German message for each). ``output_format`` forces
    a format (e.g. ``"JPEG"``); ``max_edge`` shrinks larger images.
    """
    max_bytes = max_bytes or _limit("PORTAL_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)
    max_pixels = max_pixels or _limit("PORTAL_UPLOAD_MAX_PIXELS", DEFAULT_MAX_PIXELS)
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ImageRejected(
            _("The image is too large. Please upload an image of at most %(size)s.")
            % {"size": filesizeformat(max_bytes)},
            code="too_large",
        )
    not_an_image = ImageRejected(
        _("This file is not an image we can accept. Please upload a JPEG, PNG or WebP image."),
        code="not_an_image",
    )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:  # reads the header only
            source_format = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    if source_format not in OUTPUT_FORMATS:
        raise not_an_image
    if width * height > max_pixels:
        raise ImageRejected(
            _("The image has too many pixels. Please upload a smaller image."),
            code="too_many_pixels",
        )
    target = output_format or OUTPUT_FORMATS[source_format]
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.load()
            data = reencode(image, target, max_edge)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise not_an_image from None
    stem = os.path.splitext(os.path.basename(getattr(upload, "name", "") or "bild"))[0]
    return SimpleUploadedFile(
        f"{stem or 'bild'}.{EXTENSIONS[target]}", data, content_type=CONTENT_TYPES[target]
    )


def validate_image_upload(upload):
    """A form field validator: raises ``ImageRejected`` for a file ``clean_image`` would refuse."""
    clean_image(upload)
    upload.seek(0)


def reencode(image, target, max_edge=None):
    """Bytes of ``image``'s pixels only, upright, in ``target`` format: no EXIF, XMP, ICC, text."""
    upright = ImageOps.exif_transpose(image)
    keeps_alpha = target in ("PNG", "WEBP") and (
        upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    )
    mode = "RGBA" if keeps_alpha else "RGB"
    if not keeps_alpha and upright.mode in ("RGBA", "LA", "P", "PA"):
        rgba = upright.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        upright = flat
    # A fresh image holds pixels and nothing else.
    clean = Image.new(mode, upright.size)
    clean.paste(upright.convert(mode))
    if max_edge:
        clean.thumbnail((max_edge, max_edge), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    options = {"JPEG": {"quality": 88, "optimize": True}, "WEBP": {"quality": 88}}
    clean.save(buffer, format=target, **options.get(target, {"optimize": True}))
    return buffer.getvalue()
