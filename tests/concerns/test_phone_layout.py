"""The concern's status page fits a phone screen (Chromium at 390 px)."""

import pytest

from portal.concerns import factories
from portal.concerns.models import ConcernIndexPage

PHONE = {"width": 390, "height": 844}

OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll(".concern-confirmation, .concern-facts, .concern-facts *")]
        .filter((element) => element.getBoundingClientRect().right > width + 0.5)
        .map((element) => element.className || element.tagName);
}"""


@pytest.mark.browser
@pytest.mark.parametrize("just_sent", [True, False])
def test_status_box_fits_a_390_px_screen(browser_page, concern_page, roads, just_sent):
    concern = factories.ConcernFactory(
        topic=roads,
        office=roads.office,
        email="eine.sehr.lange.adresse.fuer.updates@beispiel-musterstadt.example",
        address="Bürgermeister-Schmidt-Straße 123, Hinterhof, 12345 Musterstadt-Nord",
        latitude="50.937512",
        longitude="6.960312",
    )
    page = browser_page
    page.set_viewport_size(PHONE)
    url = ConcernIndexPage.status_path(concern) + ("?gesendet=1" if just_sent else "")
    page.goto(url)
    page.locator("[data-status]").wait_for()
    assert page.evaluate(OVERFLOWING) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
