"""What happens to a merchant's order after it is placed.

Merchants move their orders on in the dashboard: ready for pickup (with an
email to the customer), shipped (email), collected (after checking the
pickup code), paid (bank transfer received, or paid at the counter). Every
status change, whichever view makes it, passes ``status_changed`` (via
Oscar's ``order_status_changed`` signal), which keeps the stock right and
sends the customer's emails.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from portal.shop import statuses, tasks
from portal.shop.models import MerchantOrder, Payment

from . import emails

Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventType = get_model("order", "PaymentEventType")
Source = get_model("payment", "Source")

PAID_EVENT = "Paid"
REFUNDED_EVENT = "Refunded"


class OrderActionError(Exception):
    """The action is not possible for this order; the message says why."""


def merchant_order(order):
    try:
        return order.merchant_order
    except MerchantOrder.DoesNotExist:
        return None


def _lock(order):
    """Re-read the status of ``order`` under a row lock (inside a transaction).

    Of two moves of the same order at the same time (two clicks, two
    browsers, a handover and a cancellation), the second waits for the first
    and then sees its result, so stock is released or consumed once.
    """
    order.status = (
        Order.objects.select_for_update().values_list("status", flat=True).get(pk=order.pk)
    )
    part = merchant_order(order)
    if part is not None:
        part.refresh_from_db(fields=["paid_at", "collected_at"])
    return part


def _lock_checkout_of(order):
    """Lock the checkout of ``order`` before the order itself (see ``mark_paid``)."""
    from .paying import lock_checkout

    checkout_id = (
        MerchantOrder.objects.filter(order=order).values_list("checkout_id", flat=True).first()
    )
    return lock_checkout(checkout_id) if checkout_id else None


def change_status(order, new_status):
    """Move ``order`` to ``new_status`` if its fulfilment allows it."""
    with transaction.atomic():
        checkout = _lock_checkout_of(order)
        part = _lock(order)
        method = part.method if part else None
        if checkout is not None and checkout.awaits_provider:
            raise OrderActionError(
                _(
                    "The customer is paying this order online right now. It can be changed "
                    "once the payment is confirmed or has failed."
                )
            )
        if new_status not in statuses.next_statuses(order, method):
            raise OrderActionError(
                _("An order that is “%(old)s” cannot become “%(new)s”.")
                % {
                    "old": statuses.status_label(order.status),
                    "new": statuses.status_label(new_status),
                }
            )
        order.set_status(new_status)


def cancel(order):
    """Cancel ``order``: its reserved stock goes back on sale (``status_changed``)."""
    change_status(order, statuses.CANCELLED)


def status_changed(order, old_status, new_status):
    """Stock, refunds and emails after any status change (Oscar's ``order_status_changed``).

    A cancelled order gives back its stock and what it was paid
    (``services.refunds``: booked now, sent to the provider after commit).
    """
    if new_status == statuses.CANCELLED and old_status not in statuses.HANDED_OVER:
        _release_stock(order)
    elif new_status in statuses.HANDED_OVER and old_status not in statuses.HANDED_OVER:
        _consume_stock(order)
    if new_status == statuses.CANCELLED:
        from . import refunds

        amount = refunds.amount_on_cancel(order)
        if amount > 0:
            record_refund(
                order, amount, reference=_("Cancelled %(number)s") % {"number": order.number}
            )
    if new_status == statuses.READY_FOR_PICKUP:
        emails.send_status_email(order, emails.READY_FOR_PICKUP)
    elif new_status == statuses.SHIPPED:
        emails.send_status_email(order, emails.SHIPPED)


def _tracked_lines(order):
    return [
        line
        for line in order.lines.select_related(
            "stockrecord", "product__product_class", "product__parent__product_class"
        )
        if line.stockrecord_id and line.product_id and line.product.get_product_class().track_stock
    ]


def _release_stock(order):
    for line in _tracked_lines(order):
        line.stockrecord.cancel_allocation(line.quantity)


def _consume_stock(order):
    for line in _tracked_lines(order):
        line.stockrecord.consume_allocation(line.quantity)


def cancel_unpaid(order):
    """Cancel an order whose payment failed right after placing (stock returns)."""
    order.set_status(statuses.CANCELLED)


@transaction.atomic
def record_payment(order, reference=""):
    """Book the order's payment source as paid, log a payment event, send ``order_paid``."""
    from portal.shop.signals import order_paid

    source = order.sources.first()
    if source is not None and source.amount_debited < source.amount_allocated:
        source.debit(source.amount_allocated - source.amount_debited, reference=reference)
    _payment_event(order, "paid", PAID_EVENT, order.total_incl_tax, reference)
    MerchantOrder.objects.filter(order=order, paid_at__isnull=True).update(paid_at=timezone.now())
    order_paid.send(sender=order.__class__, order=order, reference=reference)


@transaction.atomic
def record_refund(order, amount, reference="", user=None):
    """Book ``amount`` of the order's payment as owed back to the customer.

    The money goes back by the way it came (``services.refunds``: the
    provider refunds it, a voucher is credited again, the operator transfers
    it); the order's payment source and events show what was refunded, and
    the customer is told by email.
    """
    from . import refunds

    booked = refunds.book_order_refund(order, amount, reason=reference, user=user)
    source = order.sources.first()
    if source is not None:
        source.refund(amount, reference=reference)
    _payment_event(order, "refunded", REFUNDED_EVENT, amount, reference)
    if booked:
        total = sum((refund.amount for refund in booked), 0)
        transaction.on_commit(
            lambda: tasks.send_refund_notice.enqueue(order.pk, str(total)), robust=True
        )
    return booked


def _payment_event(order, code, name, amount, reference):
    event_type, _created = PaymentEventType.objects.get_or_create(
        code=code, defaults={"name": name}
    )
    PaymentEvent.objects.create(
        order=order, event_type=event_type, amount=amount, reference=reference
    )


def mark_paid(order):
    """The transfer for ``order`` has arrived (or it was paid at the counter).

    Takes the checkout's lock first (like the webhook and the expiry of
    unpaid orders, ``services.paying.lock_checkout``), then the order's, so a
    payment recorded while the deadline passes is either recorded or the
    order is cancelled, never both, and the two never wait for each other
    in opposite order.
    """
    with transaction.atomic():
        checkout = _lock_checkout_of(order)
        part = _lock(order)
        if part is None or part.paid_at is not None:
            raise OrderActionError(_("This order is already marked as paid."))
        if order.status == statuses.CANCELLED:
            raise OrderActionError(_("This order is cancelled."))
        # "New" first: whatever ``order_paid`` starts (e.g. sending vouchers) sees a live order.
        if order.status == statuses.AWAITING_PAYMENT:
            order.set_status(statuses.NEW)
        record_payment(order, reference=checkout.number)
        if not checkout.parts.filter(paid_at__isnull=True).exists():
            checkout.payment_status = checkout.PAYMENT_SETTLED
            checkout.save(update_fields=["payment_status"])
            checkout.payments.filter(status=Payment.AWAITED).update(
                status=Payment.PAID, paid_at=timezone.now()
            )


def mark_checkout_paid(checkout):
    """The operator received one transfer for the whole checkout: every order is paid."""
    for part in checkout.parts.select_related("order").filter(paid_at__isnull=True):
        mark_paid(part.order)


def confirm_pickup(order, code):
    """Hand over a pickup order whose code the customer showed; it is then collected."""
    with transaction.atomic():
        _lock_checkout_of(order)
        part = _lock(order)
        if part is None or not part.is_pickup:
            raise OrderActionError(_("This order is not picked up in the shop."))
        if normalise_code(code) != part.pickup_code:
            raise OrderActionError(_("The pickup code does not match this order."))
        if order.status == statuses.AWAITING_PAYMENT:
            raise OrderActionError(_("This order has not been paid yet."))
        if statuses.COLLECTED not in statuses.next_statuses(order, part.method):
            raise OrderActionError(
                _("An order that is “%(status)s” cannot be handed over.")
                % {"status": statuses.status_label(order.status)}
            )
        order.set_status(statuses.COLLECTED)
        part.collected_at = timezone.now()
        part.save(update_fields=["collected_at"])
        if part.paid_at is None:
            record_payment(order, reference=part.checkout.number)


def normalise_code(code):
    """A pickup code as typed ("abc def", "ABC-DEF") in its stored form ("ABCDEF")."""
    return "".join(char for char in (code or "").upper() if char.isalnum())


def find_by_pickup_code(orders, code):
    """The order among ``orders`` (already limited to the merchant's) with ``code``."""
    code = normalise_code(code)
    if not code:
        return None
    return orders.filter(merchant_order__pickup_code=code).first()
