"""Fixtures of the voucher tests: a programme, merchants of the network, vouchers."""

import pytest

from portal.directory import factories as directory_factories
from portal.directory import services as directory_services
from portal.home.factories import UserFactory
from portal.vouchers import factories


@pytest.fixture
def programme(home_page):
    """The active programme, on a site with a home page (every voucher page needs one)."""
    return factories.VoucherProgrammeFactory()


@pytest.fixture
def directory_index(home_page):
    return directory_factories.DirectoryIndexPageFactory(parent=home_page)


@pytest.fixture
def make_merchant(directory_index):
    """``make_merchant(title, accepting=True, username=None)`` -> (page, user or None)."""

    def make(title, *, accepting=True, username=None, **membership):
        page = directory_factories.MerchantPageFactory(parent=directory_index, title=title)
        if accepting:
            factories.AcceptingMerchantFactory(merchant=page, **membership)
        user = None
        if username:
            user = UserFactory(username=username, email=f"{username}@example.org")
            directory_services.add_member(page, user)
        return page, user

    return make


@pytest.fixture
def merchant(make_merchant):
    page, _user = make_merchant("Buchhandlung Lesezeit", username="lesezeit")
    return page


@pytest.fixture
def merchant_user(merchant):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="lesezeit")


@pytest.fixture
def voucher(programme):
    return factories.VoucherFactory(batch__programme=programme)


@pytest.fixture
def shop_defaults(db):
    """The shop's product types, Germany and email types (gone after a transactional flush)."""
    from portal.shop.defaults import create_defaults

    create_defaults()


@pytest.fixture
def voucher_shop(programme, directory_index, shop_defaults):
    """The operator's tourist information sells the programme's voucher in its shop."""
    seller = directory_factories.MerchantPageFactory(
        parent=directory_index,
        title="Tourist-Information",
        legal_name="Stadtmarketing Musterstadt GmbH",
        legal_address="Marktplatz 1\n12345 Musterstadt",
        email="info@stadtmarketing.example",
    )
    programme.seller = seller
    programme.save()
    return seller.shop


@pytest.fixture
def voucher_variant(voucher_shop, programme):
    """``voucher_variant("25")``: the shop's product for that denomination."""

    def variant(value):
        return programme.products.get(value=value).product

    return variant


@pytest.fixture
def accepting_shop(make_merchant, shop_defaults):
    """``accepting_shop(title, accepting=True, price="12.00")`` -> (shop, product)."""
    from portal.shop.factories import product_for, shop_for

    def make(title, *, accepting=True, price="12.00"):
        page, _user = make_merchant(title, accepting=accepting)
        shop = shop_for(page, offers_pickup=True)
        return shop, product_for(shop, title=f"Ware von {title}", price=price, vat_rate="19")

    return make
