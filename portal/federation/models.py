"""Harvested sources: where other portals' and initiatives' data comes from, what it
brought, and each harvest's outcome.

A ``Source`` is a JSON feed of another portal (the format of ``feed.py``) or a
CSV file (by URL or uploaded, kept in the database). ``services.harvest``
fetches it, checks all of it and then, in one transaction, creates, updates
and withdraws ``HarvestedEntry`` rows (upsert by source and external
identifier). Fields an editor corrected by hand are listed in
``HarvestedEntry.locked_fields`` and never overwritten. ``HarvestRun`` keeps
the counts and the German result of every run.
"""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Permission that opens the federation admin (installation-wide users only).
MANAGE_PERMISSION = "federation.manage_federation"

# Fields of an entry that a harvest writes and an editor may lock by correcting them.
HARVESTED_FIELDS = [
    "kind",
    "name",
    "street",
    "postcode",
    "city",
    "region",
    "latitude",
    "longitude",
    "phone",
    "email",
    "url",
    "opening_hours",
    "description",
    "categories",
    "delivery",
    "pickup",
    "phone_orders",
    "online_shop",
]


class SourceQuerySet(models.QuerySet):
    def due(self, now=None):
        """Active sources whose interval has passed since their last run (or never run)."""
        now = now or timezone.now()
        return [
            source
            for source in self.filter(active=True)
            if source.last_run_at is None
            or source.last_run_at + datetime.timedelta(hours=source.interval_hours) <= now
        ]


class Source(models.Model):
    """A feed or CSV file whose businesses and initiatives the state portal takes over."""

    class Kind(models.TextChoices):
        FEED = "feed", _("JSON feed (schema.org DataFeed)")
        CSV = "csv", _("CSV file")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FEED)
    url = models.URLField(
        _("address"),
        max_length=500,
        blank=True,
        help_text=_("Address of the feed or CSV file. Leave empty for an uploaded CSV file."),
    )
    csv_filename = models.CharField(_("uploaded file"), max_length=255, blank=True)
    csv_content = models.BinaryField(_("content of the uploaded file"), blank=True, default=b"")
    default_region = models.ForeignKey(
        "directory.Region",
        verbose_name=_("default region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Region of entries that name none (or one that is unknown here)."),
    )
    active = models.BooleanField(_("active"), default=True)
    interval_hours = models.PositiveIntegerField(
        _("interval (hours)"), default=24, help_text=_("How often the source is fetched.")
    )
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    last_status = models.CharField(_("last result"), max_length=500, blank=True)
    last_succeeded = models.BooleanField(_("last run succeeded"), null=True, blank=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("harvested source")
        verbose_name_plural = _("harvested sources")
        permissions = [("manage_federation", _("Can manage harvested sources and entries"))]

    def __str__(self):
        return self.name


class HarvestedEntry(models.Model):
    """One business or initiative taken over from a source."""

    class Kind(models.TextChoices):
        BUSINESS = "business", _("business")
        INITIATIVE = "initiative", _("initiative")

    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.CASCADE, related_name="entries"
    )
    identifier = models.CharField(_("external identifier"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("town"), max_length=120, blank=True)
    region = models.ForeignKey(
        "directory.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    url = models.URLField(_("address on the web"), max_length=500, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=255, blank=True)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    categories = models.CharField(
        _("categories"),
        max_length=300,
        blank=True,
        help_text=_("For initiatives the first one names its kind, e.g. Dorfladen."),
    )
    delivery = models.BooleanField(_("delivers"), default=False)
    pickup = models.BooleanField(_("pickup"), default=False)
    phone_orders = models.BooleanField(_("orders by phone"), default=False)
    online_shop = models.BooleanField(_("online shop"), default=False)
    first_seen = models.DateTimeField(_("first seen"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    locked_fields = models.JSONField(
        _("fields fixed by hand"),
        default=list,
        blank=True,
        help_text=_("A harvest never overwrites these fields."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("harvested entry")
        verbose_name_plural = _("harvested entries")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "identifier"], name="federation_entry_unique_identifier"
            )
        ]
        indexes = [models.Index(fields=["kind", "withdrawn_at"], name="federation_entry_kind_idx")]

    def __str__(self):
        return self.name

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    @property
    def address_line(self):
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (self.street, place) if part)


class HarvestedOpenInterval(models.Model):
    """A span in which a harvested business is open, for "open now" (computed per harvest)."""

    entry = models.ForeignKey(
        HarvestedEntry, on_delete=models.CASCADE, related_name="open_intervals"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["starts_at", "ends_at", "entry"], name="federation_open_span_idx")
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"


class HarvestRun(models.Model):
    """One harvest of one source: what it changed, or why it changed nothing."""

    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.CASCADE, related_name="runs"
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    succeeded = models.BooleanField(_("succeeded"), default=False)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    withdrawn = models.PositiveIntegerField(_("withdrawn"), default=0)
    errors = models.TextField(_("errors"), blank=True)
    status = models.CharField(_("result"), max_length=500, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("harvest run")
        verbose_name_plural = _("harvest runs")

    def __str__(self):
        return f"{self.source} – {timezone.localtime(self.started_at):%d.%m.%Y %H:%M}"
