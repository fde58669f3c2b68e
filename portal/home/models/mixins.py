"""Behaviour every portal page shares: SEO, sharing image, listing teaser."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page


class BasePage(Page):
    """Abstract base of all portal pages.

    Wagtail's own ``seo_title`` and ``search_description`` give the HTML title and
    meta description; this adds the image and text used for Open Graph and for
    teaser cards wherever the page is listed.
    """

    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("teaser and sharing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown on teaser cards and when the page is shared."),
    )
    listing_intro = models.TextField(
        _("teaser text"),
        blank=True,
        max_length=300,
        help_text=_("Short summary for teaser cards; the meta description is used if empty."),
    )

    promote_panels = [
        MultiFieldPanel(Page.promote_panels, heading=_("Address and search engines")),
        MultiFieldPanel(
            [FieldPanel("listing_image"), FieldPanel("listing_intro")],
            heading=_("Teaser and sharing"),
        ),
    ]

    class Meta:
        abstract = True

    @property
    def teaser_text(self):
        return self.listing_intro or self.search_description

    @property
    def meta_description(self):
        return self.search_description or self.teaser_text

    @property
    def teaser_template(self):
        """Template that renders this page as a card in listings and highlights."""
        return "includes/page_card.html"
