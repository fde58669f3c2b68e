"""The state portal's home page and the initiatives' self-registrations.

A state portal is a Wagtail site whose root is a ``StateHomePage``
(``portal.towns.is_state_portal``). Its initiatives index is the directory's
``InitiativeIndexPage``; what it lists there comes from ``portal.state.listing``.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from portal.directory.models import InitiativePage
from portal.home.blocks import ContentStreamBlock
from portal.home.models import BasePage, EventIndexPage, NewsIndexPage


class StateHomePage(BasePage):
    """The start page of a state portal (one Wagtail site of its own).

    Its children are the state-wide initiatives directory, news, events and
    content pages (those page types name it among their parents in
    ``StateConfig.ready``). It never runs the towns' ``create_town`` steps.
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
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("further content"))

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "directory.InitiativeIndexPage",
        "home.NewsIndexPage",
        "home.EventIndexPage",
        "home.ContentPage",
    ]
    # The initiatives list is assembled from the whole installation; the home page
    # shows the latest news of this tree only and may be shared.
    shared_routes = ("serve",)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Hero"),
        ),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("state portal home page")
        verbose_name_plural = _("state portal home pages")

    def get_context(self, request, *args, **kwargs):
        from portal.directory.models import InitiativeIndexPage
        from portal.home.models import EventPage, NewsPage

        context = super().get_context(request, *args, **kwargs)
        private = Page.objects.private_q()
        context["latest_news"] = NewsPage.objects.for_listing(private).descendant_of(self)[:3]
        context["upcoming_events"] = (
            EventPage.objects.for_listing(private).descendant_of(self).upcoming()[:3]
        )
        children = self.get_children().live()
        context["initiative_index"] = children.type(InitiativeIndexPage).first()
        context["news_index"] = children.type(NewsIndexPage).first()
        context["event_index"] = children.type(EventIndexPage).first()
        return context


def _logo_name(instance, filename):
    # A random name: a pending logo is not findable by its applicant's file name.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"initiative-registrations/{secrets.token_hex(16)}.{extension}"


class InitiativeRegistration(models.Model):
    """An initiative that asked to be listed: confirmed by e-mail, then moderated.

    ``index`` is the initiatives index it files into (the state portal's or a
    town's); its editors decide. Approving creates the ``InitiativePage``
    (``portal.state.registration.approve``).
    """

    STATUS_UNCONFIRMED = "unconfirmed"
    STATUS_PENDING = "pending"
    STATUS_APPROVED = "approved"
    STATUS_REJECTED = "rejected"
    STATUS_CHOICES = [
        (STATUS_UNCONFIRMED, _("e-mail not confirmed")),
        (STATUS_PENDING, _("waiting for review")),
        (STATUS_APPROVED, _("approved")),
        (STATUS_REJECTED, _("rejected")),
    ]

    index = models.ForeignKey(
        "directory.InitiativeIndexPage",
        verbose_name=_("initiatives index"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    name = models.CharField(_("name of the initiative"), max_length=200)
    region = models.ForeignKey(
        "directory.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InitiativePage.KIND_CHOICES)
    website = models.URLField(_("website"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=5)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    offers_online_shop = models.BooleanField(_("online shop"), default=False)
    offers_delivery = models.BooleanField(_("delivery"), default=False)
    offers_pickup = models.BooleanField(_("pickup"), default=False)
    offers_phone_orders = models.BooleanField(_("orders by phone"), default=False)
    offers_city_voucher = models.BooleanField(_("city or regional voucher"), default=False)
    short_description = models.TextField(_("short description"), max_length=300)
    logo = models.FileField(_("logo"), upload_to=_logo_name, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=STATUS_CHOICES, default=STATUS_UNCONFIRMED
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    page = models.ForeignKey(
        "directory.InitiativePage",
        verbose_name=_("initiative page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiative_registrations",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("initiative registration")
        verbose_name_plural = _("initiative registrations")

    def __str__(self):
        return self.name

    @property
    def offer_keys(self):
        return {key for name, key in InitiativePage.OFFER_FIELDS if getattr(self, name)}

    @property
    def offer_labels(self):
        return [
            str(self._meta.get_field(name).verbose_name)
            for name, _key in InitiativePage.OFFER_FIELDS
            if getattr(self, name)
        ]


class InitiativeTeam(models.Model):
    """The group whose members may edit one initiative's page (and nothing else)."""

    page = models.OneToOneField(
        "directory.InitiativePage",
        verbose_name=_("initiative page"),
        on_delete=models.CASCADE,
        related_name="team",
    )
    group = models.OneToOneField(
        "auth.Group", verbose_name=_("group"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("initiative team")
        verbose_name_plural = _("initiative teams")

    def __str__(self):
        return str(self.group)
