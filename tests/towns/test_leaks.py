"""Nothing of one town shows or works on another town's portal.

Each public listing is asked on both towns' host names: it must name the
town's own business, news, event, concern, coupon or product and never the
other town's. Then the things a visitor could try by address: another town's
product, shop, basket addition, Open311 service, voucher at the till.
"""

import pytest
from django.urls import reverse

from portal.concerns.factories import Open311ApiKeyFactory
from portal.concerns.models import Concern
from portal.directory.models import MarketPage, MarketStall
from portal.tickets.factories import ticket_sale
from portal.vouchers import redemption
from portal.vouchers.errors import RedemptionRefused

pytestmark = pytest.mark.django_db


def get(client, town, path, **params):
    return client.get(path, params, HTTP_HOST=town.host)


# (what is listed, path, what of a town it must show)
LISTINGS = [
    ("directory", "/haendler/", lambda town: town.merchant.title),
    ("news", "/aktuelles/", lambda town: town.news.title),
    ("news feed", "/aktuelles/feed/", lambda town: town.news.title),
    ("events", "/veranstaltungen/", lambda town: town.event.title),
    ("event calendar", "/veranstaltungen/ics/", lambda town: town.event.title),
    ("concerns list", "/anliegen/uebersicht/", lambda town: town.concern.tracking_number),
    ("coupons", "/gutscheine/coupons/", lambda town: town.coupon.title),
    ("coupon campaigns", "/gutscheine/coupons/", lambda town: town.campaign.title),
    ("campaign page", "/gutscheine/coupons/aktion/aktionswochen/", lambda town: town.coupon.title),
    ("catalogue", "/shop/catalogue/", lambda town: town.product.title),
    ("voucher page", "/gutscheine/", lambda town: town.merchant.title),
    ("site search", "/suche/?q=Laden", lambda town: town.merchant.title),
    ("product search", "/suche/?q=Ware", lambda town: town.product.title),
    ("sitemap", "/sitemap.xml", lambda town: town.merchant.slug),
    ("open311 services", "/open311/v2/services.json", lambda town: town.topic.code),
    ("open311 requests", "/open311/v2/requests.json", lambda town: town.concern.tracking_number),
]


@pytest.mark.parametrize(("listing", "path", "mark"), LISTINGS, ids=[row[0] for row in LISTINGS])
def test_every_public_listing_shows_only_its_own_town(client, towns, listing, path, mark):
    for own, other in (towns, reversed(towns)):
        response = client.get(path, HTTP_HOST=own.host, follow=True)
        assert response.status_code == 200, (listing, own.name)
        text = response.content.decode()
        assert mark(own) in text, f"{listing} of {own.name} misses its own"
        assert mark(other) not in text, f"{listing} of {own.name} shows {other.name}'s"


def test_another_towns_product_and_shop_cannot_be_found_or_bought(client, towns):
    altstadt, neustadt = towns
    product_path = neustadt.product.get_absolute_url()
    assert get(client, neustadt, product_path).status_code == 200
    assert get(client, altstadt, product_path).status_code == 404

    shop_path = reverse("shop:merchant", kwargs={"slug": neustadt.merchant.slug})
    assert get(client, neustadt, shop_path).status_code == 200
    assert get(client, altstadt, shop_path).status_code == 404

    add = reverse("basket:add", kwargs={"pk": neustadt.product.pk})
    refused = client.post(add, {"quantity": 1}, HTTP_HOST=altstadt.host)
    assert refused.status_code == 404
    basket = get(client, altstadt, reverse("basket:summary"))
    assert neustadt.product.title not in basket.content.decode()

    added = client.post(add, {"quantity": 1}, HTTP_HOST=neustadt.host)
    assert added.status_code == 302


def test_a_voucher_is_refused_at_another_towns_till(towns):
    altstadt, neustadt = towns

    with pytest.raises(RedemptionRefused) as refusal:
        redemption.redeem(altstadt.voucher, merchant=neustadt.merchant)

    assert refusal.value.reason == "other_town"
    assert "anderen Stadt" in refusal.value.message
    altstadt.voucher.refresh_from_db()
    assert altstadt.voucher.balance == altstadt.voucher.value
    assert redemption.redeem(altstadt.voucher, merchant=altstadt.merchant).redemption.amount > 0


def test_open311_service_codes_are_per_town(client, towns):
    altstadt, neustadt = towns
    own = f"/open311/v2/services/{neustadt.topic.code}.json"
    assert get(client, neustadt, own).status_code == 200
    assert get(client, altstadt, own).status_code == 404

    listed = get(client, altstadt, "/open311/v2/requests.json", service_code=neustadt.topic.code)
    assert listed.status_code == 400
    assert f"Unknown service_code: {neustadt.topic.code}" in listed.content.decode()

    found = f"/open311/v2/requests/{neustadt.concern.tracking_number}.json"
    assert get(client, neustadt, found).status_code == 200
    assert get(client, altstadt, found).status_code == 404


def test_an_open311_key_creates_requests_only_in_its_own_town(client, towns):
    altstadt, neustadt = towns
    key = Open311ApiKeyFactory(site=neustadt.site, name="Mängel-App Neustadt").key
    data = {
        "api_key": key,
        "lat": "50.93",
        "long": "6.95",
        "description": "Laterne defekt",
    }
    path = "/open311/v2/requests.json"
    refused = client.post(
        path, {**data, "service_code": altstadt.topic.code}, HTTP_HOST=altstadt.host
    )
    assert refused.status_code == 403
    created = client.post(
        path, {**data, "service_code": neustadt.topic.code}, HTTP_HOST=neustadt.host
    )
    assert created.status_code == 201
    assert Concern.objects.filter(description="Laterne defekt").get().topic == neustadt.topic


def test_a_concerns_status_link_works_only_on_its_town(client, towns):
    altstadt, neustadt = towns
    path = f"/anliegen/status/{neustadt.concern.private_token}/"
    assert get(client, neustadt, path).status_code == 200
    assert get(client, altstadt, path).status_code == 404


def test_each_towns_weekly_market_lists_its_own_stalls(client, towns):
    for town in towns:
        market = MarketPage(
            title=f"Wochenmarkt {town.name}", slug="wochenmarkt", location_name="Marktplatz"
        )
        town.home.add_child(instance=market)
        MarketStall.objects.create(page=market, merchant=town.merchant, goods="Äpfel")
    for own, other in (towns, reversed(towns)):
        text = get(client, own, "/wochenmarkt/").content.decode()
        assert f"Wochenmarkt {own.name}" in text and own.merchant.title in text
        assert other.merchant.title not in text


def test_tickets_of_another_towns_event_cannot_be_bought(client, towns):
    altstadt, neustadt = towns
    sale = ticket_sale(neustadt.event, neustadt.merchant)
    category = sale.categories.get()
    buy = reverse("tickets:buy", kwargs={"sale_id": sale.pk})
    data = {f"category_{category.pk}": 1}
    assert client.post(buy, data, HTTP_HOST=altstadt.host).status_code == 404
    assert sale.event.title not in get(client, altstadt, reverse("basket:summary")).content.decode()
    assert client.post(buy, data, HTTP_HOST=neustadt.host).status_code == 302
    assert sale.event.title in get(client, neustadt, reverse("basket:summary")).content.decode()
