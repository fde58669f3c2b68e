"""Coupons change state exactly once under concurrency: real threads against PostgreSQL."""

import pytest

from portal.vouchers import coupons, factories
from portal.vouchers.errors import CouponRefused
from portal.vouchers.models import CouponClaim, CouponRedemption

from .test_concurrency import THREADS, run_together

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def coupon(make_merchant):
    page, _user = make_merchant("Café Krümel", accepting=False)
    return factories.CouponFactory(merchant=page)


def test_twenty_threads_redeeming_one_coupon_succeed_exactly_once(coupon):
    claim = coupons.take(coupon, holder="browser:a")
    merchant_ids = {coupon.merchant_id}

    results = run_together(
        [lambda: coupons.redeem(claim, merchant_ids=merchant_ids) for _ in range(THREADS)]
    )

    successes = [r for r in results if isinstance(r, CouponRedemption)]
    refusals = [r for r in results if isinstance(r, CouponRefused)]
    assert len(successes) == 1, results
    assert len(refusals) == THREADS - 1
    assert {r.reason for r in refusals} == {"coupon_used"}
    assert CouponRedemption.objects.count() == 1
    assert CouponClaim.objects.get().status == CouponClaim.Status.REDEEMED


def test_one_person_taking_a_coupon_in_twenty_threads_gets_it_exactly_once(coupon):
    results = run_together([lambda: coupons.take(coupon, holder="user:7") for _ in range(THREADS)])

    taken = [r for r in results if isinstance(r, CouponClaim)]
    refusals = [r for r in results if isinstance(r, CouponRefused)]
    assert len(taken) == 1, results
    assert {r.reason for r in refusals} == {"coupon_per_person"}
    coupon.refresh_from_db()
    assert coupon.taken == 1
    assert CouponClaim.objects.filter(holder="user:7").count() == 1


def test_per_person_limit_of_three_holds_and_the_total_limit_too(coupon):
    coupon.per_person_limit = 3
    coupon.total_limit = 5
    coupon.save()

    results = run_together(
        [lambda n=n: coupons.take(coupon, holder=f"user:{n % 2}") for n in range(THREADS)]
    )

    taken = [r for r in results if isinstance(r, CouponClaim)]
    assert len(taken) == 5
    by_holder = sorted(CouponClaim.objects.values_list("holder", flat=True))
    assert by_holder.count("user:0") <= 3 and by_holder.count("user:1") <= 3
    coupon.refresh_from_db()
    assert coupon.taken == 5 == CouponClaim.objects.count()
