"""The home page and the flexible content page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from portal.home.blocks import ContentStreamBlock, HighlightStreamBlock

from .events import EventIndexPage, EventPage
from .mixins import BasePage
from .news import NewsIndexPage, NewsPage


class HomePage(BasePage):
    """The start page of one town's site; each Wagtail site has one.

    ``subpage_types`` is left open on purpose: the higher apps (directory,
    shop, vouchers, concerns) attach their index pages here by naming
    ``home.HomePage`` in their own ``parent_page_types``, so this app never
    has to import them. Every page type declares its parents.
    """

    hero_title = models.CharField(_("hero title"), max_length=120)
    hero_text = models.TextField(_("hero text"), blank=True, max_length=400)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("hero button target"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_link_label = models.CharField(_("hero button label"), max_length=60, blank=True)
    highlights_title = models.CharField(
        _("highlights heading"), max_length=120, default="Aktuell in der Stadt"
    )
    highlights = StreamField(HighlightStreamBlock(), blank=True, verbose_name=_("highlights"))
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("further content"))

    parent_page_types = ["wagtailcore.Page"]

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_link_page"),
                FieldPanel("hero_link_label"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("highlights_title"),
        FieldPanel("highlights"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("hero_text")]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = NewsPage.objects.for_listing().descendant_of(self)[:3]
        context["upcoming_events"] = (
            EventPage.objects.for_listing().descendant_of(self).upcoming()[:3]
        )
        context["news_index"] = self.get_children().type(NewsIndexPage).live().first()
        context["event_index"] = self.get_children().type(EventIndexPage).live().first()
        return context


class ContentPage(BasePage):
    """A flexible page built from content blocks: legal pages, information pages."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("content"))

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")
