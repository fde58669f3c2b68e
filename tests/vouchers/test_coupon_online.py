"""Coupons in the online shop: only the coupon's merchant's order is discounted, once."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from portal.shop.models import MerchantShop
from portal.shop.services.placement import PlacementError
from portal.vouchers import coupons, factories
from portal.vouchers.models import Coupon, CouponClaim, CouponRedemption
from tests.shop.helpers import basket_with, checkout_until_preview, place, run_in_threads

PICKUP = MerchantShop.PICKUP
Order = get_model("order", "Order")


@pytest.fixture
def two_shops(accepting_shop):
    """Shops A and B selling one product of 20 € each; A offers 10 % off online."""
    shop_a, product_a = accepting_shop("Laden A", accepting=False, price="20.00")
    shop_b, product_b = accepting_shop("Laden B", accepting=False, price="20.00")
    coupon = factories.CouponFactory(
        merchant=shop_a.page, title="10 % online", channel=Coupon.Channel.BOTH
    )
    return shop_a, product_a, shop_b, product_b, coupon


@pytest.mark.django_db
def test_a_coupon_of_merchant_a_discounts_only_as_order_and_is_used_with_it(two_shops):
    shop_a, product_a, shop_b, product_b, coupon = two_shops
    claim = coupons.take(coupon, holder="user:1")
    basket = basket_with((product_a, 1), (product_b, 1))
    basket.vouchers.add(claim.shop_code)

    assert CouponClaim.objects.get(pk=claim.pk).status == CouponClaim.Status.ACTIVE
    checkout = place(basket, {shop_a: PICKUP, shop_b: PICKUP})

    orders = {order.merchant_order.shop: order for order in checkout.orders()}
    assert orders[shop_a].total_incl_tax == Decimal("18.00")
    assert orders[shop_b].total_incl_tax == Decimal("20.00")
    redemption = CouponRedemption.objects.get()
    assert (redemption.channel, redemption.order_reference) == ("online", orders[shop_a].number)
    assert redemption.discount == Decimal("2.00")
    assert CouponClaim.objects.get(pk=claim.pk).status == CouponClaim.Status.REDEEMED


@pytest.mark.django_db
def test_a_coupon_used_at_the_till_no_longer_discounts_in_the_shop(two_shops):
    shop_a, product_a, _shop_b, _product_b, coupon = two_shops
    claim = coupons.take(coupon, holder="user:1")
    basket = basket_with((product_a, 1))
    basket.vouchers.add(claim.shop_code)
    coupons.redeem(CouponClaim.objects.get(pk=claim.pk), merchant_ids={shop_a.page_id})

    checkout = place(basket, {shop_a: PICKUP})

    assert checkout.orders().get().total_incl_tax == Decimal("20.00")
    assert CouponRedemption.objects.get().channel == "store"


@pytest.mark.django_db
def test_a_coupon_refused_when_the_orders_are_written_rolls_the_placement_back(two_shops):
    """The claim was used between applying the discount and writing the orders."""
    from portal.vouchers import coupon_online

    shop_a, product_a, _shop_b, _product_b, coupon = two_shops
    claim = coupons.take(coupon, holder="user:1")
    basket = basket_with((product_a, 1))
    basket.vouchers.add(claim.shop_code)
    real = coupon_online.use_for_order

    def used_meanwhile(application):
        CouponClaim.objects.filter(pk=claim.pk).update(status=CouponClaim.Status.REDEEMED)
        return real(application)

    coupon_online.use_for_order = used_meanwhile
    try:
        with pytest.raises(PlacementError):
            place(basket, {shop_a: PICKUP})
    finally:
        coupon_online.use_for_order = real

    assert not Order.objects.exists() and not CouponRedemption.objects.exists()


@pytest.mark.django_db
def test_a_store_only_coupon_gets_no_code_in_the_shop(two_shops):
    _shop_a, _product_a, _shop_b, _product_b, coupon = two_shops
    coupon.channel = Coupon.Channel.STORE
    coupon.save()

    claim = coupons.take(coupon, holder="user:2")

    assert claim.shop_code is None


@pytest.mark.django_db(transaction=True)
def test_two_checkouts_with_the_same_coupon_at_once_place_one_order_with_it(two_shops):
    shop_a, product_a, _shop_b, _product_b, coupon = two_shops
    claim = coupons.take(coupon, holder="user:1")
    baskets = [basket_with((product_a, 1)) for _ in range(2)]
    for basket in baskets:
        basket.vouchers.add(claim.shop_code)

    outcomes = run_in_threads(*[lambda b=b: place(b, {shop_a: PICKUP}) for b in baskets])

    assert CouponRedemption.objects.count() == 1
    placed = [o for o in outcomes if not isinstance(o, Exception)]
    discounted = [
        order
        for checkout in placed
        for order in checkout.orders()
        if order.total_incl_tax == Decimal("18.00")
    ]
    assert len(discounted) == 1, outcomes


@pytest.mark.django_db
def test_cancelling_the_order_gives_the_coupon_back_for_a_later_order(two_shops):
    from portal.shop import statuses
    from portal.shop.services import orders as order_service

    shop_a, product_a, _shop_b, _product_b, coupon = two_shops
    claim = coupons.take(coupon, holder="user:1")
    basket = basket_with((product_a, 1))
    basket.vouchers.add(claim.shop_code)
    order = place(basket, {shop_a: PICKUP}).orders().get()

    order_service.change_status(order, statuses.CANCELLED)

    assert CouponClaim.objects.get(pk=claim.pk).status == CouponClaim.Status.ACTIVE
    assert not CouponRedemption.objects.exists()
    again = basket_with((product_a, 1))
    again.vouchers.add(claim.shop_code)
    assert place(again, {shop_a: PICKUP}).orders().get().total_incl_tax == Decimal("18.00")
    assert CouponRedemption.objects.get().order_reference != order.number


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


USED_IN_STORE = "wurde inzwischen im Geschäft eingelöst und ist nicht mehr gültig"


def basket_with_coupon(client, product, claim):
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    added = client.post(reverse("basket:vouchers-add"), {"code": claim.short_code_display})
    assert added.status_code == 302


def token_of(preview):
    return re.search(r'name="token" value="([^"]+)"', preview.content.decode()).group(1)


@pytest.mark.django_db
def test_a_coupon_used_at_the_till_during_checkout_is_shown_before_ordering_at_full_price(
    client, two_shops
):
    shop_a, product_a, _shop_b, _product_b, coupon = two_shops
    claim = coupons.take(coupon, holder="user:1")
    basket_with_coupon(client, product_a, claim)
    preview = checkout_until_preview(client, {shop_a: PICKUP}, "pay-on-pickup")
    assert "18,00 €" in text(preview)
    stale_token = token_of(preview)

    coupons.redeem(CouponClaim.objects.get(pk=claim.pk), merchant_ids={shop_a.page_id})
    refused = client.post(reverse("checkout:preview"), {"token": stale_token}, follow=True)

    assert refused.redirect_chain[-1][0] == reverse("basket:summary")
    page = text(refused)
    assert f"Der Gutschein „10 % online“ ({claim.short_code_display}) {USED_IN_STORE}" in page
    assert "20,00 €" in page and "18,00 €" not in page
    assert not Order.objects.exists()

    # The preview the customer saw showed the discount: it cannot order any more.
    client.post(reverse("checkout:preview"), {"token": stale_token})
    assert not Order.objects.exists()

    preview = client.get(reverse("checkout:preview"))
    assert "20,00 €" in text(preview) and "18,00 €" not in text(preview)
    client.post(reverse("checkout:preview"), {"token": token_of(preview)})
    assert Order.objects.get().total_incl_tax == Decimal("20.00")
    assert CouponRedemption.objects.get().channel == CouponRedemption.Channel.STORE


@pytest.mark.django_db
def test_the_basket_page_says_a_coupon_was_used_at_the_till_and_takes_it_out(client, two_shops):
    shop_a, product_a, _shop_b, _product_b, coupon = two_shops
    claim = coupons.take(coupon, holder="user:1")
    basket_with_coupon(client, product_a, claim)
    assert "18,00 €" in text(client.get(reverse("basket:summary")))

    coupons.redeem(CouponClaim.objects.get(pk=claim.pk), merchant_ids={shop_a.page_id})
    first, second = (text(client.get(reverse("basket:summary"))) for _ in range(2))

    assert USED_IN_STORE in first and "aus Ihrem Warenkorb entfernt" in first
    assert claim.short_code_display not in second and USED_IN_STORE not in second
    assert "20,00 €" in second


@pytest.mark.django_db
def test_a_code_that_stopped_applying_for_another_reason_gets_a_general_message(client, two_shops):
    from django.utils import timezone

    shop_a, product_a, _shop_b, _product_b, coupon = two_shops
    claim = coupons.take(coupon, holder="user:1")
    basket_with_coupon(client, product_a, claim)
    claim.shop_code.end_datetime = timezone.now()
    claim.shop_code.save()

    page = text(client.get(reverse("basket:summary")))

    assert f"Der Gutschein „10 % online“ ({claim.short_code_display}) ist nicht mehr gültig" in page
