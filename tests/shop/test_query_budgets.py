"""Query budgets: the shop's key pages cost the same number of queries for a small and a
large catalogue or basket, and stay under a fixed budget.

Each page is requested once to warm caches (thumbnail lookups, site root
paths), then counted; the count with many products or basket lines must
equal the count with few.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from portal.shop.factories import product_for
from portal.shop.product_types import product_class

from .helpers import checkout_until_preview

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

PAGE_BUDGET = 30
CHECKOUT_BUDGET = 35


def queries(client, url, method="get", data=None):
    """Queries of a request to ``url`` after one warm-up request."""
    getattr(client, method)(url, data)
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data)
    assert response.status_code in (200, 302), (url, response.status_code)
    return len(captured)


def add_products(shop, count, prefix):
    return [
        product_for(shop, title=f"{prefix} {n}", price="3.00", image_kind="box")
        for n in range(count)
    ]


def add_variants(shop, title, sizes):
    parent = Product.objects.create(
        structure=Product.PARENT, title=title, partner=shop.partner, product_class=product_class()
    )
    for size in sizes:
        child = Product.objects.create(
            structure=Product.CHILD, parent=parent, title=size, partner=shop.partner
        )
        StockRecord.objects.create(
            product=child,
            partner=shop.partner,
            partner_sku=f"{title}-{size}",
            price=9,
            num_in_stock=5,
        )
    return parent


def test_catalogue_list_costs_the_same_for_3_and_20_products(client, bakery, bookshop):
    add_products(bakery, 2, "Brötchen")
    add_variants(bakery, "Torte", ["klein", "groß"])
    few = queries(client, reverse("catalogue:index"))

    add_products(bookshop, 15, "Buch")
    add_variants(bookshop, "Kalender", ["A5", "A4", "A3", "A2"])
    many = queries(client, reverse("catalogue:index"))

    assert few == many <= PAGE_BUDGET


def test_merchant_shop_page_costs_the_same_for_few_and_many_products(client, bakery):
    url = reverse("shop:merchant", kwargs={"slug": bakery.page.slug})
    add_products(bakery, 2, "Brötchen")
    few = queries(client, url)

    add_products(bakery, 12, "Kuchen")
    many = queries(client, url)

    assert few == many <= PAGE_BUDGET


def test_product_page_costs_the_same_for_a_small_and_a_large_shop(client, bakery, bookshop):
    bread = add_products(bakery, 1, "Brot")[0]
    cake = add_variants(bakery, "Torte", ["klein", "groß"])
    few = queries(client, bread.get_absolute_url())
    few_variants = queries(client, cake.get_absolute_url())

    add_products(bakery, 12, "Brötchen")
    calendar = add_variants(bookshop, "Kalender", ["A5", "A4", "A3", "A2", "A1"])
    many = queries(client, bread.get_absolute_url())
    many_variants = queries(client, calendar.get_absolute_url())

    assert few == many <= PAGE_BUDGET
    assert few_variants == many_variants <= PAGE_BUDGET


def fill_basket(client, products):
    for product in products:
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})


@pytest.fixture
def small_and_large_clients(client, django_user_model, bakery, grocer, bookshop):
    from django.test import Client

    small, large = client, Client()
    fill_basket(small, add_products(grocer, 1, "Apfel"))
    fill_basket(
        large,
        [
            *add_products(grocer, 3, "Birne"),
            *add_products(bakery, 3, "Brezel"),
            *add_products(bookshop, 3, "Heft"),
        ],
    )
    return small, large


ADDRESS = {
    "first_name": "Gerda",
    "last_name": "Gast",
    "line1": "Lindenallee 3",
    "line4": "Musterstadt",
    "postcode": "12345",
}


def test_basket_page_costs_the_same_for_one_line_and_nine(small_and_large_clients):
    small, large = small_and_large_clients

    assert (
        queries(small, reverse("basket:summary"))
        == queries(large, reverse("basket:summary"))
        <= PAGE_BUDGET
    )


def test_each_checkout_step_costs_the_same_for_one_merchant_and_three(
    small_and_large_clients, bakery, grocer, bookshop
):
    small, large = small_and_large_clients
    checkout_until_preview(small, {grocer: "delivery"}, "test-provider", address=ADDRESS)
    checkout_until_preview(
        large,
        {grocer: "delivery", bakery: "pickup", bookshop: "shipping"},
        "test-provider",
        address=ADDRESS,
    )

    for step in (
        "checkout:index",
        "checkout:shipping-method",
        "checkout:shipping-address",
        "checkout:payment-method",
        "checkout:preview",
    ):
        url = reverse(step)
        assert queries(small, url) == queries(large, url) <= CHECKOUT_BUDGET, step

    for client in (small, large):
        preview = client.get(reverse("checkout:preview")).content.decode()
        token = re.search(r'name="token" value="([^"]+)"', preview).group(1)
        client.post(reverse("checkout:preview"), {"token": token})
    thanks = reverse("checkout:thank-you")
    assert queries(small, thanks) == queries(large, thanks) <= CHECKOUT_BUDGET
