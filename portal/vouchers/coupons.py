"""Coupons: submitting and approving, taking a free one, redeeming a claim exactly once.

Taking a free coupon locks the coupon's row (``SELECT ... FOR UPDATE``), so
takes of one coupon queue up and each sees the last one's count: the total
limit and the per-person limit are checked on committed numbers. The
per-person place is also a unique row (``coupon, holder, sequence``), a second
guarantee should the lock ever be bypassed. ``taken`` is raised with a
conditional UPDATE that only matches below the total limit.

Redeeming a claim is one conditional UPDATE from "valid" to "used" plus the
insert of its ``CouponRedemption`` (unique per claim), in one transaction:
of any number of concurrent attempts exactly one changes the row.

Both take the coupon's business and time into account: a claim is used only
at its own business, within its dates, weekdays and hours.
"""

import secrets

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from portal.towns import town_of_page
from portal.vouchers import codes, coupon_online
from portal.vouchers.errors import CouponRefused
from portal.vouchers.models import (
    Coupon,
    CouponBook,
    CouponBookCopy,
    CouponClaim,
    CouponRedemption,
    VoucherProgramme,
)
from portal.vouchers.redemption import new_receipt_number


def approval_required(merchant):
    """Whether coupons of ``merchant`` (a business page) wait for the editors: the
    setting of the voucher programme of the business's town."""
    programme = VoucherProgramme.current(town_of_page(merchant))
    return programme is None or programme.coupons_need_approval


def submit(coupon):
    """A merchant saved ``coupon``: it waits for approval, or is approved at once if not needed."""
    needed = approval_required(coupon.merchant)
    coupon.status = Coupon.Status.SUBMITTED if needed else Coupon.Status.APPROVED
    coupon.save()
    return coupon


def review(coupon, *, approve, note=""):
    coupon.status = Coupon.Status.APPROVED if approve else Coupon.Status.REJECTED
    coupon.review_note = note
    coupon.save(update_fields=["status", "review_note", "updated_at"])
    return coupon


# ------------------------------------------------------------------ codes


def _new_codes(count):
    """``count`` pairs of (long code, short code) not yet used by a voucher or a claim."""
    from portal.vouchers.models import Voucher

    pairs = []
    while len(pairs) < count:
        wanted = {codes.new_short_code() for _ in range(count - len(pairs))}
        taken = set(
            CouponClaim.objects.filter(short_code__in=wanted).values_list("short_code", flat=True)
        ) | set(Voucher.objects.filter(short_code__in=wanted).values_list("short_code", flat=True))
        pairs += [(codes.new_long_code(), short) for short in wanted - taken]
    return pairs


def find_claim(code):
    """The claim for a long code or a typed short code, or ``None``."""
    lookup = codes.lookup(code)
    if lookup is None:
        return None
    return (
        CouponClaim.objects.select_related("coupon__merchant", "book_copy__book")
        .filter(**lookup)
        .first()
    )


# ------------------------------------------------------------------ taking


def holder_for(request):
    """Who takes a coupon, for the per-person limit: the account, or this browser."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    key = request.session.get("coupon_holder")
    if not key:
        key = request.session["coupon_holder"] = secrets.token_hex(16)
    return f"browser:{key}"


@transaction.atomic
def take(coupon, *, holder, at=None):
    """Give ``holder`` a personal claim of the free ``coupon``; raises ``CouponRefused``."""
    at = at or timezone.now()
    coupon = Coupon.objects.select_for_update().get(pk=coupon.pk)
    if not coupon.free:
        raise CouponRefused("coupon_only_in_book")
    if coupon.status != Coupon.Status.APPROVED or not coupon.merchant_id:
        raise CouponRefused("coupon_not_approved")
    if timezone.localdate(at) > coupon.valid_until:
        raise CouponRefused("coupon_expired")
    held = CouponClaim.objects.filter(coupon=coupon, holder=holder).count()
    if held >= coupon.per_person_limit:
        raise CouponRefused("coupon_per_person")
    raised = Coupon.objects.filter(
        Q(total_limit__isnull=True) | Q(taken__lt=F("total_limit")), pk=coupon.pk
    ).update(taken=F("taken") + 1)
    if raised != 1:
        raise CouponRefused("coupon_sold_out")
    ((long_code, short_code),) = _new_codes(1)
    try:
        with transaction.atomic():
            claim = CouponClaim.objects.create(
                coupon=coupon,
                code=long_code,
                short_code=short_code,
                holder=holder,
                sequence=held + 1,
                valid_until=coupon.valid_until,
                created_at=at,
            )
    except IntegrityError as error:  # the same person's place, taken meanwhile
        raise CouponRefused("coupon_per_person") from error
    return coupon_online.add_code(claim)


def claims_of_holder(holder):
    return CouponClaim.objects.filter(holder=holder).select_related("coupon__merchant")


# ------------------------------------------------------------------ redeeming


def refusal_for(claim, *, merchant_ids, at, online=False):
    """Why ``claim`` cannot be used now at one of ``merchant_ids``, or ``None``.

    In the store the coupon's weekdays and hours count; ``online`` (an order
    in the shop) only its dates.
    """
    if claim is None:
        return "unknown"
    if claim.status == CouponClaim.Status.REDEEMED:
        return "coupon_used"
    if claim.status == CouponClaim.Status.CANCELLED:
        return "coupon_cancelled"
    if claim.coupon.merchant_id not in merchant_ids:
        return "coupon_other_business"
    if claim.is_expired(timezone.localdate(at)):
        return "coupon_expired"
    coupon = claim.coupon
    if online:
        if not coupon.applies_in_shop:
            return "coupon_not_online"
        reason = coupon.refusal_at(at)
        return None if reason in ("coupon_wrong_day", "coupon_wrong_time") else reason
    if not coupon.applies_in_store:
        return "coupon_only_online"
    return coupon.refusal_at(at)


def redeem(
    claim,
    *,
    merchant_ids,
    user=None,
    channel=CouponRedemption.Channel.STORE,
    discount=None,
    order_reference="",
    at=None,
):
    """Use ``claim`` at its business (one of ``merchant_ids``) exactly once.

    Returns the ``CouponRedemption``; raises ``CouponRefused``. The row only
    changes if it is still valid at the moment of the UPDATE, so of two
    concurrent attempts one updates a row and the other updates none. Used
    in the store, the claim's code in the online shop ends at once.
    """
    at = at or timezone.now()
    online = channel == CouponRedemption.Channel.ONLINE
    if reason := refusal_for(claim, merchant_ids=merchant_ids, at=at, online=online):
        raise CouponRefused(reason)
    with transaction.atomic():
        changed = CouponClaim.objects.filter(pk=claim.pk, status=CouponClaim.Status.ACTIVE).update(
            status=CouponClaim.Status.REDEEMED, redeemed_at=at
        )
        if changed != 1:
            raise CouponRefused("coupon_used")
        redemption = CouponRedemption.objects.create(
            claim=claim,
            merchant_id=claim.coupon.merchant_id,
            channel=channel,
            receipt_number=new_receipt_number(),
            discount=discount,
            order_reference=order_reference,
            redeemed_by=user if user is not None and user.is_authenticated else None,
            created_at=at,
        )
        if claim.shop_code_id and not online:
            from oscar.core.loading import get_model

            get_model("voucher", "Voucher").objects.filter(pk=claim.shop_code_id).update(
                end_datetime=at
            )
    claim.status, claim.redeemed_at = CouponClaim.Status.REDEEMED, at
    return redemption


# ------------------------------------------------------------------ campaigns


def campaign_choice(campaign, own, chosen):
    """An owner's answer for ``campaign``: of its ``own`` coupons exactly ``chosen`` take part.

    Coupons of other businesses in the campaign stay as they are; ``chosen``
    must come from ``own`` (the form's choices guarantee it).
    """
    chosen_ids = {coupon.pk for coupon in chosen}
    if not chosen_ids <= set(own.values_list("pk", flat=True)):
        raise ValueError("only the owner's own coupons")
    campaign.coupons.remove(*own.exclude(pk__in=chosen_ids))
    campaign.coupons.add(*chosen_ids)


# ------------------------------------------------------------------ books


def book_reference(order_number, index):
    return f"shop:{order_number}:{index}"


@transaction.atomic
def issue_book(book, *, reference, at=None):
    """One sold copy of ``book`` with one claim per coupon; idempotent on ``reference``.

    Raises ``CouponRefused("book_sold_out")`` once the edition is sold.
    """
    at = at or timezone.now()
    existing = CouponBookCopy.objects.filter(reference=reference).first()
    if existing is not None:
        return existing
    raised = CouponBook.objects.filter(pk=book.pk, sold__lt=F("edition_size")).update(
        sold=F("sold") + 1
    )
    if raised != 1:
        raise CouponRefused("book_sold_out")
    book.refresh_from_db(fields=["sold"])
    copy = CouponBookCopy.objects.create(
        book=book, code=codes.new_long_code(), reference=reference, number=book.sold, created_at=at
    )
    coupons = list(book.coupons.select_related("shop_offer").order_by("merchant__title", "title"))
    claims = CouponClaim.objects.bulk_create(
        CouponClaim(
            coupon=coupon,
            code=long_code,
            short_code=short_code,
            book_copy=copy,
            valid_until=min(book.valid_until, coupon.valid_until),
            created_at=at,
        )
        for coupon, (long_code, short_code) in zip(coupons, _new_codes(len(coupons)), strict=True)
    )
    for claim in claims:
        coupon_online.add_code(claim)
    return copy


def book_claims(copy):
    return copy.claims.select_related("coupon__merchant", "redemption").order_by(
        "coupon__merchant__title", "coupon__title"
    )


# ------------------------------------------------------------------ figures


def coupon_figures(coupons):
    """Each coupon with ``claim_count`` (taken) and ``used_count`` (redeemed) annotated."""
    return coupons.annotate(
        claim_count=Count("claims", distinct=True),
        used_count=Count(
            "claims", filter=Q(claims__status=CouponClaim.Status.REDEEMED), distinct=True
        ),
    )


def rate(used, taken):
    """Redemption rate in whole percent, or ``None`` when nothing was taken."""
    return round(100 * used / taken) if taken else None


def merchant_figures(merchant_pages):
    """Per business: coupons, taken, used, rate; one query."""
    rows = (
        CouponClaim.objects.filter(coupon__merchant__in=merchant_pages)
        .values("coupon__merchant_id", "coupon__merchant__title")
        .annotate(
            taken=Count("pk"),
            used=Count("pk", filter=Q(status=CouponClaim.Status.REDEEMED)),
            coupons=Count("coupon", distinct=True),
        )
        .order_by("coupon__merchant__title")
    )
    return [
        {
            "merchant": row["coupon__merchant__title"],
            "coupons": row["coupons"],
            "taken": row["taken"],
            "used": row["used"],
            "rate": rate(row["used"], row["taken"]),
        }
        for row in rows
    ]


def book_figures():
    """Per coupon book: sold copies and revenue (price × sold)."""
    return [
        {"book": book, "sold": book.sold, "revenue": book.price * book.sold}
        for book in CouponBook.objects.order_by("-created_at")
    ]
