"""The businesses' share of coupon book revenue, paid with the monthly settlement.

A coupon book may give ``merchant_share_percent`` of each sold copy's price
to the businesses whose coupons are in it. The share of one copy is split
evenly over its coupons (rounded down to the cent, so never more than the
share is paid); by the book's ``share_rule`` a business earns its part for
every coupon of every sold copy (``per_coupon``, due when the copy is sold)
or only for the coupons that were used (``per_redemption``, due when used).

The settlement run (``settlement.close_period``) calls ``book_due`` first:
it writes one ``CouponShareEntry`` for each share that fell due before the
period's end and has none yet, and the statements then collect the entries
without a statement, like the voucher redemptions. Exactly once: the entry
is unique per claim and written with ``ON CONFLICT DO NOTHING``, so a
second run, even one overlapping the first, finds nothing new to pay.
"""

from decimal import ROUND_DOWN, Decimal

from django.db.models import Count, Q

from portal.vouchers.models import CouponBook, CouponClaim, CouponShareEntry

CENT = Decimal("0.01")


def share_per_coupon(book, coupons_in_copy):
    """What one coupon of a copy earns its business; rounded down to the cent."""
    if not coupons_in_copy or not book.merchant_share_percent:
        return Decimal("0.00")
    share = book.price * book.merchant_share_percent / Decimal(100) / coupons_in_copy
    return share.quantize(CENT, rounding=ROUND_DOWN)


def due_claims(until):
    """Claims of sold copies whose share fell due before ``until`` and is not booked yet."""
    per_coupon = Q(
        book_copy__book__share_rule=CouponBook.ShareRule.PER_COUPON,
        book_copy__created_at__lt=until,
    )
    per_redemption = Q(
        book_copy__book__share_rule=CouponBook.ShareRule.PER_REDEMPTION,
        redemption__created_at__lt=until,
    )
    return (
        CouponClaim.objects.filter(
            per_coupon | per_redemption,
            book_copy__book__merchant_share_percent__gt=0,
            share_entry__isnull=True,
        )
        .select_related("coupon", "book_copy__book", "redemption")
        .order_by("pk")
    )


def book_due(until):
    """Write the entry of every share due before ``until`` that has none yet."""
    claims = list(due_claims(until))
    if not claims:
        return
    sizes = dict(
        CouponClaim.objects.filter(book_copy__in={claim.book_copy_id for claim in claims})
        .values("book_copy")
        .annotate(size=Count("pk"))
        .values_list("book_copy", "size")
    )
    entries = []
    for claim in claims:
        book = claim.book_copy.book
        amount = share_per_coupon(book, sizes[claim.book_copy_id])
        if not amount:
            continue
        per_coupon = book.share_rule == CouponBook.ShareRule.PER_COUPON
        entries.append(
            CouponShareEntry(
                claim=claim,
                merchant_id=claim.coupon.merchant_id,
                amount=amount,
                booked_at=claim.book_copy.created_at if per_coupon else claim.redemption.created_at,
            )
        )
    CouponShareEntry.objects.bulk_create(entries, ignore_conflicts=True)


def unsettled(until):
    return CouponShareEntry.objects.filter(statement__isnull=True, booked_at__lt=until)


def statement_lines(statement):
    """The book shares of ``statement``, with their copies and coupons, in booking order."""
    return statement.share_entries.select_related("claim__coupon", "claim__book_copy__book")
