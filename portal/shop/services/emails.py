"""The marketplace's emails, sent through Oscar's communication framework.

Each email is a communication event type (editable in Oscar's dashboard
by administrators, like Oscar's own); its default texts are the templates
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
from portal.towns import absolute_url

from . import vat

logger = logging.getLogger(__name__)
Dispatcher = get_class("communication.utils", "Dispatcher")
CommunicationEventType = get_model("communication", "CommunicationEventType")
CommunicationEvent = get_model("order", "CommunicationEvent")

ORDER_PLACED = "ORDER_PLACED"  # Oscar's own code: the customer's confirmation
MERCHANT_NEW_ORDER = "MERCHANT_NEW_ORDER"
READY_FOR_PICKUP = "ORDER_READY_FOR_PICKUP"
SHIPPED = "ORDER_SHIPPED"
PAYMENT_REMINDER = "ORDER_PAYMENT_REMINDER"
CANCELLED_UNPAID = "ORDER_CANCELLED_UNPAID"
MERCHANT_CANCELLED = "MERCHANT_ORDER_CANCELLED"
REFUNDED = "ORDER_REFUNDED"


def status_url(checkout):
    """The resident's order status page on the address of the checkout's town."""
    return absolute_url(checkout.get_absolute_url(), checkout.site)


def merchant_order_url(order):
    """The merchant's view of ``order`` in the back office of the order's town."""
    site = order.merchant_order.checkout.site
    return absolute_url(reverse("shop_orders:detail", args=[order.pk]), site)


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
        "discounts": list(order.discounts.all()),
        "vat_rows": vat.order_breakdown(order, lines),
        "status": statuses.status_label(order.status),
    }


def _send(code, recipient, context, orders=(), attachments=None):
    """Render the event type ``code`` (text and HTML) and mail it; record it on ``orders``."""
    if not recipient:
        logger.warning("No address for the %s email of %s", code, [o.number for o in orders])
        return None
    context.setdefault("site_name", settings.OSCAR_SHOP_NAME)
    with translation.override(settings.LANGUAGE_CODE):
        dispatcher = Dispatcher(logger=logger)
        messages = dispatcher.get_messages(code, context)
        email = dispatcher.dispatch_direct_messages(recipient, messages, attachments=attachments)
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


def payment_label(checkout):
    """How the checkout is paid, e.g. "City voucher 5,00 € and Pay online 7,00 €"."""
    from oscar.templatetags.currency_filters import currency

    from portal.shop import payments

    rows = [payment for payment in checkout.payments.all() if payment.amount]
    labels = [
        (payments.get(payment.method).label if payments.get(payment.method) else payment.method)
        for payment in rows
    ]
    if len(rows) <= 1:
        method = payments.get(checkout.payment_method)
        return str(labels[0] if labels else (method.label if method else checkout.payment_method))
    return translation.gettext(" and ").join(
        f"{label} {currency(payment.amount)}" for label, payment in zip(labels, rows, strict=True)
    )


def send_checkout_confirmation(checkout, orders):
    """One email to the customer listing every merchant's part, each shop's invoice attached.

    The wording follows each order's fulfilment: a pickup code and hours
    only for pickups, the delivery times for deliveries, nothing of either
    for goods sent by email (city vouchers).
    """
    from portal.shop import payments
    from portal.shop.models import MerchantShop

    from . import invoices

    method = payments.get(checkout.payment_method)
    methods = {order.merchant_order.method for order in orders}
    attachments = [
        (invoices.filename(order), invoices.invoice_pdf(order), "application/pdf")
        for order in orders
    ]
    context = {
        "checkout": checkout,
        "parts": [part_context(order) for order in orders],
        "payment_label": payment_label(checkout),
        "payment_instructions": method.instructions(checkout) if method else "",
        "status_url": status_url(checkout),
        "has_pickup": MerchantShop.PICKUP in methods,
        "has_delivery": MerchantShop.DELIVERY in methods,
        "has_email": MerchantShop.EMAIL in methods,
        "invoice_attached": bool(attachments),
    }
    return _send(ORDER_PLACED, customer_email(checkout), context, orders, attachments)


def send_merchant_notice(order):
    """The merchant learns of its own new order (and nothing about the others)."""
    context = part_context(order)
    context["admin_url"] = merchant_order_url(order)
    return _send(MERCHANT_NEW_ORDER, context["shop"].notification_email, context)


def _checkout_orders(checkout):
    return list(
        checkout.orders()
        .select_related("merchant_order__shop__page", "shipping_address", "user")
        .prefetch_related("lines__product")
    )


def send_checkout_paid(checkout_pk):
    """The provider confirmed the payment: the resident's confirmation, the merchants' notices."""
    from portal.shop.models import Checkout

    checkout = Checkout.objects.get(pk=checkout_pk)
    orders = _checkout_orders(checkout)
    send_checkout_confirmation(checkout, orders)
    for order in orders:
        send_merchant_notice(order)


def checkout_context(checkout, orders):
    return {
        "checkout": checkout,
        "parts": [part_context(order) for order in orders],
        "status_url": status_url(checkout),
    }


def send_payment_reminder(checkout):
    """The transfer has not arrived; the orders are cancelled at ``payment_due_at``."""
    from portal.shop import payments

    orders = _checkout_orders(checkout)
    context = checkout_context(checkout, orders)
    method = payments.get(checkout.payment_method)
    context["payment_instructions"] = method.instructions(checkout) if method else ""
    return _send(PAYMENT_REMINDER, customer_email(checkout), context, orders)


def send_checkout_cancelled(checkout_pk, tell_merchants=False):
    """Not paid (failed, cancelled, expired): the resident - and merchants who knew - are told."""
    from portal.shop.models import Checkout

    checkout = Checkout.objects.get(pk=checkout_pk)
    orders = _checkout_orders(checkout)
    context = checkout_context(checkout, orders)
    context["expired"] = checkout.payment_status == Checkout.PAYMENT_EXPIRED
    _send(CANCELLED_UNPAID, customer_email(checkout), context, orders)
    if tell_merchants:
        for order in orders:
            notice = part_context(order)
            notice["checkout"] = checkout
            notice["admin_url"] = merchant_order_url(order)
            _send(MERCHANT_CANCELLED, notice["shop"].notification_email, notice)


def send_refund_notice(order_pk, amount):
    """The resident learns that ``amount`` of an order is paid back, and how."""
    from oscar.core.loading import get_model as _get_model

    order = (
        _get_model("order", "Order")
        .objects.select_related("merchant_order__checkout")
        .get(pk=order_pk)
    )
    context = part_context(order)
    checkout = context["part"].checkout
    context.update(
        checkout=checkout,
        amount=amount,
        refunds=list(order.merchant_order.refunds.select_related("payment").order_by("pk")),
        status_url=status_url(checkout),
    )
    return _send(REFUNDED, customer_email(order), context, [order])


def send_status_email(order, code):
    """ "Ready for pickup" or "shipped", to the customer of ``order``."""
    context = part_context(order)
    checkout = context["part"].checkout
    context["checkout"] = checkout
    context["status_url"] = status_url(checkout)
    return _send(code, customer_email(order), context, [order])
