"""What residents see: catalogue from the database, German price rules, search, checkout pages."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from oscar.apps.catalogue.signals import product_viewed
from oscar.core.loading import get_model

from portal.home.factories import UserFactory
from portal.shop.models import Checkout, ShopSettings

from .helpers import basket_with, checkout_until_preview, place

Order = get_model("order", "Order")


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_catalogue_lists_products_of_open_shops_from_the_database(client, bread, novel, bookshop):
    bookshop.is_open = False
    bookshop.save()

    response = client.get(reverse("catalogue:index"))

    assert response.status_code == 200
    assert "Dinkelbrot" in text(response)
    assert "Stadtroman" not in text(response)


def test_category_page_and_shop_search_show_products(client, bread, honey):
    from oscar.apps.catalogue.categories import create_from_breadcrumbs

    ProductCategory = get_model("catalogue", "ProductCategory")
    category = create_from_breadcrumbs("Lebensmittel > Honig")
    ProductCategory.objects.create(product=honey, category=category)

    category_page = client.get(category.get_absolute_url())
    search = client.get(reverse("search:search"), {"q": "honig"})

    assert "Blütenhonig" in text(category_page) and "Dinkelbrot" not in text(category_page)
    assert "Blütenhonig" in text(search) and "Dinkelbrot" not in text(search)


def test_product_page_states_gross_price_base_price_costs_and_the_seller(client, honey, grocer):
    response = client.get(honey.get_absolute_url())

    page = text(response)
    assert "6,50 €" in page and "inkl. MwSt." in page
    assert "je Glas" in page and "1 kg = 13,00 €" in page
    assert "Hofladen Grünkorb GmbH" in page  # legal name of the seller
    assert "Lieferung im Ort" in page and "3,50 €" in page
    assert "kostenlos ab einem Bestellwert von 40,00 €" in page


def test_viewing_a_product_sets_no_cookie_and_records_no_view(client, honey):
    """Oscar's receivers of ``product_viewed`` are disconnected; the signal is still sent."""
    sent = []

    def receiver(sender, product, **kwargs):
        sent.append(product)

    client.force_login(UserFactory(username="kundin"))
    product_viewed.connect(receiver)
    try:
        response = client.get(honey.get_absolute_url())
    finally:
        product_viewed.disconnect(receiver)

    assert response.status_code == 200
    assert sent == [honey]
    assert settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME not in response.cookies
    assert not get_model("analytics", "ProductRecord").objects.exists()
    assert not get_model("analytics", "UserProductView").objects.exists()


def test_products_of_a_closed_shop_cannot_be_opened(client, bread, bakery):
    bakery.is_open = False
    bakery.save()

    assert client.get(bread.get_absolute_url()).status_code == 404


def test_merchant_shop_page_lists_its_products_and_legal_identity(client, bread, novel, bakery):
    response = client.get(reverse("shop:merchant", kwargs={"slug": bakery.page.slug}))

    page = text(response)
    assert "Dinkelbrot" in page and "Stadtroman" not in page
    assert "Bäckerei Korn GmbH" in page and "Marktplatz 1" in page
    assert "Abholzeiten" in page and "Mo–Sa 7–13 Uhr" in page


def test_site_search_finds_products_next_to_pages(client, honey):
    response = client.get(reverse("search"), {"q": "Blütenhonig"})

    assert "Produkte im Stadtshop" in text(response)
    assert honey.get_absolute_url() in text(response)


def test_a_merchant_profile_page_shows_its_products(client, bread, novel, bakery):
    bakery.page.save_revision().publish()

    response = client.get(bakery.page.url)

    page = text(response)
    assert response.status_code == 200
    assert "Aus unserem Online-Shop" in page and "Dinkelbrot" in page
    assert "Stadtroman" not in page
    assert reverse("shop:merchant", kwargs={"slug": bakery.page.slug}) in page


@pytest.fixture
def legal_pages(home_page):
    from portal.home.factories import ContentPageFactory

    settings = ShopSettings.load()
    settings.terms_page = ContentPageFactory(parent=home_page, slug="agb", title="AGB")
    settings.withdrawal_page = ContentPageFactory(parent=home_page, slug="widerruf", title="W")
    settings.save()
    return settings


def test_guest_checkout_shows_costs_vat_terms_and_the_legal_button_before_ordering(
    client, bread, wine, bakery, grocer, legal_pages, mailoutbox
):
    client.post(reverse("basket:add", kwargs={"pk": bread.pk}), {"quantity": 2})
    client.post(reverse("basket:add", kwargs={"pk": wine.pk}), {"quantity": 1})
    basket_page = text(client.get(reverse("basket:summary")))
    assert "Bäckerei Korn" in basket_page and "Hofladen Grünkorb" in basket_page
    assert "Lieferung im Ort 3,50 €" in basket_page

    preview = checkout_until_preview(
        client,
        {bakery: "pickup", grocer: "delivery"},
        "bank-transfer",
        address={
            "first_name": "Gerda",
            "last_name": "Gast",
            "line1": "Lindenallee 3",
            "line4": "Musterstadt",
            "postcode": "12345",
        },
    )

    page = text(preview)
    assert "zahlungspflichtig bestellen" in page
    assert 'href="/agb/"' in page and 'href="/widerruf/"' in page
    assert "Lieferung im Ort" in page and "3,50 €" in page
    assert "enthaltene MwSt. 19" in page and "enthaltene MwSt. 7" in page
    assert "20,80 €" in page  # 8,40 € + 8,90 € + 3,50 €

    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode()).group(1)
    placed = client.post(reverse("checkout:preview"), {"token": token})
    again = client.post(reverse("checkout:preview"), {"token": token})  # double click

    assert placed.status_code == 302 and again.status_code == 302
    assert again["Location"] == reverse("checkout:thank-you")
    assert Order.objects.count() == 2 and Checkout.objects.count() == 1
    thanks = text(client.get(reverse("checkout:thank-you")))
    checkout = Checkout.objects.get()
    assert checkout.number in thanks and "Überweisung" in thanks
    assert "Zahlung ausstehend" in thanks


def test_pickup_code_is_shown_and_the_status_page_needs_the_secret_key(client, bread, bakery):
    client.post(reverse("basket:add", kwargs={"pk": bread.pk}), {"quantity": 1})
    preview = checkout_until_preview(client, {bakery: "pickup"}, "pay-on-pickup")
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode()).group(1)
    client.post(reverse("checkout:preview"), {"token": token})

    checkout = Checkout.objects.get()
    code = checkout.parts.get().pickup_code
    status = client.get(checkout.get_absolute_url())
    guessed = client.get(
        reverse("shop:checkout-status", kwargs={"number": checkout.number, "key": "x" * 32})
    )

    assert code in text(client.get(reverse("checkout:thank-you")))
    assert status.status_code == 200 and code in text(status)
    assert "Bestellung" in text(status) and "Reihenfolge" not in text(status)
    assert guessed.status_code == 404


def test_a_shop_that_does_not_deliver_to_the_postcode_is_refused_with_a_message(
    client, wine, grocer
):
    client.post(reverse("basket:add", kwargs={"pk": wine.pk}), {"quantity": 1})
    client.post(reverse("checkout:index"), {"username": "gast@example.org", "options": "anonymous"})
    client.post(reverse("checkout:shipping-method"), {f"shop_{grocer.pk}": "delivery"})

    response = client.post(
        reverse("checkout:shipping-address"),
        {
            "first_name": "Gerda",
            "last_name": "Gast",
            "line1": "Weg 1",
            "line4": "Anderswo",
            "postcode": "99999",
        },
    )

    assert response.status_code == 200
    assert "liefert nicht an die Postleitzahl 99999" in text(response)


def test_a_signed_in_customer_finds_the_orders_in_the_account(client, bread, bakery):
    from portal.home.factories import UserFactory

    customer = UserFactory(username="kundin", email="kundin@example.org")
    client.force_login(customer)
    client.post(reverse("basket:add", kwargs={"pk": bread.pk}), {"quantity": 1})
    client.post(reverse("checkout:shipping-method"), {f"shop_{bakery.pk}": "pickup"})
    client.post(reverse("checkout:payment-method"), {"method": "pay-on-pickup"})
    preview = client.get(reverse("checkout:preview")).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', preview).group(1)
    client.post(reverse("checkout:preview"), {"token": token})

    order = Order.objects.get()
    assert order.user == customer and order.email == "kundin@example.org"
    history = client.get(reverse("customer:order-list"))
    assert order.number in text(history)


def test_sign_in_page_has_a_heading_and_german_registration(client, bread, bakery):
    """The merchants' "Register" (commercial register) must not shadow Oscar's sign-up label."""
    bakery.page.register_entry = "HRB 1234, Amtsgericht Musterstadt"
    bakery.page.save()

    page = text(client.get(reverse("customer:login")))
    profile = text(client.get(reverse("shop:merchant", kwargs={"slug": bakery.page.slug})))

    assert '<h1 class="visually-hidden">Einloggen oder registrieren</h1>' in page
    assert "<h2>Registrieren</h2>" in page and ">Register<" not in page
    assert "<dt>Register</dt><dd>HRB 1234, Amtsgericht Musterstadt</dd>" in profile


def test_order_page_in_the_account_shows_the_german_status(client, bread, bakery):
    customer = UserFactory(username="kundin", email="kundin@example.org")
    checkout = place(
        basket_with((bread, 1), owner=customer), {bakery: "pickup"}, "pay-on-pickup", user=customer
    )
    client.force_login(customer)

    order = checkout.orders().get()
    page = text(client.get(reverse("customer:order", kwargs={"order_number": order.number})))

    assert "<h2>Status</h2> <p>Neu</p>" in page
    assert '<th><span class="visually-hidden">Aktionen</span></th>' in page
