"""A town's own editors and voucher operators work only in their town's admin areas;
the installation's administrators see every town."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from portal.concerns.models import Concern
from portal.directory import services
from portal.directory.models import ClaimRequest
from portal.tickets.models import TicketSale
from portal.vouchers import factories as voucher_factories
from portal.vouchers.models import CouponCampaign

pytestmark = pytest.mark.django_db


def edit_page(client, page):
    return client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))


def test_a_town_editor_edits_only_pages_of_their_town(client, towns):
    altstadt, neustadt = towns
    client.force_login(neustadt.editor)

    assert edit_page(client, neustadt.news).status_code == 200
    refused = edit_page(client, altstadt.news)
    assert refused.status_code in (302, 403)
    assert altstadt.news.title not in refused.content.decode()

    explorer = client.get(reverse("wagtailadmin_explore", args=[neustadt.home.pk]))
    assert explorer.status_code == 200
    assert "Aktuelles" in explorer.content.decode()
    assert client.get(reverse("wagtailadmin_explore", args=[altstadt.home.pk])).status_code in (
        302,
        403,
    )


def test_a_town_editor_edits_only_their_towns_site_settings(client, towns):
    altstadt, neustadt = towns
    client.force_login(neustadt.editor)

    def settings_page(town):
        return client.get(f"/admin/settings/home/portalsettings/{town.site.pk}/")

    assert settings_page(neustadt).status_code == 200
    assert settings_page(altstadt).status_code in (302, 403)


def test_a_town_editor_reviews_only_their_towns_coupons(client, towns):
    altstadt, neustadt = towns
    client.force_login(neustadt.editor)

    listing = client.get(reverse("coupons_review:index")).content.decode()

    assert neustadt.coupon.title in listing
    assert altstadt.coupon.title not in listing
    other = client.get(reverse("coupons_review:edit", args=[altstadt.coupon.pk]))
    assert other.status_code == 404


def test_a_town_voucher_operator_sees_only_their_towns_programme_network_and_vouchers(
    client, towns
):
    altstadt, neustadt = towns
    client.force_login(neustadt.operator)

    programmes = client.get(reverse("cityvouchers_programme:index")).content.decode()
    assert "Stadtgutschein Neustadt" in programmes
    assert "Stadtgutschein Altstadt" not in programmes
    other = altstadt.voucher.programme
    assert client.get(reverse("cityvouchers_programme:edit", args=[other.pk])).status_code == 404

    network = client.get(reverse("cityvouchers_network:index")).content.decode()
    assert neustadt.merchant.title in network
    assert altstadt.merchant.title not in network

    employer_orders = client.get(reverse("cityvouchers_employer_orders:index"))
    assert employer_orders.status_code == 200
    other_order = voucher_factories.EmployerOrderFactory(programme=altstadt.voucher.programme)
    listing = client.get(reverse("cityvouchers_employer_orders:index")).content.decode()
    assert other_order.number not in listing
    inspect_order = reverse("cityvouchers_employer_orders:inspect", args=[other_order.pk])
    assert client.get(inspect_order).status_code == 404

    vouchers = client.get(reverse("cityvouchers_vouchers:index")).content.decode()
    assert neustadt.voucher.short_code[:4] in vouchers
    inspect = reverse("cityvouchers_vouchers:inspect", args=[altstadt.voucher.pk])
    assert client.get(inspect).status_code == 404


def test_areas_spanning_every_town_are_for_the_installations_operator_only(client, towns):
    _altstadt, neustadt = towns
    client.force_login(neustadt.operator)

    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    for area in (
        "cityvouchers_admin:index",
        "cityvouchers_employers:index",
        "coupon_books:index",
        "coupon_figures:index",
    ):
        assert client.get(reverse(area)).status_code in (302, 403), area
        assert f'"{reverse(area)}"' not in menu, area  # the sidebar's entries are JSON


def test_a_town_operator_creates_a_programme_only_for_their_town(client, towns):
    _altstadt, neustadt = towns
    client.force_login(neustadt.operator)

    form = client.get(reverse("cityvouchers_programme:add")).context["form"]

    assert list(form.fields["site"].queryset) == [neustadt.site]


def test_administrators_see_every_town(client, towns, superuser):
    altstadt, neustadt = towns
    client.force_login(superuser)

    programmes = client.get(reverse("cityvouchers_programme:index")).content.decode()
    assert "Stadtgutschein Neustadt" in programmes
    assert "Stadtgutschein Altstadt" in programmes
    assert edit_page(client, altstadt.news).status_code == 200
    assert edit_page(client, neustadt.news).status_code == 200
    assert set(Concern.objects.for_user(superuser)) == {altstadt.concern, neustadt.concern}


def test_a_merchant_with_businesses_in_two_towns_manages_both_from_one_login(client, towns):
    altstadt, neustadt = towns
    owner = get_user_model().objects.create_user("zwei-laeden", password="x")
    services.add_member(altstadt.merchant, owner)
    services.add_member(neustadt.merchant, owner)
    client.force_login(owner)

    assert edit_page(client, altstadt.merchant).status_code == 200
    assert edit_page(client, neustadt.merchant).status_code == 200
    assert set(services.merchant_pages_for_user(owner)) == {altstadt.merchant, neustadt.merchant}


def test_a_town_editor_decides_only_claims_of_their_towns_businesses(client, towns):
    altstadt, neustadt = towns
    claimant = get_user_model().objects.create_user("anspruch", email="a@example.org")
    other = ClaimRequest.objects.create(
        page=altstadt.merchant, user=claimant, method=ClaimRequest.METHOD_CHOICES[0][0]
    )
    own = ClaimRequest.objects.create(
        page=neustadt.merchant, user=claimant, method=ClaimRequest.METHOD_CHOICES[0][0]
    )
    client.force_login(neustadt.editor)

    listing = client.get(reverse("directory_claims:index")).content.decode()

    assert neustadt.merchant.title in listing
    assert altstadt.merchant.title not in listing
    decide = reverse("directory_claims:decide", args=[other.pk, "reject"])
    assert client.post(decide).status_code == 404
    other.refresh_from_db()
    assert other.status == ClaimRequest.STATUS_PENDING
    assert own.status == ClaimRequest.STATUS_PENDING


def test_a_towns_campaign_takes_only_coupons_of_that_towns_businesses(client, towns):
    altstadt, neustadt = towns
    client.force_login(neustadt.editor)
    today = datetime.date.today()
    data = {
        "site": neustadt.site.pk,
        "title": "Herbstwochen",
        "slug": "herbstwochen",
        "valid_from": today.isoformat(),
        "valid_until": (today + datetime.timedelta(days=7)).isoformat(),
        "coupons": [altstadt.coupon.pk],
    }

    refused = client.post(reverse("coupon_campaigns:add"), data)

    assert refused.status_code == 200
    assert "Wählen Sie nur Coupons von Geschäften in Neustadt." in refused.content.decode()
    assert not CouponCampaign.objects.filter(slug="herbstwochen").exists()

    data["coupons"] = [neustadt.coupon.pk]
    assert client.post(reverse("coupon_campaigns:add"), data).status_code == 302
    assert CouponCampaign.objects.get(slug="herbstwochen").site == neustadt.site


def test_a_town_editor_sets_up_tickets_only_with_their_towns_businesses(client, towns):
    altstadt, neustadt = towns
    client.force_login(neustadt.editor)
    url = reverse("tickets_admin:set_up")
    form = client.get(url).content.decode()
    assert neustadt.merchant.title in form and altstadt.merchant.title not in form

    refused = client.post(url, {"event": neustadt.event.pk, "organiser": altstadt.merchant.pk})
    assert refused.status_code == 200 and not TicketSale.objects.exists()
    created = client.post(url, {"event": neustadt.event.pk, "organiser": neustadt.merchant.pk})
    assert created.status_code == 302
    assert TicketSale.objects.get().organiser_id == neustadt.merchant.pk
