"""News: an index page per site with paginated, filterable items and an RSS feed."""

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from portal.home.blocks import ContentStreamBlock
from portal.home.feeds import NewsFeed

from .mixins import BasePage
from .querysets import ListingQuerySet


class NewsCategory(models.Model):
    """Editor-managed news categories (snippets), e.g. "Rathaus", "Handel"."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=False)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")

    def __str__(self):
        return self.name


class NewsPageQuerySet(ListingQuerySet):
    def card_prefetches(self):
        return [*super().card_prefetches(), "categories"]

    def for_listing(self, private=None):
        return super().for_listing(private).order_by("-date", "-pk")


class NewsIndexPage(RoutablePageMixin, BasePage):
    """Lists the news of one site, newest first, ten per page; RSS at ``feed/``."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    max_count_per_parent = 1
    per_page = 10
    shared_routes = ("index_route", "feed_route")

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def news(self):
        return NewsPage.objects.for_listing().child_of(self)

    @path("")
    def index_route(self, request):
        items = self.news()
        category = None
        slug = request.GET.get("kategorie")
        if slug:
            category = get_object_or_404(NewsCategory, slug=slug)
            items = items.filter(categories=category)
        page = Paginator(items, self.per_page).get_page(request.GET.get("seite"))
        return self.render(
            request,
            context_overrides={
                "news_page": page,
                "categories": NewsCategory.objects.all(),
                "active_category": category,
            },
        )

    def get_cached_paths(self):
        return ["/", "/feed/"]

    @path("feed/", name="feed")
    def feed_route(self, request):
        return NewsFeed(self)(request)


class NewsPage(BasePage):
    """One news item. ``listing_image`` doubles as its teaser image."""

    date = models.DateField(_("date"))
    intro = models.TextField(_("introduction"), max_length=600)
    categories = ParentalManyToManyField(
        NewsCategory, blank=True, related_name="news_pages", verbose_name=_("categories")
    )
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("content"))

    objects = PageManager.from_queryset(NewsPageQuerySet)()

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [
        FieldPanel("date"),
        FieldPanel("listing_image", heading=_("Teaser image")),
        FieldPanel("intro"),
        FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("listing_intro")]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    @property
    def teaser_text(self):
        return self.listing_intro or self.intro

    @property
    def teaser_template(self):
        return "includes/news_card.html"
