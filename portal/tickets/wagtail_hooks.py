"""How tickets show up in Wagtail: event pages, the order page, the admin menu, the demo.

- Event pages: the categories with prices, what is left and the order form
  (``portal_page_sections``; the event template calls ``{% page_sections page %}``),
  and the schema.org offers of the event's structured data (``portal_event_offers``).
- The shop's order page: each order's tickets with download and re-send
  (``shop_checkout_status``).
- Admin: the "Tickets" menu (``admin_views.TicketViewSet``).
- Demo town: two events with tickets, an organiser and a check-in login.
"""

from django.template.loader import render_to_string
from django.utils import timezone
from wagtail import hooks

from portal.home.models import EventPage
from portal.tickets import selling
from portal.tickets.admin_views import TicketViewSet
from portal.tickets.models import Ticket, TicketCategory, TicketSale

SCHEMA_AVAILABILITY = {
    True: "https://schema.org/InStock",
    False: "https://schema.org/SoldOut",
}


def sale_of(request, page):
    """The event page's sale with its offers, looked up once per request (two hooks ask)."""
    if not isinstance(page, EventPage):
        return None, []
    cache = getattr(request, "_ticket_sales", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._ticket_sales = cache
    if page.pk not in cache:
        sale = TicketSale.objects.filter(event_id=page.pk).select_related("organiser").first()
        if sale is not None:
            sale.event = page
        cache[page.pk] = (sale, selling.offers(sale) if sale is not None else [])
    return cache[page.pk]


@hooks.register("portal_page_sections")
def event_tickets(request, page):
    sale, offers = sale_of(request, page)
    if not offers:
        return ""
    return render_to_string(
        "tickets/includes/event_tickets.html",
        {
            "sale": sale,
            "offers": offers,
            "any_on_sale": any(offer.on_sale and not offer.sold_out for offer in offers),
            "all_sold_out": all(offer.sold_out for offer in offers),
            "errors": getattr(request, "ticket_errors", ()),
        },
        request=request,
    )


@hooks.register("portal_event_offers")
def event_offers(request, page):
    """schema.org ``Offer`` of each category: gross price, availability, sale period."""
    sale, offers = sale_of(request, page)
    result = []
    for offer in offers:
        category = offer.category
        data = {
            "@type": "Offer",
            "name": category.name,
            "price": f"{category.price:.2f}",
            "priceCurrency": "EUR",
            "availability": SCHEMA_AVAILABILITY[offer.on_sale and not offer.sold_out],
            "url": (page.full_url or "") + "#tickets",
        }
        if category.sale_starts:
            data["validFrom"] = category.sale_starts.isoformat()
        if sale.is_cancelled:
            data["availability"] = "https://schema.org/Discontinued"
        result.append(data)
    return result


@hooks.register("shop_checkout_status")
def order_tickets(request, checkout, orders):
    """Each order's tickets on the buyer's order page."""
    from portal.shop.services.emails import customer_email

    now = timezone.now()
    found = {}
    for ticket in (
        Ticket.objects.filter(order_line__order__in=orders)
        .select_related("category", "sale__event", "order_line")
        .order_by("pk")
    ):
        found.setdefault(ticket.order_line.order_id, []).append(ticket)
    products = {line.product_id: order.pk for order in orders for line in order.lines.all()}
    buying = {
        products[product_id]
        for product_id in TicketCategory.objects.filter(product_id__in=products).values_list(
            "product_id", flat=True
        )
    }
    return {
        order.pk: render_to_string(
            "tickets/includes/order_tickets.html",
            {
                "checkout": checkout,
                "order": order,
                "tickets": found.get(order.pk, []),
                "any_valid": any(ticket.is_valid for ticket in found.get(order.pk, [])),
                "nameable": [ticket for ticket in found.get(order.pk, []) if nameable(ticket, now)],
                "email": customer_email(order),
            },
            request=request,
        )
        for order in orders
        if order.pk in found or order.pk in buying
    }


def nameable(ticket, now):
    """As ``selling.nameable_tickets``, for tickets already loaded."""
    return (
        ticket.is_valid
        and ticket.checked_in_at is None
        and ticket.sale.names_on_tickets
        and ticket.sale.event.start > now
    )


@hooks.register("register_admin_viewset")
def register_ticket_admin():
    return TicketViewSet()


@hooks.register("build_demo_town", order=120)
def build_demo(home, log):
    from portal.tickets.demo import build

    build(home, log)
