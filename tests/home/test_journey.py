"""A resident's first visit, in a real Chromium: news, search, calendar, shop."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar
from wagtail.rich_text import RichText

from portal.home import factories
from portal.home.models import NavigationLink, NavigationSettings

pytestmark = pytest.mark.browser


@pytest.fixture
def town(home_page, news_index, event_index):
    factories.NewsPageFactory(
        parent=news_index,
        title="Neue Bänke am Marktplatz",
        date=timezone.localdate(),
        intro="Zwölf Bänke aus Eichenholz laden zum Verweilen ein.",
        body=[("paragraph", RichText("<p>Gestiftet vom Heimatverein Quellenbach.</p>"))],
        listing_image=factories.ImageFactory(title="Bänke"),
    )
    factories.NewsPageFactory(
        parent=news_index,
        title="Ältere Meldung",
        date=timezone.localdate() - datetime.timedelta(days=3),
    )
    start = (timezone.now() + datetime.timedelta(days=4)).replace(minute=0, second=0, microsecond=0)
    factories.EventPageFactory(
        parent=event_index, title="Weinfest", start=start, location_name="Schlosshof"
    )
    navigation = NavigationSettings.for_site(home_page.get_site())
    navigation.links = [
        NavigationLink(page=news_index, sort_order=0),
        NavigationLink(page=event_index, sort_order=1),
        NavigationLink(label="Shop", url="/shop/", sort_order=2),
    ]
    navigation.save()
    return home_page


def test_resident_reads_news_searches_downloads_an_event_and_visits_the_shop(
    town, browser_page, tmp_path
):
    page = browser_page
    page.goto("/")
    header_brand = page.locator(".site-header .brand__name").inner_text()
    assert header_brand == "Musterstadt"

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Aktuelles"
    ).click()
    page.wait_for_url("**/aktuelles/")
    titles = page.locator(".card__title").all_inner_texts()
    assert titles[0] == "Neue Bänke am Marktplatz"

    page.get_by_role("link", name="Neue Bänke am Marktplatz").click()
    page.wait_for_url("**/aktuelles/neue-baenke-am-marktplatz/")
    assert page.locator("h1").inner_text() == "Neue Bänke am Marktplatz"
    assert "Heimatverein Quellenbach" in page.locator("article").inner_text()

    page.get_by_label("Im Portal suchen").fill("Quellenbach")
    page.get_by_label("Im Portal suchen").press("Enter")
    page.wait_for_url("**/suche/?q=Quellenbach")
    assert page.locator(".result-count").inner_text().startswith("1 Treffer")
    page.locator(".result-list").get_by_role("link", name="Neue Bänke am Marktplatz").click()
    page.wait_for_url("**/aktuelles/neue-baenke-am-marktplatz/")

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Veranstaltungen"
    ).click()
    page.get_by_role("link", name="Weinfest").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="In den Kalender eintragen (.ics)").click()
    path = tmp_path / "weinfest.ics"
    download_info.value.save_as(path)
    (event,) = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Weinfest"
    assert "Schlosshof" in str(event["LOCATION"])

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Shop").click()
    page.wait_for_url("**/shop/catalogue/")
    assert page.locator(".site-header .brand__name").inner_text() == header_brand
    assert page.get_by_role("navigation", name="Hauptnavigation").is_visible()
    footer = page.locator("footer").inner_text()
    for legal in ("Impressum", "Datenschutz", "Barrierefreiheit"):
        assert legal in footer


def test_phone_visitor_opens_the_menu_with_the_keyboard(town, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    menu = page.get_by_role("navigation", name="Hauptnavigation")
    assert not menu.is_visible()

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    toggle = page.get_by_role("button", name="Menü")
    toggle.focus()
    page.keyboard.press("Enter")

    assert toggle.get_attribute("aria-expanded") == "true"
    assert menu.is_visible()
    page.keyboard.press("Escape")
    assert not menu.is_visible()
