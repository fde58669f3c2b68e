"""``manage.py clean_stored_images``: re-encode images stored before uploads were cleaned.

Uploads are cleaned since ``portal.uploads`` exists; images stored earlier may
still carry EXIF/GPS data, and Wagtail copies EXIF into their renditions. This
re-encodes every Wagtail image original and Oscar product image from its
pixels alone (same format) and deletes the Wagtail renditions, which are then
made again from the clean original. Safe to run again: a clean file stays clean.
"""

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from oscar.core.loading import get_model
from wagtail.images import get_image_model

from portal.uploads import ImageRejected, clean_image


def _cleaned(field_file):
    with field_file.open("rb") as handle:
        clean = clean_image(handle)
    return ContentFile(clean.read(), name=clean.name)


class Command(BaseCommand):
    help = "Re-encodes stored images without metadata and deletes Wagtail's renditions."

    def handle(self, **options):
        done = refused = 0
        for image in get_image_model().objects.all().iterator():
            try:
                image.file = _cleaned(image.file)
            except (ImageRejected, OSError) as error:
                refused += 1
                self.stderr.write(f"Bild {image.pk} ({image.title}): {error}")
                continue
            image._set_image_file_metadata()
            image.save()
            image.renditions.all().delete()
            done += 1
        ProductImage = get_model("catalogue", "ProductImage")
        for picture in ProductImage.objects.all().iterator():
            try:
                picture.original = _cleaned(picture.original)
            except (ImageRejected, OSError) as error:
                refused += 1
                self.stderr.write(f"Produktbild {picture.pk}: {error}")
                continue
            picture.save()
            done += 1
        self.stdout.write(f"Neu kodiert: {done}, nicht lesbar: {refused}")
