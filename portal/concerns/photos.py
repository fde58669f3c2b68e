"""Citizens' photos: checked, re-encoded and stripped of every piece of metadata.

A phone photo carries the camera's EXIF block, often with GPS coordinates of
the citizen's home, plus XMP and ICC data. We never store the upload itself:
``portal.uploads.clean_image`` decodes the pixels and writes a brand-new JPEG
from them alone; here it gets the concerns' own limits, a random file name and
messages that speak of a photo.
"""

import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from portal.concerns.conf import setting
from portal.uploads import ImageRejected, clean_image


def new_photo_name():
    """A random, unguessable file name: the photo's URL is its only protection."""
    return f"{secrets.token_urlsafe(16)}.jpg"


def _messages():
    return {
        "too_large": _("The photo is too large. Please upload a photo of at most %(size)s.")
        % {"size": filesizeformat(setting("CONCERNS_PHOTO_MAX_BYTES"))},
        "not_an_image": _("This file is not a photo. Please upload a JPEG, PNG or WebP image."),
        "too_many_pixels": _("The photo has too many pixels. Please upload a smaller photo."),
    }


def clean_photo(upload):
    """Validate an uploaded file and return a metadata-free JPEG ``ContentFile``.

    Raises ``ValidationError`` (German message) for files that are too large,
    not an image, in another format, or too many pixels to decode safely.
    """
    try:
        clean = clean_image(
            upload,
            max_bytes=setting("CONCERNS_PHOTO_MAX_BYTES"),
            max_pixels=setting("CONCERNS_PHOTO_MAX_PIXELS"),
            max_edge=setting("CONCERNS_PHOTO_MAX_EDGE"),
            output_format="JPEG",
        )
    except ImageRejected as error:
        raise ValidationError(_messages()[error.code], code=f"photo_{error.code}") from None
    return ContentFile(clean.read(), name=new_photo_name())
