"""Helpers of the concerns tests: a phone's photo and admin groups."""

import io

from django.contrib.auth.models import Group, Permission
from PIL import ExifTags, Image

GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (52.0, 31.0, 12.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (13.0, 24.0, 0.0),
}


def jpeg_with_gps(size=(120, 90)):
    """A JPEG as a phone writes it: camera make and GPS position in its EXIF block."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Testkamera"
    exif[ExifTags.IFD.GPSInfo] = GPS
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def admin_group(name, *codenames):
    """A group with admin access and ``codenames``; built here because a transactional
    test's flush removes the groups Wagtail's and our data migrations created."""
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return group
