"""Helpers of the marketplace tests, shared with the voucher and accessibility tests."""

import threading
import uuid

from django.db import connection
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from portal.directory import factories as directory_factories
from portal.shop.product_types import product_class
from portal.shop.services import placement

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")

ADDRESS = {
    "first_name": "Erika",
    "last_name": "Muster",
    "line1": "Lindenallee 5",
    "line4": "Musterstadt",
    "postcode": "12345",
    "country_id": "DE",
}


def merchant_page(index, title, **fields):
    """A live profile below ``index`` with the legal identity a shop must show."""
    return directory_factories.MerchantPageFactory(
        parent=index,
        title=title,
        legal_name=f"{title} GmbH",
        legal_address="Marktplatz 1\n12345 Musterstadt",
        **fields,
    )


def basket_with(*items, owner=None):
    """A basket holding ``(product, quantity)`` pairs, priced like a request's basket."""
    basket = Basket.objects.create(owner=owner)
    basket.strategy = Selector().strategy()
    for product, quantity in items:
        basket.add_product(product, quantity)
    fresh = Basket.objects.get(pk=basket.pk)
    fresh.strategy = basket.strategy
    return fresh


def place(basket, choices, method="test-provider", **kwargs):
    """Place ``basket`` as the checkout would; ``choices`` maps each shop to its fulfilment."""
    return placement.place(
        basket,
        token=kwargs.pop("token", uuid.uuid4().hex),
        user=kwargs.pop("user", None),
        email=kwargs.pop("email", "erika@example.org"),
        choices={str(shop.pk): code for shop, code in choices.items()},
        address_fields=kwargs.pop("address", ADDRESS),
        method_code=method,
        **kwargs,
    )


def run_in_threads(*jobs):
    """Start ``jobs`` together (each in its own thread and connection); their outcomes."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            outcomes[index] = job()
        except Exception as error:  # the outcome under test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def checkout_until_preview(client, shop_choices, method, address=None):
    """Walk a guest through the checkout steps; returns the preview response."""
    client.post(reverse("checkout:index"), {"username": "gast@example.org", "options": "anonymous"})
    fulfilment = {f"shop_{shop.pk}": code for shop, code in shop_choices.items()}
    response = client.post(reverse("checkout:shipping-method"), fulfilment)
    if address:
        response = client.post(reverse("checkout:shipping-address"), address)
    response = client.post(reverse("checkout:payment-method"), {"method": method})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(reverse("checkout:preview"))


def product_payload(shop, title="Neues Produkt", variants=(), **stock):
    """The product form's POST data, as the admin's page sends it."""
    data = {
        "partner": shop.partner_id,
        "title": title,
        "description": "",
        "product_class": product_class().pk,
        "vat_rate": "7",
        "sales_unit": "",
        "net_content": "",
        "net_content_unit": "",
        "is_public": "on",
        "price": stock.get("price", "3.50"),
        "num_in_stock": stock.get("num_in_stock", 5),
        "seen_in_stock": stock.get("seen_in_stock", ""),
        "low_stock_threshold": "",
        "sku": stock.get("sku", ""),
        "variants-TOTAL_FORMS": max(2, len(variants)),
        "variants-INITIAL_FORMS": 0,
        "variants-MIN_NUM_FORMS": 0,
        "variants-MAX_NUM_FORMS": 50,
        "images-TOTAL_FORMS": 0,
        "images-INITIAL_FORMS": 0,
        "images-MIN_NUM_FORMS": 0,
        "images-MAX_NUM_FORMS": 8,
    }
    for index, (pk, name, price, count) in enumerate(variants):
        data.update(
            {
                f"variants-{index}-pk": pk or "",
                f"variants-{index}-title": name,
                f"variants-{index}-price": price,
                f"variants-{index}-num_in_stock": count,
                f"variants-{index}-seen_in_stock": "",
                f"variants-{index}-sku": "",
            }
        )
    return data


def member_of(shop, username):
    """A new user who owns ``shop``'s business."""
    from portal.directory import services as directory_services
    from portal.home.factories import UserFactory

    user = UserFactory(username=username, email=f"{username}@example.org")
    directory_services.add_member(shop.page, user)
    return user


def deliver_webhooks(client, fake):
    """POST every held webhook to the portal, as the provider would; returns the responses."""
    from urllib.parse import urlsplit

    return [
        client.post(urlsplit(url).path, {"id": payment_id}) for url, payment_id in fake.take_held()
    ]


PASSWORD = "passwort-für-tests"


def log_in(page, username):
    """Log ``username`` (password ``PASSWORD``) into the Wagtail admin in the browser."""
    import re

    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))
