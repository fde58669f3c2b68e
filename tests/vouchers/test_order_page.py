"""The resident's order page after buying city vouchers online."""

import pytest

from portal.shop.models import MerchantShop
from portal.vouchers.models import Voucher
from tests.shop.helpers import basket_with, deliver_webhooks, place

pytestmark = pytest.mark.django_db


def test_vouchers_paid_online_are_issued_by_the_webhook_and_named_once_on_the_thank_you_page(
    client, fake_mollie, voucher_shop, voucher_variant, django_capture_on_commit_callbacks
):
    checkout = place(
        basket_with((voucher_variant("25"), 2)),
        {voucher_shop: MerchantShop.EMAIL},
        method="mollie",
    )
    payment = checkout.payments.get()
    assert not Voucher.objects.exists()  # nothing is issued before the money is there

    fake_mollie.pay(payment.reference)
    with django_capture_on_commit_callbacks(execute=True):
        deliver_webhooks(client, fake_mollie)
    page = client.get(fake_mollie.payments[payment.reference]["redirectUrl"]).content.decode()

    assert Voucher.objects.count() == 2
    assert page.count("Ihre Stadtgutscheine") == 1
    assert "Abholcode" not in page
