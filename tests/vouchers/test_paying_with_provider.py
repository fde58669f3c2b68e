"""City vouchers paying part of an online payment: redeemed only once the provider's money is in.

The rest is paid on the (fake) provider's page; its webhook decides. A
failure of either leaves nothing consumed.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from portal.shop import statuses
from portal.shop.models import Checkout, MerchantShop, Payment, PaymentShare, Refund
from portal.shop.services import orders as order_service
from portal.shop.services import placement
from portal.vouchers.models import Redemption, Reservation, SettlementEntry, Voucher
from tests.shop.helpers import basket_with, deliver_webhooks, place

from .helpers import link, voucher_of

pytestmark = pytest.mark.django_db
PICKUP = MerchantShop.PICKUP
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture
def two_shops(accepting_shop):
    """Two accepting businesses selling 12 € and 18 € goods."""
    return accepting_shop("Café Sonne", price="12.00"), accepting_shop("Buchladen", price="18.00")


def pay_online_with(vouchers, basket, shops):
    return place(
        basket,
        dict.fromkeys(shops, PICKUP),
        method="mollie",
        parts=[{"method": "city-voucher", "details": {"codes": [v.code for v in vouchers]}}],
    )


def provider_payment(checkout):
    return checkout.payments.get(method="mollie")


def test_vouchers_pay_part_and_are_redeemed_only_after_the_providers_payment(
    client, fake_mollie, programme, two_shops, django_capture_on_commit_callbacks
):
    (cafe, cake), (books, book) = two_shops
    ten, five = voucher_of(programme, "10"), voucher_of(programme, "5")

    checkout = pay_online_with([ten, five], basket_with((cake, 1), (book, 1)), [cafe, books])

    online = provider_payment(checkout)
    assert online.amount == Decimal("15.00")  # 30 € less 15 € in vouchers
    assert fake_mollie.payments[online.reference]["amount"]["value"] == "15.00"
    assert Reservation.objects.filter(status=Reservation.Status.HELD).count() == 2
    assert not Redemption.objects.exists()  # nothing consumed while the resident pays

    fake_mollie.pay(online.reference)
    with django_capture_on_commit_callbacks(execute=True):
        deliver_webhooks(client, fake_mollie)

    checkout.refresh_from_db()
    assert checkout.payment_status == Checkout.PAYMENT_SETTLED
    for voucher in (ten, five):
        voucher.refresh_from_db()
        assert (voucher.status, voucher.balance) == (Voucher.Status.REDEEMED, Decimal("0.00"))
    # Each merchant order is paid exactly its total, vouchers in proportion to the totals.
    for order in checkout.orders():
        paid = sum(share.amount for share in order.merchant_order.payment_shares.all())
        assert paid == order.total_incl_tax
    by_merchant = {}
    for entry in SettlementEntry.objects.select_related("merchant"):
        by_merchant[entry.merchant.title] = by_merchant.get(entry.merchant.title, 0) + entry.amount
    assert by_merchant == {"Café Sonne": Decimal("6.00"), "Buchladen": Decimal("9.00")}


@pytest.mark.parametrize("outcome", ["failed", "expired", "canceled"])
def test_a_failed_or_expired_provider_payment_releases_the_vouchers_and_the_stock(
    client, fake_mollie, programme, two_shops, outcome
):
    (cafe, cake), (books, book) = two_shops
    voucher = voucher_of(programme, "10")
    checkout = pay_online_with([voucher], basket_with((cake, 1), (book, 1)), [cafe, books])

    fake_mollie.set_status(provider_payment(checkout).reference, outcome)
    deliver_webhooks(client, fake_mollie)

    voucher.refresh_from_db()
    assert (voucher.status, voucher.balance) == (Voucher.Status.ACTIVE, voucher.value)
    assert not Redemption.objects.exists()
    assert Reservation.objects.get().status == Reservation.Status.RELEASED
    assert {order.status for order in checkout.orders()} == {statuses.CANCELLED}
    assert not StockRecord.objects.filter(num_allocated__gt=0).exists()
    assert pay_online_with([voucher], basket_with((cake, 1)), [cafe])  # spendable again


def test_a_voucher_refused_when_the_money_arrives_sends_the_money_back(
    client, fake_mollie, programme, two_shops, django_capture_on_commit_callbacks
):
    (cafe, cake), _books = two_shops
    voucher = voucher_of(programme, "5")
    checkout = pay_online_with([voucher], basket_with((cake, 1)), [cafe])
    Voucher.objects.filter(pk=voucher.pk).update(status=Voucher.Status.CANCELLED)  # withdrawn

    fake_mollie.pay(provider_payment(checkout).reference)
    with django_capture_on_commit_callbacks(execute=True):
        [response] = deliver_webhooks(client, fake_mollie)

    checkout.refresh_from_db()
    online = provider_payment(checkout)
    assert response.status_code == 200
    assert checkout.payment_status == Checkout.PAYMENT_FAILED
    assert {order.status for order in checkout.orders()} == {statuses.CANCELLED}
    assert online.amount_refunded == online.amount == Decimal("7.00")
    assert fake_mollie.payments[online.reference]["amountRefunded"]["value"] == "7.00"
    assert not Redemption.objects.exists()


def test_a_merchant_cancelling_its_part_gets_the_voucher_share_back_onto_the_voucher(
    client, fake_mollie, programme, two_shops, django_capture_on_commit_callbacks
):
    (cafe, cake), (books, book) = two_shops
    voucher = voucher_of(programme, "10")
    checkout = pay_online_with([voucher], basket_with((cake, 1), (book, 1)), [cafe, books])
    fake_mollie.pay(provider_payment(checkout).reference)
    deliver_webhooks(client, fake_mollie)
    cafe_order = checkout.orders().get(merchant_order__shop=cafe)

    with django_capture_on_commit_callbacks(execute=True):
        order_service.cancel(cafe_order)
    deliver_webhooks(client, fake_mollie)  # the provider reports its refund done

    voucher.refresh_from_db()
    refunds = {refund.payment.method: refund for refund in Refund.objects.all()}
    assert (refunds["city-voucher"].amount, refunds["city-voucher"].status) == (
        Decimal("4.00"),
        Refund.REFUNDED,
    )
    assert (refunds["mollie"].amount, refunds["mollie"].status) == (
        Decimal("8.00"),
        Refund.REFUNDED,
    )
    assert (voucher.status, voucher.balance) == (Voucher.Status.ACTIVE, Decimal("4.00"))
    cafe_entries = SettlementEntry.objects.filter(merchant=cafe.page).values_list(
        "amount", flat=True
    )
    assert sum(cafe_entries) == Decimal("0.00")  # the café is owed nothing for its cancelled part
    provider = fake_mollie.payments[provider_payment(checkout).reference]
    assert provider["amountRefunded"]["value"] == "8.00"


def test_the_payment_step_takes_voucher_links_with_the_online_payment(
    client, fake_mollie, programme, two_shops
):
    (cafe, cake), _books = two_shops
    voucher = voucher_of(programme, "5")
    client.post(reverse("basket:add", kwargs={"pk": cake.pk}), {"quantity": 1})
    client.post(reverse("checkout:index"), {"username": "gast@example.org", "options": "anonymous"})
    client.post(reverse("checkout:shipping-method"), {f"shop_{cafe.pk}": PICKUP})

    step = client.post(
        reverse("checkout:payment-method"),
        {"method": "mollie", "part-city-voucher-codes": link(voucher)},
    )
    preview = client.get(reverse("checkout:preview"))
    placed = client.post(reverse("checkout:preview"), {"token": preview.context["token"]})

    assert step.status_code == 302
    assert "Stadtgutscheine: 5,00\xa0€; Online bezahlen: 7,00\xa0€" in preview.content.decode()
    checkout = Checkout.objects.get()
    assert placed.status_code == 302
    assert placed["Location"] == placement.redirect_url(checkout)
    assert placed["Location"].startswith(fake_mollie.base_url + "/checkout/tr_")
    assert PaymentShare.objects.filter(payment__method="city-voucher").get().amount == 5
    assert Payment.objects.get(method="mollie").amount == Decimal("7.00")


def test_vouchers_that_cover_everything_need_no_online_payment(
    fake_mollie, programme, two_shops, mailoutbox
):
    (cafe, cake), _books = two_shops
    ten, five = voucher_of(programme, "10"), voucher_of(programme, "5")

    checkout = pay_online_with([ten, five], basket_with((cake, 1)), [cafe])

    assert checkout.payment_status == Checkout.PAYMENT_SETTLED
    assert checkout.payment_method == "city-voucher"
    assert not checkout.payments.filter(method="mollie").exists()
    assert fake_mollie.payments == {}
    assert Redemption.objects.count() == 2  # 10 € and 2 € of the 5 € one, the rest forfeited
    assert checkout.orders().get().merchant_order.paid_at is not None
