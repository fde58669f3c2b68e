"""Wagtail's image and document forms, cleaning uploaded images before they are stored.

Wired in through ``WAGTAILIMAGES_IMAGE_FORM_BASE`` and
``WAGTAILDOCS_DOCUMENT_FORM_BASE``, so the admin's single and multiple
upload and the choosers' upload tabs all use them. The work is in
``portal.uploads``.
"""

from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from portal.uploads import ImageRejected, clean_image, is_image


def _clean_upload(value, field_name, form):
    if not isinstance(value, UploadedFile):
        return value  # the stored file, unchanged
    try:
        return clean_image(value)
    except ImageRejected as error:
        form.add_error(field_name, error)
        return value


class ImageForm(BaseImageForm):
    def clean_file(self):
        return _clean_upload(self.cleaned_data.get("file"), "file", self)


class DocumentForm(BaseDocumentForm):
    """A document whose content is an image is stored as a clean image (PDFs etc. as they are)."""

    def clean_file(self):
        value = self.cleaned_data.get("file")
        if isinstance(value, UploadedFile) and is_image(value):
            return _clean_upload(value, "file", self)
        return value
