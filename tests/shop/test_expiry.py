"""Unpaid orders expire: a reminder first, then cancellation with stock back and everyone told."""

import datetime

import pytest
from django.core.management import call_command
from oscar.core.loading import get_model

from portal.shop import statuses
from portal.shop.models import Checkout, MerchantShop, Payment, ShopSettings
from portal.shop.services import expiry
from portal.shop.services import orders as order_service
from portal.shop.tasks import expire_unpaid_orders

from .helpers import basket_with, place

pytestmark = pytest.mark.django_db
StockRecord = get_model("partner", "StockRecord")
PICKUP, DELIVERY = MerchantShop.PICKUP, MerchantShop.DELIVERY


@pytest.fixture
def transfer(bread, honey, bakery, grocer, mailoutbox):
    """Bread for pickup and honey delivered, to be paid by bank transfer within 7 days."""
    settings = ShopSettings.load()
    settings.payment_days, settings.payment_reminder_days = 7, 2
    settings.save()
    checkout = place(
        basket_with((bread, 2), (honey, 1)),
        {bakery: PICKUP, grocer: DELIVERY},
        method="bank-transfer",
    )
    mailoutbox.clear()  # the confirmation and the merchants' notices at placing
    return checkout


def allocated():
    return sorted(StockRecord.objects.values_list("num_allocated", flat=True))


def test_a_transfer_checkout_gets_a_deadline_from_the_shop_settings(transfer):
    assert transfer.payment_due_at == transfer.created_at + datetime.timedelta(days=7)
    assert transfer.payment_status == Checkout.PAYMENT_AWAITED


def test_an_unpaid_transfer_past_its_deadline_is_cancelled_the_stock_returns_everyone_is_told(
    transfer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = expiry.run(now=transfer.payment_due_at + datetime.timedelta(minutes=1))

    transfer.refresh_from_db()
    assert report.expired == 1
    assert (transfer.status, transfer.payment_status) == (
        Checkout.FAILED,
        Checkout.PAYMENT_EXPIRED,
    )
    assert {order.status for order in transfer.orders()} == {statuses.CANCELLED}
    assert allocated() == [0, 0]
    assert Payment.objects.get().status == Payment.EXPIRED
    recipients = sorted(message.to[0] for message in mailoutbox)
    assert recipients == ["erika@example.org", "gruenkorb@example.org", "korn@example.org"]
    resident = next(m for m in mailoutbox if m.to == ["erika@example.org"])
    assert "nicht rechtzeitig bezahlt" in resident.body


def test_a_paid_transfer_is_left_alone_by_the_expiry(transfer, mailoutbox):
    order_service.mark_checkout_paid(transfer)
    mailoutbox.clear()

    report = expiry.run(now=transfer.payment_due_at + datetime.timedelta(days=1))

    transfer.refresh_from_db()
    assert report.expired == 0
    assert transfer.payment_status == Checkout.PAYMENT_SETTLED
    assert {order.status for order in transfer.orders()} == {statuses.NEW}
    assert mailoutbox == []


def test_an_order_paid_at_the_counter_stays_when_the_rest_of_the_checkout_expires(transfer, bakery):
    bakery_order = transfer.orders().get(merchant_order__shop=bakery)
    order_service.mark_paid(bakery_order)

    expiry.run(now=transfer.payment_due_at + datetime.timedelta(minutes=1))

    statuses_by_shop = {o.merchant_order.shop: o.status for o in transfer.orders()}
    assert statuses_by_shop[bakery] == statuses.NEW
    assert list(statuses_by_shop.values()).count(statuses.CANCELLED) == 1


def test_the_reminder_comes_once_before_the_deadline(transfer, mailoutbox):
    one_day_before = transfer.payment_due_at - datetime.timedelta(days=1)
    too_early = transfer.payment_due_at - datetime.timedelta(days=3)

    assert expiry.run(now=too_early).reminded == 0
    assert expiry.run(now=one_day_before).reminded == 1
    assert expiry.run(now=one_day_before).reminded == 0

    [reminder] = mailoutbox
    assert reminder.to == ["erika@example.org"]
    assert "Erinnerung" in reminder.subject
    assert "noch nicht bei uns eingegangen" in reminder.body


def test_the_command_and_the_background_task_expire_the_same_way(
    transfer, django_capture_on_commit_callbacks
):
    Checkout.objects.filter(pk=transfer.pk).update(
        payment_due_at=transfer.created_at - datetime.timedelta(minutes=1)
    )
    call_command("expire_unpaid_orders", verbosity=0)
    transfer.refresh_from_db()
    assert transfer.payment_status == Checkout.PAYMENT_EXPIRED

    result = expire_unpaid_orders.enqueue()
    assert "0 expired" in result.return_value


def test_a_provider_payment_whose_webhook_was_lost_is_looked_up_after_its_expiry(
    fake_mollie, bread, bakery
):
    checkout = place(basket_with((bread, 1)), {bakery: PICKUP}, method="mollie")
    payment = checkout.payments.get()
    fake_mollie.expire(payment.reference, notify=False)  # the webhook never arrives

    report = expiry.run(now=payment.expires_at + datetime.timedelta(minutes=11))

    checkout.refresh_from_db()
    assert report.provider_checked == 1
    assert checkout.payment_status == Checkout.PAYMENT_EXPIRED
    assert allocated() == [0]


def test_a_payment_the_provider_still_holds_open_is_never_cancelled_by_the_portal(
    fake_mollie, bread, bakery
):
    checkout = place(basket_with((bread, 1)), {bakery: PICKUP}, method="mollie")
    payment = checkout.payments.get()

    expiry.run(now=payment.expires_at + datetime.timedelta(minutes=11))

    checkout.refresh_from_db()
    assert checkout.payment_status == Checkout.PAYMENT_PENDING
    assert allocated() == [1]
