"""The payment provider's webhook: the one source of truth about a provider payment.

A webhook says only "payment ``tr_…`` changed". ``handle`` refuses ids the
portal never created (a forged or stray call changes nothing), then reads
the payment from the provider's API with the portal's own key - what the
caller sent is never trusted - and checks that amount and checkout match
what the portal asked for. ``apply`` then moves the checkout on, with the
checkout row locked (``paying.lock_checkout``):

================  ===================  ===========================================
our payment       provider says        what happens
================  ===================  ===========================================
pending           paid                 vouchers redeemed, orders go ahead, emails
pending           failed/canceled/     orders cancelled (stock back), vouchers
                  expired              released, resident told
pending           open/pending/...     nothing (the status is noted)
paid              paid (refunds)       refund statuses brought up to date
failed/expired    paid                 paid too late: booked and refunded in full
anything else     anything             nothing
================  ===================  ===========================================

So the same webhook twice, two at once (the second waits for the lock and
then finds the work done), or an older state read after a newer one was
applied, change nothing. A payment that succeeds after the resident closed
the tab is handled the same way: the return page is never needed.
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from portal.shop import payments
from portal.shop.models import Checkout, Payment

from . import paying, refunds

logger = logging.getLogger(__name__)


class RefusedWebhook(Exception):
    """The webhook names no payment of ours, or the provider's payment does not match it."""


@dataclass(frozen=True)
class Outcome:
    changed: bool
    status: str  # our payment's status afterwards


def handle(method_code, reference):
    """Process one webhook call of the provider ``method_code`` for payment ``reference``.

    Raises ``RefusedWebhook`` (nothing changed) or ``ProviderError`` (the
    provider could not be asked; it will call again).
    """
    method = payments.get(method_code)
    if method is None or not method.redirects or not reference:
        raise RefusedWebhook(reference)
    payment = Payment.objects.filter(method=method_code, reference=reference).first()
    if payment is None:
        raise RefusedWebhook(reference)
    try:
        state = method.fetch(reference)
    except payments.UnknownProviderPayment as error:
        raise RefusedWebhook(reference) from error
    if not _matches(payment, state):
        logger.error(
            "Webhook for %s: the provider's payment (%s %s, %s) does not match ours (%s, %s)",
            reference,
            state.amount,
            state.currency,
            state.metadata,
            payment.amount,
            payment.checkout_id,
        )
        raise RefusedWebhook(reference)
    return apply(payment, state)


def _matches(payment, state):
    checkout_number = str((state.metadata or {}).get("checkout", ""))
    return (
        state.reference == payment.reference
        and state.amount == payment.amount
        and state.currency == "EUR"
        and checkout_number == payment.checkout.number
    )


def apply(payment, state):
    """Apply the provider's ``state`` of ``payment`` (see the module's table)."""
    with transaction.atomic():
        checkout = paying.lock_checkout(payment.checkout_id)
        payment = Payment.objects.get(pk=payment.pk)
        payment.checkout = checkout
        return _transition(checkout, payment, state)


def _transition(checkout, payment, state):
    if payment.status == Payment.PENDING:
        if state.is_paid:
            paying.confirm(checkout, payment, state)
            return Outcome(changed=True, status=Payment.PAID)
        if state.is_final_failure:
            _fail(checkout, payment, state)
            return Outcome(changed=True, status=payment.status)
        if payment.provider_status != state.status:
            payment.provider_status = state.status
            payment.save(update_fields=["provider_status"])
        return Outcome(changed=False, status=payment.status)
    if payment.status == Payment.PAID:
        changed = refunds.sync_from_provider(payment, state)
        return Outcome(changed=changed, status=payment.status)
    if payment.status in (Payment.FAILED, Payment.EXPIRED, Payment.CANCELED) and state.is_paid:
        _paid_too_late(checkout, payment, state)
        return Outcome(changed=True, status=Payment.PAID)
    return Outcome(changed=False, status=payment.status)


def _fail(checkout, payment, state):
    status = {
        state.EXPIRED: (Payment.EXPIRED, Checkout.PAYMENT_EXPIRED),
        state.CANCELED: (Payment.CANCELED, Checkout.PAYMENT_FAILED),
        state.FAILED: (Payment.FAILED, Checkout.PAYMENT_FAILED),
    }[state.status]
    reason = {
        state.EXPIRED: _("The payment was not completed in time."),
        state.CANCELED: _("The payment was cancelled."),
        state.FAILED: _("The payment was declined."),
    }[state.status]
    payment.status, payment.provider_status = status[0], state.status
    payment.save(update_fields=["status", "provider_status"])
    paying.cancel_checkout(checkout, status[1], reason)


def _paid_too_late(checkout, payment, state):
    """Money arrived for orders already cancelled: it all goes back."""
    payment.status, payment.paid_at, payment.provider_status = (
        Payment.PAID,
        state.paid_at,
        state.status,
    )
    payment.save(update_fields=["status", "paid_at", "provider_status"])
    refunds.book_payment_refund(
        payment,
        payment.amount,
        reason=_("Paid after the order was cancelled (%(number)s)") % {"number": checkout.number},
    )
    logger.warning("Checkout %s was paid after it had been cancelled: refunded", checkout.number)
