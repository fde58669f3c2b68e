"""Citizens' photos: checked, re-encoded and stripped of every piece of metadata.

A phone photo carries the camera's EXIF block, often with GPS coordinates of
the citizen's home, plus XMP and ICC data. We never store the upload itself:
Pillow decodes the pixels, and a brand-new JPEG is written from them alone.
"""

import io
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from portal.concerns.conf import setting

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}


def new_photo_name():
    """A random, unguessable file name: the photo's URL is its only protection."""
    return f"{secrets.token_urlsafe(16)}.jpg"


def clean_photo(upload):
    """Validate an uploaded file and return a metadata-free JPEG ``ContentFile``.

    Raises ``ValidationError`` (German message) for files that are too large,
    not an image, in another format, or too many pixels to decode safely.
    """
    max_bytes = setting("CONCERNS_PHOTO_MAX_BYTES")
    if upload.size > max_bytes:
        raise ValidationError(
            _("The photo is too large. Please upload a photo of at most %(size)s.")
            % {"size": filesizeformat(max_bytes)},
            code="photo_too_large",
        )
    not_an_image = ValidationError(
        _("This file is not a photo. Please upload a JPEG, PNG or WebP image."),
        code="photo_invalid",
    )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    if image_format not in ACCEPTED_FORMATS:
        raise not_an_image
    if width * height > setting("CONCERNS_PHOTO_MAX_PIXELS"):
        raise ValidationError(
            _("The photo has too many pixels. Please upload a smaller photo."),
            code="photo_too_many_pixels",
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.load()
            return ContentFile(reencode(image), name=new_photo_name())
    except (OSError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None


def reencode(image):
    """JPEG bytes of ``image``'s pixels only: upright, at most MAX_EDGE, no metadata."""
    upright = ImageOps.exif_transpose(image)
    if upright.mode in ("RGBA", "LA", "P"):
        upright = upright.convert("RGBA")
        background = Image.new("RGB", upright.size, (255, 255, 255))
        background.paste(upright, mask=upright.getchannel("A"))
        upright = background
    # A fresh image holds pixels and nothing else: no EXIF, XMP, ICC or comments.
    clean = Image.new("RGB", upright.size)
    clean.paste(upright.convert("RGB"))
    edge = setting("CONCERNS_PHOTO_MAX_EDGE")
    clean.thumbnail((edge, edge), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    clean.save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer.getvalue()
