"""Fixtures of the marketplace tests: three merchants with shops, their users, products.

``bakery`` (pickup only), ``grocer`` (delivery in 12345 for 3.50 €, free from
40 €) and ``bookshop`` (parcel shipping for 4.95 €) each sell a few products;
``helpers.basket_with`` fills a basket as a resident's browser would.
"""

from decimal import Decimal

import pytest

from portal.directory import factories as directory_factories
from portal.shop import product_types
from portal.shop.defaults import create_defaults
from portal.shop.factories import product_for, shop_for

from .helpers import member_of, merchant_page


@pytest.fixture(autouse=True)
def marketplace_defaults(db):
    """Product types, Germany and email types (gone after a transactional test's flush)."""
    create_defaults()


@pytest.fixture
def directory_index(home_page):
    return directory_factories.DirectoryIndexPageFactory(parent=home_page)


@pytest.fixture
def bakery(directory_index):
    page = merchant_page(directory_index, "Bäckerei Korn", email="korn@example.org")
    return shop_for(page, offers_pickup=True, pickup_hours="Mo–Sa 7–13 Uhr")


@pytest.fixture
def grocer(directory_index):
    page = merchant_page(directory_index, "Hofladen Grünkorb", email="gruenkorb@example.org")
    return shop_for(
        page,
        offers_pickup=False,
        offers_delivery=True,
        delivery_postcodes="12345, 12346",
        delivery_fee=Decimal("3.50"),
        free_delivery_above=Decimal("40.00"),
    )


@pytest.fixture
def bookshop(directory_index):
    page = merchant_page(directory_index, "Buchhandlung Seitenweise", email="buch@example.org")
    return shop_for(page, offers_pickup=True, offers_shipping=True, shipping_fee=Decimal("4.95"))


@pytest.fixture
def baker(bakery):
    return member_of(bakery, "baker")


@pytest.fixture
def bookseller(bookshop):
    return member_of(bookshop, "bookseller")


@pytest.fixture
def bread(bakery):
    return product_for(
        bakery, title="Dinkelbrot", price="4.20", stock=10, vat_rate="7", sales_unit="Laib"
    )


@pytest.fixture
def honey(grocer):
    return product_for(
        grocer,
        title="Blütenhonig",
        price="6.50",
        stock=5,
        vat_rate="7",
        sales_unit="Glas",
        net_content=Decimal("500"),
        net_content_unit="g",
        product_class=product_types.product_class(product_types.FRESH),
    )


@pytest.fixture
def wine(grocer):
    return product_for(grocer, title="Riesling trocken", price="8.90", stock=12, vat_rate="19")


@pytest.fixture
def novel(bookshop):
    return product_for(bookshop, title="Der Stadtroman", price="22.00", stock=3, vat_rate="7")


@pytest.fixture
def mug(bookshop):
    return product_for(bookshop, title="Lesetasse", price="12.90", stock=8, vat_rate="19")
