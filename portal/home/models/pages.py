"""The home page and the flexible content page."""

from collections import defaultdict

from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
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

    def highlight_cards(self):
        """The live highlighted pages, specific and with what their cards show.

        The pages come in one query per block type (news, events; other pages
        in one more per page type), and what their cards show
        (``card_prefetches`` of the type's listing queries: teaser image and
        rendition, categories, logo) in one query per kind for all of them, so
        nine highlights cost as much as one.
        """
        ids, ids_by_model = [], defaultdict(list)
        for block in self.highlights.raw_data:
            if block.get("value"):
                chooser = self.highlights.stream_block.child_blocks[block["type"]]
                ids_by_model[chooser.target_model].append(block["value"])
                ids.append(block["value"])
        pages = {}
        for model, pks in ids_by_model.items():
            found = model.objects.live().filter(pk__in=pks)
            pages.update((page.pk, page) for page in (found.specific() if model is Page else found))
        by_type = defaultdict(list)
        for page in pages.values():
            by_type[type(page)].append(page)
        for model, group in by_type.items():
            listing = model._default_manager.all()
            if hasattr(listing, "card_prefetches"):
                prefetch_related_objects(group, *listing.card_prefetches())
        return [pages[pk] for pk in ids if pk in pages]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["highlight_cards"] = self.highlight_cards()
        private = Page.objects.private_q()
        context["latest_news"] = NewsPage.objects.for_listing(private).descendant_of(self)[:3]
        context["upcoming_events"] = (
            EventPage.objects.for_listing(private).descendant_of(self).upcoming()[:3]
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
