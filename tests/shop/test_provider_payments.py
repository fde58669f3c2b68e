"""Paying online through the provider (the local fake of Mollie's API, over real HTTP).

The resident is sent to the provider's page; the orders wait with their
stock allocated; the provider's webhook - read back from its API, never
trusted - decides, exactly once.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from portal.shop import statuses
from portal.shop.models import Checkout, MerchantShop, Payment, PaymentShare
from portal.shop.payments.base import ProviderPayment
from portal.shop.services import placement, webhooks

from .helpers import basket_with, deliver_webhooks, place

pytestmark = pytest.mark.django_db
StockRecord = get_model("partner", "StockRecord")
PICKUP, DELIVERY, SHIPPING = MerchantShop.PICKUP, MerchantShop.DELIVERY, MerchantShop.SHIPPING


@pytest.fixture
def two_merchant_basket(bread, novel):
    return basket_with((bread, 2), (novel, 1))


@pytest.fixture
def choices(bakery, bookshop):
    return {bakery: PICKUP, bookshop: SHIPPING}


def place_online(basket, choices, **kwargs):
    return place(basket, choices, method="mollie", **kwargs)


def provider_id(checkout):
    return checkout.payments.get(method="mollie").reference


def allocated(product):
    return StockRecord.objects.get(product=product).num_allocated or 0


def test_paying_on_the_providers_page_then_its_webhook_marks_every_order_paid(
    client,
    fake_mollie,
    two_merchant_basket,
    choices,
    bread,
    novel,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    checkout = place_online(two_merchant_basket, choices)

    payment = checkout.payments.get()
    provider = fake_mollie.payments[payment.reference]
    assert checkout.payment_status == Checkout.PAYMENT_PENDING
    assert placement.redirect_url(checkout) == provider["_links"]["checkout"]["href"]
    assert provider["amount"] == {"value": "35.35", "currency": "EUR"}
    assert provider["webhookUrl"] == "http://testserver/shop/zahlung/mollie/webhook/"
    assert provider["redirectUrl"].startswith(  # back to the town's own address
        f"{checkout.site.root_url}/shop/bestellung/{checkout.number}/"
    )
    assert {order.status for order in checkout.orders()} == {statuses.AWAITING_PAYMENT}
    assert (allocated(bread), allocated(novel)) == (2, 1)  # the goods are held meanwhile
    assert mailoutbox == []  # nobody is told before the money is there

    fake_mollie.pay(payment.reference)
    with django_capture_on_commit_callbacks(execute=True):
        [response] = deliver_webhooks(client, fake_mollie)

    checkout.refresh_from_db()
    assert (response.status_code, response.content) == (200, b"changed")
    assert checkout.payment_status == Checkout.PAYMENT_SETTLED
    assert Payment.objects.get().status == Payment.PAID
    for order in checkout.orders():
        assert order.status == statuses.NEW
        assert order.merchant_order.paid_at is not None
        assert order.sources.get().amount_debited == order.total_incl_tax
    shares = {
        share.merchant_order.order.number: share.amount for share in PaymentShare.objects.all()
    }
    assert shares == {order.number: order.total_incl_tax for order in checkout.orders()}
    recipients = sorted(message.to[0] for message in mailoutbox)
    assert recipients == ["buch@example.org", "erika@example.org", "korn@example.org"]


def test_the_same_webhook_twice_changes_nothing_the_second_time(
    client,
    fake_mollie,
    two_merchant_basket,
    choices,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    checkout = place_online(two_merchant_basket, choices)
    fake_mollie.pay(provider_id(checkout))
    fake_mollie.notify(provider_id(checkout))  # the provider calls a second time

    with django_capture_on_commit_callbacks(execute=True):
        first, second = deliver_webhooks(client, fake_mollie)

    assert (first.content, second.content) == (b"changed", b"unchanged")
    assert len(mailoutbox) == 3
    for order in checkout.orders():
        assert order.payment_events.count() == 1
        assert order.status_changes.count() == 1  # awaiting payment -> new, once


def test_the_return_page_after_the_webhook_thanks_for_the_paid_order(
    client, fake_mollie, two_merchant_basket, choices
):
    checkout = place_online(two_merchant_basket, choices)
    fake_mollie.pay(provider_id(checkout))
    deliver_webhooks(client, fake_mollie)

    page = client.get(fake_mollie.payments[provider_id(checkout)]["redirectUrl"])

    html = page.content.decode()
    assert page.status_code == 200
    assert "Vielen Dank für Ihre Bestellung" in html
    assert "wird geprüft" not in html
    assert "Ihr Abholcode" in html  # the bakery's pickup


def test_the_return_page_before_the_webhook_says_the_payment_is_being_checked(
    client, fake_mollie, two_merchant_basket, choices
):
    checkout = place_online(two_merchant_basket, choices)
    fake_mollie.pay(provider_id(checkout))  # the webhook is still on its way
    status_url = reverse(
        "shop:checkout-status-json", kwargs={"number": checkout.number, "key": checkout.access_key}
    )

    page = client.get(fake_mollie.payments[provider_id(checkout)]["redirectUrl"])
    before = client.get(status_url).json()
    deliver_webhooks(client, fake_mollie)
    after = client.get(status_url).json()

    html = page.content.decode()
    assert "Ihre Zahlung wird geprüft" in html
    assert "Abholcode" not in html
    assert 'src="/static/js/shop/payment-status.js"' in html
    assert before == {"status": "placed", "payment": "pending", "final": False}
    assert after == {"status": "placed", "payment": "settled", "final": True}


def test_a_payment_that_succeeds_after_the_tab_was_closed_is_confirmed_by_email(
    client,
    fake_mollie,
    two_merchant_basket,
    choices,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    checkout = place_online(two_merchant_basket, choices)
    fake_mollie.pay(provider_id(checkout))

    with django_capture_on_commit_callbacks(execute=True):
        deliver_webhooks(client, fake_mollie)  # no return page was ever requested

    checkout.refresh_from_db()
    confirmation = next(m for m in mailoutbox if m.to == ["erika@example.org"])
    assert checkout.payment_status == Checkout.PAYMENT_SETTLED
    assert checkout.get_absolute_url() in confirmation.body


@pytest.mark.parametrize(
    "outcome, payment_status",
    [
        ("failed", Checkout.PAYMENT_FAILED),
        ("canceled", Checkout.PAYMENT_FAILED),
        ("expired", Checkout.PAYMENT_EXPIRED),
    ],
)
def test_a_payment_that_fails_or_expires_cancels_the_orders_and_returns_the_stock(
    client,
    fake_mollie,
    two_merchant_basket,
    choices,
    bread,
    novel,
    mailoutbox,
    django_capture_on_commit_callbacks,
    outcome,
    payment_status,
):
    checkout = place_online(two_merchant_basket, choices)
    fake_mollie.set_status(provider_id(checkout), outcome)

    with django_capture_on_commit_callbacks(execute=True):
        [response] = deliver_webhooks(client, fake_mollie)

    checkout.refresh_from_db()
    assert response.status_code == 200
    assert (checkout.status, checkout.payment_status) == (Checkout.FAILED, payment_status)
    assert {order.status for order in checkout.orders()} == {statuses.CANCELLED}
    assert (allocated(bread), allocated(novel)) == (0, 0)
    assert not any(order.merchant_order.paid_at for order in checkout.orders())
    [message] = mailoutbox  # the resident only: the merchants never heard of the orders
    assert message.to == ["erika@example.org"]
    assert "storniert" in message.subject


def test_after_a_failed_payment_the_resident_gets_the_goods_back_into_the_basket(
    client, fake_mollie, two_merchant_basket, choices
):
    checkout = place_online(two_merchant_basket, choices)
    fake_mollie.fail(provider_id(checkout))
    deliver_webhooks(client, fake_mollie)

    page = client.get(fake_mollie.payments[provider_id(checkout)]["redirectUrl"])
    restore = client.post(
        reverse(
            "shop:checkout-restore-basket",
            kwargs={"number": checkout.number, "key": checkout.access_key},
        )
    )
    basket = client.get(reverse("basket:summary")).content.decode()

    assert "Die Zahlung ist nicht erfolgt" in page.content.decode()
    assert restore.status_code == 302
    assert "Dinkelbrot" in basket and "Der Stadtroman" in basket


def test_a_forged_webhook_is_refused_and_changes_nothing(
    client, fake_mollie, two_merchant_basket, choices, mailoutbox
):
    checkout = place_online(two_merchant_basket, choices)
    webhook = reverse("shop:payment-webhook", kwargs={"method": "mollie"})

    unknown = client.post(webhook, {"id": "tr_forged1234"})
    not_paid = client.post(webhook, {"id": provider_id(checkout)})  # the provider says: open
    wrong_method = client.post(
        reverse("shop:payment-webhook", kwargs={"method": "bank-transfer"}),
        {"id": provider_id(checkout)},
    )

    checkout.refresh_from_db()
    assert (unknown.status_code, not_paid.status_code, wrong_method.status_code) == (404, 200, 404)
    assert not_paid.content == b"unchanged"
    assert checkout.payment_status == Checkout.PAYMENT_PENDING
    assert {order.status for order in checkout.orders()} == {statuses.AWAITING_PAYMENT}
    assert mailoutbox == []
    assert ("GET", "/v2/payments/tr_forged1234") not in fake_mollie.requests  # never asked


def test_a_provider_payment_that_does_not_match_ours_is_refused(
    client, fake_mollie, two_merchant_basket, choices
):
    checkout = place_online(two_merchant_basket, choices)
    provider = fake_mollie.payments[provider_id(checkout)]
    provider["amount"]["value"] = "0.01"  # e.g. someone else's payment with our id
    fake_mollie.pay(provider_id(checkout))

    [response] = deliver_webhooks(client, fake_mollie)

    checkout.refresh_from_db()
    assert response.status_code == 404
    assert checkout.payment_status == Checkout.PAYMENT_PENDING


def test_an_older_state_read_after_a_newer_one_changes_nothing(
    fake_mollie, two_merchant_basket, choices
):
    checkout = place_online(two_merchant_basket, choices)
    payment = checkout.payments.get()
    paid = ProviderPayment(
        reference=payment.reference,
        status="paid",
        amount=payment.amount,
        metadata={"checkout": checkout.number},
    )
    still_open = ProviderPayment(
        reference=payment.reference,
        status="open",
        amount=payment.amount,
        metadata={"checkout": checkout.number},
    )

    webhooks.apply(payment, paid)
    late = webhooks.apply(payment, still_open)  # a slow webhook read the old state

    checkout.refresh_from_db()
    assert late.changed is False
    assert checkout.payment_status == Checkout.PAYMENT_SETTLED


def test_money_that_arrives_after_the_order_expired_is_paid_back_in_full(
    client, fake_mollie, two_merchant_basket, choices, django_capture_on_commit_callbacks
):
    checkout = place_online(two_merchant_basket, choices)
    reference = provider_id(checkout)
    fake_mollie.expire(reference)
    deliver_webhooks(client, fake_mollie)
    fake_mollie.payments[reference]["status"] = "open"  # the bank's late confirmation
    fake_mollie.pay(reference)

    with django_capture_on_commit_callbacks(execute=True):
        [response] = deliver_webhooks(client, fake_mollie)

    checkout.refresh_from_db()
    assert response.content == b"changed"
    assert checkout.payment_status == Checkout.PAYMENT_EXPIRED  # the orders stay cancelled
    assert fake_mollie.payments[reference]["amountRefunded"]["value"] == "35.35"


def test_when_the_provider_cannot_be_reached_nothing_is_ordered(
    fake_mollie, two_merchant_basket, choices, bread
):
    fake_mollie.outage = True

    with pytest.raises(placement.PlacementError, match="nicht erreichbar"):
        place_online(two_merchant_basket, choices)

    checkout = Checkout.objects.get()
    assert checkout.status == Checkout.FAILED
    assert {order.status for order in checkout.orders()} == {statuses.CANCELLED}
    assert allocated(bread) == 0


def test_a_webhook_while_the_provider_is_down_asks_to_be_called_again(
    client, fake_mollie, two_merchant_basket, choices
):
    checkout = place_online(two_merchant_basket, choices)
    fake_mollie.pay(provider_id(checkout))
    fake_mollie.outage = True

    [response] = deliver_webhooks(client, fake_mollie)

    checkout.refresh_from_db()
    assert response.status_code == 503
    assert checkout.payment_status == Checkout.PAYMENT_PENDING


def test_without_an_api_key_online_payment_is_not_offered(settings, two_merchant_basket, choices):
    settings.SHOP_MOLLIE_API_KEY = ""

    with pytest.raises(placement.PlacementError, match="Zahlungsart"):
        place_online(two_merchant_basket, choices)

    assert Decimal("0") == sum(p.amount for p in Payment.objects.all())
