"""Paying at the counter: offered only where every shop of the basket allows it."""

import pytest
from django.urls import reverse

from portal.shop import payments
from portal.shop.models import Checkout, MerchantShop, Payment
from portal.shop.services import placement
from portal.shop.services.plan import plan_for

from .helpers import basket_with, place

pytestmark = pytest.mark.django_db
PICKUP = MerchantShop.PICKUP


def offered(basket, choices):
    plan = plan_for(basket, {str(shop.pk): code for shop, code in choices.items()})
    return {method.code for method in payments.available(plan)}


def test_pay_on_pickup_is_offered_when_every_shop_takes_money_at_its_counter(
    bread, novel, bakery, bookshop
):
    basket = basket_with((bread, 1), (novel, 1))
    bookshop.pickup_payment = MerchantShop.PAY_CASH_OR_CARD
    bookshop.save()

    assert "pay-on-pickup" in offered(basket, {bakery: PICKUP, bookshop: PICKUP})

    bookshop.pickup_payment = MerchantShop.PAY_NOT_AT_PICKUP
    bookshop.save()
    basket = basket_with((bread, 1), (novel, 1))
    assert "pay-on-pickup" not in offered(basket, {bakery: PICKUP, bookshop: PICKUP})
    with pytest.raises(placement.PlacementError):
        place(basket, {bakery: PICKUP, bookshop: PICKUP}, method="pay-on-pickup")


def test_pay_on_pickup_is_not_offered_when_something_is_shipped(bread, novel, bakery, bookshop):
    basket = basket_with((bread, 1), (novel, 1))

    assert "pay-on-pickup" not in offered(basket, {bakery: PICKUP, bookshop: MerchantShop.SHIPPING})


def test_the_payment_step_says_how_each_shop_takes_the_money(
    client, bread, novel, bakery, bookshop
):
    bookshop.pickup_payment = MerchantShop.PAY_CARD
    bookshop.save()
    for product in (bread, novel):
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    client.post(reverse("checkout:index"), {"username": "gast@example.org", "options": "anonymous"})
    client.post(
        reverse("checkout:shipping-method"),
        {f"shop_{bakery.pk}": PICKUP, f"shop_{bookshop.pk}": PICKUP},
    )

    html = client.get(reverse("checkout:payment-method")).content.decode()

    assert "Bäckerei Korn: bar" in html
    assert "Buchhandlung Seitenweise: mit Karte" in html


def test_an_order_paid_at_the_counter_waits_for_the_money_at_each_shop(bread, bakery):
    checkout = place(basket_with((bread, 1)), {bakery: PICKUP}, method="pay-on-pickup")

    assert checkout.payment_status == Checkout.PAYMENT_NONE
    assert Payment.objects.get().status == Payment.AWAITED
    assert checkout.payment_due_at is None  # nothing expires: the goods wait in the shop


def test_the_merchant_chooses_in_the_shop_settings_whether_the_counter_takes_money(
    client, baker, bakery
):
    client.force_login(baker)

    response = client.post(
        reverse("shop_settings:edit", args=[bakery.pk]),
        {
            "is_open": "on",
            "offers_pickup": "on",
            "pickup_hours": "Mo–Sa 7–13 Uhr",
            "pickup_payment": MerchantShop.PAY_CASH_OR_CARD,
            "delivery_fee": "0.00",
            "shipping_fee": "0.00",
        },
    )

    bakery.refresh_from_db()
    assert response.status_code == 302
    assert bakery.pickup_payment == MerchantShop.PAY_CASH_OR_CARD
    assert bakery.pickup_payment_label == "bar oder mit Karte"
