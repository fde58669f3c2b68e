"""Fixtures of the directory tests: a directory under the demo home page, merchants, users."""

import pytest

from portal.directory import factories, services
from portal.home.factories import UserFactory


@pytest.fixture
def directory_index(home_page):
    return factories.DirectoryIndexPageFactory(parent=home_page)


@pytest.fixture
def retail(db):
    return factories.CategoryFactory(name="Einzelhandel", slug="einzelhandel")


@pytest.fixture
def merchant_page(directory_index, retail):
    return factories.MerchantPageFactory(
        parent=directory_index, title="Bäckerei Korn", primary_category=retail
    )


@pytest.fixture
def merchant_user(merchant_page):
    user = UserFactory(username="korn", email="korn@example.org")
    services.add_member(merchant_page, user)
    return user


@pytest.fixture
def setup(directory_index, retail):
    """Two businesses under moderation, each with its own merchant: (page_a, page_b, a, b)."""
    services.ensure_moderation_workflow(directory_index)
    page_a = factories.MerchantPageFactory(
        parent=directory_index, title="Laden Anton", primary_category=retail
    )
    page_b = factories.MerchantPageFactory(
        parent=directory_index, title="Laden Berta", primary_category=retail
    )
    merchant_a = UserFactory(username="anton")
    merchant_b = UserFactory(username="berta")
    services.add_member(page_a, merchant_a)
    services.add_member(page_b, merchant_b)
    return page_a, page_b, merchant_a, merchant_b
