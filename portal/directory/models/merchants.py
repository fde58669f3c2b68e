"""Merchant profile pages and everything hanging off one profile.

A ``MerchantPage`` is one business's public profile; the business edits it
itself in the Wagtail admin. ``MerchantTeam`` links the Django users who
manage a profile to it (through a per-merchant auth group that carries the
Wagtail page and collection permissions), so a merchant user's one login
serves both the profile and, later, the shop.
"""

from django.contrib.auth.models import Group
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, PageManager
from wagtail.search import index

from portal import pagecache
from portal.directory.admin_forms import MerchantPageForm
from portal.directory.hours import MAX_LENGTH as OPENING_HOURS_MAX_LENGTH
from portal.directory.hours import validate_opening_hours
from portal.home.models import BasePage

from .categories import Category, PaymentMethod
from .querysets import MerchantPageQuerySet

# What merchants may format in their description: no headings above h3, no
# embeds, no images inside text (they have logo and gallery), no raw HTML.
MERCHANT_RICH_TEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]

postcode_validator = RegexValidator(
    r"^\d{5}$", _("A German postcode has exactly five digits."), code="invalid_postcode"
)
vat_id_validator = RegexValidator(
    r"^DE\d{9}$", _("A German VAT id looks like DE123456789."), code="invalid_vat_id"
)
# Only editors (who may manage merchant teams) see the bookkeeping fields.
EDITOR_PERMISSION = "directory.change_merchantteam"


class MerchantPage(RoutablePageMixin, BasePage):
    """A business profile in the directory ("Branchenbuch").

    Routes below the profile let a business claim it (``beanspruchen/``) and
    let its team ask a local designer for website help (``website-hilfe/``).
    """

    primary_category = models.ForeignKey(
        Category,
        verbose_name=_("main category"),
        null=True,
        on_delete=models.PROTECT,
        related_name="primary_merchants",
    )
    categories = ParentalManyToManyField(
        Category,
        verbose_name=_("further categories"),
        blank=True,
        related_name="merchants",
    )
    short_description = models.TextField(
        _("short description"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences for the directory list and search engines."),
    )
    body = RichTextField(_("about the business"), features=MERCHANT_RICH_TEXT_FEATURES, blank=True)
    keywords = models.CharField(
        _("search terms"),
        max_length=300,
        blank=True,
        help_text=_(
            "Further words residents may search for, separated by commas, e.g. "
            "“Hochzeitstorte, glutenfrei, Reparatur”. Not shown on the profile."
        ),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Where and how to reach it
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=5, blank=True, validators=[postcode_validator]
    )
    city = models.CharField(_("town"), max_length=120, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)

    opening_hours = models.CharField(
        _("opening hours"),
        max_length=OPENING_HOURS_MAX_LENGTH,
        blank=True,
        validators=[validate_opening_hours],
        help_text=_(
            'In OpenStreetMap format, e.g. "Mo-Fr 09:00-18:00; Sa 10:00-14:00; PH off". '
            'Free text in double quotes: "Mo-Fr 09:00-12:00; \\"by appointment\\"".'
        ),
    )
    opening_hours_note = models.CharField(
        _("note on opening hours"),
        max_length=200,
        blank=True,
        help_text=_("e.g. company holidays from 1 to 14 August"),
    )

    # How to buy (all filterable in the directory)
    offers_pickup = models.BooleanField(_("pickup (click & collect)"), default=False)
    offers_local_delivery = models.BooleanField(_("delivery in town"), default=False)
    offers_shipping = models.BooleanField(_("shipping"), default=False)
    offers_phone_orders = models.BooleanField(_("orders by phone"), default=False)
    online_shop_url = models.URLField(_("own online shop"), blank=True)
    accepts_city_voucher = models.BooleanField(_("accepts the city voucher"), default=False)
    wheelchair_accessible = models.BooleanField(_("wheelchair accessible"), default=False)
    payment_methods = ParentalManyToManyField(
        PaymentMethod, verbose_name=_("payment options"), blank=True, related_name="merchants"
    )

    # Legal identity, required by law for businesses that sell
    legal_name = models.CharField(
        _("legal name"), max_length=200, blank=True, help_text=_("e.g. Müller Backwaren GmbH")
    )
    legal_address = models.TextField(_("legal address"), max_length=400, blank=True)
    legal_representative = models.CharField(_("represented by"), max_length=200, blank=True)
    register_entry = models.CharField(
        _("register entry"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Amtsgericht Musterstadt, HRB 12345"),
    )
    vat_id = models.CharField(_("VAT id"), max_length=14, blank=True, validators=[vat_id_validator])

    # Bookkeeping
    external_id = models.CharField(
        _("external id"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_(
            "Key of the record in imported data, e.g. from the economic development office."
        ),
    )

    objects = PageManager.from_queryset(MerchantPageQuerySet)()

    parent_page_types = ["directory.DirectoryIndexPage"]
    subpage_types = ["directory.MerchantInfoPage"]
    # The profile is shared; claiming and the website help are forms.
    shared_routes = ("profile_route",)
    # An imported key must stay unique, so a copied profile starts without one.
    exclude_fields_in_copy = ["external_id"]
    # Opening hours are edited as weekday rows (see ``admin_forms``).
    base_form_class = MerchantPageForm

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("primary_category"), FieldPanel("categories")],
            heading=_("Categories"),
        ),
        FieldPanel("short_description"),
        FieldPanel("body"),
        FieldPanel("keywords"),
        FieldPanel("logo"),
        InlinePanel("gallery_images", label=_("Gallery"), max_num=12),
    ]
    contact_panels = [
        MultiFieldPanel(
            [
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Address"),
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("website")],
            heading=_("Contact"),
        ),
        InlinePanel("social_links", label=_("Social media"), max_num=8),
        MultiFieldPanel(
            [FieldPanel("opening_hours"), FieldPanel("opening_hours_note")],
            heading=_("Opening hours"),
        ),
    ]
    buying_panels = [
        MultiFieldPanel(
            [
                FieldPanel("offers_pickup"),
                FieldPanel("offers_local_delivery"),
                FieldPanel("offers_shipping"),
                FieldPanel("offers_phone_orders"),
                FieldPanel("online_shop_url"),
                FieldPanel(
                    "accepts_city_voucher",
                    read_only=True,
                    help_text=_(
                        "Set by the city marketing from the city voucher's acceptance network."
                    ),
                ),
                FieldPanel("wheelchair_accessible"),
                FieldPanel("payment_methods"),
            ],
            heading=_("How to buy"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("legal_name"),
                FieldPanel("legal_address"),
                FieldPanel("legal_representative"),
                FieldPanel("register_entry"),
                FieldPanel("vat_id"),
            ],
            heading=_("Legal identity (shown on the profile)"),
        ),
    ]
    promote_panels = BasePage.promote_panels + [
        FieldPanel("external_id", permission=EDITOR_PERMISSION),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Profile")),
            ObjectList(contact_panels, heading=_("Address and hours")),
            ObjectList(buying_panels, heading=_("How to buy")),
            ObjectList(promote_panels, heading=_("Promote")),
            ObjectList(BasePage.settings_panels, heading=_("Settings")),
        ],
        base_form_class=MerchantPageForm,
    )

    # Ranked by weight: the name (Page's title, boost 2) above categories and search
    # terms, above the texts about the business, above address and goods.
    search_fields = BasePage.search_fields + [
        index.SearchField("keywords", boost=1),
        index.RelatedFields(
            "primary_category",
            [index.SearchField("name", boost=1), index.SearchField("keywords", boost=1)],
        ),
        index.RelatedFields(
            "categories",
            [index.SearchField("name", boost=1), index.SearchField("keywords", boost=1)],
        ),
        index.SearchField("short_description", boost=0.5),
        index.SearchField("body", boost=0.5),
        index.SearchField("street"),
        index.SearchField("city"),
        index.SearchField("postcode"),
        index.SearchField("goods_for_search"),
        index.AutocompleteField("title"),
    ]

    class Meta:
        verbose_name = _("business profile")
        verbose_name_plural = _("business profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="directory_merchant_unique_external_id",
            )
        ]

    def with_content_json(self, content):
        """Keep the live ``accepts_city_voucher``: no revision may bring back an old value.

        The flag is not editorial content. The profile form shows it read-only
        and a service of the voucher app sets it on the live row; a draft saved
        before that change and published after it must not undo it (Wagtail
        builds both the edit form and the published page through this method).
        """
        page = super().with_content_json(content)
        page.accepts_city_voucher = self.accepts_city_voucher
        return page

    @property
    def teaser_text(self):
        return self.listing_intro or self.short_description

    @property
    def teaser_template(self):
        """Directory card: used in listings and by the home page's highlights."""
        return "directory/includes/merchant_card.html"

    @property
    def address_line(self):
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (self.street, place) if part)

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    def goods_for_search(self):
        """What the business sells (products, market-stall goods), for the search index.

        Other apps add their goods through the ``directory_merchant_goods``
        hook; ``search.prefetch_goods`` fetches them for many profiles at once.
        """
        goods = getattr(self, "_goods_for_search", None)
        if goods is None:
            from portal.directory import search

            goods = search.goods_texts([self]).get(self.pk, "")
        return goods

    @property
    def sharing_image(self):
        """Open Graph image: the teaser image, else the first gallery picture, else the logo."""
        if self.listing_image_id:
            return self.listing_image
        first = self.gallery_images.select_related("image").first()
        return first.image if first is not None else self.logo

    def get_context(self, request, *args, **kwargs):
        from portal.directory import hours, services, structured_data

        context = super().get_context(request, *args, **kwargs)
        context["status"] = hours.status(self.opening_hours)
        # "Open now" turns at the next change of the opening hours.
        pagecache.share_until(request, context["status"].next_change)
        context["week"] = hours.week(self.opening_hours)
        context["structured_data"] = structured_data.local_business(self, request)
        context["is_manager"] = services.user_manages(request.user, self)
        context["is_claimable"] = services.is_claimable(self)
        return context

    @path("")
    def profile_route(self, request):
        return self.render(request)

    @path("beanspruchen/", name="claim")
    def claim_route(self, request):
        from portal.directory import views

        return views.claim(request, self)

    @path("beanspruchen/<str:token>/", name="confirm_claim")
    def confirm_claim_route(self, request, token):
        from portal.directory import views

        return views.confirm_claim(request, self, token)

    @path("website-hilfe/", name="website_help")
    def website_help_route(self, request):
        from portal.directory import views

        return views.website_help(request, self)


class MerchantGalleryImage(Orderable):
    page = ParentalKey(MerchantPage, related_name="gallery_images", on_delete=models.CASCADE)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("gallery image")
        verbose_name_plural = _("gallery images")


class MerchantSocialLink(Orderable):
    PLATFORMS = [
        ("facebook", "Facebook"),
        ("instagram", "Instagram"),
        ("mastodon", "Mastodon"),
        ("youtube", "YouTube"),
        ("tiktok", "TikTok"),
        ("linkedin", "LinkedIn"),
        ("other", _("other")),
    ]

    page = ParentalKey(MerchantPage, related_name="social_links", on_delete=models.CASCADE)
    platform = models.CharField(_("platform"), max_length=20, choices=PLATFORMS)
    url = models.URLField(_("address"))

    panels = [FieldPanel("platform"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("social media link")
        verbose_name_plural = _("social media links")

    def __str__(self):
        return self.url


class MerchantInfoPage(BasePage):
    """A simple page below a profile (offers, team, history) the merchant maintains too."""

    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    body = RichTextField(_("content"), features=MERCHANT_RICH_TEXT_FEATURES, blank=True)

    parent_page_types = ["directory.MerchantPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("business information page")
        verbose_name_plural = _("business information pages")


class MerchantTeam(models.Model):
    """The people of one business, and whether the owners' changes need approval.

    The owners are the users of ``group``: a per-merchant auth group holding
    Wagtail's page permissions on ``page`` (add, change, and publish only when
    ``requires_approval`` is off) and image permissions on ``collection``.
    Keeping the permissions on a group is what makes Wagtail's own admin show
    a merchant its page and nothing else. ``services.sync_team_permissions``
    keeps group and flag in step.

    The till staff are the users of ``staff_group``, which holds no
    permission at all: it only names the business whose vouchers they may
    redeem and whose pickups they may hand over. Owners invite and remove
    them (``StaffInvitation``, ``services.remove_staff``).
    """

    page = models.OneToOneField(
        MerchantPage, verbose_name=_("profile"), on_delete=models.CASCADE, related_name="team"
    )
    group = models.OneToOneField(
        Group,
        verbose_name=_("permission group"),
        on_delete=models.PROTECT,
        related_name="merchant_team",
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("image collection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    staff_group = models.OneToOneField(
        Group,
        verbose_name=_("staff group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merchant_staff_team",
    )
    requires_approval = models.BooleanField(
        _("changes need approval"),
        default=True,
        help_text=_("If set, the merchant can only submit changes; an editor publishes them."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("merchant team")
        verbose_name_plural = _("merchant teams")

    def __str__(self):
        return str(self.page)

    @property
    def members(self):
        """The owners (see the class docstring)."""
        return self.group.user_set.all()

    @property
    def staff(self):
        if self.staff_group_id is None:
            return self.group.user_set.none()
        return self.staff_group.user_set.all()


class OpeningInterval(models.Model):
    """A concrete span in which a business is open, for the "open now" filter.

    Computed from the live profile's opening hours for the coming weeks (on
    publish, on import and daily by ``refresh_opening_intervals``), so the
    directory can filter 20,000 businesses with one indexed query instead of
    evaluating every expression per request.
    """

    page = models.ForeignKey(MerchantPage, on_delete=models.CASCADE, related_name="open_intervals")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        # Covering: "open now" is answered from the index alone (an index-only scan).
        indexes = [
            models.Index(
                fields=["starts_at", "ends_at", "page"], name="directory_open_span_page_idx"
            )
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"
