"""Merchant journeys in a real Chromium on a phone-sized screen.

The buying part of the issue's journey (shop checkout with the test payment
provider) belongs to the shop; ``issue_paid_voucher`` stands in for it here
by calling the same service the shop's payment hook calls.
"""

import re

import pytest
from django.core import mail
from django.utils import timezone

from portal.vouchers import issuing
from portal.vouchers.models import Redemption, VoucherBatch
from tests.conftest import CHROMIUM, CHROMIUM_ARGS

from .fake_camera import qr_frame, write_y4m

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
PASSWORD = "passwort-für-tests"


@pytest.fixture
def base_url(live_server, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    return live_server.url


def issue_paid_voucher(django_capture_on_commit_callbacks):
    """What the shop does once the test provider confirms payment: the voucher is mailed."""
    with django_capture_on_commit_callbacks(execute=True):
        batch = issuing.issue_vouchers(
            values=[25],
            reference="shop:journey-1",
            kind=VoucherBatch.Kind.SHOP,
            payment_confirmed_at=timezone.now(),
            email="beschenkte@example.org",
        )
    return batch.vouchers.get()


def log_in(page, email):
    page.locator("#id_login-username").fill(email)
    page.locator("#id_login-password").fill(PASSWORD)
    page.locator("button[name=login_submit]").click()


def test_merchant_redeems_by_typing_the_code_and_sees_the_receipt(
    programme, merchant, merchant_user, base_url, browser_page, django_capture_on_commit_callbacks
):
    voucher = issue_paid_voucher(django_capture_on_commit_callbacks)
    link = re.search(r"https?://\S+/g/\S+/", mail.outbox[-1].body).group(0)
    page = browser_page
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
    camera_browser = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = camera_browser.new_context(
            base_url=base_url, viewport=PHONE, locale="de-DE", permissions=["camera"]
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
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
    finally:
        camera_browser.close()
