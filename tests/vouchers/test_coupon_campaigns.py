"""Town-wide coupon campaigns: the editors create them, owners add their own coupons only."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.home.factories import UserFactory
from portal.roles.definitions import ADMINISTRATORS, EDITORS, MERCHANTS, VOUCHER_OPERATORS
from portal.roles.services import role_group
from portal.towns import default_town
from portal.vouchers import factories
from portal.vouchers.models import Coupon, CouponCampaign

pytestmark = pytest.mark.django_db


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def town(make_merchant):
    """Businesses A and B with their owners and an approved coupon each, and an open campaign."""
    a_page, a_user = make_merchant("Modehaus Faden", username="faden")
    b_page, b_user = make_merchant("Café Bohne", username="bohne")
    for user in (a_user, b_user):
        user.groups.add(role_group(MERCHANTS))
    a_coupon = factories.CouponFactory(merchant=a_page, title="10 % auf Mode")
    b_coupon = factories.CouponFactory(merchant=b_page, title="10 % auf Kuchen")
    campaign = factories.CouponCampaignFactory(title="Innenstadt-Wochen", slug="innenstadt")
    return campaign, (a_page, a_user, a_coupon), (b_page, b_user, b_coupon)


def user_with(role):
    user = UserFactory(username=f"user-{role}"[:30])
    user.groups.add(role_group(role))
    return user


def campaign_form(*coupons, **fields):
    today = timezone.localdate()
    data = {
        "site": default_town().pk,  # the town of the coupons' businesses
        "title": "Innenstadt-Wochen: 10 % bei allen teilnehmenden Geschäften",
        "slug": "innenstadt-wochen",
        "text": "Zwei Wochen lang Rabatt in der ganzen Innenstadt.",
        "valid_from": today.isoformat(),
        "valid_until": (today + datetime.timedelta(days=14)).isoformat(),
        "merchants_may_join": "on",
        "coupons": [coupon.pk for coupon in coupons],
    }
    data.update(fields)
    return data


def join(client, campaign, *coupons):
    return client.post(
        reverse("coupons_merchant:campaigns"),
        {"campaign": campaign.pk, f"campaign-{campaign.pk}-coupons": [c.pk for c in coupons]},
    )


@pytest.mark.parametrize("role", [EDITORS, ADMINISTRATORS])
def test_the_editors_create_a_campaign_with_approved_coupons_of_several_businesses(
    client, town, role
):
    _campaign, (_a, _a_user, a_coupon), (_b, _b_user, b_coupon) = town
    client.force_login(user_with(role))

    response = client.post(reverse("coupon_campaigns:add"), campaign_form(a_coupon, b_coupon))

    assert response.status_code == 302, text(response)[:3000]
    created = CouponCampaign.objects.get(slug="innenstadt-wochen")
    assert set(created.coupons.all()) == {a_coupon, b_coupon}
    listing = text(client.get(reverse("coupon_campaigns:index")))
    assert "Innenstadt-Wochen: 10 % bei allen" in listing and "True" not in listing


def test_a_coupon_awaiting_approval_cannot_be_picked_for_a_campaign(client, town):
    _campaign, (a_page, *_), _b = town
    waiting = factories.CouponFactory(merchant=a_page, status=Coupon.Status.SUBMITTED)
    client.force_login(user_with(EDITORS))

    response = client.post(reverse("coupon_campaigns:add"), campaign_form(waiting))

    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen" in text(response)
    assert not CouponCampaign.objects.filter(slug="innenstadt-wochen").exists()


@pytest.mark.parametrize("role", [MERCHANTS, VOUCHER_OPERATORS, "owner"])
def test_merchants_and_the_voucher_operator_cannot_create_or_edit_campaigns(client, town, role):
    campaign, (_a, a_user, a_coupon), _b = town
    client.force_login(a_user if role == "owner" else user_with(role))

    added = client.post(reverse("coupon_campaigns:add"), campaign_form(a_coupon))
    edited = client.post(
        reverse("coupon_campaigns:edit", args=[campaign.pk]),
        campaign_form(a_coupon, slug="gekapert"),
    )
    listed = client.get(reverse("coupon_campaigns:index"))

    assert {added.status_code, edited.status_code, listed.status_code} <= {302, 403}
    assert CouponCampaign.objects.count() == 1
    campaign.refresh_from_db()
    assert campaign.slug == "innenstadt" and not campaign.coupons.exists()


def test_an_owner_adds_and_withdraws_its_own_coupon(client, town):
    campaign, (_a, a_user, a_coupon), (_b, _b_user, b_coupon) = town
    campaign.coupons.add(b_coupon)
    client.force_login(a_user)

    page = text(client.get(reverse("coupons_merchant:campaigns")))
    assert "Innenstadt-Wochen" in page and "10 % auf Mode" in page
    assert "10 % auf Kuchen" not in page  # another business's coupon is not even shown

    assert join(client, campaign, a_coupon).status_code == 302
    assert set(campaign.coupons.all()) == {a_coupon, b_coupon}

    assert join(client, campaign).status_code == 302  # nothing ticked: withdrawn
    assert set(campaign.coupons.all()) == {b_coupon}  # B's coupon stays


def test_an_owner_cannot_add_or_withdraw_another_businesss_coupon(client, town):
    campaign, (_a, a_user, a_coupon), (_b, _b_user, b_coupon) = town
    client.force_login(a_user)

    added = join(client, campaign, a_coupon, b_coupon)

    assert added.status_code == 200
    assert "Bitte eine gültige Auswahl treffen" in text(added)
    assert not campaign.coupons.exists()

    campaign.coupons.add(b_coupon)
    join(client, campaign)  # A's empty answer leaves B's coupon alone
    assert set(campaign.coupons.all()) == {b_coupon}


def test_an_owner_cannot_join_a_closed_or_ended_campaign(client, town):
    campaign, (_a, a_user, a_coupon), _b = town
    ended = factories.CouponCampaignFactory(
        valid_from=timezone.localdate() - datetime.timedelta(days=30),
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    campaign.merchants_may_join = False
    campaign.save()
    client.force_login(a_user)

    assert join(client, campaign, a_coupon).status_code == 404
    assert join(client, ended, a_coupon).status_code == 404
    assert not campaign.coupons.exists() and not ended.coupons.exists()


@pytest.mark.parametrize("role", [EDITORS, VOUCHER_OPERATORS, None])
def test_only_owners_reach_the_campaign_answer_page(client, town, role):
    campaign, (_a, _a_user, a_coupon), _b = town
    if role:
        client.force_login(user_with(role))

    opened = client.get(reverse("coupons_merchant:campaigns"))
    posted = join(client, campaign, a_coupon)

    assert opened.status_code in (302, 403) and posted.status_code in (302, 403)
    assert not campaign.coupons.exists()


def test_the_overview_and_the_campaign_page_show_a_running_campaign_and_its_coupons(client, town):
    campaign, (_a, _u, a_coupon), (_b, _bu, b_coupon) = town
    waiting = factories.CouponFactory(merchant=a_coupon.merchant, title="Noch nicht frei")
    waiting.status = Coupon.Status.SUBMITTED
    waiting.save()
    campaign.coupons.add(a_coupon, b_coupon, waiting)
    upcoming = factories.CouponCampaignFactory(
        title="Adventsbummel",
        valid_from=timezone.localdate() + datetime.timedelta(days=10),
        valid_until=timezone.localdate() + datetime.timedelta(days=20),
    )

    overview = text(client.get(reverse("cityvouchers:coupons")))
    page = text(client.get(campaign.get_absolute_url()))

    assert "Aktionen in der Stadt" in overview and campaign.get_absolute_url() in overview
    assert "Adventsbummel" not in overview
    assert "Innenstadt-Wochen" in page and "10 % bei allen teilnehmenden" in page
    assert "10 % auf Mode" in page and "10 % auf Kuchen" in page
    assert "Noch nicht frei" not in page
    assert client.get(upcoming.get_absolute_url()).status_code == 404


def test_the_campaign_page_needs_few_queries(client, town, django_assert_max_num_queries):
    campaign, (_a, _u, a_coupon), (_b, _bu, b_coupon) = town
    campaign.coupons.add(a_coupon, b_coupon)
    for index in range(6):
        campaign.coupons.add(factories.CouponFactory(merchant=a_coupon.merchant, title=f"C{index}"))
    client.get(campaign.get_absolute_url())  # warm the page tree's caches

    with django_assert_max_num_queries(12):
        assert client.get(campaign.get_absolute_url()).status_code == 200
