"""Refunds: booked with the cancellation that causes them, then sent the way the money came.

``book_order_refund`` books giving back (part of) what one merchant order
was paid, in the transaction of the cancellation or withdrawal that causes
it: the order's payment shares are reduced - the provider's share first,
then city vouchers - and one ``Refund`` row is written per share:

- a provider payment: ``open``, sent to the provider once the transaction
  has committed (``send_open_refunds``); a refund the provider could not be
  reached for stays ``open`` and is retried by ``manage.py
  expire_unpaid_orders``. The provider's idempotency key is the refund's id,
  so a retry never pays twice;
- a city voucher: credited back onto the voucher by the voucher app
  (``refund_part``), ``refunded`` at once;
- bank transfer or pay on pickup: ``manual``, for the operator or the
  merchant to pay back by hand.

When an order is cancelled, everything it still holds is refunded, unless
an app that sold something in it decides otherwise through the Wagtail
hook ``shop_refund_on_cancel``: ``fn(order)`` returns the amount to refund
now, or ``None`` to leave the decision to the shop (the city voucher app
refunds only vouchers that were not used, and books that itself).
"""

import logging
from decimal import Decimal

from django.db import transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from portal.shop import payments
from portal.shop.models import Payment, PaymentShare, Refund

logger = logging.getLogger(__name__)
ZERO = Decimal("0.00")


def refundable(order):
    """What the merchant order ``order`` could still give back."""
    shares = PaymentShare.objects.filter(
        merchant_order__order=order, payment__status=Payment.PAID
    ).values_list("amount", "refunded")
    return sum((amount - refunded for amount, refunded in shares), ZERO)


def amount_on_cancel(order):
    for hook in hooks.get_hooks("shop_refund_on_cancel"):
        amount = hook(order)
        if amount is not None:
            return Decimal(amount)
    return refundable(order)


def book_order_refund(order, amount=None, *, reason, user=None):
    """Book refunding ``amount`` (default: all that is left) of ``order``; returns the refunds.

    Must run inside a transaction: the shares are locked and the refunds
    are sent after it commits.
    """
    shares = list(
        PaymentShare.objects.select_for_update(of=("self",))
        .filter(merchant_order__order=order, payment__status=Payment.PAID)
        .select_related("payment")
        .order_by(_provider_first(), "pk")
    )
    left = sum((share.refundable for share in shares), ZERO) if amount is None else amount
    booked = []
    for share in shares:
        take = min(share.refundable, left)
        if take <= 0:
            continue
        booked.append(_book_share(share, take, reason=reason, user=user))
        left -= take
    if left > 0:
        logger.warning("Order %s: %s of the refund exceed what was paid", order.number, left)
    _send_after_commit(booked)
    return booked


def book_payment_refund(payment, amount=None, *, reason, user=None):
    """Book refunding the whole ``payment`` (every share that is left), e.g. paid too late."""
    booked = []
    shares = PaymentShare.objects.select_for_update(of=("self",)).filter(payment=payment)
    for share in shares.select_related("payment").order_by("pk"):
        if share.refundable > 0:
            booked.append(_book_share(share, share.refundable, reason=reason, user=user))
    _send_after_commit(booked)
    return booked


def _provider_first():
    redirecting = [method.code for method in payments.registered() if method.redirects]
    return Case(
        When(payment__method__in=redirecting, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


def _book_share(share, amount, *, reason, user):
    payment = share.payment
    method = payments.get(payment.method)
    refund = Refund(
        payment=payment,
        merchant_order_id=share.merchant_order_id,
        amount=amount,
        reason=str(reason)[:200],
        created_by=user if user is not None and user.is_authenticated else None,
    )
    if method is not None and method.redirects:
        refund.status = Refund.OPEN
    elif method is not None and method.pays_part:
        refund.reference = str(method.refund_part(payment, share, amount, reason=reason))[:128]
        refund.status = Refund.REFUNDED
    elif method is not None and method.is_test:
        refund.status = Refund.REFUNDED
    else:
        refund.status = Refund.MANUAL
    refund.save()
    PaymentShare.objects.filter(pk=share.pk).update(refunded=F("refunded") + amount)
    Payment.objects.filter(pk=payment.pk).update(amount_refunded=F("amount_refunded") + amount)
    share.refunded += amount
    return refund


def _send_after_commit(refunds):
    ids = [refund.pk for refund in refunds if refund.status == Refund.OPEN]
    if ids:
        transaction.on_commit(lambda: send_open_refunds(ids), robust=True)


def send_open_refunds(ids=None):
    """Send booked provider refunds (all open ones, or those of ``ids``); returns how many went."""
    open_refunds = Refund.objects.filter(status=Refund.OPEN).select_related("payment__checkout")
    if ids is not None:
        open_refunds = open_refunds.filter(pk__in=ids)
    return sum(1 for refund in open_refunds.order_by("pk") if send(refund))


def send(refund):
    """Ask the provider to pay ``refund`` back; False (and retried later) if it cannot."""
    method = payments.get(refund.payment.method)
    if method is None or not method.redirects:
        return False
    description = _("Refund for order %(number)s") % {"number": refund.payment.checkout.number}
    try:
        sent = method.send_refund(
            refund.payment,
            refund.amount,
            description=description,
            idempotency_key=f"stadtportal-refund-{refund.pk}",
        )
    except payments.ProviderError as error:
        Refund.objects.filter(pk=refund.pk, status=Refund.OPEN).update(
            attempts=F("attempts") + 1, error=str(error)[:300]
        )
        logger.warning("Refund %s could not be sent: %s", refund.pk, error)
        return False
    status = Refund.REFUNDED if sent.status == "refunded" else Refund.PENDING
    Refund.objects.filter(pk=refund.pk, status=Refund.OPEN).update(
        status=status,
        reference=sent.reference,
        sent_at=timezone.now(),
        attempts=F("attempts") + 1,
        error="",
    )
    return True


def sync_from_provider(payment, state):
    """Bring our refunds of ``payment`` up to date with the provider's; True if any changed."""
    ours = {
        refund.reference: refund
        for refund in payment.refunds.exclude(reference="").filter(
            status__in=(Refund.PENDING, Refund.OPEN)
        )
    }
    if not ours:
        return False
    method = payments.get(payment.method)
    changed = False
    for theirs in method.refunds(payment.reference):
        refund = ours.get(theirs.reference)
        new = {"refunded": Refund.REFUNDED, "failed": Refund.FAILED, "canceled": Refund.FAILED}
        if refund is not None and theirs.status in new and refund.status != new[theirs.status]:
            refund.status = new[theirs.status]
            refund.save(update_fields=["status"])
            changed = True
            if refund.status == Refund.FAILED:
                logger.error("The provider could not pay refund %s back", refund.pk)
    return changed


def cancel_checkout_orders(checkout, *, user=None):
    """Cancel every order of ``checkout`` that still can be; each refunds what it was paid.

    Returns the orders that could not be cancelled (already handed over).
    """
    from portal.shop import statuses

    from . import orders as order_service

    left = []
    for order in checkout.orders().select_related("merchant_order"):
        if order.status == statuses.CANCELLED:
            continue
        try:
            order_service.cancel(order)
        except order_service.OrderActionError:
            left.append(order)
    return left
