"""One basket from three merchants becomes three orders, paid once, confirmed once."""

from decimal import Decimal

import pytest

from portal.shop import statuses
from portal.shop.models import Checkout, MerchantShop
from portal.shop.services import placement, vat

from .helpers import ADDRESS, basket_with, place


@pytest.fixture
def three_merchant_basket(bread, honey, wine, novel, mug):
    return basket_with((bread, 2), (honey, 2), (wine, 1), (novel, 1), (mug, 1))


@pytest.fixture
def three_fulfilments(bakery, grocer, bookshop):
    return {
        bakery: MerchantShop.PICKUP,
        grocer: MerchantShop.DELIVERY,
        bookshop: MerchantShop.SHIPPING,
    }


def rows(order):
    return [(row.rate, row.gross, row.net, row.tax) for row in vat.order_breakdown(order)]


def test_three_merchant_basket_becomes_three_orders_with_their_own_totals_vat_and_fees(
    three_merchant_basket, three_fulfilments, bakery, grocer, bookshop, mailoutbox
):
    checkout = place(three_merchant_basket, three_fulfilments)

    orders = {order.merchant_order.shop: order for order in checkout.orders()}
    assert checkout.status == Checkout.PLACED
    assert checkout.payment_status == Checkout.PAYMENT_SETTLED
    assert checkout.total == Decimal("73.65")
    assert sorted(order.number for order in orders.values()) == [
        f"{checkout.number}-{n}" for n in (1, 2, 3)
    ]

    bakery_order, grocer_order, book_order = orders[bakery], orders[grocer], orders[bookshop]
    assert {line.partner_id for line in bakery_order.lines.all()} == {bakery.partner_id}
    assert {line.title for line in grocer_order.lines.all()} == {"Blütenhonig", "Riesling trocken"}
    assert {line.partner_id for line in book_order.lines.all()} == {bookshop.partner_id}

    assert (bakery_order.total_incl_tax, bakery_order.shipping_incl_tax) == (
        Decimal("8.40"),
        Decimal("0.00"),
    )
    assert (grocer_order.total_incl_tax, grocer_order.shipping_incl_tax) == (
        Decimal("25.40"),
        Decimal("3.50"),
    )
    assert (book_order.total_incl_tax, book_order.shipping_incl_tax) == (
        Decimal("39.85"),
        Decimal("4.95"),
    )
    assert rows(bakery_order) == [(Decimal("7"), Decimal("8.40"), Decimal("7.85"), Decimal("0.55"))]
    # The delivery fee carries the goods' VAT, split by their gross shares.
    assert rows(grocer_order) == [
        (Decimal("19"), Decimal("10.32"), Decimal("8.67"), Decimal("1.65")),
        (Decimal("7"), Decimal("15.08"), Decimal("14.09"), Decimal("0.99")),
    ]
    assert rows(book_order) == [
        (Decimal("19"), Decimal("14.73"), Decimal("12.38"), Decimal("2.35")),
        (Decimal("7"), Decimal("25.12"), Decimal("23.48"), Decimal("1.64")),
    ]
    assert grocer_order.total_excl_tax == Decimal("25.40") - Decimal("1.65") - Decimal("0.99")

    assert bakery_order.merchant_order.pickup_code
    assert not grocer_order.merchant_order.pickup_code
    assert grocer_order.shipping_address.postcode == "12345"
    assert bakery_order.shipping_address is None
    assert all(order.status == statuses.NEW for order in orders.values())

    customer_mails = [mail for mail in mailoutbox if mail.to == ["erika@example.org"]]
    assert len(customer_mails) == 1
    confirmation = customer_mails[0].body
    for order in orders.values():
        assert order.number in confirmation
    assert bakery_order.merchant_order.pickup_code in confirmation
    assert "73,65" in confirmation
    assert checkout.get_absolute_url() in confirmation


def test_each_merchant_is_told_of_its_own_order_only(
    three_merchant_basket, three_fulfilments, grocer, mailoutbox
):
    checkout = place(three_merchant_basket, three_fulfilments)
    grocer_number = checkout.orders().get(merchant_order__shop=grocer).number

    notices = {mail.to[0]: mail for mail in mailoutbox if mail.to != ["erika@example.org"]}
    assert set(notices) == {"korn@example.org", "gruenkorb@example.org", "buch@example.org"}
    grocer_notice = notices["gruenkorb@example.org"].body
    assert "Blütenhonig" in grocer_notice and "Riesling" in grocer_notice
    for foreign in ("Dinkelbrot", "Stadtroman", "Lesetasse"):
        assert foreign not in grocer_notice
    other_numbers = set(checkout.orders().values_list("number", flat=True)) - {grocer_number}
    assert not any(number in grocer_notice for number in other_numbers)
    assert grocer_number in notices["gruenkorb@example.org"].subject


def test_stock_is_allocated_for_each_ordered_line(three_merchant_basket, three_fulfilments, novel):
    place(three_merchant_basket, three_fulfilments)

    novel.stockrecords.get().refresh_from_db()
    record = novel.stockrecords.get()
    assert (record.num_in_stock, record.num_allocated) == (3, 1)


def test_delivery_is_free_above_the_merchants_threshold(honey, grocer):
    below = place(basket_with((honey, 5)), {grocer: MerchantShop.DELIVERY})  # 32.50 €
    honey.stockrecords.update(num_in_stock=20)
    above = place(basket_with((honey, 7)), {grocer: MerchantShop.DELIVERY})  # 45.50 €

    assert below.total == Decimal("36.00")
    assert above.total == Decimal("45.50")


def test_delivery_outside_the_merchants_postcodes_is_refused(honey, grocer):
    basket = basket_with((honey, 1))

    with pytest.raises(placement.PlacementError):
        place(basket, {grocer: MerchantShop.DELIVERY}, address={**ADDRESS, "postcode": "99999"})

    assert not Checkout.objects.filter(status=Checkout.PLACED).exists()


def test_pay_on_pickup_is_only_offered_when_everything_is_picked_up(bread, honey, bakery, grocer):
    mixed = basket_with((bread, 1), (honey, 1))

    with pytest.raises(placement.PlacementError):
        place(mixed, {bakery: "pickup", grocer: "delivery"}, method="pay-on-pickup")

    checkout = place(basket_with((bread, 1)), {bakery: "pickup"}, method="pay-on-pickup")
    assert checkout.payment_status == Checkout.PAYMENT_NONE
    assert checkout.orders().get().status == statuses.NEW


def test_bank_transfer_orders_wait_until_marked_paid(bread, bakery, mailoutbox):
    from portal.shop.services import orders as order_service

    checkout = place(basket_with((bread, 1)), {bakery: "pickup"}, method="bank-transfer")
    order = checkout.orders().get()
    assert order.status == statuses.AWAITING_PAYMENT
    assert checkout.payment_status == Checkout.PAYMENT_AWAITED
    assert checkout.number in mailoutbox[0].body  # the transfer reference

    order_service.mark_paid(order)

    order.refresh_from_db()
    checkout.refresh_from_db()
    assert order.status == statuses.NEW
    assert checkout.payment_status == Checkout.PAYMENT_SETTLED
    assert order.sources.get().amount_debited == Decimal("4.20")
