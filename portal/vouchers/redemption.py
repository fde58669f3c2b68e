"""Redeeming vouchers exactly once: in a shop, and through an online checkout.

Every path follows the same order inside one transaction:

1. lock the voucher row (``SELECT ... FOR UPDATE``), so concurrent attempts
   on the same voucher queue up behind each other and each one sees the
   committed result of the one before;
2. check status, validity, balance and holds by other checkouts;
3. insert the ``Redemption`` (unique per voucher and step: a second insert
   for the same step fails even if the lock were bypassed), update the
   voucher's balance with a conditional UPDATE and insert the
   ``SettlementEntry`` rows.

Either all of it commits or nothing does. Attempts on different vouchers
lock different rows and only insert at the merchant, so they never wait for
each other. A retried POST carries the same idempotency key and gets the
first redemption back instead of a second one. A voucher already redeemed
or cancelled never becomes redeemable again: refusing it writes nothing, so
it takes no lock (a shop's till mostly sees such repeat attempts).
"""

import datetime
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from portal.towns import page_in_town
from portal.vouchers import codes
from portal.vouchers.errors import RedemptionRefused, ReservationRefused
from portal.vouchers.models import (
    AcceptingMerchant,
    Redemption,
    Reservation,
    SettlementEntry,
    Voucher,
)

RECEIPT_LENGTH = 10


def new_receipt_number():
    body = "".join(secrets.choice(codes.ALPHABET) for _ in range(RECEIPT_LENGTH))
    return f"{body[:5]}-{body[5:]}"


def is_accepting(merchant):
    """Whether ``merchant`` (a MerchantPage) may take vouchers right now."""
    return AcceptingMerchant.objects.active().filter(merchant=merchant).exists()


def find_voucher(code):
    """The voucher for a long code or a typed short code, or ``None``."""
    lookup = codes.lookup(code)
    if lookup is None:
        return None
    try:
        # Both codes are unique: a plain get, without first()'s ORDER BY.
        return Voucher.objects.select_related("programme").get(**lookup)
    except Voucher.DoesNotExist:
        return None


def refusal_for(voucher, *, at, amount=None, checkout_reference=None):
    """Why ``voucher`` cannot be spent now (a reason key), or ``None`` if it can."""
    if voucher is None:
        return "unknown"
    if voucher.status == Voucher.Status.CANCELLED:
        return "cancelled"
    if voucher.status == Voucher.Status.REDEEMED or voucher.balance <= 0:
        return "redeemed"
    if voucher.is_expired(timezone.localdate(at)):
        return "expired"
    holds = Reservation.objects.filter(
        voucher=voucher, status=Reservation.Status.HELD, expires_at__gt=at
    )
    if checkout_reference is not None:
        holds = holds.exclude(checkout_reference=checkout_reference)
    if holds.exists():
        return "reserved"
    if amount is not None and amount > voucher.balance:
        return "insufficient"
    return None


def redeemable_amount(voucher, requested=None):
    """What a redemption takes: the whole balance unless the programme allows parts."""
    if not voucher.programme.partial_redemption or requested is None:
        return voucher.balance
    requested = Decimal(requested)
    if requested <= 0 or requested != requested.quantize(Decimal("0.01")):
        raise RedemptionRefused("amount")
    return requested


def _lock(voucher_id, *, programme=None):
    """The voucher, read again and locked; with ``programme`` if it was already read.

    Only the voucher row is locked (``of=("self",)``): a plain FOR UPDATE over
    the join would also lock the programme row and queue every redemption in
    town behind it. As the programme is not locked either way, one read a
    moment ago is as good as joining it again.
    """
    vouchers = Voucher.objects.select_for_update(of=("self",))
    if programme is None:
        return vouchers.select_related("programme").get(pk=voucher_id)
    voucher = vouchers.get(pk=voucher_id)
    voucher.programme = programme
    return voucher


def _next_sequence(voucher):
    if voucher.balance == voucher.value:
        return 1  # untouched: no earlier redemption to count
    return voucher.redemptions.count() + 1


def _book(voucher, amount, at):
    """Take ``amount`` off the locked voucher with a conditional UPDATE.

    The UPDATE only matches while the row still holds the balance read under
    the lock, a second guarantee besides the lock itself. It is a queryset
    update, not ``save()``: balance and status are no references, so Wagtail's
    reference index (a ``post_save`` receiver) has nothing to redo.
    """
    balance = voucher.balance - amount
    status = Voucher.Status.REDEEMED if balance == 0 else voucher.status
    booked = Voucher.objects.filter(
        pk=voucher.pk, balance=voucher.balance, status=voucher.status
    ).update(balance=balance, status=status)
    if booked != 1:
        raise RuntimeError(f"Voucher {voucher.pk} changed while it was locked.")
    voucher.balance, voucher.status = balance, status


@dataclass(frozen=True)
class RedemptionResult:
    redemption: Redemption
    replayed: bool  # True when a retried POST got the first result back


def _replay(key, merchant_id):
    # Nearly every key is new: a cheap EXISTS first, the redemption only for a retry.
    if not Redemption.objects.filter(idempotency_key=key).exists():
        return None
    existing = Redemption.objects.get(idempotency_key=key)
    if existing.merchant_id != merchant_id:
        raise RedemptionRefused("key_conflict")
    return RedemptionResult(existing, replayed=True)


# A voucher never leaves these: nothing can be redeemed from it any more.
FINAL_STATUSES = (Voucher.Status.REDEEMED, Voucher.Status.CANCELLED)


def redeem(
    voucher,
    *,
    merchant,
    user=None,
    amount=None,
    purchase_amount=None,
    idempotency_key=None,
    at=None,
):
    """Redeem ``voucher`` at ``merchant`` (in a shop) exactly once.

    ``amount`` only matters when the programme allows partial redemption;
    otherwise the whole balance is taken and ``purchase_amount`` (what the
    customer bought, if lower) is kept for the record: no change is given.
    Raises ``RedemptionRefused``; returns a ``RedemptionResult``.
    """
    return _redeem_in_store(
        voucher,
        merchant_id=merchant.pk,
        accepting=lambda: is_accepting(merchant),
        user=user,
        amount=amount,
        purchase_amount=purchase_amount,
        idempotency_key=idempotency_key,
        at=at,
    )


def redeem_for_member(
    voucher,
    *,
    membership,
    user=None,
    amount=None,
    purchase_amount=None,
    idempotency_key=None,
    at=None,
):
    """``redeem`` at the till, for a member whose ``membership`` was just read.

    ``membership`` comes from ``AcceptingMerchant.objects.active()`` in the
    same request (``memberships_for``), so whether the business accepts is
    not asked a second time. Same rules, refusals and result as ``redeem``.
    """
    return _redeem_in_store(
        voucher,
        merchant_id=membership.merchant_id,
        accepting=lambda: membership.is_active,
        user=user,
        amount=amount,
        purchase_amount=purchase_amount,
        idempotency_key=idempotency_key,
        at=at,
    )


def _redeem_in_store(voucher, **details):
    """Lock the voucher, check, write; a spent or cancelled voucher without a lock.

    ``voucher`` may have been read a moment ago without a lock. If it is in a
    final status it still is: the checks refuse it (or find the receipt of a
    retried POST) and nothing is written, so nothing needs locking, and the
    refusal costs no row lock and no commit to disk. Any other voucher is read
    again under the lock before anything is decided.
    """
    if voucher is None:
        raise RedemptionRefused("unknown")
    if voucher.status in FINAL_STATUSES:
        return _check_and_write(voucher, **details)
    with transaction.atomic():
        return _check_and_write(_lock(voucher.pk, programme=voucher.programme), **details)


def _check_and_write(
    voucher, *, merchant_id, accepting, user, amount, purchase_amount, idempotency_key, at
):
    at = at or timezone.now()
    # Checked under the lock, or on a voucher seen final: either way the first of
    # two identical POSTs has committed by now.
    if idempotency_key and (replayed := _replay(idempotency_key, merchant_id)):
        return replayed
    if not accepting():
        raise RedemptionRefused("not_accepting")
    take = redeemable_amount(voucher, amount)
    if reason := refusal_for(voucher, at=at, amount=take):
        raise RedemptionRefused(reason, voucher=voucher)
    if not page_in_town(merchant_id, voucher.programme.site_id):
        raise RedemptionRefused("other_town", voucher=voucher)
    if voucher.status in FINAL_STATUSES:  # refusal_for refuses them: never write unlocked
        raise RuntimeError(f"Voucher {voucher.pk} in a final status passed the checks.")
    redemption = _write(
        voucher,
        amount=take,
        at=at,
        shares=[(merchant_id, take, "")],
        purchase_amount=purchase_amount,
        channel=Redemption.Channel.STORE,
        merchant_id=merchant_id,
        idempotency_key=idempotency_key or None,
        redeemed_by=user if user and user.is_authenticated else None,
    )
    return RedemptionResult(redemption, replayed=False)


def _write(voucher, *, amount, at, shares, **fields):
    """Insert the redemption, take ``amount`` off the locked voucher, book the shares.

    ``shares`` are ``(merchant_id, amount, order_reference)``: one settlement
    entry each. Runs inside the caller's transaction, after all checks.
    """
    redemption = Redemption.objects.create(
        voucher=voucher,
        sequence=_next_sequence(voucher),
        amount=amount,
        receipt_number=new_receipt_number(),
        created_at=at,
        **fields,
    )
    _book(voucher, amount, at)
    settlement_hook(redemption)
    SettlementEntry.objects.bulk_create(
        SettlementEntry(
            redemption=redemption,
            merchant_id=merchant_id,
            amount=share,
            order_reference=reference,
            booked_at=at,
        )
        for merchant_id, share, reference in shares
    )
    return redemption


def settlement_hook(redemption):
    """Called between writing the redemption and its settlement entry.

    Does nothing; tests replace it to inject a fault at exactly this point and
    prove that the transaction leaves no partial state behind.
    """


# ---------------------------------------------------------------- online checkout


@transaction.atomic
def reserve_voucher(code, *, checkout_reference, amount=None, at=None):
    """Hold the voucher with long ``code`` for the checkout ``checkout_reference``.

    Returns the ``Reservation`` (its ``token`` is what the shop keeps and its
    ``amount`` what the voucher pays). Calling it again for the same checkout
    returns the same held reservation. Raises ``ReservationRefused``.
    """
    at = at or timezone.now()
    voucher = (
        Voucher.objects.filter(code=code).only("pk").first() if codes.is_long_code(code) else None
    )
    if voucher is None:
        raise ReservationRefused("unknown")
    voucher = _lock(voucher.pk)
    existing = Reservation.objects.filter(
        voucher=voucher,
        checkout_reference=checkout_reference,
        status=Reservation.Status.HELD,
        expires_at__gt=at,
    ).first()
    if existing is not None:
        return existing
    try:
        take = redeemable_amount(voucher, amount)
    except RedemptionRefused as error:
        raise ReservationRefused(error.reason) from error
    if reason := refusal_for(voucher, at=at, amount=take, checkout_reference=checkout_reference):
        raise ReservationRefused(reason)
    return Reservation.objects.create(
        voucher=voucher,
        token=secrets.token_urlsafe(24),
        checkout_reference=checkout_reference,
        amount=take,
        created_at=at,
        expires_at=at + datetime.timedelta(minutes=voucher.programme.reservation_minutes),
    )


def _locked_reservation(token):
    reservation = Reservation.objects.filter(token=token).only("voucher_id").first()
    if reservation is None:
        raise ReservationRefused("reservation_closed")
    voucher = _lock(reservation.voucher_id)
    reservation = Reservation.objects.select_for_update().get(token=token)
    return voucher, reservation


@transaction.atomic
def redeem_reservation(token, *, allocations, at=None):
    """Spend a held reservation on the orders that now exist.

    ``allocations`` is a list of ``(merchant_page, amount, order_reference)``,
    one per merchant order paid with the voucher; every merchant must be an
    accepting business. The amounts may add up to less than the reservation:
    with full redemption no change is given, and the rest goes to the
    merchant of the largest order, as it would at a till. Returns the
    ``Redemption``; a second call returns the same one. A reservation past
    its hold time can still be redeemed if no one else took the voucher.
    """
    at = at or timezone.now()
    voucher, reservation = _locked_reservation(token)
    if reservation.status == Reservation.Status.REDEEMED:
        return reservation.redemption
    if reservation.status == Reservation.Status.RELEASED:
        raise ReservationRefused("reservation_closed")
    allocations = [(m, Decimal(a), ref) for m, a, ref in allocations]
    total = sum(amount for _m, amount, _ref in allocations)
    if not allocations or total > reservation.amount or any(a <= 0 for _m, a, _r in allocations):
        raise ReservationRefused("amount")
    for merchant, _amount, _ref in allocations:
        if not is_accepting(merchant):
            raise ReservationRefused("not_accepting")
        if not page_in_town(merchant.pk, voucher.programme.site_id):
            raise ReservationRefused("other_town")
    if reason := refusal_for(
        voucher, at=at, amount=reservation.amount, checkout_reference=reservation.checkout_reference
    ):
        raise ReservationRefused(reason)
    if total < reservation.amount and not voucher.programme.partial_redemption:
        largest = max(range(len(allocations)), key=lambda index: allocations[index][1])
        merchant, amount, ref = allocations[largest]
        allocations[largest] = (merchant, amount + reservation.amount - total, ref)
        taken = reservation.amount
    else:
        taken = total
    redemption = _write(
        voucher,
        amount=taken,
        at=at,
        shares=[(merchant.pk, amount, ref) for merchant, amount, ref in allocations],
        purchase_amount=total,
        channel=Redemption.Channel.ONLINE,
        merchant_id=allocations[0][0].pk if len(allocations) == 1 else None,
        reservation=reservation,
    )
    reservation.status = Reservation.Status.REDEEMED
    reservation.closed_at = at
    reservation.save(update_fields=["status", "closed_at"])
    return redemption


@transaction.atomic
def release_reservation(token, *, at=None):
    """Give a held voucher back (payment failed, basket changed). Safe to repeat."""
    at = at or timezone.now()
    _voucher, reservation = _locked_reservation(token)
    if reservation.status == Reservation.Status.REDEEMED:
        raise ReservationRefused("reservation_redeemed")
    if reservation.status == Reservation.Status.HELD:
        reservation.status = Reservation.Status.RELEASED
        reservation.closed_at = at
        reservation.save(update_fields=["status", "closed_at"])
    return reservation


@transaction.atomic
def credit_back(token, *, merchant, amount, order_reference, at=None):
    """Put ``amount`` of an online redemption back onto its voucher (an order was cancelled).

    The redemption stays as written. A negative settlement entry takes the
    amount off what the operator owes ``merchant`` (a MerchantPage), and the
    voucher's balance grows by it, at most to its value, so it can be spent
    again: there is no cash-out. Returns the voucher.
    """
    at = at or timezone.now()
    voucher, reservation = _locked_reservation(token)
    if reservation.status != Reservation.Status.REDEEMED:
        raise ReservationRefused("reservation_closed")
    amount = Decimal(amount)
    balance = min(voucher.value, voucher.balance + amount)
    status = (
        Voucher.Status.CANCELLED
        if voucher.status == Voucher.Status.CANCELLED
        else (Voucher.Status.ACTIVE)
    )
    Voucher.objects.filter(pk=voucher.pk, balance=voucher.balance).update(
        balance=balance, status=status
    )
    SettlementEntry.objects.create(
        redemption=reservation.redemption,
        merchant=merchant,
        amount=-amount,
        order_reference=f"Storno {order_reference}"[:80],
        booked_at=at,
    )
    voucher.balance, voucher.status = balance, status
    return voucher
