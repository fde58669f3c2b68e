"""A resident takes a free coupon on a phone, shows it, the till scans it with the camera."""

import io
import re

import pytest
from PIL import Image

from portal.vouchers import factories
from portal.vouchers.models import CouponClaim, CouponRedemption

from .fake_camera import HEIGHT, WIDTH, camera_page, write_y4m
from .test_journeys import PHONE, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def base_url(live_town):
    return live_town


def camera_frame(png):
    """The screenshot of the resident's screen, held in front of the till's camera."""
    picture = Image.open(io.BytesIO(png)).convert("RGB")
    side = HEIGHT - 40
    picture = picture.resize((side, side), Image.NEAREST)
    frame = Image.new("RGB", (WIDTH, HEIGHT), (120, 120, 120))
    frame.paste(picture, ((WIDTH - side) // 2, 20))
    return frame


def take_on_a_phone(resident, title):
    """The resident takes the coupon ``title`` from the overview on a phone; its page opens."""
    resident.set_viewport_size(PHONE)
    resident.goto("/gutscheine/coupons/")
    card = resident.locator(".coupon-card", has_text=title)
    card.get_by_role("button", name=re.compile("^Coupon nehmen")).click()
    resident.wait_for_url(re.compile(r".*/g/[A-Za-z0-9_-]{22}/$"))
    return resident


def test_resident_takes_a_coupon_on_a_phone_and_the_till_scans_it_from_the_screen(
    make_merchant, base_url, browser, browser_page, tmp_path
):
    page_a, owner = make_merchant("Café Krümel", accepting=False, username="kruemel")
    factories.CouponFactory(
        merchant=page_a, title="Kaffee gratis", benefit="Ein Kaffee gratis zu jedem Stück Kuchen"
    )
    resident = take_on_a_phone(browser_page, "Kaffee gratis")
    assert (
        "Gültig: an der Kasse diesen Code zeigen." in resident.locator(".coupon-claim").inner_text()
    )
    claim = CouponClaim.objects.get()
    qr_png = resident.locator(".coupon-claim__qr svg").screenshot()

    video = write_y4m(tmp_path / "coupon.y4m", camera_frame(qr_png))
    with camera_page(browser, video, base_url=base_url, viewport=PHONE) as till:
        till.goto("/gutschein/einloesen/")
        log_in(till, owner.email)
        till.wait_for_url("**/gutschein/einloesen/")

        till.get_by_role("button", name="Kamera starten").click()

        till.wait_for_url(f"**/g/{claim.code}/")
        assert till.locator("h1").inner_text() == "Gültiger Coupon"
        assert (
            "Ein Kaffee gratis zu jedem Stück Kuchen" in till.locator(".coupon-terms").inner_text()
        )
        assert not CouponRedemption.objects.exists()  # scanning alone uses nothing
        till.get_by_role("button", name="Coupon als eingelöst markieren").click()
        till.wait_for_url("**/gutschein/coupon-beleg/**")
        assert (
            till.locator(".receipt-number").inner_text()
            == CouponRedemption.objects.get().receipt_number
        )

    resident.reload()
    assert re.search(
        r"Eingelöst am \d\d\.\d\d\.\d{4}", resident.locator(".coupon-claim").inner_text()
    )
    assert not resident.locator(".coupon-claim__qr").count()


STORED_OFFLINE = """async () => {
    if (!navigator.serviceWorker.controller) { return false; }
    return (await caches.match(location.pathname)) !== undefined;
}"""


def wait_until_stored_offline(page):
    """Until the service worker controls ``page`` and the page stored its copy."""
    for _attempt in range(100):
        if page.evaluate(STORED_OFFLINE):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{page.url} was not stored for offline use")


def test_a_taken_coupon_is_shown_at_the_counter_without_network(make_merchant, browser_page):
    page_a, _owner = make_merchant("Café Krümel", accepting=False)
    factories.CouponFactory(merchant=page_a, title="Kaffee gratis")
    resident = take_on_a_phone(browser_page, "Kaffee gratis")
    claim = CouponClaim.objects.get()
    coupon_url = resident.url
    wait_until_stored_offline(resident)
    resident.get_by_role("button", name="Auf diesem Gerät speichern").click()
    resident.goto("/gutscheine/coupons/meine/")
    wait_until_stored_offline(resident)

    resident.context.set_offline(True)
    resident.goto(coupon_url)
    shown = resident.reload()

    assert shown.from_service_worker
    assert resident.locator(".voucher-code").inner_text() == claim.short_code_display
    assert resident.locator(".coupon-claim__qr svg").is_visible()
    assert (
        "Gültig: an der Kasse diesen Code zeigen." in resident.locator(".coupon-claim").inner_text()
    )

    resident.goto("/gutscheine/coupons/meine/")  # the list saved in this browser, offline too
    resident.locator("[data-saved-coupons]").get_by_role("link", name=claim.code).click()
    resident.wait_for_url(coupon_url)
    assert resident.locator(".voucher-code").inner_text() == claim.short_code_display

    never_opened = resident.goto("/gutscheine/coupons/")
    assert never_opened.status == 503 and "Keine Verbindung" in resident.locator("h1").inner_text()
    resident.context.set_offline(False)
