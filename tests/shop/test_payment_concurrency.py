"""Payment state changes exactly once under concurrency (real threads on PostgreSQL)."""

import datetime
import uuid

import pytest
from oscar.core.loading import get_model

from portal.shop import statuses
from portal.shop.models import Checkout, MerchantShop, Payment, Refund
from portal.shop.payments.base import ProviderPayment
from portal.shop.services import expiry, webhooks
from portal.shop.services import orders as order_service

from .helpers import basket_with, place, run_in_threads

PaymentEvent = get_model("order", "PaymentEvent")
OrderStatusChange = get_model("order", "OrderStatusChange")
PICKUP, SHIPPING = MerchantShop.PICKUP, MerchantShop.SHIPPING


@pytest.mark.django_db(transaction=True)
def test_two_webhooks_for_the_same_payment_at_once_change_the_state_once(
    fake_mollie, bread, novel, bakery, bookshop, mailoutbox
):
    checkout = place(
        basket_with((bread, 1), (novel, 1)),
        {bakery: PICKUP, bookshop: SHIPPING},
        method="mollie",
        token=uuid.uuid4().hex,
    )
    reference = checkout.payments.get().reference
    fake_mollie.pay(reference, notify=False)

    outcomes = run_in_threads(
        lambda: webhooks.handle("mollie", reference), lambda: webhooks.handle("mollie", reference)
    )

    assert sorted(outcome.changed for outcome in outcomes) == [False, True], outcomes
    checkout.refresh_from_db()
    assert checkout.payment_status == Checkout.PAYMENT_SETTLED
    assert PaymentEvent.objects.count() == 2  # one per merchant order
    assert OrderStatusChange.objects.filter(new_status=statuses.NEW).count() == 2
    assert len(mailoutbox) == 3  # one confirmation, two merchant notices


@pytest.mark.django_db(transaction=True)
def test_a_paid_webhook_and_a_failed_one_at_once_leave_one_consistent_outcome(
    fake_mollie, bread, bakery
):
    checkout = place(basket_with((bread, 1)), {bakery: PICKUP}, method="mollie")
    payment = checkout.payments.get()
    states = [
        ProviderPayment(
            reference=payment.reference,
            status=status,
            amount=payment.amount,
            metadata={"checkout": checkout.number},
        )
        for status in ("paid", "failed")
    ]

    outcomes = run_in_threads(
        lambda: webhooks.apply(payment, states[0]), lambda: webhooks.apply(payment, states[1])
    )

    # The row lock puts one after the other. Paid first: the failure that follows
    # changes nothing. Failed first: the orders are cancelled, and the payment that
    # still arrives is booked as paid too late and refunded in full, never fulfilled.
    paid, failed = outcomes
    checkout.refresh_from_db()
    order = checkout.orders().get()
    payment.refresh_from_db()
    assert payment.status == Payment.PAID, "the money arrived in either order"
    if checkout.payment_status == Checkout.PAYMENT_SETTLED:
        assert (paid.changed, failed.changed) == (True, False), outcomes
        assert order.status == statuses.NEW and order.merchant_order.paid_at
        assert not Refund.objects.exists()
    else:
        assert (paid.changed, failed.changed) == (True, True), outcomes
        assert checkout.payment_status == Checkout.PAYMENT_FAILED
        assert order.status == statuses.CANCELLED and not order.merchant_order.paid_at
        assert [refund.amount for refund in Refund.objects.all()] == [payment.amount]


@pytest.mark.django_db(transaction=True)
def test_a_transfer_marked_paid_while_it_expires_is_either_paid_or_cancelled(bread, bakery):
    checkout = place(basket_with((bread, 1)), {bakery: PICKUP}, method="bank-transfer")
    late = checkout.payment_due_at

    def mark_paid():
        order_service.mark_checkout_paid(Checkout.objects.get(pk=checkout.pk))

    def expire():
        return expiry.expire_transfers(late + datetime.timedelta(minutes=1))

    outcomes = run_in_threads(mark_paid, expire)

    paid_outcome, expired_outcome = outcomes
    assert paid_outcome is None or isinstance(paid_outcome, order_service.OrderActionError)
    assert expired_outcome in (0, 1), outcomes
    checkout.refresh_from_db()
    order = checkout.orders().get()
    assert (checkout.payment_status, order.status, bool(order.merchant_order.paid_at)) in (
        (Checkout.PAYMENT_SETTLED, statuses.NEW, True),
        (Checkout.PAYMENT_EXPIRED, statuses.CANCELLED, False),
    )
