"""A merchant's shop: the Oscar partner of a directory profile and how it fulfils orders."""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

POSTCODE = re.compile(r"\d{5}")
money = {
    "max_digits": 8,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal("0.00"))],
}


def parse_postcodes(text):
    """The five-digit postcodes in ``text`` (separated by commas, spaces or lines)."""
    return [token for token in re.split(r"[\s,;]+", text or "") if token]


def validate_postcodes(text):
    wrong = [token for token in parse_postcodes(text) if not POSTCODE.fullmatch(token)]
    if wrong:
        raise ValidationError(
            _("These are not German postcodes (five digits): %(codes)s"),
            params={"codes": ", ".join(wrong)},
            code="invalid_postcodes",
        )


class MerchantShopQuerySet(models.QuerySet):
    def selling(self):
        """Open shops whose profile is live: the ones residents can buy from."""
        return self.filter(is_open=True, page__live=True)


class MerchantShop(models.Model):
    """The online shop of one business in the directory.

    Created by ``services.shops.open_shop``: it ties an Oscar ``Partner``
    (which owns products, stock records and order lines) to the business's
    ``MerchantPage``, whose team members become the partner's users. The
    fields below are the merchant's fulfilment offer; the checkout computes
    each merchant's costs from them.
    """

    PICKUP, DELIVERY, SHIPPING, EMAIL = "pickup", "delivery", "shipping", "email"
    METHOD_CHOICES = [
        (PICKUP, _("Pickup in the shop")),
        (DELIVERY, _("Delivery in town")),
        (SHIPPING, _("Parcel shipping")),
        (EMAIL, _("By email")),
    ]

    partner = models.OneToOneField(
        "partner.Partner",
        verbose_name=_("Oscar partner"),
        on_delete=models.CASCADE,
        related_name="merchant_shop",
    )
    page = models.OneToOneField(
        "directory.MerchantPage",
        verbose_name=_("business profile"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="shop",
    )
    is_open = models.BooleanField(
        _("shop is open"),
        default=True,
        help_text=_("Closed shops keep their orders but show no products."),
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    order_email = models.EmailField(
        _("email for new orders"),
        blank=True,
        help_text=_("Where new orders are announced; empty: the profile's email address."),
    )

    offers_pickup = models.BooleanField(_("pickup in the shop"), default=True)
    pickup_hours = models.CharField(
        _("pickup hours"),
        max_length=200,
        blank=True,
        help_text=_('e.g. "Mon–Fri 9:00–18:00, Sat 9:00–13:00"'),
    )
    pickup_note = models.CharField(
        _("note on pickup"),
        max_length=200,
        blank=True,
        help_text=_('e.g. "ready from the next working day"'),
    )

    PAY_NOT_AT_PICKUP, PAY_CASH, PAY_CARD, PAY_CASH_OR_CARD = "", "cash", "card", "cash_card"
    PICKUP_PAYMENT_CHOICES = [
        (PAY_NOT_AT_PICKUP, _("no, paid in advance only")),
        (PAY_CASH, _("yes, in cash")),
        (PAY_CARD, _("yes, by card")),
        (PAY_CASH_OR_CARD, _("yes, in cash or by card")),
    ]
    pickup_payment = models.CharField(
        _("payment at pickup"),
        max_length=10,
        blank=True,
        default=PAY_CASH,
        choices=PICKUP_PAYMENT_CHOICES,
        help_text=_(
            "Whether residents may pay when they collect their goods. Offered in the checkout "
            "only when every shop of the basket allows it."
        ),
    )

    offers_delivery = models.BooleanField(_("delivery in town"), default=False)
    delivery_postcodes = models.TextField(
        _("delivery postcodes"),
        blank=True,
        validators=[validate_postcodes],
        help_text=_("The postcodes you deliver to, separated by commas."),
    )
    delivery_window = models.CharField(
        _("delivery times"),
        max_length=200,
        blank=True,
        help_text=_(
            'When you deliver, e.g. "Tue and Fri 14:00–18:00, ordered by 10:00 the day before"'
        ),
    )
    delivery_fee = models.DecimalField(_("delivery fee (gross)"), default=Decimal("0.00"), **money)
    free_delivery_above = models.DecimalField(
        _("free delivery from order value"),
        null=True,
        blank=True,
        help_text=_("Empty: the fee always applies."),
        **money,
    )

    offers_shipping = models.BooleanField(_("parcel shipping"), default=False)
    shipping_fee = models.DecimalField(_("shipping fee (gross)"), default=Decimal("0.00"), **money)
    free_shipping_above = models.DecimalField(
        _("free shipping from order value"),
        null=True,
        blank=True,
        help_text=_("Empty: the fee always applies."),
        **money,
    )

    offers_email = models.BooleanField(
        _("delivery by email"),
        default=False,
        help_text=_(
            "For goods that need no shipping (gift cards, vouchers): they are sent by email "
            "after payment, free of charge."
        ),
    )

    objects = MerchantShopQuerySet.as_manager()

    class Meta:
        verbose_name = _("merchant shop")
        verbose_name_plural = _("merchant shops")
        # ``portal.shop.access.sees_all``: administrators, never the editors.
        permissions = [
            ("view_all_shops", _("Can see every shop's products, orders and money")),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if not (
            self.offers_pickup or self.offers_delivery or self.offers_shipping or self.offers_email
        ):
            raise ValidationError(_("Offer at least one way to get the goods to the customer."))
        if self.offers_delivery and not parse_postcodes(self.delivery_postcodes):
            raise ValidationError({"delivery_postcodes": _("Name the postcodes you deliver to.")})

    @property
    def name(self):
        return self.page.title if self.page_id else self.partner.name

    @property
    def notification_email(self):
        return self.order_email or (self.page.email if self.page_id else "")

    @property
    def takes_payment_at_pickup(self):
        return self.offers_pickup and bool(self.pickup_payment)

    @property
    def pickup_payment_label(self):
        """How the counter takes the money, as residents read it ("in cash or by card")."""
        return {
            self.PAY_CASH: _("in cash"),
            self.PAY_CARD: _("by card"),
            self.PAY_CASH_OR_CARD: _("in cash or by card"),
        }.get(self.pickup_payment, "")

    @property
    def postcodes(self):
        return set(parse_postcodes(self.delivery_postcodes))

    def delivers_to(self, postcode):
        return self.offers_delivery and postcode in self.postcodes

    @property
    def methods(self):
        """Codes of the fulfilment methods this shop offers, in display order."""
        offered = {
            self.PICKUP: self.offers_pickup,
            self.DELIVERY: self.offers_delivery,
            self.SHIPPING: self.offers_shipping,
            self.EMAIL: self.offers_email,
        }
        return [code for code, _label in self.METHOD_CHOICES if offered[code]]

    @property
    def offer(self):
        """The fulfilment methods with their base fee and free-from amount, for display."""
        free_above = {
            self.DELIVERY: self.free_delivery_above,
            self.SHIPPING: self.free_shipping_above,
        }
        labels = dict(self.METHOD_CHOICES)
        return [
            {
                "code": code,
                "label": labels[code],
                "fee": self.fee_for(code, Decimal("0.00")),
                "free_above": free_above.get(code),
            }
            for code in self.methods
        ]

    def fee_for(self, method, goods_total):
        """Gross fee of ``method`` for goods worth ``goods_total`` (gross)."""
        if method == self.DELIVERY:
            fee, free_above = self.delivery_fee, self.free_delivery_above
        elif method == self.SHIPPING:
            fee, free_above = self.shipping_fee, self.free_shipping_above
        else:
            return Decimal("0.00")
        if free_above is not None and goods_total >= free_above:
            return Decimal("0.00")
        return fee


@register_setting(icon="cogs")
class ShopSettings(BaseGenericSetting):
    """What the marketplace operator sets once for all shops (one shop per installation)."""

    terms_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page with the terms and conditions"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawal_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page on the right of withdrawal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    account_holder = models.CharField(_("account holder"), max_length=120, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    bank_name = models.CharField(_("bank"), max_length=120, blank=True)
    payment_days = models.PositiveSmallIntegerField(
        _("days to pay by bank transfer"),
        default=7,
        help_text=_("Orders paid in advance wait this long for the transfer."),
    )
    payment_reminder_days = models.PositiveSmallIntegerField(
        _("reminder before the deadline (days)"),
        default=2,
        help_text=_(
            "This many days before unpaid orders are cancelled the resident is reminded by "
            "email; 0 for no reminder."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("terms_page"), FieldPanel("withdrawal_page")],
            heading=_("Linked before every order"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("account_holder"),
                FieldPanel("iban"),
                FieldPanel("bic"),
                FieldPanel("bank_name"),
                FieldPanel("payment_days"),
                FieldPanel("payment_reminder_days"),
            ],
            heading=_("Bank transfer in advance"),
        ),
    ]

    class Meta:
        verbose_name = _("shop settings")
