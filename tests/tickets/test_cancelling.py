"""Cancelling an event or a single ticket: every paid ticket refunded once, every buyer told."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from portal.shop import statuses
from portal.shop.models import Checkout, Refund
from portal.shop.services import orders as order_service
from portal.tickets import cancelling, checkin
from portal.tickets.models import Ticket
from tests.shop.helpers import deliver_webhooks

from .helpers import buy, category

pytestmark = pytest.mark.django_db


def cancelled_mails(mailoutbox):
    return [mail for mail in mailoutbox if mail.subject.startswith("Abgesagt:")]


def test_cancelling_the_event_refunds_every_paid_ticket_once_and_tells_every_buyer(
    sale, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    first = buy(sale, ("Erwachsene", 2), ("Kinder", 1), email="erika@example.org")
    second = buy(sale, ("ermäßigt", 1), email="max@example.org")
    checkin.check_in(sale, Ticket.objects.first().code)  # checked in or not: refunded
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        refunded = cancelling.cancel_event(sale, reason="Unwetterwarnung", user=organiser.owner)
    with django_capture_on_commit_callbacks(execute=True):
        again = cancelling.cancel_event(sale, reason="Unwetterwarnung")

    assert {order.number: amount for order, amount in refunded.items()} == {
        first.orders().get().number: Decimal("24.00"),
        second.orders().get().number: Decimal("8.00"),
    }
    assert again == {}
    assert sorted(Refund.objects.values_list("amount", flat=True)) == [
        Decimal("8.00"),
        Decimal("24.00"),
    ]
    assert set(Refund.objects.values_list("status", flat=True)) == {Refund.REFUNDED}
    assert not Ticket.objects.filter(status=Ticket.Status.VALID).exists()
    told = cancelled_mails(mailoutbox)
    assert sorted(mail.to[0] for mail in told) == ["erika@example.org", "max@example.org"]
    assert "Unwetterwarnung" in told[0].body and "Sommerkonzert im Park" in told[0].subject
    sale.refresh_from_db()
    assert sale.is_cancelled
    assert not category(sale, "Erwachsene").product.is_public
    assert checkin.check_in(sale, Ticket.objects.last().code).reason == "event_cancelled"


def test_cancelling_the_event_refunds_online_payments_through_the_provider(
    client, sale, fake_mollie, django_capture_on_commit_callbacks
):
    checkout = buy(sale, ("Erwachsene", 2), method="mollie")
    fake_mollie.pay(checkout.payments.get().reference)
    with django_capture_on_commit_callbacks(execute=True):
        deliver_webhooks(client, fake_mollie)
    checkout.refresh_from_db()
    assert checkout.payment_status == Checkout.PAYMENT_SETTLED
    assert Ticket.objects.count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        cancelling.cancel_event(sale, reason="Krankheit")
        cancelling.cancel_event(sale, reason="Krankheit")

    refund = Refund.objects.get()
    assert refund.amount == Decimal("24.00") and refund.reference.startswith("re_")
    provider = fake_mollie.payments[checkout.payments.get().reference]
    assert provider["amountRefunded"]["value"] == "24.00"


def test_an_order_paid_after_the_event_was_cancelled_gets_no_tickets_and_its_money_back(
    sale, django_capture_on_commit_callbacks
):
    checkout = buy(sale, ("Erwachsene", 1), method="bank-transfer")
    cancelling.cancel_event(sale, reason="Absage")

    with django_capture_on_commit_callbacks(execute=True):
        order_service.mark_paid(checkout.orders().get())

    assert not Ticket.objects.exists()
    assert Refund.objects.get().amount == Decimal("12.00")


def test_the_organiser_cancels_a_single_ticket_within_its_rules(
    sale, mailoutbox, django_capture_on_commit_callbacks
):
    checkout = buy(sale, ("Erwachsene", 2))
    ticket = Ticket.objects.first()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancelling.cancel_ticket(ticket)

    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.CANCELLED
    assert Refund.objects.get().amount == Decimal("12.00")
    assert category(sale, "Erwachsene").taken == 1  # the place is on sale again
    assert len(mailoutbox) == 1  # the shop's refund notice
    assert checkout.orders().get().status != statuses.CANCELLED
    with pytest.raises(cancelling.CancellationRefused):
        cancelling.cancel_ticket(ticket)
    assert Refund.objects.count() == 1


def test_single_tickets_are_not_refunded_after_the_deadline_or_once_checked_in(sale):
    buy(sale, ("Erwachsene", 2))
    late, used = Ticket.objects.all()
    checkin.check_in(sale, used.code)

    too_late = sale.event.start - datetime.timedelta(hours=47)
    with pytest.raises(cancelling.CancellationRefused, match="bis"):
        cancelling.cancel_ticket(late, at=too_late)
    with pytest.raises(cancelling.CancellationRefused):
        cancelling.cancel_ticket(used, at=timezone.now())

    assert not Refund.objects.exists()


def test_the_shop_cancelling_a_paid_ticket_order_cancels_its_tickets(sale):
    checkout = buy(sale, ("Erwachsene", 2))
    order = checkout.orders().get()
    order.set_status(statuses.CANCELLED)

    assert not Ticket.objects.filter(status=Ticket.Status.VALID).exists()
    sale.refresh_from_db()
    assert sale.taken == 0
    assert Refund.objects.get().amount == Decimal("24.00")
