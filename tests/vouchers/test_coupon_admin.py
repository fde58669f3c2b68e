"""Coupons in the admin: merchants create and edit their own only; the town approves; figures."""

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.roles.definitions import EDITORS, VOUCHER_OPERATORS
from portal.roles.services import role_group
from portal.vouchers import coupons, factories
from portal.vouchers.models import Coupon

pytestmark = pytest.mark.django_db


@pytest.fixture
def shops(make_merchant):
    """Two businesses A and B with their owners, and one coupon each with one taken, one used."""
    a_page, a_user = make_merchant("Bäckerei Korn", username="korn")
    b_page, b_user = make_merchant("Buchladen Seite", username="seite")
    a_user.groups.add(role_group("Händler"))
    b_user.groups.add(role_group("Händler"))
    a_coupon = factories.CouponFactory(merchant=a_page, title="Brötchen gratis")
    b_coupon = factories.CouponFactory(merchant=b_page, title="Lesezeichen gratis")
    for coupon in (a_coupon, b_coupon):
        coupons.take(coupon, holder="x")
        coupons.redeem(coupons.take(coupon, holder="y"), merchant_ids={coupon.merchant_id})
    return a_page, a_user, a_coupon, b_page, b_user, b_coupon


def coupon_form(merchant, **fields):
    today = timezone.localdate()
    data = {
        "merchant": merchant.pk,
        "title": "2 für 1 beim Frühstück",
        "kind": "x_for_y",
        "value": "",
        "benefit": "Zwei Frühstücke zum Preis von einem",
        "conditions": "Nur vor Ort.",
        "minimum_purchase": "",
        "channel": "store",
        "valid_from": today.isoformat(),
        "valid_until": today.replace(year=today.year + 1).isoformat(),
        "weekdays": ["5", "6"],
        "time_from": "08:00",
        "time_until": "11:00",
        "total_limit": "100",
        "per_person_limit": "1",
        "free": "on",
    }
    data.update(fields)
    return data


def test_merchant_creates_a_coupon_that_waits_for_approval(client, shops):
    a_page, a_user, *_ = shops
    client.force_login(a_user)

    response = client.post(reverse("coupons_merchant:add"), coupon_form(a_page))

    assert response.status_code == 302
    coupon = Coupon.objects.get(title="2 für 1 beim Frühstück")
    assert coupon.merchant == a_page and coupon.status == Coupon.Status.SUBMITTED
    assert coupon.weekdays == "56" and coupon.time_from.hour == 8


def test_merchant_cannot_create_a_coupon_for_another_business(client, shops):
    _a_page, a_user, _a, b_page, *_ = shops
    client.force_login(a_user)

    response = client.post(reverse("coupons_merchant:add"), coupon_form(b_page))

    assert response.status_code == 200  # the form again, with an error on the business
    assert not Coupon.objects.filter(title="2 für 1 beim Frühstück").exists()


def test_bad_input_gets_german_messages_and_nothing_is_saved(client, shops):
    a_page, a_user, *_ = shops
    client.force_login(a_user)

    response = client.post(
        reverse("coupons_merchant:add"),
        coupon_form(a_page, kind="percent", value="", time_until="", valid_until="2000-01-01"),
    )

    page = response.content.decode()
    assert "Bitte den Prozentsatz oder den Betrag angeben." in page
    assert "Das Ende darf nicht vor dem Beginn liegen." in page
    assert not Coupon.objects.filter(title="2 für 1 beim Frühstück").exists()


def test_merchant_sees_only_its_own_coupons_and_their_figures(client, shops):
    _a_page, a_user, _a_coupon, _b_page, _b_user, _b_coupon = shops
    client.force_login(a_user)

    page = client.get(reverse("coupons_merchant:index")).content.decode()

    assert "Brötchen gratis" in page
    assert "Lesezeichen gratis" not in page and "Buchladen Seite" not in page
    assert "50 %" in page  # 2 taken, 1 used


def test_merchant_cannot_open_or_edit_another_businesss_coupon(client, shops):
    a_page, a_user, _a_coupon, _b_page, _b_user, b_coupon = shops
    client.force_login(a_user)

    opened = client.get(reverse("coupons_merchant:edit", args=[b_coupon.pk]))
    posted = client.post(
        reverse("coupons_merchant:edit", args=[b_coupon.pk]), coupon_form(a_page, title="Gekapert")
    )

    assert opened.status_code == 404 and posted.status_code == 404
    b_coupon.refresh_from_db()
    assert b_coupon.title == "Lesezeichen gratis"


def test_merchant_cannot_see_the_review_or_the_towns_figures(client, shops):
    _a_page, a_user, *_ = shops
    client.force_login(a_user)

    assert client.get(reverse("coupons_review:index")).status_code in (302, 403)
    assert client.get(reverse("coupon_figures:index")).status_code in (302, 403)


def test_editing_an_approved_coupon_sends_it_back_for_approval(client, shops):
    a_page, a_user, a_coupon, *_ = shops
    client.force_login(a_user)

    client.post(
        reverse("coupons_merchant:edit", args=[a_coupon.pk]), coupon_form(a_page, title="Neu")
    )

    a_coupon.refresh_from_db()
    assert (a_coupon.title, a_coupon.status) == ("Neu", Coupon.Status.SUBMITTED)


def test_without_required_approval_a_saved_coupon_is_public_at_once(client, shops, programme):
    a_page, a_user, *_ = shops
    programme.coupons_need_approval = False
    programme.save()
    client.force_login(a_user)

    client.post(reverse("coupons_merchant:add"), coupon_form(a_page))

    assert Coupon.objects.get(title="2 für 1 beim Frühstück").status == Coupon.Status.APPROVED


@pytest.mark.parametrize("role", [EDITORS, VOUCHER_OPERATORS])
def test_the_town_approves_a_submitted_coupon(client, shops, role):
    from portal.home.factories import UserFactory

    _a_page, _a_user, a_coupon, *_ = shops
    a_coupon.status = Coupon.Status.SUBMITTED
    a_coupon.save()
    reviewer = UserFactory(username="pruefer")
    reviewer.groups.add(role_group(role))
    client.force_login(reviewer)

    listing = client.get(reverse("coupons_review:index")).content.decode()
    client.post(
        reverse("coupons_review:edit", args=[a_coupon.pk]),
        {"status": "approved", "review_note": ""},
    )

    assert "Brötchen gratis" in listing and "Lesezeichen gratis" in listing
    a_coupon.refresh_from_db()
    assert a_coupon.status == Coupon.Status.APPROVED


def test_operator_figures_show_taken_used_and_rate_per_business(client, shops):
    from portal.home.factories import UserFactory

    operator = UserFactory(username="betrieb")
    operator.groups.add(role_group(VOUCHER_OPERATORS))
    client.force_login(operator)

    page = client.get(reverse("coupon_figures:index")).content.decode()

    assert "Bäckerei Korn" in page and "Buchladen Seite" in page
    assert page.count("50 %") == 2


def test_merchant_coupon_list_needs_few_queries(client, shops, django_assert_max_num_queries):
    a_page, a_user, *_ = shops
    for n in range(10):
        factories.CouponFactory(merchant=a_page, title=f"Coupon {n}")
    client.force_login(a_user)

    with django_assert_max_num_queries(40):
        response = client.get(reverse("coupons_merchant:index"))

    assert response.status_code == 200
