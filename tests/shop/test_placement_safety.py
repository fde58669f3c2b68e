"""Placing orders under races, repeats and failures: stock and money stay consistent."""

import uuid

import pytest
from oscar.core.loading import get_model

from portal.shop import payments
from portal.shop.models import Checkout
from portal.shop.payments.testing import TestProvider
from portal.shop.services import placement

from .helpers import Selector, basket_with, place, run_in_threads

Order = get_model("order", "Order")
Basket = get_model("basket", "Basket")


def place_job(basket_id, shop, token=None, email="kunde@example.org"):
    def job():
        basket = Basket.objects.get(pk=basket_id)
        basket.strategy = Selector().strategy()
        return place(basket, {shop: "pickup"}, token=token or uuid.uuid4().hex, email=email)

    return job


@pytest.mark.django_db(transaction=True)
def test_two_customers_racing_for_the_last_item_only_one_gets_it(novel, bookshop):
    novel.stockrecords.update(num_in_stock=1)
    first, second = basket_with((novel, 1)), basket_with((novel, 1))

    outcomes = run_in_threads(
        place_job(first.pk, bookshop, email="a@example.org"),
        place_job(second.pk, bookshop, email="b@example.org"),
    )

    placed = [outcome for outcome in outcomes if isinstance(outcome, Checkout)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, placement.PlacementError)]
    assert len(placed) == 1 and len(refused) == 1, outcomes
    assert Order.objects.count() == 1
    record = novel.stockrecords.get()
    assert (record.num_in_stock, record.num_allocated) == (1, 1)
    loser = Basket.objects.exclude(pk=placed[0].basket_id).get(pk__in=[first.pk, second.pk])
    assert loser.status == Basket.OPEN  # the other customer keeps the basket


@pytest.mark.django_db(transaction=True)
def test_the_same_order_submitted_twice_at_once_is_placed_once(bread, bakery, mailoutbox):
    basket = basket_with((bread, 2))
    token = uuid.uuid4().hex

    outcomes = run_in_threads(
        place_job(basket.pk, bakery, token=token), place_job(basket.pk, bakery, token=token)
    )

    assert all(isinstance(outcome, Checkout) for outcome in outcomes), outcomes
    assert outcomes[0].pk == outcomes[1].pk
    assert Checkout.objects.count() == 1
    assert Order.objects.count() == 1
    assert bread.stockrecords.get().num_allocated == 2
    assert len([mail for mail in mailoutbox if mail.to == ["kunde@example.org"]]) == 1


def test_a_retried_submission_returns_the_first_checkout(bread, bakery):
    basket = basket_with((bread, 1))
    token = uuid.uuid4().hex

    first = place(basket, {bakery: "pickup"}, token=token)
    again = place(basket, {bakery: "pickup"}, token=token)

    assert again.pk == first.pk
    assert Order.objects.count() == 1


class RecordingProvider(TestProvider):
    """The test provider, remembering what the checkout asked of it."""

    def __init__(self):
        self.calls = []

    def reserve(self, checkout, details):
        self.calls.append("reserve")
        return super().reserve(checkout, details)

    def release(self, checkout):
        self.calls.append("release")

    def settle(self, checkout, orders):
        self.calls.append("settle")


@pytest.fixture
def provider():
    original = payments.get(TestProvider.code)
    recording = payments.register(RecordingProvider())
    yield recording
    payments.register(original)


def assert_nothing_was_sold(products, basket):
    assert not Order.objects.exists()
    for product in products:
        record = product.stockrecords.get()
        assert not record.num_allocated, product
    assert not Checkout.objects.filter(payment_status=Checkout.PAYMENT_SETTLED).exists()
    assert Basket.objects.get(pk=basket.pk).status == Basket.OPEN


def test_a_failure_while_placing_leaves_no_payment_and_no_allocated_stock(
    bread, novel, bakery, bookshop, provider, monkeypatch
):
    basket = basket_with((bread, 2), (novel, 1))
    real_place_part = placement.MerchantOrderCreator.place_part
    placed = []

    def fail_on_second_merchant(self, *args, **kwargs):
        order = real_place_part(self, *args, **kwargs)  # first order and its stock exist
        placed.append(order)
        if len(placed) == 2:
            raise RuntimeError("database went away")
        return order

    monkeypatch.setattr(placement.MerchantOrderCreator, "place_part", fail_on_second_merchant)

    with pytest.raises(placement.PlacementError):
        place(basket, {bakery: "pickup", bookshop: "pickup"})

    assert len(placed) == 2
    assert provider.calls == ["reserve", "release"]
    checkout = Checkout.objects.get()
    assert (checkout.status, checkout.payment_status) == (
        Checkout.FAILED,
        Checkout.PAYMENT_RELEASED,
    )
    assert_nothing_was_sold([bread, novel], basket)


def test_a_declined_settlement_cancels_the_orders_and_returns_their_stock(
    bread, bakery, provider, monkeypatch
):
    basket = basket_with((bread, 3))

    def decline(checkout, orders):
        raise payments.PaymentDeclined("Karte abgelehnt")

    monkeypatch.setattr(provider, "settle", decline)

    with pytest.raises(placement.PlacementError, match="Karte abgelehnt"):
        place(basket, {bakery: "pickup"})

    order = Order.objects.get()
    assert order.status == "Cancelled"
    assert not bread.stockrecords.get().num_allocated
    assert provider.calls == ["reserve", "release"]
    assert Checkout.objects.get().payment_status == Checkout.PAYMENT_RELEASED
    assert Basket.objects.get(pk=basket.pk).status == Basket.OPEN


def test_a_declined_reservation_places_nothing(bread, bakery):
    basket = basket_with((bread, 1))

    with pytest.raises(placement.PlacementError):
        place(basket, {bakery: "pickup"}, details={"decline": True})

    assert_nothing_was_sold([bread], basket)
