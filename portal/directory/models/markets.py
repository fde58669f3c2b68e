"""Weekly markets: where, when, which stalls, and the next market days."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from portal import pagecache
from portal.directory import hours
from portal.home.models import BasePage

from .merchants import MERCHANT_RICH_TEXT_FEATURES, postcode_validator

OSM_DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class MarketPage(BasePage):
    """A weekly market (demo slug ``wochenmarkt``) with its stalls.

    The schedule rows are turned into an OpenStreetMap opening-hours
    expression, so the next market days honour public holidays with the same
    parser the profiles use.
    """

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    location_name = models.CharField(_("place"), max_length=200)
    street = models.CharField(_("street"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=5, blank=True, validators=[postcode_validator]
    )
    city = models.CharField(_("town"), max_length=120, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    closed_on_public_holidays = models.BooleanField(_("no market on public holidays"), default=True)
    body = RichTextField(_("content"), features=MERCHANT_RICH_TEXT_FEATURES, blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("location_name"),
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                InlinePanel("market_days", label=_("Market day")),
                FieldPanel("closed_on_public_holidays"),
            ],
            heading=_("When"),
        ),
        InlinePanel("stalls", label=_("Stalls")),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("location_name"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("weekly market")
        verbose_name_plural = _("weekly markets")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The next market days move on at midnight.
        today = hours.now().date()
        midnight = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time())
        pagecache.share_until(request, midnight.replace(tzinfo=hours.BERLIN))
        return context

    @property
    def teaser_text(self):
        return self.listing_intro or self.intro

    @property
    def address_lines(self):
        """Place, street and town, each once: a market "Marktplatz" on the street
        "Marktplatz" is written once."""
        lines = []
        for line in (self.location_name, self.street, f"{self.postcode} {self.city}".strip()):
            if line and line not in lines:
                lines.append(line)
        return lines

    def opening_hours_expression(self):
        rules = [
            f"{OSM_DAYS[day.weekday]} {day.opens:%H:%M}-{day.closes:%H:%M}"
            for day in self.market_days.all()
        ]
        if rules and self.closed_on_public_holidays:
            rules.append("PH off")
        return "; ".join(rules)

    def next_market_days(self, count=4, start=None):
        """The next ``count`` market days as ``(start, end)`` datetimes in Berlin time."""
        start = start or hours.now()
        intervals = hours.open_intervals(
            self.opening_hours_expression(), start, start + datetime.timedelta(days=60)
        )
        return intervals[:count]

    def stall_list(self):
        return [
            stall
            for stall in self.stalls.select_related("merchant", "merchant__primary_category")
            if stall.merchant.live
        ]


class MarketDay(Orderable):
    page = ParentalKey(MarketPage, related_name="market_days", on_delete=models.CASCADE)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAYS)
    opens = models.TimeField(_("from"))
    closes = models.TimeField(_("until"))

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")])]

    class Meta(Orderable.Meta):
        verbose_name = _("market day")
        verbose_name_plural = _("market days")

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": _("The market must end after it starts.")})


class MarketStall(Orderable):
    page = ParentalKey(MarketPage, related_name="stalls", on_delete=models.CASCADE)
    merchant = models.ForeignKey(
        "directory.MerchantPage",
        verbose_name=_("stall holder"),
        on_delete=models.CASCADE,
        related_name="market_stalls",
    )
    place = models.CharField(_("position on the market"), max_length=80, blank=True)
    goods = models.CharField(
        _("goods at the stall"),
        max_length=300,
        blank=True,
        help_text=_("What the stall sells, separated by commas, e.g. “Honig, Bienenwachskerzen”."),
    )

    panels = [FieldPanel("merchant"), FieldPanel("place"), FieldPanel("goods")]

    class Meta(Orderable.Meta):
        verbose_name = _("stall")
        verbose_name_plural = _("stalls")

    def __str__(self):
        return str(self.merchant)
