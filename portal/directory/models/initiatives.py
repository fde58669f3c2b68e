"""Regional initiatives: local online-selling platforms of a region, for the state portal."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import PageManager
from wagtail.search import index

from portal.home.models import BasePage
from portal.home.models.querysets import ListingQuerySet

from .merchants import MERCHANT_RICH_TEXT_FEATURES


class Region(models.Model):
    """A district or region initiatives are filtered by (editor-managed)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class InitiativeIndexPage(RoutablePageMixin, BasePage):
    """Lists the initiatives below it, filterable by region and kind (demo slug ``initiativen``)."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["directory.InitiativePage"]
    max_count_per_parent = 1

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("initiative index")
        verbose_name_plural = _("initiative indexes")

    @path("")
    def index_route(self, request):
        # Another app may answer for an index of its own kind of site (the state
        # portal lists every initiative of the installation): ``fn(page, request)``
        # returns a response or ``None``.
        for answer in hooks.get_hooks("serve_initiative_index"):
            response = answer(self, request)
            if response is not None:
                return response
        initiatives = (
            InitiativePage.objects.for_listing()
            .child_of(self)
            .select_related("region")
            .order_by("title")
        )
        regions = list(Region.objects.filter(initiatives__in=initiatives).distinct())
        region = next((r for r in regions if r.slug == request.GET.get("region")), None)
        kinds = dict(InitiativePage.KIND_CHOICES)
        kind = request.GET.get("art") if request.GET.get("art") in kinds else ""
        if region is not None:
            initiatives = initiatives.filter(region=region)
        if kind:
            initiatives = initiatives.filter(kind=kind)
        return self.render(
            request,
            context_overrides={
                "initiatives": initiatives,
                "regions": regions,
                "active_region": region,
                "kinds": InitiativePage.KIND_CHOICES,
                "active_kind": kind,
            },
        )


class InitiativePage(BasePage):
    """One initiative: a marketplace, voucher scheme, delivery service or association."""

    KIND_CHOICES = [
        ("marketplace", _("marketplace")),
        ("voucher", _("voucher scheme")),
        ("delivery", _("delivery service")),
        ("association", _("association")),
        ("village_shop", _("village shop")),
        ("farm_shops", _("farm shop cooperative")),
    ]
    # What an initiative offers its customers, as flags: (field name, offer key).
    OFFER_FIELDS = [
        ("offers_online_shop", "online_shop"),
        ("offers_delivery", "delivery"),
        ("offers_pickup", "pickup"),
        ("offers_phone_orders", "phone_orders"),
        ("offers_city_voucher", "city_voucher"),
    ]

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="initiatives"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES)
    short_description = models.TextField(_("short description"), max_length=300)
    website = models.URLField(_("website"), blank=True)
    offers = RichTextField(_("what it offers"), features=MERCHANT_RICH_TEXT_FEATURES, blank=True)
    body = RichTextField(_("description"), features=MERCHANT_RICH_TEXT_FEATURES, blank=True)
    offers_online_shop = models.BooleanField(_("online shop"), default=False)
    offers_delivery = models.BooleanField(_("delivery"), default=False)
    offers_pickup = models.BooleanField(_("pickup"), default=False)
    offers_phone_orders = models.BooleanField(_("orders by phone"), default=False)
    offers_city_voucher = models.BooleanField(_("city or regional voucher"), default=False)
    postcode = models.CharField(
        _("postcode"),
        max_length=5,
        blank=True,
        help_text=_("Places the initiative on the state portal's map."),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PageManager.from_queryset(ListingQuerySet)()

    parent_page_types = ["directory.InitiativeIndexPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [
        FieldPanel("region"),
        FieldPanel("kind"),
        FieldPanel("short_description"),
        FieldPanel("website"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel(name) for name, _key in OFFER_FIELDS[:3]]),
                FieldRowPanel([FieldPanel(name) for name, _key in OFFER_FIELDS[3:]]),
            ],
            heading=_("Offers"),
        ),
        FieldPanel("offers"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("postcode"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Position on the map"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Contact"),
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("short_description"),
        index.SearchField("offers"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("region"),
    ]

    class Meta:
        verbose_name = _("regional initiative")
        verbose_name_plural = _("regional initiatives")

    def clean(self):
        """Place an initiative with a postcode but no position at the postcode's centre."""
        super().clean()
        if self.postcode and (self.latitude is None or self.longitude is None):
            from .geo import PostcodeArea

            area = PostcodeArea.objects.filter(postcode=self.postcode).first()
            if area is not None:
                self.latitude, self.longitude = area.latitude, area.longitude

    @property
    def offer_keys(self):
        """The keys of what it offers (``online_shop``, ``delivery``...)."""
        return {key for name, key in self.OFFER_FIELDS if getattr(self, name)}

    @property
    def teaser_text(self):
        return self.listing_intro or self.short_description
