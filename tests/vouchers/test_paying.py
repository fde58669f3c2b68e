"""Paying in the shop's checkout with a city voucher: reserve, redeem per merchant, release."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from portal.shop import payments, statuses
from portal.shop.models import Checkout, MerchantShop
from portal.shop.services import placement
from portal.shop.services.plan import plan_for
from portal.vouchers.models import Redemption, Reservation, SettlementEntry, Voucher
from tests.shop.helpers import Selector, basket_with, place, run_in_threads
from tests.vouchers.helpers import link, voucher_of

pytestmark = pytest.mark.django_db
Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
PICKUP = MerchantShop.PICKUP


@pytest.fixture
def two_shops(accepting_shop):
    """Two accepting businesses selling 12 € and 18 € goods."""
    return accepting_shop("Café Sonne", price="12.00"), accepting_shop("Buchladen", price="18.00")


def pay_with(voucher, basket, shops, **kwargs):
    return place(
        basket,
        dict.fromkeys(shops, PICKUP),
        method="city-voucher",
        details={"code": voucher.code},
        **kwargs,
    )


def to_payment_step(client, shop, product):
    """A guest with ``product`` in the basket, picked up, reaches the payment step."""
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    client.post(reverse("checkout:index"), {"username": "gast@example.org", "options": "anonymous"})
    client.post(reverse("checkout:shipping-method"), {f"shop_{shop.pk}": PICKUP})


def choose_voucher(client, voucher):
    return client.post(
        reverse("checkout:payment-method"),
        {"method": "city-voucher", "city-voucher-code": link(voucher)},
    )


def assert_untouched(voucher):
    voucher.refresh_from_db()
    assert (voucher.status, voucher.balance) == (Voucher.Status.ACTIVE, voucher.value)
    assert not Redemption.objects.filter(voucher=voucher).exists()
    assert not Reservation.objects.filter(voucher=voucher, status="held").exists()


def test_a_voucher_pays_the_orders_of_two_merchants_each_gets_its_share(programme, two_shops):
    (cafe, cake), (books, book) = two_shops
    voucher = voucher_of(programme, "30")

    checkout = pay_with(voucher, basket_with((cake, 1), (book, 1)), [cafe, books])

    voucher.refresh_from_db()
    assert (checkout.status, checkout.payment_status) == (Checkout.PLACED, Checkout.PAYMENT_SETTLED)
    assert (voucher.status, voucher.balance) == (Voucher.Status.REDEEMED, Decimal("0"))
    shares = dict(SettlementEntry.objects.values_list("merchant__title", "amount"))
    assert shares == {"Café Sonne": Decimal("12.00"), "Buchladen": Decimal("18.00")}
    assert all(order.merchant_order.paid_at for order in checkout.orders())
    assert Redemption.objects.get().receipt_number in payments.get("city-voucher").instructions(
        checkout
    )


def test_a_larger_voucher_is_redeemed_in_full_with_a_clear_warning_first(
    client, programme, two_shops
):
    (cafe, cake), _books = two_shops
    voucher = voucher_of(programme, "50")
    to_payment_step(client, cafe, cake)

    response = choose_voucher(client, voucher)
    preview = client.get(reverse("checkout:preview")).content.decode()

    assert response.status_code == 302
    assert "wird vollständig eingelöst" in preview
    assert "38,00 € verfallen – Wechselgeld gibt es nicht" in preview


def test_a_voucher_worth_less_than_the_total_is_refused_on_the_payment_step(
    client, programme, two_shops
):
    (cafe, cake), _books = two_shops
    voucher = voucher_of(programme, "10")
    to_payment_step(client, cafe, cake)

    response = choose_voucher(client, voucher)

    assert response.status_code == 200
    assert "weniger als der Gesamtbetrag von 12,00 €" in response.content.decode()
    with pytest.raises(placement.PlacementError, match="deckt den Gesamtbetrag"):
        pay_with(voucher, basket_with((cake, 1)), [cafe])  # the order button checks again
    assert_untouched(voucher)


def test_the_voucher_is_not_offered_if_one_merchant_of_the_basket_does_not_accept_it(
    programme, two_shops, accepting_shop
):
    (cafe, cake), _books = two_shops
    kiosk, paper = accepting_shop("Kiosk", accepting=False)
    mixed = basket_with((cake, 1), (paper, 1))
    plan = plan_for(mixed, {str(cafe.pk): PICKUP, str(kiosk.pk): PICKUP})

    assert "city-voucher" not in {method.code for method in payments.available(plan)}
    voucher = voucher_of(programme, "50")
    with pytest.raises(placement.PlacementError):
        pay_with(voucher, mixed, [cafe, kiosk])
    assert_untouched(voucher)


def test_a_used_or_unknown_voucher_gets_one_message_and_nothing_is_ordered(programme, two_shops):
    (cafe, cake), _books = two_shops
    used = voucher_of(programme, "25", balance=Decimal("0"), status=Voucher.Status.REDEEMED)

    with pytest.raises(placement.PlacementError, match="kein einlösbarer Gutschein"):
        pay_with(used, basket_with((cake, 1)), [cafe])

    assert not Order.objects.exists()


def test_a_failure_while_placing_the_orders_leaves_the_voucher_valid(
    programme, two_shops, monkeypatch
):
    (cafe, cake), (books, book) = two_shops
    voucher = voucher_of(programme, "30")
    basket = basket_with((cake, 1), (book, 1))
    real_place_part = placement.MerchantOrderCreator.place_part
    calls = []

    def fail_on_second_merchant(self, *args, **kwargs):
        calls.append(real_place_part(self, *args, **kwargs))
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return calls[-1]

    monkeypatch.setattr(placement.MerchantOrderCreator, "place_part", fail_on_second_merchant)
    with pytest.raises(placement.PlacementError):
        pay_with(voucher, basket, [cafe, books])
    monkeypatch.undo()

    assert len(calls) == 2 and not Order.objects.exists()
    assert Checkout.objects.get().payment_status == Checkout.PAYMENT_RELEASED
    assert_untouched(voucher)
    assert pay_with(voucher, basket, [cafe, books]).status == Checkout.PLACED  # still spendable


def test_a_failed_redemption_after_the_orders_exist_cancels_them_and_frees_the_voucher(
    programme, two_shops, monkeypatch
):
    (cafe, cake), _books = two_shops
    voucher = voucher_of(programme, "12")

    def fault(redemption):
        raise RuntimeError("fault after the redemption row")

    monkeypatch.setattr("portal.vouchers.redemption.settlement_hook", fault)
    with pytest.raises(placement.PlacementError):
        pay_with(voucher, basket_with((cake, 1)), [cafe])

    assert Order.objects.get().status == statuses.CANCELLED
    assert not SettlementEntry.objects.exists()
    assert_untouched(voucher)


@pytest.mark.django_db(transaction=True)
def test_the_same_order_submitted_twice_at_once_redeems_the_voucher_once(
    programme, two_shops, mailoutbox
):
    (cafe, cake), _books = two_shops
    voucher = voucher_of(programme, "12")
    basket_id = basket_with((cake, 1)).pk
    token = uuid.uuid4().hex

    def submit():
        basket = Basket.objects.get(pk=basket_id)
        basket.strategy = Selector().strategy()
        return pay_with(voucher, basket, [cafe], token=token)

    outcomes = run_in_threads(submit, submit)

    assert all(isinstance(outcome, Checkout) for outcome in outcomes), outcomes
    assert Checkout.objects.count() == 1 and Order.objects.count() == 1
    assert Redemption.objects.count() == 1 and SettlementEntry.objects.count() == 1
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.REDEEMED


def test_the_checkout_with_a_voucher_link_places_the_order_and_confirms_the_payment(
    client, programme, two_shops
):
    (cafe, cake), _books = two_shops
    voucher = voucher_of(programme, "12")
    to_payment_step(client, cafe, cake)

    assert choose_voucher(client, voucher).status_code == 302
    token = client.get(reverse("checkout:preview")).context["token"]
    response = client.post(reverse("checkout:preview"), {"token": token}, follow=True)

    assert "Bezahlt mit Ihrem Stadtgutschein" in response.content.decode()
    assert Voucher.objects.get().status == Voucher.Status.REDEEMED
