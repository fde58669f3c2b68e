"""Postcode centroids for "near me" from a typed postcode (no online geocoder)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PostcodeArea(models.Model):
    """The centre of a German postcode area.

    Every German postcode is loaded by migration 0008 from the file shipped in
    ``portal/directory/data/`` (see docs/postcodes.md); ``manage.py
    import_postcodes [FILE]`` refreshes it from that file, a GeoNames
    postal-code dump (``DE.txt``) or a CSV with postcode, place, latitude and
    longitude.
    """

    postcode = models.CharField(_("postcode"), max_length=5, unique=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        ordering = ["postcode"]
        verbose_name = _("postcode area")
        verbose_name_plural = _("postcode areas")

    def __str__(self):
        return f"{self.postcode} {self.place}".strip()
