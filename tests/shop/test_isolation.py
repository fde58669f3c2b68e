"""Merchant isolation: merchant A never reaches merchant B's products, stock, orders or settings.

Every merchant-facing page of the shop's back office in the Wagtail admin is
tried by the baker (bakery, merchant A) against the bookshop's objects
(merchant B): single objects answer 404, actions change nothing, lists,
searches, filters, totals, reports and CSV files leave B's rows out.
Operators (superusers) see everything; Oscar's dashboard is theirs alone.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from portal.shop import statuses
from portal.shop.models import MerchantShop

from .helpers import basket_with, place, product_payload

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture
def orders(bread, novel, mug, bakery, bookshop):
    """One checkout with an order at each shop; B's order is shipped (has an address)."""
    checkout = place(
        basket_with((bread, 2), (novel, 1), (mug, 1)),
        {bakery: MerchantShop.PICKUP, bookshop: MerchantShop.SHIPPING},
    )
    own = checkout.orders().get(merchant_order__shop=bakery)
    other = checkout.orders().get(merchant_order__shop=bookshop)
    return own, other


@pytest.fixture
def as_baker(client, baker):
    client.force_login(baker)
    return client


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_merchant_users_are_exactly_the_profile_team(bakery, bookshop, baker, bookseller):
    assert list(bakery.partner.users.all()) == [baker]
    assert list(bookshop.partner.users.all()) == [bookseller]
    assert not baker.is_staff


def test_leaving_the_team_takes_the_shop_away(client, bakery, baker, bread):
    baker.groups.remove(bakery.page.team.group)
    client.force_login(baker)

    assert not bakery.partner.users.exists()
    assert client.get(reverse("shop_products:edit", args=[bread.pk])).status_code in (302, 403)


# ---------------------------------------------------------------- products


@pytest.mark.parametrize("url_name", ["shop_products:edit", "shop_products:delete"])
def test_another_merchants_product_is_not_found(as_baker, novel, url_name):
    response = as_baker.get(reverse(url_name, args=[novel.pk]))

    assert response.status_code == 404


def test_another_merchants_product_cannot_be_changed_or_deleted(as_baker, novel):
    edit = as_baker.post(reverse("shop_products:edit", args=[novel.pk]), {"title": "Gekapert"})
    delete = as_baker.post(reverse("shop_products:delete", args=[novel.pk]))

    assert (edit.status_code, delete.status_code) == (404, 404)
    assert Product.objects.filter(pk=novel.pk, title="Der Stadtroman").exists()


def test_product_list_search_and_filters_show_own_products_only(as_baker, bread, novel, bookshop):
    listing = as_baker.get(reverse("shop_products:index")).content.decode()
    search = as_baker.get(reverse("shop_products:index"), {"q": "Stadtroman"})
    foreign_filter = as_baker.get(reverse("shop_products:index"), {"partner": bookshop.partner_id})

    assert "Dinkelbrot" in listing and "Stadtroman" not in listing
    assert list(search.context["object_list"]) == []
    assert "Stadtroman" not in foreign_filter.content.decode()


def test_a_product_cannot_be_created_for_another_merchants_shop(as_baker, bookshop, bakery):
    response = as_baker.post(
        reverse("shop_products:add"),
        {**product_payload(bakery), "partner": bookshop.partner_id, "title": "Kuckucksei"},
    )

    assert response.status_code == 200
    assert "partner" in response.context["form"].errors
    assert not Product.objects.filter(title="Kuckucksei").exists()


def test_another_merchants_variant_cannot_be_smuggled_into_an_own_product(
    as_baker, bakery, bookshop, bread
):
    other_parent = Product.objects.create(
        structure=Product.PARENT,
        title="Kalender",
        partner=bookshop.partner,
        product_class=bread.product_class,
    )
    other_child = Product.objects.create(
        structure=Product.CHILD, parent=other_parent, title="A4", partner=bookshop.partner
    )
    StockRecord.objects.create(
        product=other_child, partner=bookshop.partner, partner_sku="K-A4", price=9, num_in_stock=5
    )

    as_baker.post(
        reverse("shop_products:edit", args=[bread.pk]),
        product_payload(
            bakery, title="Dinkelbrot", variants=[(other_child.pk, "Gestohlen", "1.00", 1)]
        ),
    )

    other_child.refresh_from_db()
    assert (other_child.title, other_child.parent_id) == ("A4", other_parent.pk)
    assert other_child.stockrecords.get().num_in_stock == 5


# ---------------------------------------------------------------- orders


def test_another_merchants_order_page_is_not_found(as_baker, orders):
    _own, other = orders

    response = as_baker.get(reverse("shop_orders:detail", args=[other.pk]))

    assert response.status_code == 404


def test_actions_on_another_merchants_order_are_refused(as_baker, orders):
    _own, other = orders
    url = reverse("shop_orders:detail", args=[other.pk])

    for data in (
        {"action": "status", "new_status": statuses.SHIPPED},
        {"action": "paid"},
        {"action": "cancel", "confirm": other.number},
    ):
        assert as_baker.post(url, data).status_code == 404
    other.refresh_from_db()
    assert other.status == statuses.NEW
    assert not other.status_changes.exists()


def test_order_list_search_filter_and_csv_hold_own_orders_only(as_baker, orders, bookshop):
    own, other = orders
    url = reverse("shop_orders:index")

    listing = as_baker.get(url).content.decode()
    search = as_baker.get(url, {"q": other.number})
    by_pickup_code = as_baker.get(url, {"q": other.merchant_order.pickup_code})
    foreign_shop = as_baker.get(url, {"shop": bookshop.pk})
    export = as_baker.get(url, {"export": "csv"})

    assert own.number in listing and other.number not in listing
    assert list(search.context["object_list"]) == []
    assert other not in list(by_pickup_code.context["object_list"])
    assert other.number not in foreign_shop.content.decode()
    assert [row[0] for row in csv_rows(export)[1:]] == [own.number]


def test_reports_and_their_downloads_count_own_orders_only(as_baker, orders):
    own, other = orders
    url = reverse("shop_reports:index")

    report = as_baker.get(url).context["report"]
    downloads = {
        name: as_baker.get(url, {"download": name}).content.decode("utf-8-sig")
        for name in ("orders", "products", "days")
    }

    assert (report.orders, report.revenue) == (1, Decimal("8.40"))
    assert own.number in downloads["orders"] and other.number not in downloads["orders"]
    assert "Dinkelbrot" in downloads["products"]
    assert "Stadtroman" not in downloads["products"] and "Lesetasse" not in downloads["products"]
    assert str(other.total_incl_tax).replace(".", ",") not in downloads["days"]


def test_pickup_desk_does_not_find_another_merchants_code(as_baker, orders):
    _own, other = orders

    response = as_baker.post(
        reverse("shop_pickup:index"),
        {"code": other.merchant_order.pickup_code, "confirm": other.number},
    )

    assert response.status_code == 200
    assert response.context.get("found") is None
    assert other.number not in response.content.decode()
    other.refresh_from_db()
    assert other.status == statuses.NEW


def test_admin_home_lists_own_orders_and_stock_only(as_baker, orders, novel):
    own, other = orders
    StockRecord.objects.filter(product=novel).update(num_in_stock=1)

    home = as_baker.get(reverse("wagtailadmin_home")).content.decode()

    assert own.number in home and other.number not in home
    assert "Stadtroman" not in home


# ---------------------------------------------------------------- settings


def test_another_merchants_shop_settings_are_not_found_and_not_changed(as_baker, bookshop):
    url = reverse("shop_settings:edit", args=[bookshop.pk])

    page = as_baker.get(url)
    post = as_baker.post(url, {"offers_pickup": "on", "shipping_fee": "0.00", "delivery_fee": "0"})
    listing = as_baker.get(reverse("shop_settings:index"), follow=True).content.decode()

    assert (page.status_code, post.status_code) == (404, 404)
    bookshop.refresh_from_db()
    assert bookshop.offers_shipping and bookshop.shipping_fee == Decimal("4.95")
    assert "Seitenweise" not in listing


# ---------------------------------------------------------------- operators


def test_operators_see_every_merchants_order(client, superuser, orders):
    _own, other = orders
    client.force_login(superuser)

    response = client.get(reverse("shop_orders:detail", args=[other.pk]))

    assert response.status_code == 200


def test_oscars_dashboard_is_for_administrators_only(client, baker, superuser):
    anonymous = client.get("/shop/dashboard/catalogue/")
    client.force_login(baker)
    merchant = [
        client.get(url).status_code
        for url in ("/shop/dashboard/", "/shop/dashboard/orders/", "/shop/dashboard/catalogue/")
    ]
    client.force_login(superuser)
    administrator = client.get("/shop/dashboard/")

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("wagtailadmin_login"))
    assert merchant == [403, 403, 403]
    assert administrator.status_code == 200
