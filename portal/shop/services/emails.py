"""The marketplace's emails, sent through Oscar's communication framework.

Each email is a communication event type (editable in the dashboard like
Oscar's own); its default texts are the templates
``oscar/communication/emails/commtype_<code>_*.txt``, which include the German
texts kept in ``templates/shop/emails/``. Customer emails are recorded as
communication events on each order concerned; merchants' notices only ever
contain their own order.
"""

import logging

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_class, get_model

from portal.shop import statuses

from . import vat

logger = logging.getLogger(__name__)
Dispatcher = get_class("communication.utils", "Dispatcher")
CommunicationEventType = get_model("communication", "CommunicationEventType")
CommunicationEvent = get_model("order", "CommunicationEvent")

ORDER_PLACED = "ORDER_PLACED"  # Oscar's own code: the customer's confirmation
MERCHANT_NEW_ORDER = "MERCHANT_NEW_ORDER"
READY_FOR_PICKUP = "ORDER_READY_FOR_PICKUP"
SHIPPED = "ORDER_SHIPPED"


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def part_context(order):
    """What an email says about one merchant's order."""
    part = order.merchant_order
    lines = list(order.lines.all())
    return {
        "order": order,
        "part": part,
        "shop": part.shop,
        "page": part.shop.page,
        "lines": lines,
        "vat_rows": vat.order_breakdown(order, lines),
        "status": statuses.status_label(order.status),
    }


def _send(code, recipient, context, orders=()):
    if not recipient:
        logger.warning("No address for the %s email of %s", code, [o.number for o in orders])
        return None
    with translation.override(settings.LANGUAGE_CODE):
        dispatcher = Dispatcher(logger=logger)
        messages = dispatcher.get_messages(code, context)
        email = dispatcher.dispatch_direct_messages(recipient, messages)
    if email is not None and orders:
        event_type = CommunicationEventType.objects.filter(code=code).first()
        if event_type is not None:
            CommunicationEvent.objects.bulk_create(
                CommunicationEvent(order=order, event_type=event_type) for order in orders
            )
    return email


def customer_email(checkout_or_order):
    user = checkout_or_order.user
    if user is not None and user.email:
        return user.email
    return getattr(checkout_or_order, "email", None) or checkout_or_order.guest_email


def send_checkout_confirmation(checkout, orders):
    """One email to the customer listing every merchant's part of the checkout."""
    from portal.shop import payments

    method = payments.get(checkout.payment_method)
    context = {
        "checkout": checkout,
        "parts": [part_context(order) for order in orders],
        "payment_label": method.label if method else checkout.payment_method,
        "payment_instructions": method.instructions(checkout) if method else "",
        "status_url": absolute(checkout.get_absolute_url()),
    }
    return _send(ORDER_PLACED, customer_email(checkout), context, orders)


def send_merchant_notice(order):
    """The merchant learns of its own new order (and nothing about the others)."""
    context = part_context(order)
    context["dashboard_url"] = absolute(
        reverse("dashboard:order-detail", kwargs={"number": order.number})
    )
    return _send(MERCHANT_NEW_ORDER, context["shop"].notification_email, context)


def send_status_email(order, code):
    """ "Ready for pickup" or "shipped", to the customer of ``order``."""
    context = part_context(order)
    checkout = context["part"].checkout
    context["checkout"] = checkout
    context["status_url"] = absolute(checkout.get_absolute_url())
    return _send(code, customer_email(order), context, [order])
