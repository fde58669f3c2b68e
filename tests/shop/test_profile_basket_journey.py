"""Journey in Chromium: a resident adds a product to the basket from a merchant's profile page."""

import re

import pytest
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def add_to_basket(title):
    """The button's accessible name: its text and the hidden product title."""
    return re.compile(rf"^In den Warenkorb\s*: {re.escape(title)}$")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_resident_adds_a_product_to_the_basket_from_a_profile_page_on_a_phone(
    browser_page, bakery, bread
):
    from portal.shop.factories import product_for

    rolls = product_for(bakery, title="Kürbiskernbrötchen", price="0.90", stock=40, vat_rate="7")
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(bakery.page.url)

    # The card's title link covers the card; its button must still take the tap.
    button = page.get_by_role("button", name=add_to_basket("Dinkelbrot"))
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    button.click()
    page.wait_for_load_state()

    page.goto("/shop/basket/")
    basket = page.locator("main")
    expect(basket).to_contain_text("Dinkelbrot")
    expect(basket).to_contain_text("4,20")

    # The same on a desktop screen, for a second product.
    page.set_viewport_size(DESKTOP)
    page.goto(bakery.page.url)
    page.get_by_role("button", name=add_to_basket(rolls.title)).click()
    page.wait_for_load_state()
    page.goto("/shop/basket/")
    expect(page.locator("main")).to_contain_text("Kürbiskernbrötchen")
    expect(page.locator("main")).to_contain_text("Dinkelbrot")
