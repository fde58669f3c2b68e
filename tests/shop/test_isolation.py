"""Merchant isolation: merchant A never reaches merchant B's products, stock, orders or lines.

Every merchant-facing page and API of the dashboard is tried by the baker
(bakery, merchant A) against the bookshop's objects (merchant B): single
objects answer 404, lists, totals, exports and reports leave B's rows out.
Operators (staff) see everything.
"""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from portal.shop.models import MerchantShop

from .conftest import basket_with
from .test_split_checkout import place

Product = get_model("catalogue", "Product")


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


def test_merchant_users_are_exactly_the_profile_team(bakery, bookshop, baker, bookseller):
    assert list(bakery.partner.users.all()) == [baker]
    assert list(bookshop.partner.users.all()) == [bookseller]
    assert baker.has_perm("partner.dashboard_access")
    assert not baker.is_staff


def test_leaving_the_team_takes_the_shop_away(bakery, baker):
    baker.groups.remove(bakery.page.team.group)

    assert not bakery.partner.users.exists()


@pytest.mark.parametrize(
    "url_name",
    ["catalogue-product", "catalogue-product-delete", "catalogue-product-create-child"],
)
def test_another_merchants_product_is_not_found(as_baker, novel, url_name):
    kwargs = {"parent_pk": novel.pk} if url_name.endswith("child") else {"pk": novel.pk}

    response = as_baker.get(reverse(f"dashboard:{url_name}", kwargs=kwargs))

    assert response.status_code == 404


def test_another_merchants_product_cannot_be_changed_or_deleted(as_baker, novel):
    edit = as_baker.post(reverse("dashboard:catalogue-product", kwargs={"pk": novel.pk}), {})
    delete = as_baker.post(reverse("dashboard:catalogue-product-delete", kwargs={"pk": novel.pk}))

    assert (edit.status_code, delete.status_code) == (404, 404)
    assert Product.objects.filter(pk=novel.pk, title="Der Stadtroman").exists()


def test_product_list_lookup_and_bulk_actions_show_own_products_only(as_baker, bread, novel):
    listing = as_baker.get(reverse("dashboard:catalogue-product-list"))
    lookup = as_baker.get(reverse("dashboard:catalogue-product-lookup"), {"q": ""})
    as_baker.post(
        reverse("dashboard:catalogue-product-list"),
        {"action": "make_products_non_public", "selected_product": [novel.pk]},
        follow=True,
    )

    assert "Dinkelbrot" in listing.content.decode()
    assert "Stadtroman" not in listing.content.decode()
    titles = [item["text"] for item in json.loads(lookup.content)["results"]]
    assert titles == ["Dinkelbrot"]
    assert Product.objects.get(pk=novel.pk).is_public


def test_own_product_with_stock_is_editable_and_foreign_stock_records_are_not_offered(
    as_baker, bread, bookshop
):
    response = as_baker.get(reverse("dashboard:catalogue-product", kwargs={"pk": bread.pk}))

    assert response.status_code == 200
    partner_field = response.context["stockrecord_formset"].forms[0].fields["partner"]
    assert list(partner_field.queryset) == [bread.partner]
    assert bookshop.partner not in partner_field.queryset


@pytest.mark.parametrize("url_name", ["order-detail", "order-shipping-address"])
def test_another_merchants_order_is_not_found(as_baker, orders, url_name):
    _own, other = orders

    response = as_baker.get(reverse(f"dashboard:{url_name}", kwargs={"number": other.number}))

    assert response.status_code == 404


def test_another_merchants_order_line_is_not_found(as_baker, orders):
    own, other = orders
    line = other.lines.first()

    foreign = as_baker.get(
        reverse("dashboard:order-line-detail", kwargs={"number": other.number, "line_id": line.pk})
    )
    smuggled = as_baker.get(
        reverse("dashboard:order-line-detail", kwargs={"number": own.number, "line_id": line.pk})
    )

    assert (foreign.status_code, smuggled.status_code) == (404, 404)


def test_actions_on_another_merchants_order_are_refused(as_baker, orders):
    _own, other = orders
    url = reverse("dashboard:order-detail", kwargs={"number": other.number})

    for data in (
        {"order_action": "marketplace_status", "new_status": "Shipped"},
        {"order_action": "marketplace_paid"},
        {"order_action": "save_note", "message": "hijacked"},
    ):
        assert as_baker.post(url, data).status_code == 404
    other.refresh_from_db()
    assert other.status == "New"
    assert not other.notes.exists()


def test_order_list_csv_stats_and_index_count_own_orders_only(as_baker, orders):
    own, other = orders

    listing = as_baker.get(reverse("dashboard:order-list")).content.decode()
    export = as_baker.get(reverse("dashboard:order-list"), {"response_format": "csv"})
    stats = as_baker.get(reverse("dashboard:order-stats")).context
    index = as_baker.get(reverse("dashboard:index")).context

    assert own.number in listing and other.number not in listing
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert [row[0] for row in rows[1:]] == [own.number]
    assert (stats["total_orders"], stats["total_revenue"]) == (1, Decimal("8.40"))
    assert (index["total_orders"], index["total_revenue"]) == (1, Decimal("8.40"))


def test_the_order_report_holds_own_orders_only(as_baker, orders):
    own, other = orders

    report = as_baker.get(
        reverse("dashboard:reports-index"), {"report_type": "order_report", "download": "on"}
    )
    staff_only = as_baker.get(reverse("dashboard:reports-index"), {"report_type": "user_report"})

    text = report.content.decode()
    assert own.number in text and other.number not in text
    # Reports other than the orders report are not offered to merchants at all.
    assert "report_type" in staff_only.context["form"].errors


def test_pickup_desk_does_not_find_another_merchants_code(as_baker, orders, bookshop):
    _own, other = orders
    other.merchant_order.pickup_code = "ABCDEF"
    other.merchant_order.save()

    response = as_baker.post(reverse("dashboard:shop-pickup"), {"code": "ABCDEF"})

    assert response.status_code == 200
    assert response.context.get("found") is None
    assert other.number not in response.content.decode()


def test_another_merchants_shop_settings_and_profile_are_not_found(as_baker, bookshop):
    settings_page = as_baker.get(reverse("dashboard:shop-settings", kwargs={"pk": bookshop.pk}))
    profile = as_baker.get(reverse("dashboard:shop-profile", kwargs={"pk": bookshop.pk}))

    assert (settings_page.status_code, profile.status_code) == (404, 404)


def test_operators_see_every_merchants_order(client, superuser, orders):
    _own, other = orders
    client.force_login(superuser)

    response = client.get(reverse("dashboard:order-detail", kwargs={"number": other.number}))

    assert response.status_code == 200


def test_merchants_cannot_reach_the_operators_dashboard_pages(as_baker):
    for url_name in ("users-index", "partner-list", "offer-list", "voucher-list", "page-list"):
        response = as_baker.get(reverse(f"dashboard:{url_name}"))
        assert response.status_code in (302, 403), url_name


def test_bulk_status_change_in_the_order_list_skips_another_merchants_order(as_baker, orders):
    _own, other = orders

    as_baker.post(
        reverse("dashboard:order-list"),
        {
            "action": "change_order_statuses",
            "selected_order": [other.pk],
            "new_status": "Cancelled",
        },
    )

    other.refresh_from_db()
    assert other.status == "New"
