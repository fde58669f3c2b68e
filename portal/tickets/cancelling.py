"""Cancelling a whole event or a single ticket, with the refund through the shop.

Refunds are booked on the shop order (``orders.record_refund``), which gives
the money back the way it came: the payment provider refunds its share, a
city voucher is credited again, a bank transfer is paid back by hand. The
shop mails the buyer how much comes back; an event's cancellation adds its
own e-mail saying that the event is cancelled.

Both operations lock the tickets they cancel (``SELECT ... FOR UPDATE``) and
change only valid ones, so a ticket is cancelled and refunded once however
often (or however concurrently) the button is pressed.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from portal.shop.services import orders as order_service
from portal.tickets import selling
from portal.tickets.models import Ticket, TicketSale

Order = get_model("order", "Order")


class CancellationRefused(Exception):
    """The ticket cannot be cancelled; the message says why (German in the UI)."""


def refund_deadline(sale):
    """Until when the organiser may cancel and refund single tickets, or ``None``."""
    if sale.refund_hours is None:
        return None
    return sale.event.start - datetime.timedelta(hours=sale.refund_hours)


def _cancel_rows(tickets, reason, at):
    """Mark locked valid ``tickets`` cancelled and give their places back."""
    places = defaultdict(int)
    for ticket in tickets:
        ticket.status = Ticket.Status.CANCELLED
        ticket.cancelled_at = at
        ticket.cancel_reason = reason[:300]
        ticket.save(update_fields=["status", "cancelled_at", "cancel_reason"])
        places[(ticket.category_id, ticket.sale_id)] += 1
    for (category_id, sale_id), count in places.items():
        selling.release_places(category_id, sale_id, count)


@transaction.atomic
def cancel_ticket(ticket, *, user=None, reason="", at=None):
    """The organiser cancels one ticket within its rules and refunds its price.

    Raises ``CancellationRefused`` when the ticket is no longer valid, was
    checked in, or the organiser's refund period is over.
    """
    at = at or timezone.now()
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("sale__event", "order_line__order")
        .get(pk=ticket.pk)
    )
    if ticket.status != Ticket.Status.VALID:
        raise CancellationRefused(_("This ticket is already cancelled."))
    if ticket.checked_in_at is not None:
        raise CancellationRefused(_("This ticket has been checked in and cannot be cancelled."))
    deadline = refund_deadline(ticket.sale)
    if deadline is None:
        raise CancellationRefused(_("Single tickets of this event are not refunded."))
    if at > deadline:
        raise CancellationRefused(
            _("Single tickets could be refunded until %(deadline)s.")
            % {"deadline": timezone.localtime(deadline).strftime("%d.%m.%Y %H:%M")}
        )
    _cancel_rows([ticket], reason or _("Cancelled by the organiser"), at)
    order = ticket.order_line.order
    if ticket.price > 0:
        order_service.record_refund(
            order,
            ticket.price,
            reference=_("Ticket %(code)s cancelled") % {"code": ticket.short_code_display},
            user=user,
        )
    return ticket


def cancel_event(sale, *, reason, user=None, at=None):
    """Cancel the event's sale: no more sales, every valid ticket cancelled and refunded.

    Returns ``{order: refunded amount}`` of this call; a second call finds
    nothing left to cancel and refunds nothing. Each buyer gets an e-mail.
    """
    at = at or timezone.now()
    with transaction.atomic():
        sale = TicketSale.objects.select_for_update().select_related("event").get(pk=sale.pk)
        if sale.cancelled_at is None:
            sale.cancelled_at = at
            sale.cancel_reason = (reason or "")[:300]
            sale.save(update_fields=["cancelled_at", "cancel_reason"])
            selling.sync_products(sale)  # takes the products out of the shop
        tickets = list(
            Ticket.objects.select_for_update(of=("self",))
            .select_related("order_line")
            .filter(sale=sale, status=Ticket.Status.VALID)
            .order_by("pk")
        )
        _cancel_rows(tickets, _("Event cancelled"), at)
        by_order = defaultdict(lambda: Decimal("0.00"))
        counts = defaultdict(int)
        for ticket in tickets:
            order_id = ticket.order_line.order_id
            by_order[order_id] += ticket.price
            counts[order_id] += 1
        orders = Order.objects.in_bulk(list(by_order))
        refunded = {}
        for order_id, amount in by_order.items():
            order = orders[order_id]
            if amount > 0:
                order_service.record_refund(
                    order,
                    amount,
                    reference=_("Event cancelled: %(event)s") % {"event": sale.event.title[:120]},
                    user=user,
                )
            refunded[order] = amount
            _notify_after_commit(sale, order, counts[order_id], amount)
    return refunded


def _notify_after_commit(sale, order, count, amount):
    from portal.tickets.tasks import send_event_cancelled

    sale_id, order_id = sale.pk, order.pk
    transaction.on_commit(
        lambda: send_event_cancelled.enqueue(sale_id, order_id, count, str(amount)), robust=True
    )


def cancel_order_tickets(order):
    """The shop cancelled ``order``: its valid tickets go, unpaid places come back.

    Runs in the transaction of the status change. The shop refunds the
    order itself (``orders.status_changed``), so nothing is refunded here.
    """
    lines = selling.ticket_lines(order)
    if not lines:
        return []
    tickets = list(
        Ticket.objects.select_for_update()
        .filter(order_line__order=order, status=Ticket.Status.VALID)
        .order_by("pk")
    )
    if Ticket.objects.filter(order_line__order=order).exists():
        _cancel_rows(tickets, _("Order cancelled"), timezone.now())
        return tickets
    # Never issued (unpaid, or the payment failed): the held places come back.
    for line, category in lines:
        selling.release_places(category.pk, category.sale_id, line.quantity)
    return []
