"""What the operator owes each merchant, and the monthly statements that pay it out."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .programme import MONEY
from .vouchers import Redemption


class PayoutEntry(models.Model):
    """What the operator owes one business for one event; a statement collects the rows.

    Rows are only ever inserted (never a running total that every event
    would update), so events at the same business never wait for each
    other. Closing a period attaches every entry still without a statement
    and booked before the period's end, so an entry that committed a moment
    after a close lands in the next statement instead of being lost.
    """

    merchant = models.ForeignKey(
        "directory.MerchantPage",
        verbose_name=_("business"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    booked_at = models.DateTimeField(_("booked"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["booked_at", "pk"]

    def __str__(self):
        return f"{self.merchant}: {self.amount}"


class SettlementEntry(PayoutEntry):
    """One merchant's share of one redemption, booked in the redeeming transaction."""

    redemption = models.ForeignKey(
        Redemption, on_delete=models.PROTECT, related_name="settlement_entries"
    )
    order_reference = models.CharField(_("order"), max_length=80, blank=True)
    statement = models.ForeignKey(
        "cityvouchers.MerchantStatement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )

    class Meta(PayoutEntry.Meta):
        verbose_name = _("settlement entry")
        verbose_name_plural = _("settlement entries")
        indexes = [
            models.Index(fields=["merchant", "booked_at"], name="cityv_entry_merchant_idx"),
            models.Index(
                fields=["booked_at"],
                condition=models.Q(statement__isnull=True),
                name="cityv_entry_unsettled_idx",
            ),
        ]


class CouponShareEntry(PayoutEntry):
    """A business's share of one sold coupon book, for one of its coupons in one copy.

    One row per claim at most (``claim`` is unique): however often the
    settlement runs, and even if two runs overlap, a coupon of a sold copy
    is paid once. Made by the settlement run (``coupon_shares.book_due``).
    """

    claim = models.OneToOneField(
        "cityvouchers.CouponClaim",
        verbose_name=_("coupon"),
        on_delete=models.PROTECT,
        related_name="share_entry",
    )
    statement = models.ForeignKey(
        "cityvouchers.MerchantStatement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="share_entries",
    )

    class Meta(PayoutEntry.Meta):
        verbose_name = _("coupon book share")
        verbose_name_plural = _("coupon book shares")
        indexes = [
            models.Index(
                fields=["booked_at"],
                condition=models.Q(statement__isnull=True),
                name="cityv_share_unsettled_idx",
            ),
        ]


def first_of_month(day):
    return day.replace(day=1)


def next_month(day):
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


class SettlementPeriod(models.Model):
    """A calendar month of redemptions, closed into one statement per merchant."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed, payout pending")
        PAID = "paid", _("paid")

    start = models.DateField(_("first day"), unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    class Meta:
        verbose_name = _("settlement period")
        verbose_name_plural = _("settlement periods")
        ordering = ["-start"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return f"{self.start:%m/%Y}"

    @property
    def end(self):
        """First day after the period."""
        return next_month(self.start)

    @property
    def end_datetime(self):
        return timezone.make_aware(datetime.datetime.combine(self.end, datetime.time.min))

    @property
    def can_close(self):
        return self.status == self.Status.OPEN and timezone.now() >= self.end_datetime


class MerchantStatement(models.Model):
    """A merchant's statement for one period: gross redeemed, fee, book shares, payout.

    The payout is the redeemed vouchers less the fee, plus the business's
    share of coupon books sold (no fee on that).

    The payout account is copied here when the period closes, so a later
    change of bank details never changes a statement already sent.
    """

    period = models.ForeignKey(
        SettlementPeriod,
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        related_name="statements",
    )
    merchant = models.ForeignKey(
        "directory.MerchantPage",
        verbose_name=_("business"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField(_("statement number"), max_length=30, unique=True)
    redemption_count = models.PositiveIntegerField(_("redemptions"), default=0)
    gross = models.DecimalField(_("redeemed"), **MONEY)
    fee = models.DecimalField(_("fee"), **MONEY)
    book_share_count = models.PositiveIntegerField(_("coupon book shares"), default=0)
    book_share = models.DecimalField(_("share of coupon books"), **MONEY, default=0)
    payout = models.DecimalField(_("payout"), **MONEY)
    account_holder = models.CharField(_("account holder"), max_length=70, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    class Meta:
        verbose_name = _("merchant statement")
        verbose_name_plural = _("merchant statements")
        ordering = ["-period__start", "merchant__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "merchant"], name="cityv_one_statement_per_merchant"
            )
        ]

    def __str__(self):
        return self.number
