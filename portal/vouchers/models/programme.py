"""The voucher programme the operator configures, and its acceptance network."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from portal.towns import default_town, town_field
from portal.vouchers.banking import validate_bic, validate_iban

MONEY = {"max_digits": 12, "decimal_places": 2}
colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB, e.g. #00507a."), code="invalid_colour"
)


def parse_denominations(text):
    """``"10, 25, 50"`` -> ``[Decimal("10"), Decimal("25"), Decimal("50")]`` (sorted, unique)."""
    values = set()
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip().replace("€", "").strip()
        if not part:
            continue
        try:
            value = Decimal(part.replace(",", "."))
        except ArithmeticError as error:
            raise ValidationError(
                _("%(value)s is not an amount."), params={"value": part}, code="invalid"
            ) from error
        if value <= 0 or value != value.quantize(Decimal("0.01")):
            raise ValidationError(
                _("%(value)s is not an amount."), params={"value": part}, code="invalid"
            )
        values.add(value)
    return sorted(values)


def validate_denominations(text):
    parse_denominations(text)


class VoucherProgrammeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class VoucherProgramme(models.Model):
    """One town's city voucher: what it may be bought for, how it looks, how long it lasts.

    Usually there is exactly one active programme; ``current()`` returns it.
    Settlement (fee, the operator's account for the SEPA file) and the
    volume warning are configured here as well, because the operator decides
    them together with the programme.
    """

    site = town_field(
        related_name="voucher_programmes",
        help_text=_("The town whose businesses accept this voucher."),
    )
    name = models.CharField(_("name"), max_length=120, default="Stadtgutschein")
    active = models.BooleanField(_("active"), default=True)

    denominations = models.CharField(
        _("denominations"),
        max_length=200,
        blank=True,
        default="10, 25, 50",
        validators=[validate_denominations],
        help_text=_("Fixed values in euros, separated by commas, e.g. 10, 25, 50."),
    )
    allow_free_amount = models.BooleanField(_("free amount allowed"), default=False)
    min_amount = models.DecimalField(
        _("smallest free amount"), **MONEY, default=Decimal("5"), validators=[MinValueValidator(1)]
    )
    max_amount = models.DecimalField(
        _("largest free amount"), **MONEY, default=Decimal("250"), validators=[MinValueValidator(1)]
    )

    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    primary_colour = models.CharField(
        _("main colour"), max_length=7, default="#00507a", validators=[colour_validator]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#a8401a", validators=[colour_validator]
    )
    voucher_text = models.TextField(
        _("text on the voucher"),
        max_length=400,
        blank=True,
        default="Einlösbar in allen teilnehmenden Geschäften der Stadt. Keine Barauszahlung.",
    )

    validity_years = models.PositiveSmallIntegerField(
        _("valid until the end of year"),
        default=3,
        help_text=_(
            "A voucher is valid until 31 December of this many years after the year of issue "
            "(3 by law for most vouchers)."
        ),
    )
    partial_redemption = models.BooleanField(
        _("partial redemption allowed"),
        default=False,
        help_text=_("Off: a voucher is always redeemed in full, no change is given."),
    )
    reservation_minutes = models.PositiveSmallIntegerField(
        _("checkout hold (minutes)"),
        default=30,
        help_text=_("How long a voucher stays reserved for an online checkout."),
    )

    operator_fee_percent = models.DecimalField(
        _("operator fee (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
        help_text=_("Deducted from each merchant's statement; 0 for none."),
    )
    operator_account_holder = models.CharField(_("operator account holder"), max_length=70)
    operator_iban = models.CharField(_("operator IBAN"), max_length=34, validators=[validate_iban])
    operator_bic = models.CharField(
        _("operator BIC"), max_length=11, blank=True, validators=[validate_bic]
    )
    volume_threshold = models.DecimalField(
        _("redemption volume limit (12 months)"),
        **MONEY,
        default=Decimal("1000000"),
        help_text=_("Legal threshold for limited networks; the operator is warned when near it."),
    )
    volume_warning_percent = models.PositiveSmallIntegerField(
        _("warn at (% of the limit)"), default=80
    )
    coupons_need_approval = models.BooleanField(
        _("coupons need approval"),
        default=True,
        help_text=_("On: merchants' coupons go public only after the town approved them."),
    )
    seller = models.ForeignKey(
        "directory.MerchantPage",
        verbose_name=_("sold by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The operator's own business profile (with its legal identity). The voucher is "
            "sold in its online shop; saving the programme updates the voucher products there."
        ),
    )

    objects = VoucherProgrammeQuerySet.as_manager()

    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        FieldPanel("active"),
        FieldPanel("seller"),
        MultiFieldPanel(
            [
                FieldPanel("denominations"),
                FieldPanel("allow_free_amount"),
                FieldRowPanel([FieldPanel("min_amount"), FieldPanel("max_amount")]),
            ],
            heading=_("Values"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("logo"),
                FieldRowPanel([FieldPanel("primary_colour"), FieldPanel("accent_colour")]),
                FieldPanel("voucher_text"),
            ],
            heading=_("Design"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("validity_years"),
                FieldPanel("partial_redemption"),
                FieldPanel("reservation_minutes"),
                FieldPanel("coupons_need_approval"),
            ],
            heading=_("Rules"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("operator_fee_percent"),
                FieldPanel("operator_account_holder"),
                FieldRowPanel([FieldPanel("operator_iban"), FieldPanel("operator_bic")]),
                FieldRowPanel(
                    [FieldPanel("volume_threshold"), FieldPanel("volume_warning_percent")]
                ),
            ],
            heading=_("Settlement"),
        ),
    ]

    class Meta:
        verbose_name = _("voucher programme")
        verbose_name_plural = _("voucher programmes")

    def __str__(self):
        return self.name

    @classmethod
    def current(cls, site=None):
        """The town's active programme (the default town's without ``site``)."""
        return cls.objects.active().filter(site=site or default_town()).order_by("pk").first()

    def clean(self):
        super().clean()
        if self.min_amount and self.max_amount and self.min_amount > self.max_amount:
            raise ValidationError(
                {"max_amount": _("The largest amount must not be below the smallest.")}
            )
        if not self.allow_free_amount and not parse_denominations(self.denominations):
            raise ValidationError(
                {"denominations": _("Give at least one denomination or allow free amounts.")}
            )
        if self.seller_id and not self.seller.live:
            raise ValidationError(
                {"seller": _("Publish this business profile first: the shop needs it public.")}
            )

    @property
    def denomination_list(self):
        return parse_denominations(self.denominations)

    def amount_allowed(self, amount):
        """Whether a voucher of ``amount`` euros may be sold in this programme."""
        amount = Decimal(amount)
        if amount in self.denomination_list:
            return True
        return self.allow_free_amount and self.min_amount <= amount <= self.max_amount

    def valid_until(self, issued_on):
        """Last day of validity for a voucher issued on ``issued_on`` (a date)."""
        return datetime.date(issued_on.year + self.validity_years, 12, 31)


class AcceptingMerchantQuerySet(models.QuerySet):
    def active(self):
        """Members that may redeem now: contract signed, not suspended."""
        return self.filter(
            contract_date__isnull=False,
            contract_date__lte=timezone.localdate(),
            suspended=False,
        )


class AcceptingMerchant(models.Model):
    """A directory business in the acceptance network, with its payout account.

    Only active members (contract date reached, not suspended) can redeem;
    every redemption attempt reads this row afresh (the till in the same
    request, ``redeem`` in its transaction), so a suspension takes effect
    with the very next attempt. There is one network
    per portal. The directory's "accepts the city voucher" flag is kept in
    step with this row (see ``signals``).
    """

    merchant = models.OneToOneField(
        "directory.MerchantPage",
        verbose_name=_("business"),
        on_delete=models.PROTECT,
        related_name="voucher_acceptance",
    )
    contract_date = models.DateField(_("contract date"), null=True, blank=True)
    suspended = models.BooleanField(
        _("suspended"), default=False, help_text=_("Stops redemption at once.")
    )
    suspension_note = models.CharField(_("reason for suspension"), max_length=200, blank=True)
    account_holder = models.CharField(_("account holder"), max_length=70, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True, validators=[validate_iban])
    bic = models.CharField(_("BIC"), max_length=11, blank=True, validators=[validate_bic])
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    objects = AcceptingMerchantQuerySet.as_manager()

    panels = [
        FieldPanel("merchant"),
        FieldRowPanel([FieldPanel("contract_date"), FieldPanel("suspended")]),
        FieldPanel("suspension_note"),
        MultiFieldPanel(
            [FieldPanel("account_holder"), FieldRowPanel([FieldPanel("iban"), FieldPanel("bic")])],
            heading=_("Payout account"),
        ),
    ]

    class Meta:
        verbose_name = _("accepting business")
        verbose_name_plural = _("acceptance network")

    def __str__(self):
        return str(self.merchant)

    def save(self, *args, **kwargs):
        from portal.vouchers.banking import compact_iban

        self.iban = compact_iban(self.iban)
        self.bic = (self.bic or "").replace(" ", "").upper()
        super().save(*args, **kwargs)

    @property
    def is_active(self):
        return (
            self.contract_date is not None
            and self.contract_date <= timezone.localdate()
            and not self.suspended
        )
