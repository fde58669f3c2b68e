"""Redeeming in a shop: who may, which vouchers, and that a failure leaves nothing behind."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from portal.vouchers import factories, issuing, redemption
from portal.vouchers.errors import IssuingRefused, RedemptionRefused
from portal.vouchers.models import Redemption, SettlementEntry, Voucher, VoucherBatch

pytestmark = pytest.mark.django_db


def refusal(voucher, merchant, **kwargs):
    with pytest.raises(RedemptionRefused) as error:
        redemption.redeem(voucher, merchant=merchant, **kwargs)
    return error.value.reason


def assert_untouched(voucher):
    voucher.refresh_from_db()
    assert voucher.balance == voucher.value
    assert not Redemption.objects.filter(voucher=voucher).exists()
    assert not SettlementEntry.objects.exists()


def test_redeeming_takes_the_full_value_and_books_one_settlement_entry(voucher, merchant):
    result = redemption.redeem(voucher, merchant=merchant, purchase_amount=Decimal("19.90"))

    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.REDEEMED
    assert voucher.balance == 0
    assert result.redemption.amount == Decimal("25.00")
    assert result.redemption.change_not_given == Decimal("5.10")
    (entry,) = SettlementEntry.objects.all()
    assert (entry.merchant, entry.amount) == (merchant, Decimal("25.00"))
    assert len(result.redemption.receipt_number) == 11


def test_second_redeem_of_same_voucher_is_refused(voucher, merchant):
    redemption.redeem(voucher, merchant=merchant)
    assert refusal(voucher, merchant) == "redeemed"
    assert Redemption.objects.count() == 1


def test_retry_with_the_same_idempotency_key_returns_the_first_result(voucher, merchant):
    first = redemption.redeem(voucher, merchant=merchant, idempotency_key="k1")
    again = redemption.redeem(voucher, merchant=merchant, idempotency_key="k1")

    assert again.replayed and not first.replayed
    assert again.redemption.pk == first.redemption.pk
    assert SettlementEntry.objects.count() == 1


def test_vouchers_without_confirmed_payment_are_never_issued(programme):
    with pytest.raises(IssuingRefused) as error:
        issuing.issue_vouchers(
            values=[25], reference="shop:1", kind="shop", payment_confirmed_at=None
        )
    assert error.value.reason == "unpaid"
    assert not Voucher.objects.exists()


def test_a_code_that_was_never_issued_is_refused_as_unknown(voucher, merchant):
    """Long (QR link) and short (typed) codes alike; a real voucher's code differs."""
    long_code = "x" * 22
    short_code = "ABCD-EFGH-JKX"
    assert long_code != voucher.code and short_code != voucher.short_code_display

    assert redemption.find_voucher(long_code) is None
    assert redemption.find_voucher(short_code) is None
    assert refusal(None, merchant) == "unknown"
    assert_untouched(voucher)


def test_cancelled_voucher_is_refused(voucher, merchant):
    issuing.cancel_voucher(voucher, reason="refund")
    assert refusal(voucher, merchant) == "cancelled"
    assert_untouched(voucher)


def test_expired_voucher_is_refused(programme, merchant):
    issued = timezone.now() - datetime.timedelta(days=5 * 365)
    voucher = factories.VoucherFactory(batch__programme=programme, batch__created_at=issued)
    assert voucher.valid_until < timezone.localdate()
    assert refusal(voucher, merchant) == "expired"
    assert_untouched(voucher)


def test_voucher_is_valid_until_31_december_of_the_third_year(programme):
    voucher = factories.VoucherFactory(
        batch__programme=programme,
        batch__created_at=timezone.make_aware(datetime.datetime(2025, 2, 14, 12)),
    )
    assert voucher.valid_until == datetime.date(2028, 12, 31)


def test_business_outside_the_network_is_refused(voucher, make_merchant):
    outsider, _user = make_merchant("Kiosk am Eck", accepting=False)
    assert refusal(voucher, outsider) == "not_accepting"
    assert_untouched(voucher)


def test_business_without_contract_date_is_refused(voucher, make_merchant):
    pending, _user = make_merchant("Neu im Netz", contract_date=None)
    assert refusal(voucher, pending) == "not_accepting"


def test_suspension_stops_redemption_at_once(voucher, merchant, programme):
    merchant.voucher_acceptance.suspended = True
    merchant.voucher_acceptance.save()
    assert refusal(voucher, merchant) == "not_accepting"
    assert_untouched(voucher)

    merchant.voucher_acceptance.suspended = False
    merchant.voucher_acceptance.save()
    assert redemption.redeem(voucher, merchant=merchant).redemption.amount == voucher.value


def test_fault_after_the_redemption_row_leaves_no_partial_state(voucher, merchant, monkeypatch):
    def explode(written):
        assert Redemption.objects.filter(pk=written.pk).exists()
        raise RuntimeError("disk full")

    monkeypatch.setattr(redemption, "settlement_hook", explode)
    with pytest.raises(RuntimeError):
        redemption.redeem(voucher, merchant=merchant, idempotency_key="k-fault")

    assert_untouched(voucher)
    assert Voucher.objects.get(pk=voucher.pk).status == Voucher.Status.ACTIVE
    monkeypatch.undo()
    assert (
        redemption.redeem(voucher, merchant=merchant, idempotency_key="k-fault").replayed is False
    )


def test_partial_redemption_when_the_programme_allows_it(programme, merchant):
    programme.partial_redemption = True
    programme.save()
    voucher = factories.VoucherFactory(batch__programme=programme, value=Decimal("50"))

    redemption.redeem(voucher, merchant=merchant, amount=Decimal("20"))
    redemption.redeem(voucher, merchant=merchant, amount=Decimal("30"))

    voucher.refresh_from_db()
    assert (voucher.balance, voucher.status) == (0, Voucher.Status.REDEEMED)
    assert list(voucher.redemptions.order_by("sequence").values_list("sequence", flat=True)) == [
        1,
        2,
    ]
    assert refusal(voucher, merchant, amount=Decimal("1")) == "redeemed"


def test_partial_redemption_cannot_exceed_the_balance(programme, merchant):
    programme.partial_redemption = True
    programme.save()
    voucher = factories.VoucherFactory(batch__programme=programme, value=Decimal("10"))
    assert refusal(voucher, merchant, amount=Decimal("10.01")) == "insufficient"


def test_withdrawal_within_14_days_cancels_only_unused_vouchers(programme, merchant):
    batch = issuing.issue_vouchers(
        values=[10, 25], reference="shop:77", kind="shop", payment_confirmed_at=timezone.now()
    )
    used, unused = batch.vouchers.order_by("value")
    redemption.redeem(used, merchant=merchant)

    cancelled = issuing.withdraw_vouchers("shop:77")

    assert cancelled == [unused]
    unused.refresh_from_db()
    assert unused.status == Voucher.Status.CANCELLED
    assert refusal(unused, merchant) == "cancelled"


def test_withdrawal_after_14_days_is_refused(programme):
    issuing.issue_vouchers(
        values=[25], reference="shop:78", kind="shop", payment_confirmed_at=timezone.now()
    )
    later = timezone.now() + datetime.timedelta(days=15)
    with pytest.raises(issuing.WithdrawalRefused):
        issuing.withdraw_vouchers("shop:78", at=later)
    assert VoucherBatch.objects.get(reference="shop:78").vouchers.get().status == "active"
