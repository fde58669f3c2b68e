"""What search engines, sharing and every visitor see on every page."""

import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup

from portal.home import factories
from portal.home.models import PortalSettings


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_page_has_title_description_canonical_and_open_graph(client, news_index):
    image = factories.ImageFactory(title="Brunnen im Sommer")
    page = factories.NewsPageFactory(
        parent=news_index,
        title="Brunnen sprudelt wieder",
        seo_title="Der Marktbrunnen sprudelt wieder",
        search_description="Nach der Sanierung fließt wieder Wasser.",
        listing_image=image,
    )

    html = soup(client.get(page.url))

    assert html.title.string == "Der Marktbrunnen sprudelt wieder – Musterstadt"
    assert html.find("meta", attrs={"name": "description"})["content"] == (
        "Nach der Sanierung fließt wieder Wasser."
    )
    assert html.find("link", rel="canonical")["href"].endswith(
        "/aktuelles/brunnen-sprudelt-wieder/"
    )
    og = {tag["property"]: tag["content"] for tag in html.find_all("meta", property=True)}
    assert og["og:title"] == "Der Marktbrunnen sprudelt wieder"
    assert og["og:type"] == "article"
    assert og["og:locale"] == "de_DE"
    assert og["og:url"] == html.find("link", rel="canonical")["href"]
    # The sharing image lives on the site's own address, like the canonical URL.
    assert og["og:image"].startswith("http://localhost/media/")
    assert og["og:image:width"] == "1200" and og["og:image:height"] == "630"


def test_sitemap_lists_live_pages_only(client, home_page, news_index):
    live = factories.NewsPageFactory(parent=news_index, title="Öffentlich")
    draft = factories.NewsPageFactory(parent=news_index, title="Entwurf")
    draft.unpublish()

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [
        loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", namespace)
    ]
    assert any(location.endswith(live.url) for location in locations)
    assert not any(location.endswith(draft.url) for location in locations)
    assert any(location.endswith(news_index.url) for location in locations)


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_areas(client, db):
    response = client.get("/robots.txt")

    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    for private in ("/admin/", "/shop/checkout/", "/shop/accounts/"):
        assert f"Disallow: {private}" in lines


def test_every_footer_links_the_legal_pages_on_wagtail_and_shop_pages(client, home_page):
    imprint = factories.ContentPageFactory(parent=home_page, title="Impressum", slug="impressum")
    settings = PortalSettings.for_site(home_page.get_site())
    settings.imprint_page = imprint
    settings.save()

    for url in (home_page.url, "/suche/", "/shop/catalogue/", "/shop/basket/"):
        footer = soup(client.get(url)).find("footer")
        links = {a.get_text(strip=True): a["href"] for a in footer.find_all("a")}
        assert links["Impressum"] == imprint.url, url
        assert links["Datenschutz"] == "/datenschutz/", url
        assert links["Barrierefreiheit"] == "/barrierefreiheit/", url


def test_shop_has_the_same_header_and_skip_link_as_the_portal(client, home_page):
    portal = soup(client.get(home_page.url))
    shop = soup(client.get("/shop/catalogue/"))

    assert shop.find("header", class_="site-header") is not None
    assert (
        shop.find(class_="brand__name").get_text() == portal.find(class_="brand__name").get_text()
    )
    assert shop.find("a", class_="skip-link")["href"] == "#main"
    assert shop.find("main", id="main") is not None
    scripts = [tag["src"] for tag in shop.find_all("script", src=True)]
    assert scripts and all(src.startswith("/static/") for src in scripts)


def test_pages_speak_german(client, home_page):
    html = soup(client.get(home_page.url))

    assert html.html["lang"] == "de"
    assert html.find("a", class_="skip-link").get_text() == "Zum Inhalt springen"
