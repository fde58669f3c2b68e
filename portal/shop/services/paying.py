"""The payments of one checkout: hold, split per merchant order, take or give back.

``placement.place`` calls these in order:

1. ``reserve`` holds the partial payments (city vouchers) and then the main
   method for the rest, before any order exists. Every step is a ``Payment``
   row of the checkout.
2. ``share`` (inside the orders' transaction) splits each payment over the
   merchant orders: the partial payments in proportion to each order's
   total (cents left by rounding go to the largest orders first), the main
   payment takes what is left of each order. So every merchant order is paid
   exactly its total, and the settlement knows which money is whose.
3. ``start`` creates the provider's payment (redirect methods), or
   ``settle_now`` takes an instant method's money at once.

For a provider payment, ``confirm`` (the webhook says paid) and
``cancel_checkout`` (failed, cancelled, expired) finish the checkout. Both
run with the checkout row locked (``lock_checkout``), the one lock every
change of a checkout's payment state takes, so two webhooks, a webhook and
the expiry command, or a webhook and a cancellation never both act.
"""

import logging
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.shop import payments, statuses, tasks
from portal.shop.models import Checkout, Payment, PaymentShare
from portal.towns import absolute_url

logger = logging.getLogger(__name__)
CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass
class Held:
    """What ``reserve`` holds for a checkout, before its orders exist."""

    method: object  # the main method, or None when the parts pay everything
    main: Payment | None = None
    parts: list = field(default_factory=list)  # [(method, Payment)]

    @property
    def payments(self):
        return [payment for _method, payment in self.parts] + ([self.main] if self.main else [])

    @property
    def redirect(self):
        """The provider payment the resident still has to make, or ``None``."""
        if self.main is not None and self.method.redirects:
            return self.main
        return None

    @property
    def order_status(self):
        return self.method.order_status if self.main is not None else statuses.NEW


def callback_url(path):
    """``path`` on the address the provider's webhooks reach (one for every town)."""
    return settings.SHOP_PAYMENT_CALLBACK_BASE_URL.rstrip("/") + path


def lock_checkout(checkout_pk):
    """The checkout row, locked until the end of the transaction (see module docstring)."""
    return Checkout.objects.select_for_update().get(pk=checkout_pk)


# ------------------------------------------------------------------ reserving


def reserve(checkout, method, details, parts):
    """Hold every payment of ``checkout``; returns ``Held`` or raises ``PaymentDeclined``.

    ``parts`` are ``(method, details)`` of partial payments. If holding one
    fails, whatever was held before is released again.
    """
    held = Held(method=method)
    try:
        due = checkout.total
        for part_method, part_details in parts:
            for reference, amount in part_method.reserve_part(checkout, part_details, due):
                payment = Payment.objects.create(
                    checkout=checkout,
                    method=part_method.code,
                    amount=amount,
                    status=Payment.RESERVED,
                    reference=reference,
                )
                held.parts.append((part_method, payment))
                due -= amount
        if due > 0 or not parts:
            reference = "" if method.redirects else method.reserve(checkout, details)
            held.main = Payment.objects.create(
                checkout=checkout,
                method=method.code,
                amount=due,
                status=_initial_status(method, reference),
                reference=(reference or "")[:128],
            )
            if reference:
                checkout.payment_reference = reference[:128]
                checkout.payment_status = Checkout.PAYMENT_RESERVED
        else:  # the vouchers pay everything: no provider payment at all
            held.method = None
            checkout.payment_method = held.parts[0][0].code
        checkout.save(update_fields=["payment_reference", "payment_status", "payment_method"])
    except Exception:
        release(checkout, held)
        raise
    return held


def _initial_status(method, reference):
    if method.redirects:
        return Payment.PENDING
    if method.payment_status in (Checkout.PAYMENT_AWAITED, Checkout.PAYMENT_NONE):
        return Payment.AWAITED
    return Payment.RESERVED


def release(checkout, held):
    """Give back everything ``held`` holds (after a failure); harmless to repeat."""
    for part_method, payment in held.parts:
        _release_part(part_method, payment)
    if held.main is not None and held.method is not None and not held.method.redirects:
        try:
            held.method.release(checkout)
        except Exception:  # reported; a stuck reservation is logged for staff
            logger.exception("Releasing the payment of checkout %s failed", checkout.number)
        else:
            Payment.objects.filter(pk=held.main.pk, status__in=Payment.OPEN_STATUSES).update(
                status=Payment.RELEASED
            )
    if checkout.payment_status == Checkout.PAYMENT_RESERVED:
        checkout.payment_status = Checkout.PAYMENT_RELEASED
        checkout.save(update_fields=["payment_status"])


def _release_part(method, payment):
    try:
        method.release_part(payment)
    except Exception:
        logger.exception(
            "Releasing payment %s of checkout %s failed", payment.pk, payment.checkout_id
        )
        return
    Payment.objects.filter(pk=payment.pk, status=Payment.RESERVED).update(status=Payment.RELEASED)
    payment.status = Payment.RELEASED


# ------------------------------------------------------------------ sharing


def split(amount, weights):
    """``amount`` in cents over ``weights`` in proportion; rounding cents to the largest first."""
    total = sum(weights, ZERO)
    if not weights or total <= 0:
        return [ZERO for _weight in weights]
    shares = [(amount * weight / total).quantize(CENT, rounding=ROUND_DOWN) for weight in weights]
    left = amount - sum(shares, ZERO)
    by_size = sorted(range(len(weights)), key=lambda index: (-weights[index], index))
    position = 0
    while left > 0:
        shares[by_size[position % len(weights)]] += CENT
        left -= CENT
        position += 1
    return shares


def share(payments_in_order, orders):
    """One ``PaymentShare`` per payment and merchant order (see module docstring)."""
    open_amount = {order.pk: order.total_incl_tax for order in orders}
    rows = []
    *parts, last = payments_in_order
    for payment in parts:
        amounts = split(payment.amount, [open_amount[order.pk] for order in orders])
        for order, amount in zip(orders, amounts, strict=True):
            open_amount[order.pk] -= amount
            rows.append((payment, order, amount))
    for order in orders:
        rows.append((last, order, open_amount[order.pk]))
    PaymentShare.objects.bulk_create(
        PaymentShare(payment=payment, merchant_order=order.merchant_order, amount=amount)
        for payment, order, amount in rows
        if amount > 0
    )


# ------------------------------------------------------------------ provider


def return_url(checkout):
    """Where the provider sends the resident back: their town's own address, so
    they come back to the portal (and the session) they paid on."""
    return absolute_url(
        reverse(
            "shop:payment-return", kwargs={"number": checkout.number, "key": checkout.access_key}
        ),
        checkout.site,
    )


def webhook_url(method):
    return callback_url(reverse("shop:payment-webhook", kwargs={"method": method.code}))


def start(checkout, payment, method):
    """Create the provider's payment; the checkout then waits for its webhook.

    Raises ``ProviderError`` if the provider cannot be reached: nothing has
    been taken then, and the caller cancels the orders.
    """
    created = method.start(
        checkout, payment, return_url=return_url(checkout), webhook_url=webhook_url(method)
    )
    payment.reference = created.reference
    payment.checkout_url = created.checkout_url
    payment.provider_status = created.status
    payment.expires_at = created.expires_at
    payment.save(update_fields=["reference", "checkout_url", "provider_status", "expires_at"])
    Checkout.objects.filter(pk=checkout.pk).update(
        payment_status=Checkout.PAYMENT_PENDING, payment_reference=created.reference
    )
    checkout.payment_status = Checkout.PAYMENT_PENDING
    checkout.payment_reference = created.reference
    return created.checkout_url


# ------------------------------------------------------------------ taking


def settle_now(checkout, held, orders):
    """Take an instant checkout's money now the orders exist (raises on failure)."""
    _settle_parts(checkout, held.parts)
    if held.main is not None and held.method is not None:
        held.method.settle(checkout, orders)
        if held.method.payment_status == Checkout.PAYMENT_SETTLED:
            Payment.objects.filter(pk=held.main.pk).update(
                status=Payment.PAID, paid_at=timezone.now()
            )
        checkout.payment_status = held.method.payment_status
    else:
        checkout.payment_status = Checkout.PAYMENT_SETTLED
    checkout.save(update_fields=["payment_status"])
    if checkout.payment_status == Checkout.PAYMENT_SETTLED:
        _record_paid(checkout, orders)


def _settle_parts(checkout, parts):
    for part_method, payment in parts:
        shares = list(
            payment.shares.select_related("merchant_order__order", "merchant_order__shop__page")
        )
        part_method.settle_part(checkout, payment, shares)
        Payment.objects.filter(pk=payment.pk).update(status=Payment.PAID, paid_at=timezone.now())


def _record_paid(checkout, orders):
    from .orders import record_payment

    for order in orders:
        if order.status == statuses.AWAITING_PAYMENT:
            order.set_status(statuses.NEW)
        record_payment(order, reference=checkout.payment_reference or checkout.number)


def confirm(checkout, payment, state):
    """The provider says ``payment`` is paid: take the parts, the orders go ahead.

    Runs inside the caller's transaction with the checkout locked. If a
    partial payment can no longer be taken (a voucher cancelled meanwhile),
    the orders are cancelled instead, which refunds the provider's money in
    full (``services.refunds``); returns False then.
    """
    now = timezone.now()
    payment.status, payment.paid_at = Payment.PAID, state.paid_at or now
    payment.provider_status = state.status
    payment.save(update_fields=["status", "paid_at", "provider_status"])
    parts = [
        (payments.get(other.method), other)
        for other in checkout.payments.filter(status=Payment.RESERVED).exclude(pk=payment.pk)
    ]
    orders = list(checkout.orders().select_related("merchant_order"))
    try:
        with transaction.atomic():
            _settle_parts(checkout, parts)
    except Exception as error:
        logger.warning(
            "Checkout %s: a partial payment failed after the provider's: %r", checkout.number, error
        )
        message = (
            str(error)
            if isinstance(error, payments.PaymentDeclined)
            else _("Your city voucher could not be redeemed.")
        )
        cancel_checkout(checkout, Checkout.PAYMENT_FAILED, message, parts=parts)
        return False
    checkout.payment_status = Checkout.PAYMENT_SETTLED
    checkout.save(update_fields=["payment_status"])
    _record_paid(checkout, orders)
    # robust: a mail server down must not turn the processed webhook into an error
    transaction.on_commit(lambda: tasks.send_checkout_paid.enqueue(checkout.pk), robust=True)
    return True


def cancel_checkout(checkout, payment_status, reason, *, parts=None, notify=True):
    """Nothing was (or will be) paid: cancel the orders, give back stock and vouchers.

    Runs with the checkout locked. The resident is told by email (the tab
    may have been closed long ago); merchants only if they had been told of
    the orders (bank transfer: at placing).
    """
    from .orders import cancel_unpaid

    orders = list(checkout.orders().select_related("merchant_order"))
    for order in orders:
        if order.status != statuses.CANCELLED:
            cancel_unpaid(order)
    if parts is None:
        parts = [
            (payments.get(payment.method), payment)
            for payment in checkout.payments.filter(status=Payment.RESERVED)
        ]
    for part_method, payment in parts:
        if part_method is not None:
            _release_part(part_method, payment)
    closed = Payment.EXPIRED if payment_status == Checkout.PAYMENT_EXPIRED else Payment.FAILED
    checkout.payments.filter(status__in=(Payment.PENDING, Payment.AWAITED)).update(status=closed)
    checkout.status = Checkout.FAILED
    checkout.payment_status = payment_status
    checkout.failure = str(reason)[:300]
    checkout.save(update_fields=["status", "payment_status", "failure"])
    if notify:
        # Merchants hear of provider-paid orders only once paid; of the others at placing.
        main = payments.get(checkout.payment_method)
        merchants_knew = main is not None and not main.redirects
        transaction.on_commit(
            lambda: tasks.send_checkout_cancelled.enqueue(checkout.pk, merchants_knew),
            robust=True,
        )
    return orders
