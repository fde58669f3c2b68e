"""Background work of the ticket app (inline in dev and tests, a worker in production)."""

from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.text import slugify
from django_tasks import task
from oscar.core.loading import get_model

from portal.printing import euro
from portal.shop.services.emails import customer_email
from portal.tickets.models import Ticket, TicketSale
from portal.tickets.pdf import tickets_pdf, when_text
from portal.towns import absolute_url

Order = get_model("order", "Order")


def order_page_url(order):
    checkout = order.merchant_order.checkout
    return absolute_url(checkout.get_absolute_url(), checkout.site)


def ticket_mail(order, tickets):
    """The e-mail with the order's valid tickets as one PDF (one page per ticket)."""
    sale = tickets[0].sale
    context = {
        "order": order,
        "tickets": tickets,
        "events": sorted({ticket.sale.event.title for ticket in tickets}),
        "when": when_text(sale.event),
        "sale": sale,
        "order_url": order_page_url(order),
    }
    message = EmailMessage(
        subject=render_to_string("tickets/email/tickets_subject.txt", context).strip(),
        body=render_to_string("tickets/email/tickets.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[customer_email(order)],
    )
    message.attach(
        f"tickets-{slugify(sale.event.title)[:40] or 'veranstaltung'}-{order.number}.pdf",
        tickets_pdf(tickets),
        "application/pdf",
    )
    return message


@task()
def send_tickets(order_id):
    """Mail the order's valid tickets (after payment, or again from the order page)."""
    order = Order.objects.select_related("merchant_order__checkout", "user").get(pk=order_id)
    tickets = list(
        Ticket.objects.filter(order_line__order=order, status=Ticket.Status.VALID)
        .select_related("category", "sale__event", "sale__organiser", "order_line__order")
        .order_by("pk")
    )
    if not tickets:
        return 0
    ticket_mail(order, tickets).send()
    return len(tickets)


@task()
def send_event_cancelled(sale_id, order_id, count, amount):
    """Tell a buyer that the event is cancelled and what comes back (``amount`` as text)."""
    sale = TicketSale.objects.select_related("event", "organiser").get(pk=sale_id)
    order = Order.objects.select_related("merchant_order__checkout", "user").get(pk=order_id)
    context = {
        "sale": sale,
        "order": order,
        "count": count,
        "amount": euro(Decimal(amount)),
        "refunded": Decimal(amount) > 0,
        "when": when_text(sale.event),
        "order_url": order_page_url(order),
    }
    EmailMessage(
        subject=render_to_string("tickets/email/event_cancelled_subject.txt", context).strip(),
        body=render_to_string("tickets/email/event_cancelled.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[customer_email(order)],
    ).send()
