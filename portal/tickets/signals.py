"""How the ticket app follows the shop's orders (connected in ``TicketsConfig.ready``).

- Oscar's ``order_placed``, sent by the shop inside the transaction that
  places a merchant's order: the order's tickets take their places
  (``selling.hold_places``); a sold-out category raises the shop's
  ``OutOfStock`` and the whole checkout is rolled back.
- The shop's ``order_paid``, inside the transaction that records the
  payment: the order's tickets are issued (``selling.issue_for_order``).
- Oscar's ``order_status_changed`` to cancelled: the order's tickets are
  cancelled, or the places of an unpaid order given back.
"""

from django.dispatch import receiver
from oscar.apps.order.signals import order_placed, order_status_changed

from portal.shop import statuses
from portal.shop.signals import order_paid


@receiver(order_placed)
def hold_ticket_places(sender, order, **kwargs):
    from portal.tickets import selling

    selling.hold_places(order)


@receiver(order_paid)
def issue_paid_tickets(sender, order, **kwargs):
    from portal.tickets import selling

    selling.issue_for_order(order)


@receiver(order_status_changed)
def cancel_tickets_of_cancelled_order(sender, order, old_status, new_status, **kwargs):
    if new_status == statuses.CANCELLED and old_status != statuses.CANCELLED:
        from portal.tickets import cancelling

        cancelling.cancel_order_tickets(order)
