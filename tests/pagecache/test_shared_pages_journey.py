"""Journey in Chromium: a visitor adds to the basket from a product page served from the cache."""

import pytest
from playwright.sync_api import expect


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_add_to_basket_works_on_a_product_page_served_from_the_cache(
    browser, browser_page, live_server, bread, settings
):
    settings.PORTAL_PAGE_CACHE = True
    first_visitor = browser.new_context(base_url=live_server.url)
    stored = first_visitor.new_page().goto(bread.get_absolute_url())
    assert stored.headers["x-page-cache"] == "miss"
    first_visitor.close()

    page = browser_page
    shared = page.goto(bread.get_absolute_url())
    assert shared.headers["x-page-cache"] == "hit"
    csrf_cookie = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    assert list(csrf_cookie) == ["csrftoken"], "only the CSRF cookie, set by the page's script"
    token = page.locator("input[name=csrfmiddlewaretoken]").input_value()
    assert token == csrf_cookie["csrftoken"]
    page.get_by_role("button", name="In den Warenkorb").click()
    page.wait_for_load_state()
    page.goto("/shop/basket/")
    expect(page.locator("main")).to_contain_text("Dinkelbrot")
    # Now with a basket: the visitor's own page, not the shared one.
    personal = page.goto(bread.get_absolute_url())
    assert "x-page-cache" not in personal.headers
    expect(page.locator(".shop-bar__count")).to_contain_text("1 Artikel")
