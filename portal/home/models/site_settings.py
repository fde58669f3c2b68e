"""Per-site settings editors maintain: operator details and the main navigation."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """Who runs the portal: shown in the header, footer and structured data."""

    town_name = models.CharField(_("town or region"), max_length=120, default="Musterstadt")
    operator_name = models.CharField(
        _("operator"), max_length=200, blank=True, help_text=_("e.g. Stadtmarketing GmbH")
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    facebook_url = models.URLField(_("Facebook"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    mastodon_url = models.URLField(_("Mastodon"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    imprint_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("imprint page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    select_related = ["logo", "imprint_page", "privacy_page", "accessibility_page"]

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("town_name"),
                FieldPanel("operator_name"),
                FieldPanel("street"),
                FieldPanel("postcode"),
                FieldPanel("city"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("logo"),
            ],
            heading=_("Operator"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("instagram_url"),
                FieldPanel("mastodon_url"),
                FieldPanel("youtube_url"),
            ],
            heading=_("Social media"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("imprint_page"),
                FieldPanel("privacy_page"),
                FieldPanel("accessibility_page"),
            ],
            heading=_("Legal pages (linked in every footer)"),
        ),
    ]

    class Meta:
        verbose_name = _("portal settings")

    def social_links(self):
        links = [
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
            ("Mastodon", self.mastodon_url),
            ("YouTube", self.youtube_url),
        ]
        return [(name, url) for name, url in links if url]


@register_setting(icon="list-ul")
class NavigationSettings(ClusterableModel, BaseSiteSetting):
    """The main menu of a site, in the order editors give it."""

    panels = [InlinePanel("links", label=_("Menu entries"), min_num=0, max_num=8)]

    class Meta:
        verbose_name = _("main navigation")


class NavigationLink(Orderable):
    settings = ParentalKey(NavigationSettings, related_name="links", on_delete=models.CASCADE)
    label = models.CharField(_("label"), max_length=40, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    url = models.CharField(
        _("or address"), max_length=300, blank=True, help_text=_("e.g. /shop/ or https://…")
    )

    panels = [FieldPanel("label"), FieldPanel("page"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("menu entry")

    def clean(self):
        if bool(self.page_id) == bool(self.url):
            raise ValidationError(_("Choose either a page or an address."))
        if not self.page_id and not self.label:
            raise ValidationError({"label": _("An address needs a label.")})

    @property
    def title(self):
        return self.label or (self.page.title if self.page_id else self.url)
