"""Coupons in the online shop: Oscar's offer and voucher code, used up with the order.

A coupon that applies in the shop (``Coupon.applies_in_shop``) of a business
with an online shop gets one Oscar offer (``Coupon.shop_offer``): a
percentage or a fixed amount off, from the coupon's minimum purchase,
tied to the merchant's shop through ``MerchantOffer``, so the marketplace's
applicator discounts only that merchant's lines and the merchant bears it
(``portal.shop.services.discounts``). Each claim gets its own single-use
Oscar voucher code (``CouponClaim.shop_code``): its short code as printed,
which the resident types into the basket's discount field.

The coupon is consumed when the order exists, not before: placing the
orders records the code's use (Oscar's ``VoucherApplication``, written by
``discounts.record_voucher_usage`` inside the transaction that creates the
orders), and ``use_for_order`` (connected to that row's ``post_save`` in
``signals``) redeems the claim in the same transaction. A claim used
meanwhile (at the till, or by a second checkout at the same moment) is
refused there, which rolls the whole placement back: nothing is ordered
and the coupon is used exactly once.

A claim used at the till while its code sits in a resident's basket ends
its shop code at once; the shop then takes the code out of the basket and
shows ``unusable_message`` (the ``shop_voucher_unusable`` hook) on the
basket page, and the checkout sends the resident there before anything is
paid, so the price never changes unseen.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from portal.vouchers.models import Coupon, CouponClaim, CouponRedemption

Range = get_model("offer", "Range")
Condition = get_model("offer", "Condition")
Benefit = get_model("offer", "Benefit")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Voucher = get_model("voucher", "Voucher")


def _window(coupon):
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(coupon.valid_from, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(coupon.valid_until, datetime.time.max, tzinfo=tz)
    return start, end


def merchant_shop(coupon):
    from portal.shop.models import MerchantShop

    return MerchantShop.objects.filter(page_id=coupon.merchant_id).first()


def sync_offer(coupon):
    """Create or update the coupon's Oscar offer; ``None`` where it cannot apply online."""
    from portal.shop.models import MerchantOffer

    shop = merchant_shop(coupon)
    online = (
        coupon.applies_in_shop
        and coupon.kind in (Coupon.Kind.PERCENT, Coupon.Kind.AMOUNT)
        and coupon.value
        and shop is not None
    )
    offer = coupon.shop_offer
    if not online:
        if offer is not None:
            ConditionalOffer.objects.filter(pk=offer.pk).update(status=ConditionalOffer.SUSPENDED)
        return None
    benefit_type = Benefit.PERCENTAGE if coupon.kind == Coupon.Kind.PERCENT else Benefit.FIXED
    start, end = _window(coupon)
    status = (
        ConditionalOffer.OPEN
        if coupon.status == Coupon.Status.APPROVED
        else ConditionalOffer.SUSPENDED
    )
    if offer is None:
        everything = Range.objects.create(
            name=f"Coupon {coupon.pk}: {coupon.merchant.title}"[:128], includes_all_products=True
        )
        condition = Condition.objects.create(range=everything, type=Condition.COUNT, value=1)
        benefit = Benefit.objects.create(range=everything, type=benefit_type, value=coupon.value)
        offer = ConditionalOffer.objects.create(
            name=f"Coupon {coupon.pk}: {coupon.title}"[:128],
            offer_type=ConditionalOffer.VOUCHER,
            condition=condition,
            benefit=benefit,
        )
        MerchantOffer.objects.create(offer=offer, shop=shop)
        Coupon.objects.filter(pk=coupon.pk).update(shop_offer=offer)
        coupon.shop_offer = offer
    condition, benefit = offer.condition, offer.benefit
    if coupon.minimum_purchase:
        condition.type, condition.value = Condition.VALUE, coupon.minimum_purchase
    else:
        condition.type, condition.value = Condition.COUNT, 1
    condition.save()
    benefit.type, benefit.value = benefit_type, coupon.value
    benefit.save()
    offer.start_datetime, offer.end_datetime, offer.status = start, end, status
    offer.save()
    return offer


def add_code(claim):
    """Give ``claim`` its single-use code in the shop, if its coupon applies there."""
    offer = claim.coupon.shop_offer
    if offer is None or claim.shop_code_id or offer.status != ConditionalOffer.OPEN:
        return claim
    start, end = _window(claim.coupon)
    code = Voucher.objects.create(
        name=f"Coupon {claim.short_code_display}",
        code=claim.short_code_display,
        usage=Voucher.SINGLE_USE,
        start_datetime=start,
        end_datetime=end,
    )
    code.offers.add(offer)
    CouponClaim.objects.filter(pk=claim.pk).update(shop_code=code)
    claim.shop_code = code
    return claim


def use_for_order(application):
    """Oscar recorded a code's use for a placed order: redeem the claim behind it, once.

    Raises ``CouponRefused`` (rolling the placement back) if the claim cannot
    be used any more.
    """
    from portal.vouchers import coupons

    claim = (
        CouponClaim.objects.select_related("coupon")
        .filter(shop_code_id=application.voucher_id)
        .first()
    )
    if claim is None:
        return None
    discount = sum(
        (d.amount for d in application.order.discounts.filter(voucher_id=application.voucher_id)),
        0,
    )
    return coupons.redeem(
        claim,
        merchant_ids={claim.coupon.merchant_id},
        user=application.user,
        channel=CouponRedemption.Channel.ONLINE,
        discount=discount,
        order_reference=application.order.number,
    )


def give_back(order):
    """The order a coupon was used for is cancelled: the coupon is valid again.

    Runs in the transaction of the status change. Its redemption row goes,
    the claim is valid again (a conditional UPDATE from "used"), and Oscar's
    record of the code's use for this order goes too, so the single-use code
    works in a later order. Returns the claims given back.
    """
    VoucherApplication = get_model("voucher", "VoucherApplication")
    given = []
    redemptions = CouponRedemption.objects.filter(
        order_reference=order.number, channel=CouponRedemption.Channel.ONLINE
    ).select_related("claim")
    for redemption in redemptions:
        claim = redemption.claim
        redemption.delete()
        CouponClaim.objects.filter(pk=claim.pk, status=CouponClaim.Status.REDEEMED).update(
            status=CouponClaim.Status.ACTIVE, redeemed_at=None
        )
        if claim.shop_code_id:
            VoucherApplication.objects.filter(voucher_id=claim.shop_code_id, order=order).delete()
        given.append(claim)
    return given


def unusable_message(voucher):
    """Why a coupon's shop code in a basket no longer applies; ``None`` for other codes."""
    claim = (
        CouponClaim.objects.select_related("coupon", "redemption")
        .filter(shop_code_id=voucher.pk)
        .first()
    )
    if claim is None:
        return None
    names = {"title": claim.coupon.title, "code": claim.short_code_display}
    redemption = getattr(claim, "redemption", None)
    if redemption is not None and redemption.channel == CouponRedemption.Channel.STORE:
        text = _(
            "The coupon “%(title)s” (%(code)s) has since been used in the store and is no "
            "longer valid."
        )
    elif redemption is not None:
        text = _(
            "The coupon “%(title)s” (%(code)s) has since been used for another order and is "
            "no longer valid."
        )
    else:
        text = _("The coupon “%(title)s” (%(code)s) is no longer valid.")
    removed = _("It was removed from your basket; your order costs the price without it.")
    return f"{text % names} {removed}"
