"""Town-wide coupon campaigns: the city marketing groups coupons of many businesses.

"Innenstadt-Wochen: 10 % bei allen teilnehmenden Geschäften" is a
``CouponCampaign``: its own title, text and period, and the coupons of the
businesses taking part. The editors (role Redaktion) create campaigns and
pick approved coupons for them; while a campaign is open to merchants, an
owner adds (or withdraws) its own businesses' approved coupons. The public
see each current campaign on the coupon overview and on its own page, with
the coupons that are on offer at the moment.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.towns import town_field

from .coupons import Coupon


class CouponCampaignQuerySet(models.QuerySet):
    def current(self, today=None):
        """Running today."""
        today = today or timezone.localdate()
        return self.filter(valid_from__lte=today, valid_until__gte=today)

    def open_to_merchants(self, today=None):
        """Merchants may still add their coupons: open and not over."""
        today = today or timezone.localdate()
        return self.filter(merchants_may_join=True, valid_until__gte=today)


class CouponCampaign(models.Model):
    """A campaign of the town grouping coupons of several businesses."""

    site = town_field(related_name="coupon_campaigns")
    title = models.CharField(
        _("title"), max_length=120, help_text=_("e.g. Innenstadt-Wochen: 10 % bei allen")
    )
    slug = models.SlugField(
        _("address"),
        max_length=80,
        help_text=_("The last part of the campaign page's address."),
    )
    text = models.TextField(_("text"), max_length=2000, blank=True)
    valid_from = models.DateField(_("runs from"))
    valid_until = models.DateField(_("runs until"))
    merchants_may_join = models.BooleanField(
        _("businesses may add their coupons"),
        default=True,
        help_text=_("Owners add their own approved coupons under 'Campaigns' in the admin."),
    )
    coupons = models.ManyToManyField(
        Coupon, verbose_name=_("coupons"), related_name="campaigns", blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CouponCampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("coupon campaign")
        verbose_name_plural = _("coupon campaigns")
        ordering = ["valid_from", "title"]
        constraints = [
            models.UniqueConstraint(fields=["site", "slug"], name="cityvouchers_campaign_per_town"),
            models.CheckConstraint(
                condition=Q(valid_from__lte=models.F("valid_until")),
                name="cityv_campaign_dates_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cityvouchers:coupon_campaign", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_until and self.valid_from > self.valid_until:
            raise ValidationError({"valid_until": _("The end must not be before the start.")})

    def public_coupons(self, today=None):
        """The campaign's coupons anyone can take today."""
        return self.coupons.public(today).select_related("merchant", "merchant__primary_category")
