"""Paying online in a real Chromium: two merchants, the provider's page, both merchants paid.

The provider is the local fake of Mollie's API on its own port: the
resident leaves the portal for its hosted page, pays, and comes back; the
fake calls the portal's webhook as Mollie would.
"""

import re

import pytest
from django.urls import reverse

from portal.directory import services as directory_services
from portal.home.factories import UserFactory
from portal.shop.factories import product_for, shop_for

from .helpers import merchant_page

PASSWORD = "passwort-für-tests"


@pytest.fixture
def two_shops(directory_index):
    bakery = merchant_page(directory_index, "Bäckerei Korn", email="korn@example.org")
    books = merchant_page(directory_index, "Buchhandlung Seitenweise", email="buch@example.org")
    for page, username in ((bakery, "korn"), (books, "seitenweise")):
        directory_services.add_member(
            page, UserFactory(username=username, email=f"{username}@example.org")
        )
    bread = product_for(shop_for(bakery, pickup_hours="Mo–Sa 7–13 Uhr"), title="Dinkelbrot")
    novel = product_for(
        shop_for(books, offers_pickup=True), title="Der Stadtroman", price="22.00", vat_rate="7"
    )
    return bread, novel


def log_in(page, username):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))


def to_payment_step(page, products):
    for product in products:
        page.goto(product.get_absolute_url())
        page.get_by_role("button", name="In den Warenkorb").click()
    page.goto("/shop/basket/")
    page.get_by_role("link", name="Zur Kasse").click()
    page.get_by_label("E-Mail-Adresse").fill("anna@example.org")
    page.get_by_role("button", name="Weiter").click()
    page.get_by_role("button", name="Weiter").click()  # both shops: pickup is their only way
    page.wait_for_url("**/checkout/zahlung/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_resident_pays_two_merchants_on_the_providers_page_and_both_see_a_paid_order(
    browser_page, live_fake_mollie, two_shops, mailoutbox
):
    page = browser_page
    to_payment_step(page, two_shops)

    page.get_by_label(re.compile("Online bezahlen")).check()
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url("**/checkout/bestellen/")
    page.get_by_role("button", name="zahlungspflichtig bestellen").click()

    # The provider's hosted page, outside the portal.
    page.wait_for_url(re.compile(re.escape(live_fake_mollie.base_url) + r"/checkout/tr_\w+"))
    assert "31,90 €" in page.locator(".amount").inner_text()
    page.get_by_role("button", name="Bezahlen").click()

    # Back in the portal: the webhook arrived first, the order is paid.
    page.wait_for_url(re.compile(r".*/shop/bestellung/\d+/[\w-]+/zahlung/$"))
    assert page.get_by_role("heading", name="Vielen Dank für Ihre Bestellung").is_visible()
    assert "(bezahlt)" in page.content()
    codes = page.locator(".pickup-code__value").all_inner_texts()
    assert len(codes) == 2

    for username in ("korn", "seitenweise"):
        log_in(page, username)
        page.goto(reverse("shop_orders:index"))
        rows = page.locator("table.listing tbody tr")
        assert rows.count() == 1  # its own order only
        assert "Neu" in rows.first.inner_text()
        assert rows.first.locator(".icon-check").count() == 1  # paid
    assert sorted(m.to[0] for m in mailoutbox) == [
        "anna@example.org",
        "buch@example.org",
        "korn@example.org",
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_return_page_waits_for_the_webhook_and_updates_itself(
    browser_page, live_fake_mollie, two_shops
):
    page = browser_page
    live_fake_mollie.webhooks = "hold"  # the provider's call is late
    to_payment_step(page, two_shops[:1])
    page.get_by_label(re.compile("Online bezahlen")).check()
    page.get_by_role("button", name="Weiter").click()
    page.get_by_role("button", name="zahlungspflichtig bestellen").click()
    page.get_by_role("button", name="Bezahlen").click()

    status = page.locator("[data-payment-status-message]")
    assert "wird geprüft" in status.inner_text()

    [(url, payment_id)] = live_fake_mollie.take_held()
    live_fake_mollie.deliver(url, payment_id)

    page.get_by_text("Ihr Abholcode").wait_for(timeout=20_000)  # reloaded by its script
    assert "wird geprüft" not in page.content()
