"""One checkout of a basket: one payment, one Oscar order per merchant.

A ``Checkout`` is what the customer does once: it holds the idempotency
token of the order button, the payment (method, state, reference) and the
link for the order status page. Each merchant's part is an ordinary Oscar
``Order`` (own number, lines, totals, status) with a ``MerchantOrder`` beside
it for what Oscar has no field for: the fulfilment method and pickup code.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.towns import town_field

from .shops import MerchantShop

# Unambiguous characters for codes people read out or type (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PICKUP_CODE_LENGTH = 6


def new_pickup_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(PICKUP_CODE_LENGTH))


def new_access_key():
    return secrets.token_urlsafe(24)


class Checkout(models.Model):
    PLACING, PLACED, FAILED = "placing", "placed", "failed"
    STATUS_CHOICES = [
        (PLACING, _("being placed")),
        (PLACED, _("placed")),
        (FAILED, _("failed")),
    ]
    # Payment states, in the order a payment passes them.
    PAYMENT_NONE = "none"  # nothing to take now (pay on pickup)
    PAYMENT_AWAITED = "awaited"  # bank transfer in advance, not yet received
    PAYMENT_RESERVED = "reserved"  # authorised/reserved, orders not yet placed
    PAYMENT_SETTLED = "settled"  # captured/redeemed after the orders exist
    PAYMENT_RELEASED = "released"  # reservation given back after a failure
    PAYMENT_PENDING = "pending"  # the resident pays on the provider's page; its webhook decides
    PAYMENT_FAILED = "failed"  # the provider refused or the resident cancelled: orders cancelled
    PAYMENT_EXPIRED = "expired"  # not paid in time: orders cancelled
    PAYMENT_REFUNDED = "refunded"  # everything paid was given back
    PAYMENT_CHOICES = [
        (PAYMENT_NONE, _("paid on pickup")),
        (PAYMENT_AWAITED, _("awaiting transfer")),
        (PAYMENT_RESERVED, _("reserved")),
        (PAYMENT_SETTLED, _("paid")),
        (PAYMENT_RELEASED, _("released")),
        (PAYMENT_PENDING, _("payment being checked")),
        (PAYMENT_FAILED, _("payment failed")),
        (PAYMENT_EXPIRED, _("not paid in time")),
        (PAYMENT_REFUNDED, _("refunded")),
    ]

    number = models.CharField(_("number"), max_length=32, unique=True, null=True)
    token = models.CharField(
        _("idempotency token"),
        max_length=64,
        unique=True,
        help_text=_("Sent with the order button: the same submission places orders once."),
    )
    site = town_field()
    basket = models.ForeignKey("basket.Basket", on_delete=models.PROTECT, related_name="checkouts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checkouts",
    )
    email = models.EmailField(_("email"))
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=PLACING)
    failure = models.CharField(_("reason of failure"), max_length=300, blank=True)
    payment_method = models.CharField(_("payment method"), max_length=40)
    payment_status = models.CharField(
        _("payment"), max_length=10, choices=PAYMENT_CHOICES, default=PAYMENT_NONE
    )
    payment_reference = models.CharField(_("payment reference"), max_length=128, blank=True)
    total = models.DecimalField(_("total (gross)"), max_digits=12, decimal_places=2)
    access_key = models.CharField(max_length=40, default=new_access_key, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    payment_due_at = models.DateTimeField(
        _("to be paid by"),
        null=True,
        blank=True,
        help_text=_("Unpaid orders are cancelled after this moment (bank transfer in advance)."),
    )
    reminder_sent_at = models.DateTimeField(_("payment reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("checkout")
        verbose_name_plural = _("checkouts")
        constraints = [
            # A basket is placed at most once at a time; a failed attempt frees it.
            models.UniqueConstraint(
                fields=["basket"],
                condition=~Q(status="failed"),
                name="shop_checkout_one_live_per_basket",
            )
        ]
        indexes = [
            models.Index(
                fields=["payment_due_at"],
                condition=Q(payment_status="awaited"),
                name="shop_checkout_awaited_idx",
            )
        ]

    def __str__(self):
        return self.number or f"#{self.pk}"

    def get_absolute_url(self):
        """The status page, reachable without an account through the secret key."""
        return reverse(
            "shop:checkout-status", kwargs={"number": self.number, "key": self.access_key}
        )

    @property
    def is_paid(self):
        return self.payment_status == self.PAYMENT_SETTLED

    @property
    def awaits_provider(self):
        return self.payment_status == self.PAYMENT_PENDING

    def orders(self):
        from oscar.core.loading import get_model

        Order = get_model("order", "Order")
        return Order.objects.filter(merchant_order__checkout=self).order_by("pk")


class MerchantOrder(models.Model):
    """What one merchant's order needs beyond Oscar's ``Order``."""

    order = models.OneToOneField(
        "order.Order", on_delete=models.CASCADE, related_name="merchant_order"
    )
    checkout = models.ForeignKey(Checkout, on_delete=models.PROTECT, related_name="parts")
    shop = models.ForeignKey(MerchantShop, on_delete=models.PROTECT, related_name="orders")
    method = models.CharField(_("fulfilment"), max_length=10, choices=MerchantShop.METHOD_CHOICES)
    pickup_code = models.CharField(_("pickup code"), max_length=12, blank=True)
    collected_at = models.DateTimeField(_("collected"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    city_discount = models.DecimalField(
        _("discount funded by the operator"),
        max_digits=12,
        decimal_places=2,
        default=0,
        help_text=_(
            "City-wide offers in this order: the operator owes the merchant this amount on top "
            "of what the customer paid."
        ),
    )

    class Meta:
        verbose_name = _("merchant order")
        verbose_name_plural = _("merchant orders")
        indexes = [models.Index(fields=["shop", "pickup_code"], name="shop_pickup_code_idx")]

    def __str__(self):
        return str(self.order)

    @property
    def is_pickup(self):
        return self.method == MerchantShop.PICKUP
