"""Discounts in the split checkout: which offer took how much off which merchant's order.

Oscar's offers and voucher codes are applied to the basket on every request
(Oscar's basket middleware, with the marketplace's applicator in
``portal.shop.offer.applicator``). Every basket line then knows what each
offer took off it (gross: ``OSCAR_OFFERS_INCL_TAX``). This module reads
that per merchant:

- ``part_discounts(lines)`` - the discounts of one merchant's lines, one
  ``PartDiscount`` per offer (with its voucher code, if any), and whether
  the merchant or the operator bears it;
- ``record(order, discounts)`` - the merchant order's ``OrderDiscount``
  rows (Oscar's, so its order pages and reports show them) and the offers'
  usage; ``record_voucher_usage`` counts each code once per checkout;
- ``city_share(discounts)`` - what the operator bears, kept on the merchant
  order (``MerchantOrder.city_discount``) for the settlement.

Which lines an offer discounts:

- **A merchant's offer** (an offer with a ``MerchantOffer`` row, e.g. the
  merchant's own discount code) sees and discounts only that merchant's
  lines; the merchant bears it.
- **A city-wide offer** (any other) is applied over the whole basket the
  way Oscar applies it: a percentage comes off each line in range; a fixed
  amount is shared out over the lines in range in proportion to their
  price (each share rounded down to the cent, the line applied last - the
  dearest - takes what rounding left). A merchant order therefore gets the
  share of its own lines, and the operator owes the merchant that amount
  (``MerchantOrder.city_discount``) in the settlement.

Because discounts come off gross line prices, each order's VAT is computed
per rate on the discounted gross amounts (``services.vat``), to the cent.
Shipping offers and deferred benefits are not applied: each merchant sets
its own fees.

Other kinds of discounts (a merchant's coupons, later) plug in by
discounting basket lines through Oscar's offers, or by adding their own
``PartDiscount`` source here.

A code in the basket that stops applying (used up elsewhere, ended) is
passed over by Oscar's applicator without a word, so the price would
change unseen. ``drop_unusable_vouchers`` takes such codes out of the basket
and says why; the basket page shows that, and the checkout sends the
customer back to the basket with it before any payment. Other apps word the
reason for their own codes through the Wagtail hook ``shop_voucher_unusable``:
``fn(voucher)`` returns a message or ``None``.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import F
from django.utils.translation import gettext as _
from oscar.core.loading import get_model
from wagtail import hooks

from portal.shop.models import MerchantOffer

OrderDiscount = get_model("order", "OrderDiscount")
ConditionalOffer = get_model("offer", "ConditionalOffer")
ZERO = Decimal("0.00")


@dataclass
class PartDiscount:
    offer: object
    voucher: object  # Oscar's voucher (the code the resident typed), or None
    amount: Decimal  # gross, summed over the merchant's lines
    by_merchant: bool  # the merchant's own offer (else the operator bears it)
    frequency: int = 1

    @property
    def label(self):
        if self.voucher is not None:
            return f"{self.offer.name} ({self.voucher.code})"
        return self.offer.name


def part_discounts(lines):
    """One ``PartDiscount`` per offer that took something off ``lines`` (one merchant's)."""
    found = {}
    for line in lines:
        for application in line.discounts:
            offer = application.offer
            if offer is None or not application.amount:
                continue
            if offer.pk not in found:
                found[offer.pk] = PartDiscount(
                    offer=offer,
                    voucher=offer.get_voucher(),
                    amount=ZERO,
                    by_merchant=False,
                )
            found[offer.pk].amount += application.amount
    if found:
        own = set(
            MerchantOffer.objects.filter(offer_id__in=found).values_list("offer_id", flat=True)
        )
        for pk, discount in found.items():
            discount.by_merchant = pk in own
    return sorted(found.values(), key=lambda discount: -discount.amount)


def city_share(discounts):
    """What the operator bears of ``discounts`` (the city-wide offers)."""
    return sum((d.amount for d in discounts if not d.by_merchant), ZERO)


def record(order, discounts, user=None):
    """Write ``discounts`` (one merchant's) onto its placed ``order``; before its lines.

    Oscar's line discount rows (written with the lines) refer to these.
    Usage counts: each offer once per order; a voucher code once per
    checkout - on the first order it discounted - however many merchants'
    lines it touched.
    """
    for discount in discounts:
        voucher = discount.voucher
        OrderDiscount.objects.create(
            order=order,
            offer_id=discount.offer.pk,
            offer_name=discount.offer.name,
            voucher_id=voucher.pk if voucher else None,
            voucher_code=voucher.code if voucher else "",
            frequency=discount.frequency,
            amount=discount.amount,
            category=OrderDiscount.BASKET,
        )
        ConditionalOffer.objects.filter(pk=discount.offer.pk).update(
            num_applications=F("num_applications") + 1,
            total_discount=F("total_discount") + discount.amount,
            num_orders=F("num_orders") + 1,
        )


def record_voucher_usage(orders, user=None):
    """Count each voucher code once for the checkout, on the first order it discounted."""
    seen = set()
    for order in orders:
        for discount in order.discounts.exclude(voucher_id=None):
            if discount.voucher_id in seen or discount.voucher is None:
                continue
            seen.add(discount.voucher_id)
            discount.voucher.record_usage(order, user or AnonymousUser())


def unusable_message(voucher):
    """Why ``voucher`` no longer applies, worded by the app it belongs to if it has a say."""
    for hook in hooks.get_hooks("shop_voucher_unusable"):
        message = hook(voucher)
        if message:
            return message
    return _(
        "The code %(code)s is no longer valid and was removed from your basket. "
        "Please check the new total."
    ) % {"code": voucher.code}


def drop_unusable_vouchers(basket, user):
    """Remove the codes from ``basket`` that no longer apply; one message per code removed."""
    if basket.id is None:
        return []
    notices = []
    for voucher in list(basket.vouchers.all()):
        available, _reason = voucher.is_available_to_user(user=user)
        if voucher.is_active() and available:
            continue
        basket.vouchers.remove(voucher)
        notices.append(unusable_message(voucher))
    return notices
