"""The owner's shop day in a real Chromium, all in the Wagtail admin.

A baker who already has a shop adds a product with a picture and stock; a
resident buys two loaves for pickup and pays there; the baker finds the
order on the admin home, hands it over at the pickup desk with the code the
resident shows, and the stock goes down by what left the shop.
"""

import re

import pytest
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from portal.directory import factories as directory_factories
from portal.directory import services as directory_services
from portal.home.factories import UserFactory
from portal.shop import statuses
from portal.shop.factories import shop_for
from portal.shop.images import product_image_file

from .helpers import log_in

Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")


@pytest.fixture
def bakery(home_page):
    create_from_breadcrumbs("Lebensmittel")
    index = directory_factories.DirectoryIndexPageFactory(parent=home_page)
    page = directory_factories.MerchantPageFactory(
        parent=index, title="Bäckerei Korn", legal_name="Bäckerei Korn GmbH"
    )
    baker = UserFactory(username="korn", email="korn@example.org")
    directory_services.add_member(page, baker)
    return shop_for(page, offers_pickup=True, pickup_hours="Mo–Sa 7–13 Uhr")


@pytest.fixture
def picture(tmp_path):
    path = tmp_path / "roggenbrot.jpg"
    path.write_bytes(product_image_file("Roggenbrot", "loaf").read())
    return path


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_owner_adds_a_product_resident_buys_it_for_pickup_owner_hands_it_over(
    browser_page, bakery, picture
):
    page = browser_page

    # The owner adds a product with a picture and ten in stock.
    log_in(page, "korn")
    page.get_by_role("button", name="Online-Shop").click()
    page.get_by_role("link", name="Produkte").click()
    page.get_by_role("link", name="Produkt hinzufügen").first.click()
    page.locator("#id_title").fill("Roggenbrot")
    page.locator("#id_description").fill("Kräftig, mit Sauerteig.")
    page.get_by_label("Lebensmittel").check()
    page.locator("#id_vat_rate").select_option("7")
    page.locator("#id_sales_unit").fill("Laib")
    page.locator("#id_price").fill("3,90")
    page.locator("#id_num_in_stock").fill("10")
    page.set_input_files("#id_images-0-original", str(picture))
    page.locator("#id_images-0-caption").fill("Ein dunkles Roggenbrot")
    page.locator("#w-editor-form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/admin/shop/produkte/\d+/$"))
    product = Product.objects.get(title="Roggenbrot")
    assert product.images.get().caption == "Ein dunkles Roggenbrot"
    assert page.locator("img[alt='Ein dunkles Roggenbrot']").count() == 1

    # A resident sees it with its picture, buys two loaves for pickup and pays there.
    page.context.clear_cookies()
    page.goto(product.get_absolute_url())
    assert page.locator("img.product-detail__image[alt='Ein dunkles Roggenbrot']").count() == 1
    assert "3,90" in page.content() and "inkl. MwSt." in page.content()
    page.get_by_label("Menge").fill("2")
    page.get_by_role("button", name=re.compile("In den Warenkorb")).first.click()
    page.goto("/shop/basket/")
    page.get_by_role("link", name="Zur Kasse").click()
    page.get_by_label("E-Mail-Adresse").fill("anna@example.org")
    page.get_by_role("button", name="Weiter").click()
    page.get_by_label(re.compile("Abholung im Geschäft")).check()
    page.get_by_role("button", name="Weiter").click()
    page.get_by_label("Bezahlung bei Abholung").check()
    page.get_by_role("button", name="Weiter").click()
    page.get_by_role("button", name="zahlungspflichtig bestellen").click()
    page.wait_for_url(re.compile(r".*/checkout/danke/$"))
    code = page.locator(".pickup-code__value").inner_text()
    order = Order.objects.get()

    # The owner sees the new order on the admin home and hands it over at the pickup desk.
    log_in(page, "korn")
    home = page.content()
    assert "Ihr Shop heute" in home and order.number in home
    page.locator("#shop-today-section").get_by_role("link", name="Abholung").click()
    page.wait_for_url(re.compile(r".*/admin/shop/abholung/$"))
    page.get_by_label("Abholcode").fill(code.lower())
    page.get_by_role("button", name="Bestellung suchen").click()
    page.get_by_role("button", name="Übergeben").wait_for()  # the found order's page
    assert "Roggenbrot" in page.content() and "jetzt zu zahlen: 7,80" in page.content()
    page.get_by_role("button", name="Übergeben").click()
    page.wait_for_url(re.compile(r".*/admin/shop/abholung/$"))
    assert f"Bestellung {order.number} wurde übergeben." in page.content()

    order.refresh_from_db()
    assert order.status == statuses.COLLECTED
    assert order.merchant_order.paid_at is not None
    record = product.stockrecords.get()
    assert (record.num_in_stock, record.num_allocated) == (8, 0)
