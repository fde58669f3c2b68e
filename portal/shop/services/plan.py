"""What a basket becomes: one part per merchant with its fulfilment, fee, total and VAT.

The basket page, every checkout step and the placement itself read the same
``Plan``, so the costs a resident sees before ordering are the costs of the
orders that are placed. ``choices`` maps a shop's id to the fulfilment method
the resident picked; a part without a valid choice has ``method`` ``None``.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.shop.models import MerchantShop

from . import vat

ZERO = Decimal("0.00")
METHOD_LABELS = dict(MerchantShop.METHOD_CHOICES)
METHOD_NOTES = {
    MerchantShop.PICKUP: gettext_lazy("Pick up in the shop, pay there if you like."),
    MerchantShop.DELIVERY: gettext_lazy("Delivered to your door in town."),
    MerchantShop.SHIPPING: gettext_lazy("Sent as a parcel."),
    MerchantShop.EMAIL: gettext_lazy("Sent to your email address right after payment."),
}


@dataclass
class MethodOption:
    code: str
    fee: Decimal
    available: bool = True
    note: str = ""

    @property
    def label(self):
        return METHOD_LABELS[self.code]


@dataclass
class Part:
    """One merchant's share of the basket."""

    shop: MerchantShop
    lines: list
    method: str | None = None
    options: list = field(default_factory=list)

    @property
    def goods_total(self):
        return sum((line.line_price_incl_tax_incl_discounts for line in self.lines), ZERO)

    @property
    def discounts(self):
        """What offers and codes took off this merchant's goods (``services.discounts``)."""
        if not hasattr(self, "_discounts"):
            from .discounts import part_discounts

            self._discounts = part_discounts(self.lines)
        return self._discounts

    @property
    def discount_total(self):
        return sum((discount.amount for discount in self.discounts), ZERO)

    @property
    def goods_by_rate(self):
        return vat.totals_by_rate(
            (line.purchase_info.price.tax_code, line.line_price_incl_tax_incl_discounts)
            for line in self.lines
        )

    @property
    def fee(self):
        return self.shop.fee_for(self.method, self.goods_total) if self.method else ZERO

    @property
    def total(self):
        return self.goods_total + self.fee

    @property
    def lowest_fee(self):
        """The cheapest way to get this merchant's goods (shown on the basket page)."""
        fees = [option.fee for option in self.options if option.available]
        return min(fees) if fees else ZERO

    @property
    def vat_rows(self):
        return vat.breakdown(self.goods_by_rate, self.fee)

    @property
    def method_label(self):
        return METHOD_LABELS.get(self.method, "")

    @property
    def is_pickup(self):
        return self.method == MerchantShop.PICKUP

    @property
    def needs_address(self):
        return self.method in (MerchantShop.DELIVERY, MerchantShop.SHIPPING)

    @property
    def needs_shipping(self):
        """Whether any of the goods is physical (gift cards and vouchers are not)."""
        return any(line.product.get_product_class().requires_shipping for line in self.lines)


@dataclass
class Plan:
    parts: list
    problems: list = field(default_factory=list)

    @property
    def goods_total(self):
        return sum((part.goods_total for part in self.parts), ZERO)

    @property
    def fees_total(self):
        return sum((part.fee for part in self.parts), ZERO)

    @property
    def total(self):
        return self.goods_total + self.fees_total

    @property
    def lowest_fees_total(self):
        return sum((part.lowest_fee for part in self.parts), ZERO)

    @property
    def vat_rows(self):
        """Each order's VAT rows added up per rate (what the orders will state)."""
        return vat.combine(row for part in self.parts for row in part.vat_rows)

    @property
    def is_complete(self):
        return not self.problems and all(part.method for part in self.parts)

    @property
    def needs_address(self):
        return any(part.needs_address for part in self.parts)

    @property
    def all_pickup(self):
        return bool(self.parts) and all(part.is_pickup for part in self.parts)


def plan_for(basket, choices=None, postcode=None):
    """The ``Plan`` of ``basket``; ``postcode`` (if known) limits local delivery."""
    choices = {str(key): value for key, value in (choices or {}).items()}
    by_shop, problems = {}, []
    for line in basket.all_lines():
        shop = (
            getattr(line.stockrecord.partner, "merchant_shop", None) if line.stockrecord else None
        )
        if shop is None or not shop.is_open or shop.page is None or not shop.page.live:
            problems.append(
                _("“%(title)s” is no longer sold here. Please remove it from your basket.")
                % {"title": line.product.get_title()}
            )
            continue
        by_shop.setdefault(shop.pk, Part(shop=shop, lines=[])).lines.append(line)
    parts = sorted(by_shop.values(), key=lambda part: part.shop.name.lower())
    for part in parts:
        part.options = _options(part, postcode)
        chosen = choices.get(str(part.shop.pk))
        if any(option.code == chosen and option.available for option in part.options):
            part.method = chosen
        elif len(part.options) == 1 and part.options[0].available:
            part.method = part.options[0].code
    return Plan(parts=parts, problems=problems)


def _options(part, postcode):
    shop, goods = part.shop, part.goods_total
    options = []
    for code in shop.methods:
        if code == MerchantShop.EMAIL and part.needs_shipping:
            continue  # only goods that need no shipping can be sent by email
        option = MethodOption(code=code, fee=shop.fee_for(code, goods), note=METHOD_NOTES[code])
        if code == MerchantShop.PICKUP and shop.pickup_hours:
            option.note = _("Pickup hours: %(hours)s") % {"hours": shop.pickup_hours}
        elif code == MerchantShop.DELIVERY:
            option.note = _("Delivery to the postcodes %(codes)s") % {
                "codes": ", ".join(sorted(shop.postcodes))
            }
            option.available = postcode is None or shop.delivers_to(postcode)
        options.append(option)
    return options
