"""Journey: a resident shares the phone's position and calls the nearest shop."""

import re

import pytest
from playwright.sync_api import expect

from .test_near_me import ORIGIN, region  # noqa: F401 (the fixture)


@pytest.mark.browser
def test_a_resident_shares_the_position_and_finds_the_nearest_shop_to_call(
    browser_page,
    region,  # noqa: F811
):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": ORIGIN[0] + 6 / 111.2, "longitude": ORIGIN[1]})

    page.goto("/laeden-in-der-naehe/")
    page.get_by_role("button", name="Meinen Standort verwenden").click()
    page.wait_for_url(re.compile(r"lat="))

    first = page.locator(".near-me__place").first
    expect(first.locator("h2")).to_have_text("Laden Süd")
    expect(first).to_contain_text("0,0 km entfernt")
    call = first.get_by_role("link", name=re.compile("Anrufen und bestellen"))
    expect(call).to_have_attribute("href", "tel:+4939511122")

    page.get_by_label("Ihre Postleitzahl").fill("17033")
    page.get_by_label("Liefert").check()
    page.get_by_role("button", name="Läden anzeigen").click()
    names = page.locator(".near-me__place h2")
    expect(names).to_have_text(["Hofladen Geerntet", "Laden Süd"])
