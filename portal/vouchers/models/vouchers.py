"""Vouchers, the batches they are issued in, checkout reservations and redemptions.

A voucher row exists only once its payment is confirmed (``issuing``). It
holds no personal data: whoever has the code may spend it. The buyer's
name and email stay with the order that ``VoucherBatch.reference`` points to.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.vouchers.codes import CodeHolder

from .programme import MONEY, VoucherProgramme


class VoucherBatch(models.Model):
    """Vouchers issued together: one paid shop order, or one employer order's month.

    ``reference`` is the idempotency key of issuing: a payment callback that
    arrives twice, or the monthly command run twice, finds the batch and
    issues nothing new.
    """

    class Kind(models.TextChoices):
        SHOP = "shop", _("online shop")
        EMPLOYER = "employer", _("employer order")
        OFFICE = "office", _("sold at the counter")

    programme = models.ForeignKey(
        VoucherProgramme, verbose_name=_("programme"), on_delete=models.PROTECT
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reference = models.CharField(_("reference"), max_length=80, unique=True)
    employer_order = models.ForeignKey(
        "cityvouchers.EmployerOrder",
        verbose_name=_("employer order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="batches",
    )
    month = models.DateField(_("month"), null=True, blank=True)
    payment_confirmed_at = models.DateTimeField(_("payment confirmed"))
    created_at = models.DateTimeField(_("issued"), default=timezone.now)
    sheet = models.FileField(_("code sheet (PDF)"), upload_to="vouchers/sheets/", blank=True)

    class Meta:
        verbose_name = _("voucher batch")
        verbose_name_plural = _("voucher batches")
        ordering = ["-created_at"]

    def __str__(self):
        return self.reference


class VoucherQuerySet(models.QuerySet):
    def expired(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status=Voucher.Status.ACTIVE, valid_until__lt=today)

    def valid(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status=Voucher.Status.ACTIVE, valid_until__gte=today)


class Voucher(CodeHolder, models.Model):
    """One bearer voucher. ``balance`` is what is left to spend."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("valid")
        REDEEMED = "redeemed", _("redeemed")
        CANCELLED = "cancelled", _("cancelled")

    programme = models.ForeignKey(
        VoucherProgramme, verbose_name=_("programme"), on_delete=models.PROTECT
    )
    batch = models.ForeignKey(
        VoucherBatch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="vouchers"
    )
    code = models.CharField(_("code"), max_length=32, unique=True)
    short_code = models.CharField(_("short code"), max_length=16, unique=True)
    value = models.DecimalField(_("value"), **MONEY)
    balance = models.DecimalField(_("balance"), **MONEY)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    valid_until = models.DateField(_("valid until"))
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancellation"), max_length=200, blank=True)

    objects = VoucherQuerySet.as_manager()

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        indexes = [models.Index(fields=["status", "valid_until"], name="cityv_voucher_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(balance__gte=0) & Q(balance__lte=models.F("value")),
                name="cityv_voucher_balance_in_range",
            )
        ]

    def __str__(self):
        return self.short_code_display

    def is_valid(self, today=None):
        return self.status == self.Status.ACTIVE and not self.is_expired(today)


class Reservation(models.Model):
    """A voucher held for an online checkout until the orders exist.

    While ``HELD`` and not past ``expires_at`` no one else can redeem the
    voucher. The shop then either redeems the reservation (the money goes
    to the merchants of the orders) or releases it, so a failed order never
    consumes the voucher.
    """

    class Status(models.TextChoices):
        HELD = "held", _("held")
        REDEEMED = "redeemed", _("redeemed")
        RELEASED = "released", _("released")

    voucher = models.ForeignKey(
        Voucher, verbose_name=_("voucher"), on_delete=models.PROTECT, related_name="reservations"
    )
    token = models.CharField(_("token"), max_length=40, unique=True)
    checkout_reference = models.CharField(_("checkout"), max_length=80)
    amount = models.DecimalField(_("amount"), **MONEY)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.HELD
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("held until"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("checkout reservation")
        verbose_name_plural = _("checkout reservations")
        indexes = [models.Index(fields=["voucher", "status"], name="cityv_reservation_held_idx")]

    def __str__(self):
        return f"{self.voucher} → {self.checkout_reference}"


class Redemption(models.Model):
    """Spending (part of) a voucher, written once, never changed.

    ``(voucher, sequence)`` is unique: two transactions that both believe
    they redeem a voucher's first euro cannot both commit, whatever happens
    to the row lock. ``idempotency_key`` (from the redeem form) makes a
    retried POST return this row instead of redeeming again. The money goes
    to merchants through the ``SettlementEntry`` rows written in the same
    transaction: one for a redemption in a shop, one per merchant order for
    an online checkout.
    """

    class Channel(models.TextChoices):
        STORE = "store", _("in store")
        ONLINE = "online", _("online shop")

    voucher = models.ForeignKey(
        Voucher, verbose_name=_("voucher"), on_delete=models.PROTECT, related_name="redemptions"
    )
    sequence = models.PositiveSmallIntegerField(_("number"), default=1)
    amount = models.DecimalField(_("amount"), **MONEY)
    purchase_amount = models.DecimalField(_("purchase amount"), **MONEY, null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    merchant = models.ForeignKey(
        "directory.MerchantPage",
        verbose_name=_("business"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for an online checkout split over several businesses."),
    )
    receipt_number = models.CharField(_("receipt number"), max_length=20, unique=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    reservation = models.OneToOneField(
        Reservation, null=True, blank=True, on_delete=models.PROTECT, related_name="redemption"
    )
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("redeemed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("redeemed"), default=timezone.now)

    class Meta:
        verbose_name = _("redemption")
        verbose_name_plural = _("redemptions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["voucher", "sequence"], name="cityv_one_redemption_per_step"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="cityv_redemption_positive"),
        ]
        indexes = [models.Index(fields=["created_at"], name="cityv_redemption_created_idx")]

    def __str__(self):
        return self.receipt_number

    @property
    def change_not_given(self):
        """How much of the voucher the customer forwent (full redemption of a smaller sale)."""
        if self.purchase_amount is None or self.purchase_amount >= self.amount:
            return None
        return self.amount - self.purchase_amount
