"""What merchants do in the Wagtail admin: open the shop, set it up, work on orders, hand over."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from portal.directory import services as directory_services
from portal.home.factories import UserFactory
from portal.shop import statuses
from portal.shop.models import MerchantShop

from .helpers import basket_with, merchant_page, place

Partner = get_model("partner", "Partner")


@pytest.fixture
def florist_page(directory_index):
    return merchant_page(directory_index, "Blumen Blütezeit", offers_local_delivery=True)


@pytest.fixture
def florist(florist_page):
    user = UserFactory(username="florist")
    directory_services.add_member(florist_page, user)
    return user


def test_merchant_opens_its_shop_from_the_wagtail_admin(client, florist, florist_page):
    client.force_login(florist)

    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[florist_page.pk])).content.decode()
    response = client.post(reverse("shop_admin:open", kwargs={"page_id": florist_page.pk}))

    open_url = reverse("shop_admin:open", kwargs={"page_id": florist_page.pk})
    assert reverse("shop_admin:choose") in menu  # the admin menu's "Online-Shop eröffnen"
    assert open_url in editor
    shop = MerchantShop.objects.get(page=florist_page)
    settings_url = reverse("shop_settings:edit", args=[shop.pk])
    assert response["Location"] == settings_url
    assert list(shop.partner.users.all()) == [florist]
    assert shop.offers_delivery and shop.delivery_postcodes == florist_page.postcode
    # Back in the admin, the page and the menu lead to the shop's pages.
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[florist_page.pk])).content.decode()
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert settings_url in editor
    assert client.get(settings_url).status_code == 200
    for url_name in ("shop_orders:index", "shop_products:index", "shop_pickup:index"):
        assert reverse(url_name) in menu
    assert reverse("shop_admin:choose") not in menu


def test_opening_twice_keeps_one_shop(client, florist, florist_page):
    client.force_login(florist)
    url = reverse("shop_admin:open", kwargs={"page_id": florist_page.pk})

    client.post(url)
    client.post(url)

    assert MerchantShop.objects.filter(page=florist_page).count() == 1
    assert Partner.objects.count() == 1


def test_an_unpublished_profile_cannot_open_a_shop(client, florist, florist_page):
    florist_page.unpublish()
    client.force_login(florist)

    response = client.post(reverse("shop_admin:open", kwargs={"page_id": florist_page.pk}))

    assert response.status_code == 200
    assert "Veröffentlichen Sie zuerst das Händlerprofil" in response.content.decode()
    assert not MerchantShop.objects.exists()


def test_only_the_team_may_open_a_profiles_shop(client, florist_page, baker):
    client.force_login(baker)

    response = client.post(reverse("shop_admin:open", kwargs={"page_id": florist_page.pk}))

    # Wagtail turns the refusal into a redirect to the admin home with a message.
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert not MerchantShop.objects.filter(page=florist_page).exists()


def test_merchant_sets_fulfilment_and_fees(client, baker, bakery):
    client.force_login(baker)
    url = reverse("shop_settings:edit", args=[bakery.pk])

    shortcut = client.get(reverse("shop_settings:index"))
    response = client.post(
        url,
        {
            "is_open": "on",
            "offers_pickup": "on",
            "pickup_hours": "Mo–Fr 7–12 Uhr",
            "offers_delivery": "on",
            "delivery_postcodes": "12345, 1234",
            "delivery_fee": "2.00",
            "shipping_fee": "0.00",
        },
    )

    assert shortcut["Location"] == url  # one shop: straight to its form
    assert response.status_code == 200
    errors = response.context["form"].errors["delivery_postcodes"][0]
    assert "keine deutschen Postleitzahlen" in errors and "1234" in errors
    client.post(
        url,
        {
            "is_open": "on",
            "offers_pickup": "on",
            "pickup_hours": "Mo–Fr 7–12 Uhr",
            "offers_delivery": "on",
            "delivery_postcodes": "12345 12346",
            "delivery_fee": "2.00",
            "free_delivery_above": "25.00",
            "shipping_fee": "0.00",
        },
    )
    bakery.refresh_from_db()
    assert bakery.postcodes == {"12345", "12346"}
    assert bakery.fee_for(MerchantShop.DELIVERY, Decimal("24.99")) == Decimal("2.00")
    assert bakery.fee_for(MerchantShop.DELIVERY, Decimal("25.00")) == Decimal("0.00")


@pytest.fixture
def pickup_order(bread, bakery):
    checkout = place(basket_with((bread, 3)), {bakery: "pickup"}, method="pay-on-pickup")
    return checkout.orders().get()


def test_ready_for_pickup_tells_the_customer_and_the_code_hands_the_order_over(
    client, baker, pickup_order, bread, mailoutbox
):
    client.force_login(baker)
    url = reverse("shop_orders:detail", args=[pickup_order.pk])
    mailoutbox.clear()

    page = client.get(url).content.decode()
    client.post(url, {"action": "status", "new_status": statuses.READY_FOR_PICKUP})
    wrong = client.post(url, {"action": "handover", "code": "WRONG1"}, follow=True)
    code = pickup_order.merchant_order.pickup_code
    client.post(url, {"action": "handover", "code": code.lower()})

    assert "Auf „Abholbereit“ setzen" in page and "Dinkelbrot" in page
    assert code not in page  # the customer shows it; the page never does
    assert "Der Abholcode passt nicht zu dieser Bestellung." in wrong.content.decode()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["erika@example.org"]
    assert "abholbereit" in mailoutbox[0].subject and code in mailoutbox[0].body
    pickup_order.refresh_from_db()
    assert pickup_order.status == statuses.COLLECTED
    assert pickup_order.merchant_order.paid_at is not None
    record = bread.stockrecords.get()
    assert (record.num_in_stock, record.num_allocated) == (7, 0)


def test_shipping_tells_the_customer(client, bookseller, novel, bookshop, mailoutbox):
    order = place(basket_with((novel, 1)), {bookshop: "shipping"}).orders().get()
    client.force_login(bookseller)
    mailoutbox.clear()

    client.post(
        reverse("shop_orders:detail", args=[order.pk]),
        {"action": "status", "new_status": statuses.SHIPPED},
    )

    order.refresh_from_db()
    assert order.status == statuses.SHIPPED
    assert len(mailoutbox) == 1 and "unterwegs" in mailoutbox[0].subject


def test_a_pickup_order_cannot_be_marked_shipped(client, baker, pickup_order):
    client.force_login(baker)

    response = client.post(
        reverse("shop_orders:detail", args=[pickup_order.pk]),
        {"action": "status", "new_status": statuses.SHIPPED},
        follow=True,
    )

    pickup_order.refresh_from_db()
    assert pickup_order.status == statuses.NEW
    assert "kann nicht auf „Versandt“ gesetzt" in response.content.decode()


def test_cancelling_asks_first_and_then_returns_the_stock(client, baker, pickup_order, bread):
    client.force_login(baker)
    url = reverse("shop_orders:detail", args=[pickup_order.pk])

    question = client.post(url, {"action": "cancel"})
    pickup_order.refresh_from_db()
    status_after_question = pickup_order.status
    client.post(url, {"action": "cancel", "confirm": pickup_order.number})

    assert status_after_question == statuses.NEW
    assert "Ja, Bestellung stornieren" in question.content.decode()
    pickup_order.refresh_from_db()
    assert pickup_order.status == statuses.CANCELLED
    record = bread.stockrecords.get()
    assert (record.num_in_stock, record.num_allocated) == (10, 0)


def test_pickup_desk_hands_over_by_code(client, baker, pickup_order):
    client.force_login(baker)
    code = pickup_order.merchant_order.pickup_code
    typed = f"{code[:3].lower()} {code[3:]}"  # as read out over the counter

    found = client.post(reverse("shop_pickup:index"), {"code": typed})
    done = client.post(
        reverse("shop_pickup:index"), {"code": typed, "confirm": pickup_order.number}
    )

    assert found.context["found"] == pickup_order
    page = found.content.decode()
    assert "3" in page and "Dinkelbrot" in page and "jetzt zu zahlen: 12,60" in page
    assert "erika@example.org" not in page  # the desk shows what the handover needs, no more
    assert done.status_code == 302
    pickup_order.refresh_from_db()
    assert pickup_order.status == statuses.COLLECTED


def test_pickup_desk_says_so_for_an_unknown_code(client, baker, pickup_order):
    client.force_login(baker)

    response = client.post(reverse("shop_pickup:index"), {"code": "ZZZZZZ"})

    assert "Keine Ihrer Bestellungen hat diesen Abholcode." in response.content.decode()
