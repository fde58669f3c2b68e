"""Buying the city voucher in the shop: products, issuing after payment, order page, withdrawal."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from portal.shop import payments, product_types, statuses
from portal.shop.factories import product_for
from portal.shop.models import Checkout, MerchantShop
from portal.shop.product_types import product_class
from portal.shop.services import orders as order_service
from portal.shop.services.plan import plan_for
from portal.vouchers import redemption, selling
from portal.vouchers.errors import WithdrawalRefused
from portal.vouchers.models import Voucher, VoucherBatch, VoucherInfoPage
from tests.shop.helpers import basket_with, place

pytestmark = pytest.mark.django_db
Basket = get_model("basket", "Basket")
PaymentEvent = get_model("order", "PaymentEvent")


def buy(basket, seller_shop, method="test-provider", capture=None, email="kaeufer@example.org"):
    """Place ``basket`` (vouchers sent by email); runs the on-commit mail tasks."""
    with capture(execute=True):
        return place(basket, {seller_shop: MerchantShop.EMAIL}, method=method, email=email)


@pytest.fixture
def bought(voucher_shop, voucher_variant, django_capture_on_commit_callbacks, mailoutbox):
    """Two 25 € vouchers bought with the test provider; returns (checkout, order)."""
    checkout = buy(
        basket_with((voucher_variant("25"), 2)),
        voucher_shop,
        capture=django_capture_on_commit_callbacks,
    )
    return checkout, checkout.orders().get()


def carries_vouchers(mail):
    """Whether ``mail`` has voucher PDFs attached (the order confirmation carries invoices)."""
    return any(name.startswith("stadtgutschein") for name, _data, _type in mail.attachments)


def order_url(name, checkout, order):
    key = checkout.access_key
    return reverse(
        name, kwargs={"number": checkout.number, "key": key, "order_number": order.number}
    )


def test_the_programmes_denominations_are_products_of_the_operators_email_shop(
    client, programme, voucher_shop, voucher_variant, home_page
):
    parent = programme.products.get(value=None).product
    assert voucher_shop.methods == [MerchantShop.EMAIL]
    assert voucher_shop.page.legal_name == "Stadtmarketing Musterstadt GmbH"
    assert [child.stockrecords.get().price for child in parent.children.order_by("pk")] == [
        Decimal("10.00"),
        Decimal("25.00"),
        Decimal("50.00"),
    ]
    assert (parent.vat_rate, parent.product_class.requires_shipping) == ("0", False)

    programme.denominations = "25, 100"
    programme.save()

    public = parent.children.filter(is_public=True).values_list("title", flat=True)
    assert sorted(public) == ["Stadtgutschein 100,00 €", "Stadtgutschein 25,00 €"]
    home_page.add_child(instance=VoucherInfoPage(title="Stadtgutschein", slug="gutscheine"))
    assert f'href="{parent.get_absolute_url()}"' in client.get("/gutscheine/").content.decode()


def test_paying_with_the_test_provider_issues_and_mails_the_vouchers_once(
    bought, mailoutbox, django_capture_on_commit_callbacks
):
    checkout, order = bought

    vouchers = list(VoucherBatch.objects.get(reference=f"shop:{order.number}").vouchers.all())
    assert [voucher.value for voucher in vouchers] == [Decimal("25.00")] * 2
    voucher_mail = next(mail for mail in mailoutbox if carries_vouchers(mail))
    assert voucher_mail.to == ["kaeufer@example.org"] and len(voucher_mail.attachments) == 2
    assert order.merchant_order.method == MerchantShop.EMAIL
    order.refresh_from_db()
    assert order.status == statuses.DELIVERED

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order_service.record_payment(order, reference="again")  # a repeated confirmation

    assert Voucher.objects.count() == 2 and not mailoutbox


def test_a_bank_transfer_issues_nothing_until_the_operator_marks_it_paid(
    client, voucher_shop, voucher_variant, mailoutbox, django_capture_on_commit_callbacks
):
    checkout = buy(
        basket_with((voucher_variant("50"), 1)),
        voucher_shop,
        method="bank-transfer",
        capture=django_capture_on_commit_callbacks,
    )
    order = checkout.orders().get()

    assert order.status == statuses.AWAITING_PAYMENT
    assert not Voucher.objects.exists()
    assert not any(carries_vouchers(mail) for mail in mailoutbox)
    page = client.get(checkout.get_absolute_url()).content.decode()
    assert "sobald Ihre Zahlung eingegangen ist" in page

    with django_capture_on_commit_callbacks(execute=True):
        order_service.mark_checkout_paid(checkout)

    assert Voucher.objects.get().value == Decimal("50.00")
    assert [mail.to for mail in mailoutbox if carries_vouchers(mail)] == [["kaeufer@example.org"]]
    order.refresh_from_db()
    assert (order.status, Checkout.objects.get().payment_status) == (
        statuses.DELIVERED,
        Checkout.PAYMENT_SETTLED,
    )
    with pytest.raises(order_service.OrderActionError):
        order_service.mark_paid(order)
    assert Voucher.objects.count() == 1


def test_vouchers_are_never_paid_on_pickup_or_with_a_voucher(
    voucher_shop, voucher_variant, accepting_shop
):
    # Even if the operator's shop offered pickup, the voucher would need paying in advance.
    voucher_shop.offers_pickup = True
    voucher_shop.save()
    basket = basket_with((voucher_variant("10"), 1))

    plan = plan_for(basket, {str(voucher_shop.pk): MerchantShop.PICKUP})

    offered = {method.code for method in payments.available(plan)}
    assert plan.all_pickup and "pay-on-pickup" not in offered and "city-voucher" not in offered
    assert {"bank-transfer", "test-provider"} <= offered
    # Goods of an accepting shop are payable with the voucher, its gift card is not.
    shop, goods = accepting_shop("Café Sonne")
    gift_card = product_for(shop, price="20.00", product_class=product_class(product_types.GIFT))
    choices = {str(shop.pk): MerchantShop.PICKUP}
    goods_plan = plan_for(basket_with((goods, 1)), choices)
    gift_plan = plan_for(basket_with((gift_card, 1)), choices)
    assert {"pay-on-pickup", "city-voucher"} <= {m.code for m in payments.available(goods_plan)}
    assert "city-voucher" not in {m.code for m in payments.available(gift_plan)}


def test_the_order_page_shows_the_vouchers_to_the_holder_of_its_secret_link_only(client, bought):
    checkout, order = bought
    voucher = Voucher.objects.first()

    page = client.get(checkout.get_absolute_url()).content.decode()
    wrong = client.get(
        reverse("shop:checkout-status", kwargs={"number": checkout.number, "key": "x" * 32})
    )

    assert voucher.short_code_display in page and voucher.get_absolute_url() in page
    assert "Gutscheine erneut senden" in page and "Widerrufen" in page
    assert wrong.status_code == 404


def test_the_buyer_resends_the_vouchers_from_the_order_page_to_the_order_address(
    client, bought, mailoutbox, django_capture_on_commit_callbacks
):
    checkout, order = bought
    url = order_url("cityvouchers:order_resend", checkout, order)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        responses = [client.post(url, follow=True) for _ in range(4)]

    assert [mail.to for mail in mailoutbox] == [["kaeufer@example.org"]] * 3
    assert "erneut an kaeufer@example.org gesendet" in responses[0].content.decode()
    assert "bereits mehrmals" in responses[3].content.decode()
    assert client.post(url.replace(checkout.access_key, "falsch")).status_code == 404


def test_withdrawal_cancels_the_unused_vouchers_at_once_and_books_the_refund(
    client, bought, merchant
):
    checkout, order = bought
    used, unused = Voucher.objects.order_by("pk")
    redemption.redeem(used, merchant=merchant)
    url = order_url("cityvouchers:order_withdraw", checkout, order)

    unconfirmed = client.post(url, follow=True).content.decode()
    assert "bestätigen" in unconfirmed and Voucher.objects.filter(status="active").count() == 1
    done = client.post(url, {"confirm": "1"}, follow=True).content.decode()

    unused.refresh_from_db()
    assert unused.status == Voucher.Status.CANCELLED
    assert redemption.refusal_for(unused, at=timezone.now()) == "cancelled"
    assert "25,00 € werden erstattet" in done
    refund = PaymentEvent.objects.get(order=order, event_type__code="refunded")
    assert refund.amount == Decimal("25.00")
    assert order.sources.get().amount_refunded == Decimal("25.00")
    order.refresh_from_db()
    assert order.status == statuses.DELIVERED  # one voucher of the order was used
    again = client.post(url, {"confirm": "1"}, follow=True).content.decode()
    assert "nicht widerrufen" in again


def test_withdrawal_of_a_whole_order_cancels_it_and_ends_after_14_days(bought):
    _checkout, order = bought
    late = timezone.now() + datetime.timedelta(days=15)

    with pytest.raises(WithdrawalRefused) as refused:
        selling.withdraw_order(order, at=late)
    assert refused.value.reason == "withdrawal_period"
    cancelled, refund = selling.withdraw_order(order)

    order.refresh_from_db()
    assert (len(cancelled), refund, order.status) == (2, Decimal("50.00"), statuses.CANCELLED)


def test_cancelling_a_voucher_order_in_the_dashboard_cancels_its_unused_vouchers(bought):
    _checkout, order = bought

    order_service.change_status(order, statuses.CANCELLED)

    assert set(Voucher.objects.values_list("status", flat=True)) == {Voucher.Status.CANCELLED}
    assert PaymentEvent.objects.get(order=order, event_type__code="refunded").amount == Decimal(
        "50.00"
    )


def test_a_free_amount_chosen_on_the_voucher_page_becomes_a_voucher_of_that_amount(
    client, programme, voucher_shop, home_page, django_capture_on_commit_callbacks
):
    programme.allow_free_amount = True
    programme.save()
    home_page.add_child(instance=VoucherInfoPage(title="Stadtgutschein", slug="gutscheine"))

    too_much = client.post("/gutscheine/", {"amount": "300"})
    chosen = client.post("/gutscheine/", {"amount": "37"})

    assert "Wählen Sie einen Betrag von 5,00 € bis 250,00 €" in too_much.content.decode()
    assert chosen.url == reverse("basket:summary")
    line = Basket.objects.get().all_lines().get()
    assert line.price_incl_tax == Decimal("37.00") and not line.product.is_public
    checkout = buy(
        basket_with((line.product, 1)), voucher_shop, capture=django_capture_on_commit_callbacks
    )
    assert checkout.status == Checkout.PLACED
    assert Voucher.objects.get().value == Decimal("37.00")

    programme.allow_free_amount = False  # the operator stops selling free amounts
    programme.save()
    assert not Basket.objects.get(pk=line.basket_id).all_lines().exists()
