"""The marketplace journey in a real Chromium, from opening a shop to collecting the goods.

A baker opens its shop from the Wagtail admin and adds a product; a resident
buys that bread and honey from a market stall, picks both up and pays there,
and sees the pickup codes; the baker sees only its own order, marks it ready
for pickup, and the resident is emailed. No page may contact a third party.
"""

import re

import pytest
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from portal.directory import factories as directory_factories
from portal.directory import services as directory_services
from portal.home.factories import UserFactory
from portal.shop.factories import product_for, shop_for

from .helpers import log_in

Order = get_model("order", "Order")


@pytest.fixture
def town(home_page):
    create_from_breadcrumbs("Lebensmittel")
    index = directory_factories.DirectoryIndexPageFactory(parent=home_page)
    bakery = directory_factories.MerchantPageFactory(
        parent=index, title="Bäckerei Korn", legal_name="Bäckerei Korn GmbH"
    )
    baker = UserFactory(username="korn", email="korn@example.org")
    directory_services.add_member(bakery, baker)
    stall = directory_factories.MerchantPageFactory(parent=index, title="Imkerei Summsumm")
    honey = product_for(
        shop_for(stall, pickup_hours="Sa 7–13 Uhr"), title="Waldhonig", price="7.50"
    )
    return bakery, honey


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_merchant_opens_shop_resident_buys_from_two_merchants_and_collects(
    browser_page, town, mailoutbox
):
    page = browser_page
    bakery, honey = town

    # The baker opens its shop with one action and adds a product.
    log_in(page, "korn")
    page.get_by_role("link", name="Online-Shop eröffnen").click()
    page.get_by_role("button", name="Shop jetzt eröffnen").click()
    page.wait_for_url(re.compile(r".*/admin/shop/einstellungen/\d+/$"))
    page.goto(reverse("shop_products:add"))
    page.locator("#id_title").fill("Bauernbrot")
    page.get_by_label("Lebensmittel").check()
    page.locator("#id_price").fill("4,80")
    page.locator("#id_num_in_stock").fill("10")
    page.locator("#w-editor-form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/admin/shop/produkte/\d+/$"))

    # A resident buys the bread and the honey, picks both up and pays there.
    page.context.clear_cookies()
    page.goto("/shop/")
    page.get_by_role("button", name=re.compile("In den Warenkorb.*Bauernbrot")).click()
    page.get_by_role("button", name=re.compile("In den Warenkorb.*Waldhonig")).click()
    page.goto("/shop/basket/")
    page.get_by_role("link", name="Zur Kasse").click()
    page.get_by_label("E-Mail-Adresse").fill("anna@example.org")
    page.get_by_role("button", name="Weiter").click()
    for shop in ("Bäckerei Korn", "Imkerei Summsumm"):
        group = page.get_by_role("group", name=f"Wie bekommen Sie die Waren von {shop}?")
        group.get_by_label(re.compile("Abholung im Geschäft")).check()
    page.get_by_role("button", name="Weiter").click()
    page.get_by_label("Bezahlung bei Abholung").check()
    page.get_by_role("button", name="Weiter").click()
    assert "inkl. MwSt." in page.content()
    page.get_by_role("button", name="zahlungspflichtig bestellen").click()
    page.wait_for_url(re.compile(r".*/checkout/danke/$"))
    codes = page.locator(".pickup-code__value").all_inner_texts()
    assert len(codes) == 2 and all(re.fullmatch(r"[A-Z0-9]{6}", code) for code in codes)

    bread_order = Order.objects.get(merchant_order__shop__page=bakery)
    honey_order = Order.objects.get(merchant_order__shop__partner=honey.partner)

    # The baker sees only its own order and marks it ready for pickup.
    log_in(page, "korn")
    page.get_by_role("button", name="Online-Shop").click()
    page.get_by_role("link", name="Bestellungen").click()
    page.wait_for_url(re.compile(r".*/admin/shop/bestellungen/$"))
    assert bread_order.number in page.content()
    assert honey_order.number not in page.content()
    page.get_by_role("link", name=bread_order.number).first.click()
    mailoutbox.clear()
    page.get_by_role("button", name="Auf „Abholbereit“ setzen").click()
    page.wait_for_load_state()
    assert "Abholbereit" in page.content()

    # The resident is told by email, with the pickup code.
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["anna@example.org"] and "abholbereit" in mail.subject
    assert bread_order.merchant_order.pickup_code in mail.body
