"""Unpaid orders do not hold goods forever: reminders, expiry, and a safety net for webhooks.

``run`` is what ``manage.py expire_unpaid_orders`` (and the background task
``portal.shop.tasks.expire_unpaid_orders``) does, every few minutes on a
timer; each step is idempotent, so a run that overlaps another or is
repeated changes nothing twice:

1. **Remind**: a bank-transfer checkout whose deadline
   (``Checkout.payment_due_at``, placing + ``ShopSettings.payment_days``) is
   less than ``ShopSettings.payment_reminder_days`` away gets one reminder
   (claimed by a conditional UPDATE of ``reminder_sent_at``).
2. **Expire transfers**: past the deadline, every order of the checkout that
   is still unpaid is cancelled (its stock returns), with the checkout row
   locked like every other change of its payment; the resident and the
   merchants are told by email.
3. **Ask the provider** about payments it should have reported on by now
   (past the provider's own expiry and a grace period): a lost webhook is
   handled as if it had arrived (``services.webhooks``). Mollie expires open
   payments itself; so the portal never cancels a payment the resident may
   still be completing.
4. **Send refunds** the provider could not take before.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.shop import payments, statuses
from portal.shop.models import Checkout, Payment, ShopSettings

from . import emails, paying, refunds, webhooks

logger = logging.getLogger(__name__)
# A provider payment without a stated expiry is asked about after this long.
UNSTATED_EXPIRY = datetime.timedelta(hours=24)
# How long after its stated expiry the provider's own webhook is waited for.
GRACE = datetime.timedelta(minutes=10)


@dataclass
class Report:
    reminded: int = 0
    expired: int = 0
    provider_checked: int = 0
    refunds_sent: int = 0

    def __str__(self):
        return (
            f"{self.reminded} reminded, {self.expired} expired, "
            f"{self.provider_checked} provider payments checked, {self.refunds_sent} refunds sent"
        )


def run(now=None):
    now = now or timezone.now()
    report = Report()
    report.reminded = remind(now)
    report.expired = expire_transfers(now)
    report.provider_checked = check_provider_payments(now)
    report.refunds_sent = refunds.send_open_refunds()
    return report


def remind(now):
    days = ShopSettings.load().payment_reminder_days
    if not days:
        return 0
    due = Checkout.objects.filter(
        payment_status=Checkout.PAYMENT_AWAITED,
        reminder_sent_at__isnull=True,
        payment_due_at__gt=now,
        payment_due_at__lte=now + datetime.timedelta(days=days),
    )
    sent = 0
    for checkout in due.order_by("payment_due_at"):
        claimed = Checkout.objects.filter(pk=checkout.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
        if claimed:
            emails.send_payment_reminder(checkout)
            sent += 1
    return sent


def expire_transfers(now):
    due = Checkout.objects.filter(
        payment_status=Checkout.PAYMENT_AWAITED, payment_due_at__lte=now
    ).values_list("pk", flat=True)
    return sum(1 for pk in list(due) if expire_checkout(pk))


def expire_checkout(checkout_pk):
    """Cancel the unpaid orders of an overdue transfer checkout; True if it expired now."""
    with transaction.atomic():
        checkout = paying.lock_checkout(checkout_pk)
        if checkout.payment_status != Checkout.PAYMENT_AWAITED:
            return False  # paid or expired meanwhile
        parts = list(checkout.parts.select_related("order"))
        if any(part.paid_at for part in parts):
            # Some orders were paid one by one: only the others go.
            from .orders import cancel_unpaid

            for part in parts:
                if part.paid_at is None and part.order.status == statuses.AWAITING_PAYMENT:
                    cancel_unpaid(part.order)
            Checkout.objects.filter(pk=checkout.pk).update(payment_status=Checkout.PAYMENT_SETTLED)
            return True
        paying.cancel_checkout(
            checkout,
            Checkout.PAYMENT_EXPIRED,
            _("The transfer did not arrive in time."),
        )
    logger.info("Checkout %s expired unpaid", checkout.number)
    return True


def check_provider_payments(now):
    stale = Payment.objects.filter(status=Payment.PENDING).exclude(reference="")
    stale = stale.filter(expires_at__lte=now - GRACE) | stale.filter(
        expires_at__isnull=True, created_at__lte=now - UNSTATED_EXPIRY
    )
    checked = 0
    for payment in stale.order_by("pk"):
        try:
            webhooks.handle(payment.method, payment.reference)
        except (webhooks.RefusedWebhook, payments.ProviderError) as error:
            logger.warning("Could not check payment %s: %r", payment.reference, error)
            continue
        checked += 1
    return checked
