"""Fixtures of the page cache tests: the marketplace's bakery with a product, a news article."""

import pytest

from portal.home import factories
from tests.shop.conftest import (  # noqa: F401  (the marketplace's fixtures, used here too)
    baker,
    bakery,
    bread,
    directory_index,
    marketplace_defaults,
)


@pytest.fixture
def article(news_index):
    return factories.NewsPageFactory(parent=news_index, title="Stadtfest am Samstag")


@pytest.fixture
def shared_urls(home_page, article, bakery, bread, directory_index):  # noqa: F811
    """The pages anonymous visitors share, one of each kind."""
    return {
        "home": home_page.url,
        "news index": article.get_parent().url,
        "news article": article.url,
        "directory": directory_index.url,
        "merchant": bakery.page.url,
        "catalogue": "/shop/catalogue/",
        "merchant shop": f"/shop/haendler/{bakery.page.slug}/",
        "product": bread.get_absolute_url(),
    }
