"""Maps in a real Chromium: one module builds them, with German controls and no third party."""

import pytest

from portal.home import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def page_with_two_maps(home_page):
    place = {"address": "", "zoom": 16}
    return factories.ContentPageFactory(
        parent=home_page,
        title="Anfahrt",
        slug="anfahrt",
        body=[
            ("map", {**place, "title": "Rathaus", "latitude": 50.9375, "longitude": 6.9603}),
            ("map", {**place, "title": "Stadtbad", "latitude": 50.9412, "longitude": 6.9581}),
        ],
    )


def test_each_map_block_gets_its_marker_and_german_zoom_buttons(page_with_two_maps, browser_page):
    page = browser_page
    page.goto("/anfahrt/")

    page.locator('[data-map][data-ready="true"]').nth(1).wait_for()

    assert page.locator("script[src$='js/map.js']").count() == 2  # one per block, built once
    assert page.locator(".leaflet-container").count() == 2
    assert page.locator('.leaflet-marker-icon[title="Rathaus"]').count() == 1
    assert page.locator('.leaflet-marker-icon[title="Stadtbad"]').count() == 1
    zoom_in = page.locator(".leaflet-control-zoom-in").first
    assert zoom_in.get_attribute("title") == "Vergrößern"
    assert page.locator(".leaflet-control-zoom-out").first.get_attribute("title") == "Verkleinern"
    assert page.locator(".map--no-tiles").count() == 2  # no tile server configured
    zoom_in.click()
    assert page.locator(".leaflet-marker-icon").first.is_visible()
