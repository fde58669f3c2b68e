"""Settling redeemed vouchers with the merchants, and the operator's totals.

A period is a calendar month. Closing it (only after it ended) turns every
unsettled entry booked before its end into one statement per merchant:
gross, the operator's fee (programme setting, rounded to the cent), the
business's share of sold coupon books (``coupon_shares``) and the payout.
The SEPA credit transfer file (pain.001.001.03, built by sepaxml and
validated against the schema sepaxml ships) pays all statements of a
period that have an account, book shares included; the operator then marks
them paid.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from sepaxml import SepaTransfer

from portal.vouchers import coupon_shares
from portal.vouchers.banking import bic_for
from portal.vouchers.models import (
    AcceptingMerchant,
    CouponShareEntry,
    MerchantStatement,
    Redemption,
    SettlementEntry,
    SettlementPeriod,
    Voucher,
    VoucherProgramme,
)
from portal.vouchers.models.settlement import first_of_month

CENT = Decimal("0.01")
SEPA_SCHEMA = "pain.001.001.03"


class SettlementError(Exception):
    pass


def period_for(day):
    """The period containing ``day`` (a date), created when missing."""
    period, _ = SettlementPeriod.objects.get_or_create(start=first_of_month(day))
    return period


def statements_for_user(user):
    """Statements of the businesses ``user`` manages: merchants see only their own."""
    from portal.directory.services import merchant_pages_for_user

    return MerchantStatement.objects.filter(merchant__in=merchant_pages_for_user(user))


def fee_for(gross, percent):
    return (gross * percent / Decimal(100)).quantize(CENT, rounding=ROUND_HALF_UP)


SETTLEMENT_LOCK = 0x5354_4C4D  # "STLM": settlement runs of any period queue up on it


@transaction.atomic
def close_period(period, *, at=None):
    """Create the statements of ``period``; returns them. Only once the month is over.

    A statement holds the business's voucher redemptions (less the fee) and
    its share of coupon books (``coupon_shares``). Runs queue up on one
    advisory lock on PostgreSQL, so two runs never collect the same entries.
    """
    at = at or timezone.now()
    if connection.vendor == "postgresql":  # SQLite (the demo) runs one writer at a time anyway
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SETTLEMENT_LOCK])
    given, period = period, SettlementPeriod.objects.select_for_update().get(pk=period.pk)
    if period.status != SettlementPeriod.Status.OPEN:
        raise SettlementError(_("This period is already closed."))
    if at < period.end_datetime:
        raise SettlementError(_("A period can be closed only after it has ended."))
    programme = VoucherProgramme.current()
    percent = programme.operator_fee_percent if programme else Decimal(0)
    unsettled = SettlementEntry.objects.filter(
        statement__isnull=True, booked_at__lt=period.end_datetime
    )
    coupon_shares.book_due(period.end_datetime)
    shares = coupon_shares.unsettled(period.end_datetime)
    zero = {"sum": Decimal("0.00"), "count": 0}
    vouchers_by_merchant = {
        row["merchant"]: row
        for row in unsettled.values("merchant").annotate(sum=Sum("amount"), count=Count("pk"))
    }
    shares_by_merchant = {
        row["merchant"]: row
        for row in shares.values("merchant").annotate(sum=Sum("amount"), count=Count("pk"))
    }
    merchants = sorted(vouchers_by_merchant.keys() | shares_by_merchant.keys())
    accounts = {
        account.merchant_id: account
        for account in AcceptingMerchant.objects.filter(merchant__in=merchants)
    }
    statements = []
    for merchant in merchants:
        account = accounts.get(merchant)
        redeemed = vouchers_by_merchant.get(merchant, zero)
        share = shares_by_merchant.get(merchant, zero)
        fee = fee_for(redeemed["sum"], percent)
        statement = MerchantStatement.objects.create(
            period=period,
            merchant_id=merchant,
            number=f"GS-{period.start:%Y%m}-{merchant:05d}",
            redemption_count=redeemed["count"],
            gross=redeemed["sum"],
            fee=fee,
            book_share_count=share["count"],
            book_share=share["sum"],
            payout=redeemed["sum"] - fee + share["sum"],
            account_holder=account.account_holder if account else "",
            iban=account.iban if account else "",
            bic=bic_for(account.iban, account.bic) if account else "",
            created_at=at,
        )
        unsettled.filter(merchant_id=merchant).update(statement=statement)
        shares.filter(merchant_id=merchant).update(statement=statement)
        statements.append(statement)
    for instance in (period, given):
        instance.status = SettlementPeriod.Status.CLOSED
        instance.closed_at = at
    period.save(update_fields=["status", "closed_at"])
    return statements


def close_due_periods(*, at=None):
    """Close every open period that has ended (the monthly timer calls this)."""
    at = at or timezone.now()
    current = first_of_month(timezone.localdate(at))
    # Entries of past months whose period row does not exist yet get one.
    coupon_shares.book_due(timezone.make_aware(datetime.datetime.combine(current, datetime.time())))
    for unsettled in (SettlementEntry.objects, CouponShareEntry.objects):
        for day in unsettled.filter(statement__isnull=True).dates("booked_at", "month"):
            if day < current:
                period_for(day)
    closed = []
    for period in SettlementPeriod.objects.filter(status=SettlementPeriod.Status.OPEN).order_by(
        "start"
    ):
        if period.end_datetime <= at:
            closed.append((period, close_period(period, at=at)))
    return closed


@transaction.atomic
def mark_paid(period, *, at=None):
    """Record that the SEPA transfer of ``period`` was executed."""
    at = at or timezone.now()
    given, period = period, SettlementPeriod.objects.select_for_update().get(pk=period.pk)
    if period.status == SettlementPeriod.Status.OPEN:
        raise SettlementError(_("Close the period before marking it paid."))
    period.statements.filter(paid_at__isnull=True).update(paid_at=at)
    for instance in (period, given):
        instance.status = SettlementPeriod.Status.PAID
        instance.paid_at = at
    period.save(update_fields=["status", "paid_at"])
    return period


def payable_statements(period):
    return period.statements.filter(payout__gt=0).exclude(iban="").select_related("merchant")


def sepa_transfer_xml(period, *, execution_date=None):
    """The pain.001 credit transfer file paying every payable statement of ``period``.

    Statements without an account (the merchant gave none) are left out and
    must be paid by hand; ``statements_without_account`` lists them.
    """
    if period.status == SettlementPeriod.Status.OPEN:
        raise SettlementError(_("Close the period before paying it."))
    programme = VoucherProgramme.current()
    if programme is None or not programme.operator_iban:
        raise SettlementError(_("The programme has no operator account."))
    transfer = SepaTransfer(
        {
            "name": programme.operator_account_holder[:70],
            "IBAN": programme.operator_iban,
            "BIC": bic_for(programme.operator_iban, programme.operator_bic),
            "batch": True,
            "currency": "EUR",
        },
        schema=SEPA_SCHEMA,
        clean=True,
    )
    execution_date = execution_date or timezone.localdate() + datetime.timedelta(days=1)
    for statement in payable_statements(period):
        payment = {
            "name": (statement.account_holder or statement.merchant.title)[:70],
            "IBAN": statement.iban,
            "amount": int((statement.payout * 100).to_integral_value()),
            "execution_date": execution_date,
            "description": f"Stadtgutschein {period.label} {statement.number}"[:140],
            "endtoend_id": statement.number.replace("-", "")[:35],
        }
        if statement.bic:
            payment["BIC"] = statement.bic
        transfer.add_payment(payment)
    return transfer.export(validate=True)


def statements_without_account(period):
    return period.statements.filter(payout__gt=0, iban="").select_related("merchant")


def statement_rows(statement):
    """The statement's redemptions and sums as spreadsheet rows (``portal.spreadsheets``)."""
    yield [_("Date"), _("Receipt number"), _("Order"), _("Amount (EUR)")]
    for entry in statement.entries.select_related("redemption").order_by("booked_at", "pk"):
        yield [
            entry.booked_at,
            entry.redemption.receipt_number,
            entry.order_reference,
            entry.amount,
        ]
    shares = list(coupon_shares.statement_lines(statement))
    if shares:
        yield []
        yield [_("Date"), _("Coupon book"), _("Coupon"), _("Share (EUR)")]
        for entry in shares:
            yield [
                entry.booked_at,
                str(entry.claim.book_copy),
                entry.claim.coupon.title,
                entry.amount,
            ]
    yield []
    yield [_("Total redeemed"), "", "", statement.gross]
    yield [_("Fee"), "", "", statement.fee]
    if shares:
        yield [_("Share of coupon books"), "", "", statement.book_share]
    yield [_("Payout"), "", "", statement.payout]


# ---------------------------------------------------------------- operator totals


def totals(*, today=None):
    """Sold, redeemed, outstanding and expired amounts over all vouchers."""
    today = today or timezone.localdate()
    sold = Voucher.objects.exclude(status=Voucher.Status.CANCELLED).aggregate(
        value=Sum("value"), count=Count("pk")
    )
    open_vouchers = Voucher.objects.filter(status=Voucher.Status.ACTIVE).aggregate(
        outstanding=Sum("balance", filter=Q(valid_until__gte=today)),
        expired=Sum("balance", filter=Q(valid_until__lt=today)),
    )
    redeemed = Redemption.objects.aggregate(amount=Sum("amount"))
    zero = Decimal("0.00")
    return {
        "sold": sold["value"] or zero,
        "sold_count": sold["count"],
        "redeemed": redeemed["amount"] or zero,
        "outstanding": open_vouchers["outstanding"] or zero,
        "expired": open_vouchers["expired"] or zero,
    }


def rolling_volume(*, at=None):
    """Redeemed amount over the last 12 months, and whether it nears the legal limit."""
    at = at or timezone.now()
    since = at - datetime.timedelta(days=365)
    volume = Redemption.objects.filter(created_at__gt=since, created_at__lte=at).aggregate(
        total=Sum("amount")
    )["total"] or Decimal("0.00")
    programme = VoucherProgramme.current()
    threshold = programme.volume_threshold if programme else Decimal("1000000")
    warn_percent = programme.volume_warning_percent if programme else 80
    return {
        "volume": volume,
        "threshold": threshold,
        "percent": (volume * 100 / threshold).quantize(Decimal("0.1")) if threshold else 0,
        "warning": volume >= threshold * warn_percent / 100,
        "exceeded": volume >= threshold,
    }
