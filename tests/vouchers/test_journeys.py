"""Voucher journeys in a real Chromium: bought in the shop, redeemed on a phone-sized screen."""

import re

import pytest
from django.core import mail

from portal.vouchers.models import Redemption, Voucher

from .fake_camera import camera_page, qr_frame, write_y4m

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
PASSWORD = "passwort-für-tests"


@pytest.fixture
def base_url(live_town):
    return live_town


def buy_in_the_shop(page, product_url, value_label, email):
    """A resident buys one voucher with the test provider; returns the order page's text."""
    page.goto(product_url)
    page.locator("select[name=child_id]").select_option(label=value_label)
    page.get_by_role("button", name="In den Warenkorb").click()
    page.goto("/shop/basket/")
    page.get_by_role("link", name="Zur Kasse").click()
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_role("button", name="Weiter").click()
    assert page.get_by_label(re.compile("Per E-Mail")).is_checked()
    page.get_by_role("button", name="Weiter").click()
    assert not page.get_by_label(re.compile("Bezahlung bei Abholung")).count()
    page.get_by_label(re.compile("TEST-Zahlung")).check()
    page.get_by_role("button", name="Weiter").click()
    page.get_by_role("button", name="zahlungspflichtig bestellen").click()
    page.wait_for_url(re.compile(r".*/checkout/danke/$"))
    return page.locator(".order-vouchers").inner_text()


def log_in(page, email):
    """The till's own login page (the till redirects there)."""
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def test_resident_buys_a_voucher_in_the_shop_and_a_merchant_redeems_it_by_typing_the_code(
    programme, voucher_shop, merchant, merchant_user, base_url, browser_page
):
    page = browser_page
    parent = programme.products.get(value=None).product

    order_page = buy_in_the_shop(
        page, parent.get_absolute_url(), "Stadtgutschein 25,00 €", "schenker@example.org"
    )

    voucher = Voucher.objects.get()
    assert voucher.value == 25 and voucher.short_code_display in order_page
    voucher_mail = next(
        message
        for message in mail.outbox
        if any(name.startswith("stadtgutschein") for name, _data, _type in message.attachments)
    )
    assert voucher_mail.to == ["schenker@example.org"]
    link = re.search(r"https?://\S+/g/\S+/", voucher_mail.body).group(0)
    page.set_viewport_size(PHONE)

    page.goto(link)
    assert page.locator("h1").inner_text() == "Dieser Gutschein ist gültig"
    assert "25,00 €" in page.locator(".voucher-facts").inner_text()

    page.goto("/gutschein/einloesen/")
    log_in(page, merchant_user.email)
    page.wait_for_url("**/gutschein/einloesen/")
    page.get_by_label("Code unter dem QR-Code").fill(voucher.short_code_display.lower())
    page.get_by_role("button", name="Gutschein suchen").click()
    assert page.locator("h1").inner_text() == "Gültiger Gutschein"
    page.get_by_role("button", name="25,00 € jetzt einlösen").click()

    page.wait_for_url("**/gutschein/beleg/**")
    receipt = page.locator(".receipt-number").inner_text()
    assert receipt == Redemption.objects.get(voucher=voucher).receipt_number
    page.goto(link)
    assert page.locator("h1").inner_text() == "Nicht einlösbar"
    assert "bereits eingelöst" in page.locator(".refusal").inner_text()
    anonymous = page.context.browser.new_context(base_url=base_url).new_page()
    anonymous.goto(link)
    assert anonymous.locator("h1").inner_text() == "Kein gültiger Gutschein"
    anonymous.context.close()


def test_merchant_scans_the_qr_code_with_the_camera_and_redeems(
    programme, merchant, merchant_user, base_url, browser, voucher, tmp_path
):
    video = write_y4m(tmp_path / "voucher.y4m", qr_frame(f"{base_url}/g/{voucher.code}/"))
    with camera_page(browser, video, base_url=base_url, viewport=PHONE) as page:
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto("/gutschein/einloesen/")
        log_in(page, merchant_user.email)
        page.wait_for_url("**/gutschein/einloesen/")

        page.get_by_role("button", name="Kamera starten").click()

        page.wait_for_url(f"**/g/{voucher.code}/")
        assert "25,00 €" in page.locator(".voucher-facts").inner_text()
        assert not Redemption.objects.exists()  # scanning alone redeems nothing
        page.get_by_role("button", name="25,00 € jetzt einlösen").click()
        page.wait_for_url("**/gutschein/beleg/**")
        assert (
            page.locator(".receipt-number").inner_text() == Redemption.objects.get().receipt_number
        )
        assert all(url.startswith((base_url, "data:")) for url in requests), requests
