"""Found from outside: the sitemap, Open Graph and schema.org data, canonical addresses."""

import xml.etree.ElementTree as ET

import extruct
import pytest
from bs4 import BeautifulSoup

from portal.directory import factories as directory_factories
from portal.directory.models import Category
from portal.home import factories as home_factories
from portal.shop.factories import product_for, shop_for

SITE = "http://localhost"  # the default Wagtail site of the tests (portal.home.factories)


def open_graph(response):
    html = BeautifulSoup(response.content, "html.parser")
    return {tag["property"]: tag["content"] for tag in html.find_all("meta", property=True)}


@pytest.fixture
def bakery(directory_index):
    return directory_factories.MerchantPageFactory(
        parent=directory_index,
        title="Bäckerei Korn",
        primary_category=Category.objects.get(slug="baeckerei"),
        logo=home_factories.ImageFactory(title="Logo Korn"),
    )


@pytest.fixture
def bread(bakery):
    shop = shop_for(bakery)
    return product_for(
        shop,
        title="Dinkel-Vollkornbrot",
        price="4.60",
        stock=12,
        vat_rate="7",
        image_kind="loaf",
        description="Aus Natursauerteig, 750 g.",
    )


def test_the_sitemap_lists_pages_businesses_events_and_products(client, bakery, bread, event_index):
    event = home_factories.EventPageFactory(parent=event_index, title="Brotmarkt")
    hidden = product_for(shop_for(bakery), title="Nicht öffentlich", is_public=False)

    response = client.get("/sitemap.xml")

    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [
        loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", namespace)
    ]
    assert SITE + bakery.url in locations
    assert SITE + event.url in locations
    assert SITE + bread.get_absolute_url() in locations
    assert SITE + hidden.get_absolute_url() not in locations
    assert all(location.startswith(SITE + "/") for location in locations)


def test_a_business_page_is_shared_with_its_logo_when_it_has_no_teaser_image(client, bakery):
    response = client.get(bakery.url)

    og = open_graph(response)
    assert og["og:image"].startswith(SITE + "/media/")
    assert og["og:image:width"] == "1200" and og["og:image:height"] == "630"
    assert og["og:type"] == "business.business"


def test_a_product_page_has_open_graph_a_canonical_url_and_a_schema_org_product(client, bread):
    response = client.get(bread.get_absolute_url())

    assert response.status_code == 200
    url = SITE + bread.get_absolute_url()
    html = BeautifulSoup(response.content, "html.parser")
    assert html.find("link", rel="canonical")["href"] == url
    og = open_graph(response)
    assert og["og:type"] == "product"
    assert og["og:title"] == "Dinkel-Vollkornbrot"
    assert og["og:url"] == url
    assert og["og:image"].startswith(SITE + "/media/")
    assert og["product:price:amount"] == "4.60"
    assert og["product:price:currency"] == "EUR"
    assert og["product:availability"] == "instock"

    data = extruct.extract(response.text, base_url=url, syntaxes=["json-ld"])["json-ld"]
    product = next(item for item in data if item["@type"] == "Product")
    assert product["name"] == "Dinkel-Vollkornbrot"
    assert product["description"] == "Aus Natursauerteig, 750 g."
    assert product["image"][0].startswith(SITE + "/media/")
    offer = product["offers"]
    assert offer["@type"] == "Offer"
    assert offer["price"] == "4.60" and offer["priceCurrency"] == "EUR"
    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["seller"] == {
        "@type": "Bakery",
        "name": "Bäckerei Korn",
        "url": SITE + bread.partner.merchant_shop.page.url,
    }


def test_a_sold_out_product_says_so_to_search_engines(client, bread):
    stock = bread.stockrecords.get()
    stock.num_in_stock = 0
    stock.save()

    response = client.get(bread.get_absolute_url())

    data = extruct.extract(response.text, syntaxes=["json-ld"])["json-ld"]
    product = next(item for item in data if item["@type"] == "Product")
    assert product["offers"]["availability"] == "https://schema.org/OutOfStock"
    assert open_graph(response)["product:availability"] == "oos"
