"""The money of a checkout: its payments, their shares per merchant order, and refunds.

A checkout is paid by one or more ``Payment`` rows: at most one by the
resident's chosen method (the payment provider, bank transfer, pay on
pickup, ...) and any number of partial payments before it (city vouchers).
Each payment is split into ``PaymentShare`` rows, one per merchant order,
when the orders are created: what the operator receives for each merchant
and settles with it. A ``Refund`` is booked in the database first (status
``open``) in the same transaction as the cancellation that causes it, then
sent to the provider; one that could not be sent is retried by
``manage.py expire_unpaid_orders`` (see ``services.refunds``).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .checkouts import Checkout, MerchantOrder

MONEY = {"max_digits": 12, "decimal_places": 2}


class Payment(models.Model):
    RESERVED = "reserved"  # held (a voucher), not yet taken
    PENDING = "pending"  # the resident is paying on the provider's page
    AWAITED = "awaited"  # paid later on purpose (transfer, at the counter)
    PAID = "paid"
    FAILED = "failed"
    EXPIRED = "expired"
    CANCELED = "canceled"  # the resident stopped on the provider's page
    RELEASED = "released"  # a reservation given back
    STATUS_CHOICES = [
        (RESERVED, _("reserved")),
        (PENDING, _("being paid")),
        (AWAITED, _("awaited")),
        (PAID, _("paid")),
        (FAILED, _("failed")),
        (EXPIRED, _("expired")),
        (CANCELED, _("cancelled")),
        (RELEASED, _("released")),
    ]
    OPEN_STATUSES = (RESERVED, PENDING, AWAITED)
    CLOSED_STATUSES = (FAILED, EXPIRED, CANCELED, RELEASED)

    checkout = models.ForeignKey(Checkout, on_delete=models.PROTECT, related_name="payments")
    method = models.CharField(_("payment method"), max_length=40)
    amount = models.DecimalField(_("amount"), **MONEY)
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES)
    reference = models.CharField(
        _("reference"),
        max_length=128,
        blank=True,
        help_text=_("The provider's payment id or the voucher reservation."),
    )
    checkout_url = models.URLField(_("payment page"), max_length=500, blank=True)
    provider_status = models.CharField(_("status at the provider"), max_length=20, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    amount_refunded = models.DecimalField(_("refunded"), default=Decimal("0.00"), **MONEY)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["method", "reference"],
                condition=~Q(reference=""),
                name="shop_payment_unique_reference",
            ),
            models.CheckConstraint(
                condition=Q(amount_refunded__lte=models.F("amount")),
                name="shop_payment_refund_within_amount",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"], name="shop_payment_open_idx")]

    def __str__(self):
        return f"{self.checkout} {self.method} {self.amount}"

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def refundable(self):
        return self.amount - self.amount_refunded if self.status == self.PAID else Decimal("0.00")


class PaymentShare(models.Model):
    """How much of one payment belongs to one merchant order (what the merchant is owed)."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="shares")
    merchant_order = models.ForeignKey(
        MerchantOrder, on_delete=models.CASCADE, related_name="payment_shares"
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    refunded = models.DecimalField(_("refunded"), default=Decimal("0.00"), **MONEY)

    class Meta:
        verbose_name = _("payment share")
        verbose_name_plural = _("payment shares")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["payment", "merchant_order"], name="shop_one_share_per_order"
            ),
            models.CheckConstraint(
                condition=Q(refunded__lte=models.F("amount")), name="shop_share_refund_in_range"
            ),
        ]

    def __str__(self):
        return f"{self.payment} → {self.merchant_order}: {self.amount}"

    @property
    def refundable(self):
        return self.amount - self.refunded


class Refund(models.Model):
    OPEN = "open"  # booked, not yet accepted by the provider
    PENDING = "pending"  # accepted by the provider, money on its way
    REFUNDED = "refunded"
    FAILED = "failed"
    MANUAL = "manual"  # paid by transfer or at the counter: paid back by hand
    STATUS_CHOICES = [
        (OPEN, _("booked, not yet sent")),
        (PENDING, _("sent")),
        (REFUNDED, _("refunded")),
        (FAILED, _("failed")),
        (MANUAL, _("to be paid back by hand")),
    ]

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    merchant_order = models.ForeignKey(
        MerchantOrder,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="refunds",
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=OPEN)
    reference = models.CharField(_("provider reference"), max_length=128, blank=True)
    error = models.CharField(_("last error"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("booked"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="shop_refund_positive")
        ]

    def __str__(self):
        return f"{self.payment} -{self.amount}"
