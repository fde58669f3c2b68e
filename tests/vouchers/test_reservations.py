"""Paying with a voucher in the online checkout, at the service level the shop will call."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from portal.vouchers import factories, redemption
from portal.vouchers.errors import RedemptionRefused, ReservationRefused
from portal.vouchers.models import Redemption, Reservation, SettlementEntry, Voucher

pytestmark = pytest.mark.django_db


def test_reserved_voucher_cannot_be_redeemed_elsewhere_until_released(voucher, merchant):
    reservation = redemption.reserve_voucher(voucher.code, checkout_reference="basket-1")
    assert reservation.amount == Decimal("25.00")

    with pytest.raises(RedemptionRefused) as error:
        redemption.redeem(voucher, merchant=merchant)
    assert error.value.reason == "reserved"
    with pytest.raises(ReservationRefused):
        redemption.reserve_voucher(voucher.code, checkout_reference="basket-2")

    redemption.release_reservation(reservation.token)
    assert redemption.redeem(voucher, merchant=merchant).redemption.amount == Decimal("25.00")


def test_reserving_again_for_the_same_checkout_returns_the_same_hold(voucher):
    first = redemption.reserve_voucher(voucher.code, checkout_reference="basket-1")
    again = redemption.reserve_voucher(voucher.code, checkout_reference="basket-1")
    assert first.pk == again.pk
    assert Reservation.objects.count() == 1


def test_failed_order_never_consumes_the_voucher(voucher):
    reservation = redemption.reserve_voucher(voucher.code, checkout_reference="basket-1")
    redemption.release_reservation(reservation.token)
    redemption.release_reservation(reservation.token)  # repeated cleanup is harmless

    voucher.refresh_from_db()
    assert (voucher.status, voucher.balance) == (Voucher.Status.ACTIVE, voucher.value)
    assert not Redemption.objects.exists()
    with pytest.raises(ReservationRefused):
        redemption.redeem_reservation(
            reservation.token, allocations=[(None, Decimal("25"), "100023-1")]
        )


def test_redeeming_a_reservation_books_each_merchant_order(voucher, make_merchant):
    bakery, _ = make_merchant("Bäckerei")
    books, _ = make_merchant("Bücher")
    reservation = redemption.reserve_voucher(voucher.code, checkout_reference="basket-1")

    result = redemption.redeem_reservation(
        reservation.token,
        allocations=[(bakery, Decimal("5.50"), "100023-1"), (books, Decimal("19.50"), "100023-2")],
    )
    again = redemption.redeem_reservation(reservation.token, allocations=[])

    assert again.pk == result.pk
    assert result.channel == Redemption.Channel.ONLINE and result.merchant is None
    entries = {e.order_reference: (e.merchant, e.amount) for e in SettlementEntry.objects.all()}
    assert entries == {
        "100023-1": (bakery, Decimal("5.50")),
        "100023-2": (books, Decimal("19.50")),
    }
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.REDEEMED
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.REDEEMED


def test_smaller_basket_gives_no_change_and_the_rest_goes_to_the_largest_order(
    voucher, make_merchant
):
    bakery, _ = make_merchant("Bäckerei")
    books, _ = make_merchant("Bücher")
    reservation = redemption.reserve_voucher(voucher.code, checkout_reference="basket-1")

    redemption.redeem_reservation(
        reservation.token,
        allocations=[(bakery, Decimal("4"), "o-1"), (books, Decimal("16"), "o-2")],
    )

    amounts = dict(SettlementEntry.objects.values_list("order_reference", "amount"))
    assert amounts == {"o-1": Decimal("4.00"), "o-2": Decimal("21.00")}
    assert Redemption.objects.get().purchase_amount == Decimal("20.00")


def test_orders_at_a_business_outside_the_network_are_refused(voucher, make_merchant):
    outsider, _ = make_merchant("Außerhalb", accepting=False)
    reservation = redemption.reserve_voucher(voucher.code, checkout_reference="basket-1")
    with pytest.raises(ReservationRefused) as error:
        redemption.redeem_reservation(
            reservation.token, allocations=[(outsider, Decimal("25"), "o-1")]
        )
    assert error.value.reason == "not_accepting"
    assert not Redemption.objects.exists()


def test_expired_hold_frees_the_voucher_for_others(voucher, merchant):
    past = timezone.now() - datetime.timedelta(hours=2)
    reservation = redemption.reserve_voucher(voucher.code, checkout_reference="b-1", at=past)
    redemption.redeem(voucher, merchant=merchant)
    with pytest.raises(ReservationRefused) as error:
        redemption.redeem_reservation(
            reservation.token, allocations=[(merchant, Decimal("25"), "o-1")]
        )
    assert error.value.reason == "redeemed"


def test_reserving_unknown_expired_or_cancelled_vouchers_is_refused(programme):
    expired = factories.VoucherFactory(
        batch__programme=programme,
        batch__created_at=timezone.now() - datetime.timedelta(days=2000),
    )
    for code in ("x" * 22, "ABCD-EFGH-JKX", expired.code):
        with pytest.raises(ReservationRefused):
            redemption.reserve_voucher(code, checkout_reference="b")
