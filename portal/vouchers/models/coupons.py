"""Discount coupons of merchants: free ones anyone may take, and coupon books sold in the shop.

A ``Coupon`` is the offer ("10 % auf alles"), owned by one business and
approved by the town before anyone can take it. A ``CouponClaim`` is one
person's copy of it with its own code (the same kind of code as a city
voucher, so the till's scanner and the ``/g/<code>/`` link serve both). A
claim is redeemed once, at its coupon's business only. A ``CouponBook`` is
a set of approved coupons the operator sells; each sold copy
(``CouponBookCopy``) holds one claim per coupon of the book.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.vouchers.codes import CodeHolder

from .programme import MONEY

WEEKDAYS = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]


def default_valid_from():
    return timezone.localdate()


def default_valid_until():
    return timezone.localdate() + datetime.timedelta(days=90)


class CouponQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Coupon.Status.APPROVED)

    def current(self, today=None):
        """Approved and within its dates (weekdays and hours aside)."""
        today = today or timezone.localdate()
        return self.approved().filter(valid_from__lte=today, valid_until__gte=today)

    def free(self):
        """Given away to anyone on the portal (not only in coupon books)."""
        return self.filter(free=True)

    def public(self, today=None):
        """What the overview and the profile pages list: free, approved, current, live business."""
        return self.current(today).free().filter(merchant__live=True)


class Coupon(models.Model):
    """A merchant's discount offer, taken by residents as personal claims."""

    class Kind(models.TextChoices):
        PERCENT = "percent", _("percentage off")
        AMOUNT = "amount", _("fixed amount off")
        FREE_ITEM = "free_item", _("free item")
        X_FOR_Y = "x_for_y", _("x for y")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("awaiting approval")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    class Channel(models.TextChoices):
        STORE = "store", _("in the store")
        SHOP = "shop", _("in the online shop")
        BOTH = "both", _("in the store and the online shop")

    merchant = models.ForeignKey(
        "directory.MerchantPage",
        verbose_name=_("business"),
        on_delete=models.CASCADE,
        related_name="coupons",
    )
    title = models.CharField(_("title"), max_length=120, help_text=_("e.g. 10 % auf alles"))
    kind = models.CharField(_("kind of discount"), max_length=10, choices=Kind.choices)
    value = models.DecimalField(
        _("percentage or amount"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("For a percentage: e.g. 10; for an amount: euros. Empty for other kinds."),
    )
    benefit = models.CharField(
        _("what the customer gets"),
        max_length=200,
        help_text=_("Shown at the till, e.g. 'Ein Kaffee gratis zu jedem Stück Kuchen'."),
    )
    conditions = models.TextField(
        _("conditions"),
        max_length=600,
        blank=True,
        help_text=_("e.g. minimum purchase, not combinable with other offers."),
    )
    minimum_purchase = models.DecimalField(
        _("minimum purchase (euros)"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Checked in the online shop; at the till it is part of the conditions."),
    )
    channel = models.CharField(
        _("where it applies"), max_length=10, choices=Channel.choices, default=Channel.STORE
    )
    valid_from = models.DateField(_("valid from"), default=default_valid_from)
    valid_until = models.DateField(_("valid until"), default=default_valid_until)
    weekdays = models.CharField(
        _("weekdays"),
        max_length=7,
        blank=True,
        help_text=_("Empty: every day."),
    )
    time_from = models.TimeField(_("from (time)"), null=True, blank=True)
    time_until = models.TimeField(_("until (time)"), null=True, blank=True)
    total_limit = models.PositiveIntegerField(
        _("number available"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("How many may be taken in all; empty for no limit."),
    )
    per_person_limit = models.PositiveSmallIntegerField(
        _("per person"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_(
            "How often one person may take it: per customer account, or per browser "
            "for residents without an account."
        ),
    )
    free = models.BooleanField(
        _("free for everyone"),
        default=True,
        help_text=_("Off: only in coupon books."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    review_note = models.CharField(_("note of the review"), max_length=300, blank=True)
    taken = models.PositiveIntegerField(_("taken"), default=0)
    shop_offer = models.OneToOneField(
        "offer.ConditionalOffer",
        verbose_name=_("offer in the online shop"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="coupon",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = CouponQuerySet.as_manager()

    class Meta:
        verbose_name = _("coupon")
        verbose_name_plural = _("coupons")
        ordering = ["valid_until", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_limit__isnull=True) | Q(taken__lte=models.F("total_limit")),
                name="cityv_coupon_taken_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__lte=models.F("valid_until")),
                name="cityv_coupon_dates_in_order",
            ),
        ]
        indexes = [models.Index(fields=["status", "valid_until"], name="cityv_coupon_status_idx")]

    def __str__(self):
        return f"{self.title} ({self.merchant})"

    def clean(self):
        super().clean()
        errors = {}
        if self.valid_from and self.valid_until and self.valid_from > self.valid_until:
            errors["valid_until"] = _("The end must not be before the start.")
        if (self.time_from is None) != (self.time_until is None):
            errors["time_until"] = _("Give both times, or neither.")
        elif self.time_from and self.time_from >= self.time_until:
            errors["time_until"] = _("The end time must be after the start time.")
        if self.kind in (self.Kind.PERCENT, self.Kind.AMOUNT) and not self.value:
            errors["value"] = _("Give the percentage or the amount.")
        if self.kind == self.Kind.PERCENT and self.value and self.value > 100:
            errors["value"] = _("A percentage is at most 100.")
        if errors:
            raise ValidationError(errors)

    @property
    def weekday_list(self):
        return sorted(int(day) for day in self.weekdays if day.isdigit())

    @property
    def weekday_names(self):
        names = dict(WEEKDAYS)
        return [str(names[str(day)]) for day in self.weekday_list]

    @property
    def applies_in_store(self):
        return self.channel in (self.Channel.STORE, self.Channel.BOTH)

    @property
    def applies_in_shop(self):
        return self.channel in (self.Channel.SHOP, self.Channel.BOTH)

    @property
    def sold_out(self):
        return self.total_limit is not None and self.taken >= self.total_limit

    def refusal_at(self, moment):
        """Why the coupon cannot be used at ``moment`` (a reason key), or ``None``."""
        local = timezone.localtime(moment)
        if self.status != self.Status.APPROVED:
            return "coupon_not_approved"
        if local.date() < self.valid_from:
            return "coupon_not_yet_valid"
        if local.date() > self.valid_until:
            return "coupon_expired"
        if self.weekdays and local.weekday() not in self.weekday_list:
            return "coupon_wrong_day"
        if self.time_from and not (self.time_from <= local.time() < self.time_until):
            return "coupon_wrong_time"
        return None

    def discount_for(self, amount):
        """What the coupon takes off ``amount`` euros in the online shop (gross), or 0."""
        from decimal import ROUND_HALF_UP, Decimal

        if self.minimum_purchase and amount < self.minimum_purchase:
            return Decimal("0")
        if self.kind == self.Kind.PERCENT and self.value:
            return (amount * self.value / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if self.kind == self.Kind.AMOUNT and self.value:
            return min(amount, self.value)
        return Decimal("0")


class CouponBook(models.Model):
    """A set of approved coupons of several businesses, sold by the operator in the shop.

    ``merchant_share_percent`` of each sold copy's price goes to the businesses
    whose coupons are in it, split evenly over the copy's coupons; by
    ``share_rule`` either for every coupon of every sold copy, or only for
    the coupons that were used. The settlement pays it
    (``portal.vouchers.coupon_shares``).
    """

    class ShareRule(models.TextChoices):
        PER_COUPON = "per_coupon", _("evenly per coupon of every sold copy")
        PER_REDEMPTION = "per_redemption", _("per used coupon")

    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=600, blank=True)
    price = models.DecimalField(_("price"), **MONEY, validators=[MinValueValidator(0)])
    edition_size = models.PositiveIntegerField(_("edition size"), validators=[MinValueValidator(1)])
    valid_until = models.DateField(_("valid until"))
    coupons = models.ManyToManyField(Coupon, verbose_name=_("coupons"), related_name="books")
    active = models.BooleanField(_("on sale"), default=True)
    merchant_share_percent = models.DecimalField(
        _("businesses' share of the price (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Paid out with the monthly settlement; 0: the businesses get no share."),
    )
    share_rule = models.CharField(
        _("share paid"),
        max_length=20,
        choices=ShareRule.choices,
        default=ShareRule.PER_REDEMPTION,
    )
    sold = models.PositiveIntegerField(_("sold"), default=0)
    product = models.OneToOneField(
        "catalogue.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coupon_book",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("coupon book")
        verbose_name_plural = _("coupon books")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sold__lte=models.F("edition_size")),
                name="cityv_coupon_book_within_edition",
            )
        ]

    def __str__(self):
        return self.title


class CouponBookCopy(models.Model):
    """One sold coupon book: its page lists its claims; ``reference`` makes issuing idempotent."""

    book = models.ForeignKey(
        CouponBook, verbose_name=_("coupon book"), on_delete=models.PROTECT, related_name="copies"
    )
    code = models.CharField(_("code"), max_length=32, unique=True)
    reference = models.CharField(_("reference"), max_length=80, unique=True)
    number = models.PositiveIntegerField(_("number"))
    created_at = models.DateTimeField(_("issued"), default=timezone.now)

    class Meta:
        verbose_name = _("sold coupon book")
        verbose_name_plural = _("sold coupon books")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["book", "number"], name="cityv_one_copy_per_number")
        ]

    def __str__(self):
        return f"{self.book} Nr. {self.number}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("cityvouchers:coupon_book_copy", kwargs={"code": self.code})


class CouponClaim(CodeHolder, models.Model):
    """One person's coupon with its code; redeemed once, at the coupon's business only.

    ``holder`` identifies the person for the per-person limit ("user:<pk>" or
    a browser's random key), never a name or address; ``(coupon, holder,
    sequence)`` is unique, so two takes of one person cannot both get the
    same place. Claims of a coupon book have no holder.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("valid")
        REDEEMED = "redeemed", _("used")
        CANCELLED = "cancelled", _("cancelled")

    coupon = models.ForeignKey(
        Coupon, verbose_name=_("coupon"), on_delete=models.PROTECT, related_name="claims"
    )
    code = models.CharField(_("code"), max_length=32, unique=True)
    short_code = models.CharField(_("short code"), max_length=16, unique=True)
    holder = models.CharField(_("holder"), max_length=64, blank=True)
    sequence = models.PositiveSmallIntegerField(_("number"), default=1)
    book_copy = models.ForeignKey(
        CouponBookCopy,
        verbose_name=_("coupon book"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    valid_until = models.DateField(_("valid until"))
    shop_code = models.OneToOneField(
        "voucher.Voucher",
        verbose_name=_("code in the online shop"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="coupon_claim",
    )
    created_at = models.DateTimeField(_("taken"), default=timezone.now)
    redeemed_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("taken coupon")
        verbose_name_plural = _("taken coupons")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["coupon", "holder", "sequence"],
                condition=~Q(holder=""),
                name="cityv_claim_once_per_place",
            )
        ]

    def __str__(self):
        return self.short_code_display


class CouponRedemption(models.Model):
    """Using a claim, written once: one row per claim (``claim`` is unique)."""

    class Channel(models.TextChoices):
        STORE = "store", _("in store")
        ONLINE = "online", _("online shop")

    claim = models.OneToOneField(
        CouponClaim, verbose_name=_("coupon"), on_delete=models.PROTECT, related_name="redemption"
    )
    merchant = models.ForeignKey(
        "directory.MerchantPage",
        verbose_name=_("business"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    receipt_number = models.CharField(_("receipt number"), max_length=20, unique=True)
    discount = models.DecimalField(_("discount"), **MONEY, null=True, blank=True)
    order_reference = models.CharField(_("order"), max_length=80, blank=True)
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("redeemed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("used"), default=timezone.now)

    class Meta:
        verbose_name = _("coupon redemption")
        verbose_name_plural = _("coupon redemptions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["merchant", "created_at"], name="cityv_coupon_red_idx")]

    def __str__(self):
        return self.receipt_number
