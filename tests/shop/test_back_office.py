"""The merchant's shop in the Wagtail admin: products, order CSV, reports, the home panel.

Isolation between merchants is tested in ``test_isolation``; here each
merchant works on its own shop: a product with a picture, stock and
variants, stock corrections that keep a concurrent handover, the order list
as a German spreadsheet, the sales report and the admin home's "your shop
today" panel with its query budget.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from portal.shop import statuses
from portal.shop.images import product_image_file
from portal.shop.models import MerchantShop
from portal.shop.services import orders as order_service

from .helpers import ADDRESS, basket_with, place, product_payload

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

# The menu asks once per area a merchant may have (shop, till, coupons, tickets, ...).
HOME_BUDGET = 42


@pytest.fixture
def as_baker(client, baker):
    client.force_login(baker)
    return client


def picture(name="brot.jpg"):
    image = product_image_file("Roggenbrot", "loaf")
    return SimpleUploadedFile(name, image.read(), content_type="image/jpeg")


# ---------------------------------------------------------------- products


def test_merchant_adds_a_product_with_a_picture_and_stock(as_baker, bakery):
    data = product_payload(bakery, title="Roggenbrot", price="3.90", num_in_stock=12)
    data.update(
        {
            "sales_unit": "Laib",
            "net_content": "1000",
            "net_content_unit": "g",
            "images-TOTAL_FORMS": 1,
            "images-0-original": picture(),
            "images-0-caption": "Ein dunkles Roggenbrot",
            "images-0-display_order": 0,
        }
    )

    response = as_baker.post(reverse("shop_products:add"), data)

    product = Product.objects.get(title="Roggenbrot")
    assert response["Location"] == reverse("shop_products:edit", args=[product.pk])
    assert product.partner == bakery.partner and product.is_standalone
    record = product.stockrecords.get()
    assert (record.price, record.num_in_stock, record.partner) == (
        Decimal("3.90"),
        12,
        bakery.partner,
    )
    assert record.partner_sku == f"{bakery.partner_id}-{product.pk}"
    image = product.images.get()
    assert image.caption == "Ein dunkles Roggenbrot" and image.original.name.endswith(".jpg")
    assert product.base_price(record.price) == Decimal("3.90")
    listing = as_baker.get(reverse("shop_products:index")).content.decode()
    assert "Roggenbrot" in listing and "3,90" in listing


def test_a_product_without_variants_needs_a_price_and_a_stock_count(as_baker, bakery):
    response = as_baker.post(
        reverse("shop_products:add"), product_payload(bakery, price="", num_in_stock="")
    )

    errors = response.context["form"].errors
    assert errors["price"] == ["Geben Sie den Preis an."]
    assert errors["num_in_stock"] == ["Geben Sie an, wie viele Sie haben (0, wenn keine)."]
    assert not Product.objects.filter(title="Neues Produkt").exists()


def test_a_picture_that_is_no_image_is_refused_in_german(as_baker, bakery):
    data = product_payload(bakery)
    data.update(
        {
            "images-TOTAL_FORMS": 1,
            "images-0-original": SimpleUploadedFile("brot.jpg", b"kein Bild", "image/jpeg"),
            "images-0-caption": "",
            "images-0-display_order": 0,
        }
    )

    response = as_baker.post(reverse("shop_products:add"), data)

    assert response.status_code == 200
    assert "Bild" in str(response.context["image_formset"].errors)
    assert not Product.objects.filter(title="Neues Produkt").exists()


def test_an_article_number_is_used_once_per_shop(as_baker, bakery, bread):
    sku = bread.stockrecords.get().partner_sku

    response = as_baker.post(reverse("shop_products:add"), product_payload(bakery, sku=sku))

    assert "Artikelnummer wird schon" in str(response.context["form"].non_field_errors())


def test_variants_turn_a_product_into_one_with_sizes_and_back(as_baker, bakery, bread):
    url = reverse("shop_products:edit", args=[bread.pk])

    as_baker.post(
        url,
        product_payload(
            bakery,
            title="Dinkelbrot",
            price="",
            num_in_stock="",
            variants=[(None, "500 g", "2.90", 4), (None, "1000 g", "4.80", 6)],
        ),
    )
    bread.refresh_from_db()
    children = {child.title: child for child in bread.children.all()}
    page = as_baker.get(url)
    listing = as_baker.get(reverse("shop_products:index")).content.decode()

    assert bread.is_parent and not bread.stockrecords.exists()
    assert sorted(children) == ["1000 g", "500 g"]
    assert children["500 g"].stockrecords.get().price == Decimal("2.90")
    assert all(child.partner == bakery.partner for child in children.values())
    assert len(page.context["variant_formset"].forms) == 4  # two variants, two empty rows
    assert "ab 2,90" in listing

    rows = [
        (children["500 g"].pk, "500 g", "2.90", 4),
        (children["1000 g"].pk, "1000 g", "4.80", 6),
    ]
    data = product_payload(bakery, title="Dinkelbrot", price="4.20", num_in_stock=3, variants=rows)
    data.update({"variants-INITIAL_FORMS": 2, "variants-0-DELETE": "on", "variants-1-DELETE": "on"})
    as_baker.post(url, data)

    bread.refresh_from_db()
    assert bread.is_standalone and not bread.children.exists()
    assert (bread.stockrecords.get().price, bread.stockrecords.get().num_in_stock) == (
        Decimal("4.20"),
        3,
    )


def test_a_stock_correction_keeps_a_handover_made_while_the_form_was_open(as_baker, bakery, bread):
    url = reverse("shop_products:edit", args=[bread.pk])
    form = as_baker.get(url).context["form"]
    seen = form["seen_in_stock"].value()
    # Meanwhile a customer collects 2 loaves: Oscar consumes them from the count.
    record = bread.stockrecords.get()
    record.allocate(2)
    record.consume_allocation(2)

    as_baker.post(
        url,
        product_payload(
            bakery,
            title="Dinkelbrot",
            price="4.20",
            num_in_stock=15,
            seen_in_stock=seen,
            sku=record.partner_sku,
        ),
    )

    assert seen == 10
    # The merchant added 5 to the 10 it saw; the 2 handed over stay gone.
    assert bread.stockrecords.get().num_in_stock == 13


def test_deleting_a_product_asks_and_keeps_past_orders(as_baker, bakery, bread):
    order = place(basket_with((bread, 1)), {bakery: MerchantShop.PICKUP}).orders().get()
    url = reverse("shop_products:delete", args=[bread.pk])

    question = as_baker.get(url).content.decode()
    as_baker.post(url)

    assert "Im Shop anzeigen" in question
    assert not Product.objects.filter(pk=bread.pk).exists()
    assert order.lines.get().title == "Dinkelbrot"


# ---------------------------------------------------------------- orders as a spreadsheet


def test_order_csv_opens_in_german_spreadsheets_and_neutralises_formulas(
    as_baker, baker, grocer, honey, bakery
):
    from .helpers import member_of

    grocer_user = member_of(grocer, "gruenkorb")
    address = {**ADDRESS, "first_name": '=HYPERLINK("http://evil.example","Klick")'}
    place(basket_with((honey, 3)), {grocer: MerchantShop.DELIVERY}, address=address)
    as_baker.force_login(grocer_user)

    response = as_baker.get(reverse("shop_orders:index"), {"export": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, row = rows
    assert header[:5] == ["Bestellnummer", "Bestellt am", "Status", "Lieferung", "Kunde"]
    customer = row[header.index("Kunde")]
    assert customer.startswith("'=HYPERLINK(")
    assert row[header.index("Summe (EUR)")] == "23,00"  # 3 × 6,50 + 3,50 delivery
    assert row[header.index("Artikel")] == "3 × Blütenhonig"
    assert row[header.index("Status")] == "Neu"


def test_order_csv_follows_the_lists_filters(as_baker, bakery, bread):
    first = place(basket_with((bread, 1)), {bakery: MerchantShop.PICKUP}).orders().get()
    second = place(basket_with((bread, 2)), {bakery: MerchantShop.PICKUP}).orders().get()
    order_service.cancel(first)

    response = as_baker.get(
        reverse("shop_orders:index"), {"export": "csv", "status": statuses.CANCELLED}
    )

    numbers = [row.split(";")[0] for row in response.content.decode("utf-8-sig").splitlines()[1:]]
    assert numbers == [first.number]
    assert second.number not in response.content.decode()


# ---------------------------------------------------------------- reports


def test_sales_report_counts_revenue_vat_and_products_without_cancelled_orders(
    as_baker, bakery, bread
):
    kept = place(basket_with((bread, 2)), {bakery: MerchantShop.PICKUP}).orders().get()
    dropped = place(basket_with((bread, 1)), {bakery: MerchantShop.PICKUP}).orders().get()
    order_service.cancel(dropped)

    report = as_baker.get(reverse("shop_reports:index")).context["report"]
    products = as_baker.get(reverse("shop_reports:index"), {"download": "products"})

    assert (report.orders, report.revenue, report.cancelled) == (1, kept.total_incl_tax, 1)
    assert [(row.rate, row.gross) for row in report.vat_rows] == [(Decimal("7"), Decimal("8.40"))]
    assert report.vat_rows[0].net + report.vat_rows[0].tax == Decimal("8.40")
    assert [(row["title"], row["quantity"]) for row in report.products] == [("Dinkelbrot", 2)]
    lines = products.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Produkt;Artikelnummer;Menge;Umsatz (EUR)"
    assert lines[1].endswith(";2;8,40")


def test_a_period_ending_before_it_starts_gets_a_german_message(as_baker):
    response = as_baker.get(
        reverse("shop_reports:index"), {"start": "2025-03-10", "end": "2025-03-01"}
    )

    assert "Der Zeitraum endet, bevor er beginnt." in response.content.decode()
    assert "report" not in response.context


# ---------------------------------------------------------------- admin home


def test_admin_home_shows_new_orders_pickups_and_low_stock(as_baker, bakery, bread):
    order = place(basket_with((bread, 8)), {bakery: MerchantShop.PICKUP}).orders().get()

    home = as_baker.get(reverse("wagtailadmin_home")).content.decode()

    assert "Ihr Shop heute" in home
    assert "1 neue Bestellung" in home and order.number in home
    assert "1 Abholung vorzubereiten oder zu übergeben" in home
    assert "1 Produkt wird knapp" in home and "noch 2" in home
    assert reverse("shop_products:edit", args=[bread.pk]) in home


def home_queries(client):
    client.get(reverse("wagtailadmin_home"))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return len(captured)


def test_admin_home_costs_the_same_for_one_order_and_many(as_baker, bakery, bread):
    from portal.shop.factories import product_for

    place(basket_with((bread, 1)), {bakery: MerchantShop.PICKUP})
    few = home_queries(as_baker)

    for n in range(8):
        product = product_for(bakery, title=f"Brötchen {n}", price="0.50", stock=1)
        place(basket_with((product, 1), (bread, 1)), {bakery: MerchantShop.PICKUP})
    many = home_queries(as_baker)

    assert few == many <= HOME_BUDGET


# ---------------------------------------------------------------- concurrency


@pytest.mark.django_db(transaction=True)
def test_two_clicks_on_cancel_at_once_return_the_stock_once(bakery, bread, baker):
    import threading

    from django.db import connections

    order = place(basket_with((bread, 3)), {bakery: MerchantShop.PICKUP}).orders().get()
    other = place(basket_with((bread, 2)), {bakery: MerchantShop.PICKUP}).orders().get()
    barrier = threading.Barrier(2)
    errors = []

    def cancel():
        try:
            fresh = type(order).objects.get(pk=order.pk)
            barrier.wait()
            order_service.cancel(fresh)
        except order_service.OrderActionError as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cancel) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    record = bread.stockrecords.get()
    # Only the cancelled order's 3 are released; the other order's 2 stay reserved.
    assert (record.num_in_stock, record.num_allocated) == (10, 2)
    assert len(errors) == 1
    assert order.status_changes.filter(new_status=statuses.CANCELLED).count() == 1
    assert other.status == statuses.NEW


# ---------------------------------------------------------------- no Oscar branding


def visible_text(html):
    """The page's text and attribute values a person can see, without scripts and file paths."""
    import re

    html = re.sub(r"(?is)<script.*?</script>", "", html)
    html = re.sub(r"/static/oscar/[^\"' )]*", "", html)
    return html


def test_no_oscar_branding_where_merchants_and_residents_look(client, baker, bakery, bread):
    order = place(basket_with((bread, 1)), {bakery: MerchantShop.PICKUP}).orders().get()
    resident_pages = [
        reverse("catalogue:index"),
        bread.get_absolute_url(),
        "/shop/basket/",
        reverse("customer:login"),
        reverse("shop:merchant", kwargs={"slug": bakery.page.slug}),
    ]
    merchant_pages = [
        reverse("wagtailadmin_home"),
        reverse("shop_orders:index"),
        reverse("shop_orders:detail", args=[order.pk]),
        reverse("shop_products:index"),
        reverse("shop_products:edit", args=[bread.pk]),
        reverse("shop_pickup:index"),
        reverse("shop_reports:index"),
        reverse("shop_settings:edit", args=[bakery.pk]),
    ]

    seen = {url: client.get(url) for url in resident_pages}
    client.force_login(baker)
    seen.update({url: client.get(url) for url in merchant_pages})

    for url, response in seen.items():
        assert response.status_code == 200, url
        assert "oscar" not in visible_text(response.content.decode()).lower(), url
