"""Refunds of online payments: per merchant order when a merchant cancels, in full by the operator.

A refund is booked with the cancellation (same transaction) and then sent
to the provider; one the provider could not take is retried later, never
paid twice.
"""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.shop import statuses
from portal.shop.models import Checkout, Refund
from portal.shop.services import orders as order_service
from portal.shop.services import refunds

from .helpers import basket_with, deliver_webhooks, member_of, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_checkout(client, fake_mollie, bread, honey, wine, novel, mug, bakery, grocer, bookshop):
    """Bakery, grocer and bookshop orders (8.40 €, 25.40 €, 39.85 €), paid online."""
    checkout = place(
        basket_with((bread, 2), (honey, 2), (wine, 1), (novel, 1), (mug, 1)),
        {bakery: "pickup", grocer: "delivery", bookshop: "shipping"},
        method="mollie",
    )
    fake_mollie.pay(checkout.payments.get().reference)
    deliver_webhooks(client, fake_mollie)
    checkout.refresh_from_db()
    assert checkout.payment_status == Checkout.PAYMENT_SETTLED
    return checkout


def provider_state(fake, checkout):
    return fake.payments[checkout.payments.get().reference]


def test_a_merchant_cancelling_one_order_of_three_refunds_exactly_that_order(
    client,
    fake_mollie,
    paid_checkout,
    grocer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    grocer_order = paid_checkout.orders().get(merchant_order__shop=grocer)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        order_service.cancel(grocer_order)

    refund = Refund.objects.get()
    assert (refund.merchant_order.order, refund.amount) == (grocer_order, Decimal("25.40"))
    assert refund.status == Refund.PENDING and refund.reference.startswith("re_")
    deliver_webhooks(client, fake_mollie)  # the provider reports the refund done
    refund.refresh_from_db()
    assert refund.status == Refund.REFUNDED
    provider = provider_state(fake_mollie, paid_checkout)
    assert provider["amountRefunded"]["value"] == "25.40"
    assert provider["amountRemaining"]["value"] == "48.25"
    others = paid_checkout.orders().exclude(pk=grocer_order.pk)
    assert {order.status for order in others} == {statuses.NEW}
    assert all(refunds.refundable(order) == order.total_incl_tax for order in others)
    [notice] = mailoutbox
    assert notice.to == ["erika@example.org"]
    assert "25,40\xa0€" in notice.body


def test_the_merchant_cancels_in_the_admin_and_the_page_says_the_money_goes_back(
    client, fake_mollie, paid_checkout, bookshop, django_capture_on_commit_callbacks
):
    bookseller = member_of(bookshop, "bookseller")
    order = paid_checkout.orders().get(merchant_order__shop=bookshop)
    client.force_login(bookseller)
    detail = reverse("shop_orders:detail", args=[order.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail, {"action": "cancel", "confirm": order.number}, follow=True)

    html = response.content.decode()
    assert "39,85\xa0€ werden erstattet" in html
    order.refresh_from_db()
    assert order.status == statuses.CANCELLED
    assert provider_state(fake_mollie, paid_checkout)["amountRefunded"]["value"] == "39.85"


def test_a_merchant_cannot_cancel_and_refund_another_merchants_order(
    client, fake_mollie, paid_checkout, bookshop, bakery
):
    bookseller = member_of(bookshop, "bookseller")
    bakery_order = paid_checkout.orders().get(merchant_order__shop=bakery)
    client.force_login(bookseller)

    response = client.post(
        reverse("shop_orders:detail", args=[bakery_order.pk]),
        {"action": "cancel", "confirm": bakery_order.number},
    )

    bakery_order.refresh_from_db()
    assert response.status_code == 404
    assert bakery_order.status == statuses.NEW
    assert not Refund.objects.exists()


def test_the_operator_refunds_the_whole_checkout(
    client, fake_mollie, paid_checkout, superuser, django_capture_on_commit_callbacks
):
    order = paid_checkout.orders().first()
    client.force_login(superuser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("shop_orders:detail", args=[order.pk]),
            {"action": "checkout_refund", "confirm": paid_checkout.number},
        )

    assert response.status_code == 302
    assert Refund.objects.count() == 3
    assert provider_state(fake_mollie, paid_checkout)["amountRefunded"]["value"] == "73.65"
    assert {order.status for order in paid_checkout.orders()} == {statuses.CANCELLED}


def test_a_refund_the_provider_could_not_take_is_sent_again_later_and_only_once(
    client, fake_mollie, paid_checkout, bakery, django_capture_on_commit_callbacks
):
    order = paid_checkout.orders().get(merchant_order__shop=bakery)
    fake_mollie.outage = True
    with django_capture_on_commit_callbacks(execute=True):
        order_service.cancel(order)
    refund = Refund.objects.get()
    assert (refund.status, refund.attempts) == (Refund.OPEN, 1)
    assert order.status == statuses.CANCELLED  # the cancellation stands

    fake_mollie.outage = False
    call_command("expire_unpaid_orders", verbosity=0)
    call_command("expire_unpaid_orders", verbosity=0)

    refund.refresh_from_db()
    assert (refund.status, refund.attempts) == (Refund.PENDING, 2)
    assert provider_state(fake_mollie, paid_checkout)["amountRefunded"]["value"] == "8.40"
    assert len(fake_mollie.refunds[refund.payment.reference]) == 1


def test_the_providers_refund_webhook_updates_the_refund(
    client, fake_mollie, paid_checkout, bakery, django_capture_on_commit_callbacks
):
    fake_mollie.refunds_complete = False  # refunds stay "pending" at the provider
    order = paid_checkout.orders().get(merchant_order__shop=bakery)
    with django_capture_on_commit_callbacks(execute=True):
        order_service.cancel(order)
    refund = Refund.objects.get()
    assert refund.status == Refund.PENDING

    reference = refund.payment.reference
    fake_mollie.refunds[reference][0]["status"] = "refunded"
    fake_mollie.notify(reference)
    [response] = deliver_webhooks(client, fake_mollie)

    refund.refresh_from_db()
    assert response.content == b"changed"
    assert refund.status == Refund.REFUNDED


def test_an_order_cannot_be_cancelled_while_its_online_payment_is_being_made(
    fake_mollie, bread, bakery
):
    checkout = place(basket_with((bread, 1)), {bakery: "pickup"}, method="mollie")
    order = checkout.orders().get()

    with pytest.raises(order_service.OrderActionError, match="gerade online"):
        order_service.cancel(order)

    order.refresh_from_db()
    assert order.status == statuses.AWAITING_PAYMENT
