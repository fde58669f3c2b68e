"""Events: upcoming and past via QuerySet methods, iCalendar export per event and per list."""

import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from portal.home.blocks import ContentStreamBlock
from portal.home.calendar import calendar_response

from .mixins import BasePage
from .querysets import ListingQuerySet


class EventPageQuerySet(ListingQuerySet):
    def upcoming(self):
        """Events not yet over; one without an end lasts until the end of its day."""
        now = timezone.now()
        today = timezone.localdate()
        return self.filter(Q(end__gte=now) | Q(end__isnull=True, start__date__gte=today)).order_by(
            "start", "pk"
        )

    def past(self):
        now = timezone.now()
        today = timezone.localdate()
        return self.filter(Q(end__lt=now) | Q(end__isnull=True, start__date__lt=today)).order_by(
            "-start", "-pk"
        )


class EventIndexPage(RoutablePageMixin, BasePage):
    """The event calendar of one site: upcoming events, an archive, an .ics feed."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.EventPage"]
    max_count_per_parent = 1
    per_page = 12

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("event calendar")
        verbose_name_plural = _("event calendars")

    def events(self):
        return EventPage.objects.for_listing().child_of(self)

    @path("")
    def index_route(self, request):
        show_past = request.GET.get("zeit") == "vergangen"
        events = self.events().past() if show_past else self.events().upcoming()
        page = Paginator(events, self.per_page).get_page(request.GET.get("seite"))
        return self.render(request, context_overrides={"events_page": page, "show_past": show_past})

    @path("ics/", name="ics")
    def ics_route(self, request):
        return calendar_response(
            request, self.events().upcoming(), filename=f"{self.slug}.ics", name=self.title
        )


class EventPage(RoutablePageMixin, BasePage):
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"), null=True, blank=True)
    location_name = models.CharField(_("venue"), max_length=200)
    address = models.CharField(_("address"), max_length=250, blank=True)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    organiser_url = models.URLField(_("organiser website"), blank=True)
    intro = models.TextField(_("introduction"), max_length=600)
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("content"))

    objects = PageManager.from_queryset(EventPageQuerySet)()

    parent_page_types = ["home.EventIndexPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")])], heading=_("When")
        ),
        MultiFieldPanel([FieldPanel("location_name"), FieldPanel("address")], heading=_("Where")),
        MultiFieldPanel(
            [FieldPanel("organiser"), FieldPanel("organiser_url")], heading=_("Organiser")
        ),
        FieldPanel("listing_image", heading=_("Teaser image")),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("listing_intro")]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("location_name"),
        index.SearchField("organiser"),
        index.SearchField("body"),
        index.FilterField("start"),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end must not be before the start.")})

    @property
    def teaser_text(self):
        return self.listing_intro or self.intro

    @property
    def teaser_template(self):
        return "includes/event_card.html"

    @property
    def is_multi_day(self):
        return bool(self.end) and timezone.localdate(self.end) != timezone.localdate(self.start)

    @property
    def effective_end(self):
        """The end used in calendars: the given end, else two hours after the start."""
        return self.end or self.start + datetime.timedelta(hours=2)

    def get_context(self, request, *args, **kwargs):
        from portal.home.structured_data import event

        context = super().get_context(request, *args, **kwargs)
        context["structured_data"] = event(self, request)
        return context

    @path("ics/", name="ics")
    def ics_route(self, request):
        return calendar_response(request, [self], filename=f"{self.slug}.ics", name=self.title)
