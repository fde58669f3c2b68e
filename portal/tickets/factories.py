"""Ticket sales for the demo town and the tests (demo and test packages only).

``ticket_sale(event, organiser, categories, **rules)`` sets up the sale of
``event`` sold by ``organiser`` with categories given as
``(name, price, quota)`` and puts them into the organiser's shop.
"""

from decimal import Decimal

from portal.tickets import selling
from portal.tickets.models import TicketCategory, TicketSale


def ticket_sale(event, organiser, categories=(("Erwachsene", "12.00", None),), **rules):
    sale = TicketSale.objects.create(event=event, organiser=organiser, **rules)
    for position, (name, price, quota) in enumerate(categories):
        TicketCategory.objects.create(
            sale=sale,
            name=name,
            price=Decimal(str(price)),
            vat_rate="7",
            quota=quota,
            position=position,
        )
    selling.sync_products(sale)
    return sale
