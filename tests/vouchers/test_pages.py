"""The public voucher page, merchants' bank details and the directory's acceptance flag."""

import pytest
from django.urls import reverse

from portal.directory.models import MerchantPage
from portal.vouchers.models import AcceptingMerchant, VoucherInfoPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def info_page(home_page, programme):
    return home_page.add_child(
        instance=VoucherInfoPage(
            title="Stadtgutschein", slug="gutscheine", intro="Kaufen, verschenken."
        )
    )


def test_voucher_page_lists_only_active_accepting_businesses(
    client, info_page, make_merchant, django_assert_max_num_queries
):
    make_merchant("Café Sonne")
    suspended, _ = make_merchant("Eisdiele Nord", suspended=True)
    make_merchant("Kiosk", accepting=False)

    with django_assert_max_num_queries(30):
        response = client.get("/gutscheine/")

    listing = response.content.decode()
    assert response.status_code == 200
    assert "Café Sonne" in listing
    assert "Eisdiele Nord" not in listing and "Kiosk" not in listing
    assert "10,00 €, 25,00 €, 50,00 €" in listing


def test_directory_flag_follows_the_network(make_merchant):
    page, _ = make_merchant("Blumen Berger")
    assert MerchantPage.objects.get(pk=page.pk).accepts_city_voucher is True
    membership = AcceptingMerchant.objects.get(merchant=page)
    membership.suspended = True
    membership.save()
    assert MerchantPage.objects.get(pk=page.pk).accepts_city_voucher is False


def test_merchant_enters_bank_details_and_a_wrong_iban_is_caught(client, merchant, merchant_user):
    client.force_login(merchant_user)
    url = reverse("cityvouchers_merchant:bank_details", args=[merchant.voucher_acceptance.pk])

    old_address = client.get(
        reverse("cityvouchers:bank_details", args=[merchant.voucher_acceptance.pk])
    )
    wrong = client.post(
        url, {"account_holder": "Lesezeit GmbH", "iban": "DE02 1203 0000 0000 2020 52"}
    )
    right = client.post(
        url, {"account_holder": "Lesezeit GmbH", "iban": "de02 1203 0000 0000 2020 51"}
    )

    assert old_address["Location"] == url
    assert wrong.status_code == 200
    assert "Diese IBAN ist ungültig" in wrong.content.decode()
    assert right.status_code == 302
    assert AcceptingMerchant.objects.get(merchant=merchant).iban == "DE02120300000000202051"


def test_merchant_cannot_open_another_merchants_bank_details(client, merchant_user, make_merchant):
    other, _ = make_merchant("Fremdes Geschäft")
    client.force_login(merchant_user)
    url = reverse("cityvouchers_merchant:bank_details", args=[other.voucher_acceptance.pk])
    before = AcceptingMerchant.objects.get(merchant=other).iban
    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"account_holder": "Dieb", "iban": "DE02120300000000202051"}).status_code
        == 404
    )
    assert AcceptingMerchant.objects.get(merchant=other).iban == before
