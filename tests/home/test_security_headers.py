"""Content-Security-Policy, Permissions-Policy and SameSite on public pages, shop and admin."""

import pytest
from django.urls import reverse

from portal.headers import content_security_policy


def directives(response):
    return dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )


def test_public_pages_allow_only_the_portals_own_scripts_and_styles(client, home_page):
    response = client.get("/")

    policy = directives(response)
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert "<script>" not in response.content.decode()  # no inline script left


def test_the_shop_has_the_same_policy_and_no_inline_script(client, home_page):
    response = client.get("/shop/basket/")

    assert directives(response)["script-src"] == "'self'"
    page = response.content.decode()
    assert "<script>" not in page and "oscar_init.js" in page


def test_the_admin_has_a_policy_too(client, superuser):
    client.force_login(superuser)

    policy = directives(client.get("/admin/"))

    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'self'"
    assert policy["script-src"].startswith("'self'")


def test_error_pages_carry_the_policy(client, home_page):
    assert "Content-Security-Policy" in client.get("/gibt-es-nicht/")


def test_the_map_tile_host_is_allowed_for_images_only(settings):
    settings.PORTAL_MAP_TILE_URL = "https://{s}.tiles.musterstadt.example/{z}/{x}/{y}.png"

    policy = content_security_policy()

    assert "img-src 'self' data: blob: https://*.tiles.musterstadt.example" in policy
    assert "script-src 'self';" in policy


def test_camera_and_position_are_denied_by_default(client, home_page):
    policy = client.get("/")["Permissions-Policy"]

    assert "camera=()" in policy and "geolocation=()" in policy


def test_the_tills_scan_page_may_use_the_camera(client, home_page):
    from portal.directory import factories as directory_factories
    from portal.directory import services as directory_services
    from portal.home.factories import UserFactory
    from portal.vouchers import factories as voucher_factories

    voucher_factories.VoucherProgrammeFactory()
    index = directory_factories.DirectoryIndexPageFactory(parent=home_page)
    shop = directory_factories.MerchantPageFactory(parent=index, title="Buchladen")
    voucher_factories.AcceptingMerchantFactory(merchant=shop)
    till = UserFactory(username="kasse", email="kasse@example.org")
    directory_services.add_member(shop, till)
    client.force_login(till)

    response = client.get(reverse("cityvouchers:redeem"))

    assert response.status_code == 200
    assert "camera=(self)" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_the_directory_may_ask_for_the_position(client, home_page):
    from portal.directory import factories as directory_factories

    index = directory_factories.DirectoryIndexPageFactory(parent=home_page)

    policy = client.get(index.url)["Permissions-Policy"]

    assert "geolocation=(self)" in policy and "camera=()" in policy


@pytest.mark.django_db
def test_every_cookie_has_samesite_including_oscars_basket(client, home_page):
    from portal.directory import factories as directory_factories
    from portal.shop.defaults import create_defaults
    from portal.shop.factories import product_for, shop_for

    create_defaults()
    index = directory_factories.DirectoryIndexPageFactory(parent=home_page)
    shop = shop_for(directory_factories.MerchantPageFactory(parent=index), offers_pickup=True)
    product = product_for(shop)

    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})

    assert response.cookies, "the basket addition sets cookies"
    for name, morsel in response.cookies.items():
        assert morsel["samesite"], f"cookie {name} has no SameSite"


def test_forms_may_lead_to_the_payment_page_only_with_online_payment(client, home_page, settings):
    """Checkout answers its form with a redirect to the provider, checked against form-action."""
    settings.SHOP_MOLLIE_API_KEY = ""
    assert directives(client.get("/"))["form-action"] == "'self'"

    settings.SHOP_MOLLIE_API_KEY = "live_key"
    settings.SHOP_MOLLIE_API_ENDPOINT = ""
    assert directives(client.get("/"))["form-action"] == "'self' https://www.mollie.com"

    settings.SHOP_MOLLIE_API_ENDPOINT = "http://127.0.0.1:8210"
    assert directives(client.get("/"))["form-action"] == "'self' http://127.0.0.1:8210"
