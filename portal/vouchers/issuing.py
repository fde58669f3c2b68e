"""Issuing vouchers once their payment is confirmed, delivering them, taking them back.

``issue_vouchers`` is the one way vouchers come into existence. It is
idempotent on ``reference``: the shop calls it from its "payment confirmed"
hook with the order number, the employer command with order number and
month; a retried call returns the batch issued the first time. Mail is sent
by a task queued on commit, so a rolled-back transaction never mails codes
that do not exist.
"""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.vouchers import codes
from portal.vouchers.errors import IssuingRefused, WithdrawalRefused
from portal.vouchers.models import Reservation, Voucher, VoucherBatch, VoucherProgramme

WITHDRAWAL_DAYS = 14


def _unique_short_codes(count):
    """``count`` new short codes, none already in use (a clash is rare but possible)."""
    chosen = set()
    while len(chosen) < count:
        wanted = {codes.new_short_code() for _ in range(count - len(chosen))} - chosen
        taken = set(
            Voucher.objects.filter(short_code__in=wanted).values_list("short_code", flat=True)
        )
        chosen |= wanted - taken
    return list(chosen)


def issue_vouchers(
    *,
    values,
    reference,
    kind,
    payment_confirmed_at,
    programme=None,
    email="",
    employer_order=None,
    month=None,
    at=None,
):
    """Create one voucher per amount in ``values`` and mail them to ``email``.

    Returns the ``VoucherBatch``; with a ``reference`` seen before it returns
    that batch unchanged and sends nothing. Call it inside the transaction
    that records the confirmed payment. ``payment_confirmed_at`` is required:
    a voucher exists only once its payment is confirmed. ``email`` is used for
    this delivery only and never stored with the vouchers (bearer vouchers).
    """
    if payment_confirmed_at is None:
        raise IssuingRefused("unpaid")
    programme = programme or VoucherProgramme.current()
    if programme is None:
        raise IssuingRefused("no_programme")
    values = [Decimal(value) for value in values]
    if kind == VoucherBatch.Kind.SHOP and not all(programme.amount_allowed(v) for v in values):
        raise IssuingRefused("invalid_amount")
    if not values or any(value <= 0 for value in values):
        raise IssuingRefused("invalid_amount")
    at = at or timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                batch = VoucherBatch.objects.create(
                    programme=programme,
                    kind=kind,
                    reference=reference,
                    employer_order=employer_order,
                    month=month,
                    payment_confirmed_at=payment_confirmed_at,
                    created_at=at,
                )
        except IntegrityError:
            return VoucherBatch.objects.get(reference=reference)
        valid_until = programme.valid_until(timezone.localdate(at))
        Voucher.objects.bulk_create(
            [
                Voucher(
                    programme=programme,
                    batch=batch,
                    code=codes.new_long_code(),
                    short_code=short_code,
                    value=value,
                    balance=value,
                    issued_at=at,
                    valid_until=valid_until,
                )
                for value, short_code in zip(values, _unique_short_codes(len(values)), strict=True)
            ],
            batch_size=1000,
        )
        if email:
            queue_delivery(batch, email)
    return batch


def queue_delivery(batch, email):
    """Mail the batch's vouchers to ``email`` once the current transaction commits."""
    from portal.vouchers.tasks import send_vouchers

    batch_id = batch.pk
    transaction.on_commit(lambda: send_vouchers.enqueue(batch_id, email))


def resend_vouchers(reference, email):
    """Send a lost voucher email again (from the order page); returns the batch.

    Redeemed and cancelled vouchers are left out of the new mail.
    """
    batch = VoucherBatch.objects.get(reference=reference)
    queue_delivery(batch, email)
    return batch


def _cancel(voucher, reason, at):
    voucher.status = Voucher.Status.CANCELLED
    voucher.cancelled_at = at
    voucher.cancel_reason = reason
    voucher.save(update_fields=["status", "cancelled_at", "cancel_reason"])


def _untouched(voucher, at):
    return (
        voucher.status == Voucher.Status.ACTIVE
        and voucher.balance == voucher.value
        and not Reservation.objects.filter(
            voucher=voucher, status=Reservation.Status.HELD, expires_at__gt=at
        ).exists()
    )


@transaction.atomic
def withdraw_vouchers(reference, *, at=None):
    """Cancel the unused vouchers of a batch within the 14-day withdrawal period.

    The vouchers are locked first, so a redemption running at the same moment
    either finishes before (and the voucher is kept as used) or finds the
    voucher cancelled. Returns the cancelled vouchers; the caller refunds
    their sum. ``WithdrawalRefused`` if the period is over or nothing is unused.
    """
    at = at or timezone.now()
    batch = VoucherBatch.objects.get(reference=reference)
    if at > batch.created_at + datetime.timedelta(days=WITHDRAWAL_DAYS):
        raise WithdrawalRefused("withdrawal_period")
    vouchers = list(batch.vouchers.select_for_update().order_by("pk"))
    cancelled = [voucher for voucher in vouchers if _untouched(voucher, at)]
    if not cancelled:
        raise WithdrawalRefused("withdrawal_used")
    for voucher in cancelled:
        _cancel(voucher, "withdrawal", at)
    return cancelled


@transaction.atomic
def cancel_voucher(voucher, *, reason, at=None):
    """Cancel one unused voucher for good (refund, chargeback, operator decision)."""
    at = at or timezone.now()
    voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
    if not _untouched(voucher, at):
        raise WithdrawalRefused("withdrawal_used")
    _cancel(voucher, reason, at)
    return voucher
