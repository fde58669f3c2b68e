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

from portal.towns import default_town, in_town, town_id_of_page
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


def town_programmes():
    """Each town's active voucher programme (its operator, fee and account), by town."""
    found = {}
    for programme in VoucherProgramme.objects.active().select_related("site").order_by("pk"):
        found.setdefault(programme.site_id, programme)
    return found


def fee_percents(merchant_ids):
    """The operator's fee in percent for each business: its town's programme decides."""
    from portal.directory.models import MerchantPage

    programmes = town_programmes()
    percents = {}
    for page in MerchantPage.objects.filter(pk__in=merchant_ids).only("url_path"):
        programme = programmes.get(town_id_of_page(page))
        percents[page.pk] = programme.operator_fee_percent if programme else Decimal(0)
    return percents


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
    percents = fee_percents(merchants)
    statements = []
    for merchant in merchants:
        account = accounts.get(merchant)
        redeemed = vouchers_by_merchant.get(merchant, zero)
        share = shares_by_merchant.get(merchant, zero)
        fee = fee_for(redeemed["sum"], percents[merchant])
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


def payable_statements(period, site=None):
    """Statements of ``period`` to pay by transfer (of the town ``site``'s businesses)."""
    return (
        period.statements.filter(in_town(site, "merchant"), payout__gt=0)
        .exclude(iban="")
        .select_related("merchant")
    )


def sepa_transfer_xml(period, *, site=None, execution_date=None):
    """The pain.001 credit transfer file paying the payable statements of ``period``.

    Each town's operator pays its own businesses from its programme's account:
    ``site`` names the town (the default town without it). Statements without an
    account (the merchant gave none) are left out and must be paid by hand;
    ``statements_without_account`` lists them.
    """
    if period.status == SettlementPeriod.Status.OPEN:
        raise SettlementError(_("Close the period before paying it."))
    site = site or default_town()
    programme = VoucherProgramme.current(site)
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
    for statement in payable_statements(period, site):
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


def statements_without_account(period, site=None):
    return period.statements.filter(
        in_town(site, "merchant"), payout__gt=0, iban=""
    ).select_related("merchant")


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


def totals(*, today=None, programme=None):
    """Sold, redeemed, outstanding and expired amounts of ``programme``'s vouchers
    (of every programme without it)."""
    by_programme = totals_by_programme(today=today)
    rows = [by_programme[programme.pk]] if programme else list(by_programme.values())
    zero = Decimal("0.00")
    summed = {key: sum((row[key] for row in rows), zero) for key in TOTAL_KEYS}
    summed["sold_count"] = sum(row["sold_count"] for row in rows)
    return summed


TOTAL_KEYS = ("sold", "redeemed", "outstanding", "expired")


def totals_by_programme(*, today=None):
    """``totals`` of every programme at once (three queries for any number of towns)."""
    today = today or timezone.localdate()
    zero = Decimal("0.00")
    rows = {
        pk: {**dict.fromkeys(TOTAL_KEYS, zero), "sold_count": 0}
        for pk in VoucherProgramme.objects.values_list("pk", flat=True)
    }
    sold = (
        Voucher.objects.exclude(status=Voucher.Status.CANCELLED)
        .values("programme")
        .annotate(value=Sum("value"), count=Count("pk"))
    )
    for row in sold:
        rows[row["programme"]].update(sold=row["value"] or zero, sold_count=row["count"])
    open_vouchers = (
        Voucher.objects.filter(status=Voucher.Status.ACTIVE)
        .values("programme")
        .annotate(
            outstanding=Sum("balance", filter=Q(valid_until__gte=today)),
            expired=Sum("balance", filter=Q(valid_until__lt=today)),
        )
    )
    for row in open_vouchers:
        rows[row["programme"]].update(
            outstanding=row["outstanding"] or zero, expired=row["expired"] or zero
        )
    redeemed = Redemption.objects.values("voucher__programme").annotate(amount=Sum("amount"))
    for row in redeemed:
        rows[row["voucher__programme"]]["redeemed"] = row["amount"] or zero
    return rows


def rolling_volume(*, at=None, programme=None):
    """Redeemed amount over the last 12 months, and whether it nears the legal limit.

    The limit of a limited network applies to each programme (each town's
    issuer) on its own; without ``programme`` the default town's.
    """
    at = at or timezone.now()
    programme = programme or VoucherProgramme.current()
    return volume_of(programme, rolling_volumes(at=at).get(programme.pk if programme else None))


def rolling_volumes(*, at=None):
    """Redeemed amount of the last 12 months by programme (one query)."""
    at = at or timezone.now()
    since = at - datetime.timedelta(days=365)
    rows = (
        Redemption.objects.filter(created_at__gt=since, created_at__lte=at)
        .values("voucher__programme")
        .annotate(total=Sum("amount"))
    )
    return {row["voucher__programme"]: row["total"] for row in rows}


def volume_of(programme, volume):
    volume = volume or Decimal("0.00")
    threshold = programme.volume_threshold if programme else Decimal("1000000")
    warn_percent = programme.volume_warning_percent if programme else 80
    return {
        "volume": volume,
        "threshold": threshold,
        "percent": (volume * 100 / threshold).quantize(Decimal("0.1")) if threshold else 0,
        "warning": volume >= threshold * warn_percent / 100,
        "exceeded": volume >= threshold,
    }


def towns_overview(*, at=None):
    """Per town with a programme: the programme, its totals and its 12-month volume."""
    at = at or timezone.now()
    totals_rows = totals_by_programme(today=timezone.localdate(at))
    volumes = rolling_volumes(at=at)
    return [
        {
            "programme": programme,
            "town": programme.site,
            "totals": totals_rows[programme.pk],
            "volume": volume_of(programme, volumes.get(programme.pk)),
        }
        for programme in town_programmes().values()
    ]
