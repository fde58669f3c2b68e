"""The demo town's coupons: free coupons of five businesses, one coupon book of eight,
and the campaign "Innenstadt-Wochen" with three of the free coupons.

Called by ``build_demo_town`` after the voucher step (``wagtail_hooks``), so the
businesses and the operator's shop exist. One copy of the book is sold (issued
directly, as the shop would after payment) and three of its coupons are
already used; one free coupon is taken and used, so the figures show
something. The book gives the businesses 30 % of its price per used coupon,
paid with the monthly settlement. Everything is found again by a natural key
(business and title, book title, copy reference, campaign address), so a
second run creates nothing new.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from portal.directory.models import MerchantPage
from portal.vouchers import coupon_selling, coupons
from portal.vouchers.demo import SELLER_SLUG
from portal.vouchers.links import absolute_url
from portal.vouchers.models import Coupon, CouponBook, CouponCampaign, CouponClaim

FREE = [
    ("10 % auf alles", Coupon.Kind.PERCENT, Decimal("10"), "10 % Rabatt auf den ganzen Einkauf"),
    ("Kaffee gratis", Coupon.Kind.FREE_ITEM, None, "Ein Kaffee gratis zu jedem Stück Kuchen"),
    ("5 € Rabatt ab 30 €", Coupon.Kind.AMOUNT, Decimal("5"), "5 € weniger ab 30 € Einkauf"),
    ("2 für 1", Coupon.Kind.X_FOR_Y, None, "Zwei zum Preis von einem"),
    ("Geschenkverpackung gratis", Coupon.Kind.FREE_ITEM, None, "Ihr Einkauf schön verpackt"),
]
IN_BOOK_ONLY = [
    ("15 % im Heft", Coupon.Kind.PERCENT, Decimal("15"), "15 % Rabatt auf einen Artikel"),
    ("Überraschung", Coupon.Kind.FREE_ITEM, None, "Eine kleine Überraschung zum Einkauf"),
    ("3 für 2", Coupon.Kind.X_FOR_Y, None, "Drei nehmen, zwei bezahlen"),
]
BOOK_TITLE = "Gutscheinheft Musterstadt"
BOOK_USED = 3
CAMPAIGN_SLUG = "innenstadt-wochen"


def _coupon(page, title, kind, value, benefit, *, free, today):
    coupon = Coupon.objects.filter(merchant=page, title=title).first()
    if coupon is not None:
        return coupon
    return Coupon.objects.create(
        merchant=page,
        title=title,
        kind=kind,
        value=value,
        benefit=benefit,
        conditions="Nicht mit anderen Aktionen kombinierbar. Einmal pro Einkauf.",
        minimum_purchase=Decimal("30") if kind == Coupon.Kind.AMOUNT else None,
        channel=Coupon.Channel.BOTH if kind == Coupon.Kind.PERCENT else Coupon.Channel.STORE,
        valid_from=today - datetime.timedelta(days=7),
        valid_until=today + datetime.timedelta(days=180),
        total_limit=500,
        free=free,
        status=Coupon.Status.APPROVED,
    )


def build(home, log):
    today = timezone.localdate()
    pages = list(MerchantPage.objects.live().exclude(slug=SELLER_SLUG).order_by("path")[:8])
    if not pages:
        return
    free = [
        _coupon(pages[n % len(pages)], *spec, free=True, today=today) for n, spec in enumerate(FREE)
    ]
    only_in_book = [
        _coupon(pages[(n + len(FREE)) % len(pages)], *spec, free=False, today=today)
        for n, spec in enumerate(IN_BOOK_ONLY)
    ]
    book = CouponBook.objects.filter(title=BOOK_TITLE).first()
    if book is None:
        book = CouponBook.objects.create(
            title=BOOK_TITLE,
            description="Acht Coupons von acht Geschäften der Innenstadt.",
            price=Decimal("9.90"),
            edition_size=500,
            valid_until=today + datetime.timedelta(days=180),
            merchant_share_percent=Decimal("30"),
            share_rule=CouponBook.ShareRule.PER_REDEMPTION,
        )
        book.coupons.set(free + only_in_book)
    coupon_selling.sync_book_product(book)
    copy = coupons.issue_book(book, reference="demo:book-1")
    for claim in coupons.book_claims(copy).filter(status=CouponClaim.Status.ACTIVE)[:BOOK_USED]:
        if copy.claims.filter(status=CouponClaim.Status.REDEEMED).count() >= BOOK_USED:
            break
        coupons.redeem(claim, merchant_ids={claim.coupon.merchant_id})
    first = free[0]
    if not first.claims.filter(holder="demo:resident").exists():
        claim = coupons.take(first, holder="demo:resident")
        coupons.redeem(claim, merchant_ids={first.merchant_id})
    campaign, created = CouponCampaign.objects.get_or_create(
        slug=CAMPAIGN_SLUG,
        defaults={
            "title": "Innenstadt-Wochen: Rabatt bei allen teilnehmenden Geschäften",
            "text": "Drei Wochen lang lohnt sich der Bummel durch die Innenstadt doppelt.",
            "valid_from": today - datetime.timedelta(days=3),
            "valid_until": today + datetime.timedelta(days=18),
        },
    )
    if created:
        campaign.coupons.set(free[:3])
    log(f"Coupons: {len(free)} free coupons on {absolute_url('/gutscheine/coupons/')}")
    log(f"  campaign: {absolute_url(campaign.get_absolute_url())}")
    log(f"  coupon book sold, {BOOK_USED} of 8 used: {absolute_url(copy.get_absolute_url())}")
