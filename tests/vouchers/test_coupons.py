"""Coupons: taking a free one, the limits, the till on the voucher's redemption page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.vouchers import coupons, factories
from portal.vouchers.errors import CouponRefused
from portal.vouchers.models import Coupon, CouponClaim, CouponRedemption

pytestmark = pytest.mark.django_db


@pytest.fixture
def cafe(make_merchant):
    """A café that is not in the city voucher's network: coupons need no membership."""
    return make_merchant("Café Krümel", accepting=False, username="kruemel")


@pytest.fixture
def coupon(cafe):
    page, _user = cafe
    return factories.CouponFactory(
        merchant=page,
        title="Kaffee gratis",
        kind=Coupon.Kind.FREE_ITEM,
        value=None,
        benefit="Ein Kaffee gratis zu jedem Stück Kuchen",
    )


def at(hour, minute=0, day=None):
    day = day or timezone.localdate()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


# ------------------------------------------------------------------ taking


def test_taking_a_free_coupon_gives_a_personal_code(coupon):
    claim = coupons.take(coupon, holder="browser:a")

    assert claim.status == CouponClaim.Status.ACTIVE
    assert len(claim.code) == 22 and claim.valid_until == coupon.valid_until
    coupon.refresh_from_db()
    assert coupon.taken == 1


def test_per_person_limit_refuses_the_second_take(coupon):
    coupons.take(coupon, holder="user:1")

    with pytest.raises(CouponRefused) as refused:
        coupons.take(coupon, holder="user:1")

    assert refused.value.reason == "coupon_per_person"
    assert (
        str(refused.value.message) == "Sie haben diesen Coupon bereits so oft genommen wie erlaubt."
    )
    assert coupons.take(coupon, holder="user:2").holder == "user:2"


def test_total_limit_refuses_once_all_are_taken(coupon):
    coupon.total_limit = 2
    coupon.save()
    coupons.take(coupon, holder="a")
    coupons.take(coupon, holder="b")

    with pytest.raises(CouponRefused) as refused:
        coupons.take(coupon, holder="c")

    assert refused.value.reason == "coupon_sold_out"
    assert CouponClaim.objects.count() == 2


def test_a_coupon_not_yet_approved_cannot_be_taken(coupon):
    coupon.status = Coupon.Status.SUBMITTED
    coupon.save()

    with pytest.raises(CouponRefused) as refused:
        coupons.take(coupon, holder="a")

    assert refused.value.reason == "coupon_not_approved"


def test_resident_takes_a_coupon_without_account_and_sees_its_qr_code(client, coupon):
    response = client.post(reverse("cityvouchers:coupon_take", args=[coupon.pk]))

    claim = CouponClaim.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/g/{claim.code}/"
    page = client.get(response["Location"]).content.decode()
    assert "Ein Kaffee gratis zu jedem Stück Kuchen" in page
    assert "<svg" in page and claim.short_code_display in page
    assert "Gültig: an der Kasse diesen Code zeigen." in page
    assert claim.holder.startswith("browser:")

    again = client.post(reverse("cityvouchers:coupon_take", args=[coupon.pk]), follow=True)
    assert "bereits so oft genommen" in again.content.decode()
    assert CouponClaim.objects.count() == 1


def test_a_taken_coupon_comes_as_pdf_with_a_readable_qr_code(client, coupon, settings):
    from tests.vouchers.pdftools import pdf_text, qr_codes_on_page

    claim = coupons.take(coupon, holder="a")

    response = client.get(reverse("cityvouchers:coupon_pdf", args=[claim.code]))

    assert response["Content-Type"] == "application/pdf"
    assert qr_codes_on_page(response.content) == [
        f"http://localhost/g/{claim.code}/"  # the default town of the tests
    ]
    assert "Kaffee gratis" in pdf_text(response.content)


def test_a_taken_coupon_is_mailed_only_to_the_address_given_and_it_is_not_stored(
    client, coupon, mailoutbox
):
    claim = coupons.take(coupon, holder="a")

    client.post(
        reverse("cityvouchers:coupon_mail", args=[claim.code]), {"email": "ich@example.org"}
    )

    message = mailoutbox[0]
    assert message.to == ["ich@example.org"]
    assert f"/g/{claim.code}/" in message.body
    assert message.attachments[0][2] == "application/pdf"
    claim.refresh_from_db()
    assert "ich@example.org" not in str(CouponClaim.objects.filter(pk=claim.pk).values().get())


def test_an_invalid_mail_address_gets_a_german_message(client, coupon):
    claim = coupons.take(coupon, holder="a")

    response = client.post(
        reverse("cityvouchers:coupon_mail", args=[claim.code]), {"email": "kaputt"}, follow=True
    )

    assert "Bitte eine gültige E-Mail-Adresse eingeben." in response.content.decode()


# ------------------------------------------------------------------ validity


def test_weekdays_and_hours_are_checked(coupon):
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    coupon.weekdays = "01"  # Monday, Tuesday
    coupon.time_from, coupon.time_until = datetime.time(14), datetime.time(17)

    assert coupon.refusal_at(at(15, day=monday)) is None
    assert coupon.refusal_at(at(18, day=monday)) == "coupon_wrong_time"
    assert coupon.refusal_at(at(15, day=monday + datetime.timedelta(days=2))) == "coupon_wrong_day"


def test_model_validation_refuses_half_given_hours_and_percentages_above_100(cafe):
    from django.core.exceptions import ValidationError

    coupon = Coupon(
        merchant=cafe[0],
        title="x",
        kind=Coupon.Kind.PERCENT,
        value=150,
        benefit="x",
        time_from=datetime.time(9),
    )
    with pytest.raises(ValidationError) as error:
        coupon.clean()

    assert set(error.value.message_dict) == {"value", "time_until"}


# ------------------------------------------------------------------ the till


def test_till_recognises_a_coupon_on_the_voucher_redemption_page(client, coupon, cafe):
    claim = coupons.take(coupon, holder="a")
    client.force_login(cafe[1])

    response = client.get(reverse("cityvouchers:redeem"), {"code": claim.short_code_display})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Gültiger Coupon" in page
    assert "Ein Kaffee gratis zu jedem Stück Kuchen" in page
    assert "Nicht mit anderen Aktionen kombinierbar." in page
    assert "Coupon als eingelöst markieren" in page


def test_one_confirmation_marks_the_coupon_used_and_shows_the_receipt(client, coupon, cafe):
    claim = coupons.take(coupon, holder="a")
    client.force_login(cafe[1])

    response = client.post(reverse("cityvouchers:status", args=[claim.code]), {"code": claim.code})

    redemption = CouponRedemption.objects.get()
    assert response["Location"] == reverse(
        "cityvouchers:coupon_receipt", args=[redemption.receipt_number]
    )
    claim.refresh_from_db()
    assert claim.status == CouponClaim.Status.REDEEMED
    receipt = client.get(response["Location"]).content.decode()
    assert "Coupon eingelöst" in receipt and "Ein Kaffee gratis" in receipt

    second = client.post(reverse("cityvouchers:status", args=[claim.code]), {"code": claim.code})
    assert second.status_code == 409
    assert "Dieser Coupon wurde bereits eingelöst." in second.content.decode()
    assert CouponRedemption.objects.count() == 1


def test_the_residents_page_shows_the_coupon_as_used(client, coupon, cafe):
    claim = coupons.take(coupon, holder="a")
    coupons.redeem(claim, merchant_ids={cafe[0].pk})

    page = client.get(f"/g/{claim.code}/").content.decode()

    assert re.search(r"Eingelöst am \d\d\.\d\d\.\d{4}", page)
    assert "coupon-claim__qr" not in page


def test_a_coupon_of_another_business_is_refused_at_the_till(client, coupon, make_merchant):
    claim = coupons.take(coupon, holder="a")
    _page, other = make_merchant("Buchladen Seite", username="seite")
    client.force_login(other)

    shown = client.get(f"/g/{claim.code}/")
    posted = client.post(f"/g/{claim.code}/", {"code": claim.code})

    message = "Dieser Coupon gehört zu einem anderen Geschäft und kann hier nicht eingelöst werden."
    assert message in shown.content.decode()
    assert "Coupon als eingelöst markieren" not in shown.content.decode()
    assert posted.status_code == 409 and message in posted.content.decode()
    claim.refresh_from_db()
    assert claim.status == CouponClaim.Status.ACTIVE


def test_a_coupon_past_its_validity_is_refused_with_the_german_reason(client, coupon, cafe):
    claim = factories.CouponClaimFactory(coupon=coupon)
    Coupon.objects.filter(pk=coupon.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    CouponClaim.objects.filter(pk=claim.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(cafe[1])

    response = client.post(
        f"/g/{claim.code}/", {"code": claim.code}, HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 409
    assert response.json() == {"ok": False, "message": "Dieser Coupon ist abgelaufen."}


def test_a_coupon_outside_its_hours_is_refused_with_the_german_reason(coupon, cafe):
    coupon.time_from, coupon.time_until = datetime.time(8), datetime.time(10)
    coupon.save()
    claim = coupons.take(coupon, holder="a")

    with pytest.raises(CouponRefused) as refused:
        coupons.redeem(claim, merchant_ids={cafe[0].pk}, at=at(12))

    assert str(refused.value.message) == "Dieser Coupon gilt nicht zu dieser Uhrzeit."
    assert coupons.redeem(claim, merchant_ids={cafe[0].pk}, at=at(9)).receipt_number


def test_an_anonymous_post_to_a_coupon_link_redeems_nothing(client, coupon):
    claim = coupons.take(coupon, holder="a")

    response = client.post(f"/g/{claim.code}/", {"code": claim.code})

    assert response.status_code == 403
    assert CouponRedemption.objects.count() == 0


def test_vouchers_still_work_on_the_same_page(client, programme, merchant, merchant_user, voucher):
    client.force_login(merchant_user)

    response = client.get(f"/g/{voucher.code}/")

    assert "Gültiger Gutschein" in response.content.decode()


# ------------------------------------------------------------------ listing


def test_overview_lists_approved_free_coupons_only_and_filters_by_category(client, coupon, cafe):
    factories.CouponFactory(
        merchant=cafe[0], title="Noch nicht geprüft", status=Coupon.Status.SUBMITTED
    )
    factories.CouponFactory(merchant=cafe[0], title="Nur im Heft", free=False)

    page = client.get(reverse("cityvouchers:coupons")).content.decode()

    assert "Kaffee gratis" in page
    assert "Noch nicht geprüft" not in page and "Nur im Heft" not in page


def test_valid_today_filter_hides_coupons_of_other_weekdays(client, coupon, cafe):
    tomorrow = (timezone.localdate().weekday() + 1) % 7
    factories.CouponFactory(merchant=cafe[0], title="Nur morgen", weekdays=str(tomorrow))

    everything = client.get(reverse("cityvouchers:coupons")).content.decode()
    today = client.get(reverse("cityvouchers:coupons"), {"heute": "on"}).content.decode()

    assert "Nur morgen" in everything and "Nur morgen" not in today
    assert "Kaffee gratis" in today


def test_unknown_postcode_gets_a_german_message(client, coupon):
    page = client.get(reverse("cityvouchers:coupons"), {"plz": "99999"}).content.decode()

    assert "Diese Postleitzahl ist nicht bekannt." in page


def test_overview_needs_few_queries_however_many_coupons(
    client, cafe, django_assert_max_num_queries
):
    for n in range(15):
        factories.CouponFactory(merchant=cafe[0], title=f"Coupon {n}")

    with django_assert_max_num_queries(16):
        response = client.get(reverse("cityvouchers:coupons"))

    assert response.content.decode().count('class="coupon-card"') == 15


def test_the_profile_page_shows_the_businesss_free_coupons(client, coupon, cafe):
    other = factories.CouponFactory(merchant=cafe[0], title="Nur im Heft", free=False)

    page = client.get(cafe[0].url).content.decode()

    assert "Kaffee gratis" in page and other.title not in page
    assert reverse("cityvouchers:coupon_take", args=[coupon.pk]) in page


def test_a_shop_only_coupon_is_refused_at_the_till(coupon, cafe):
    coupon.channel = Coupon.Channel.SHOP
    coupon.save()
    claim = coupons.take(coupon, holder="a")

    with pytest.raises(CouponRefused) as refused:
        coupons.redeem(claim, merchant_ids={cafe[0].pk})

    assert str(refused.value.message) == "Dieser Coupon gilt nur im Online-Shop."


def test_the_coupon_redemption_post_stays_within_its_query_budget(
    client, coupon, cafe, django_assert_max_num_queries
):
    claim = coupons.take(coupon, holder="a")
    client.force_login(cafe[1])

    with django_assert_max_num_queries(14):
        response = client.post(
            f"/g/{claim.code}/", {"code": claim.code}, HTTP_ACCEPT="application/json"
        )

    assert response.json()["ok"] is True


def test_another_business_cannot_open_a_coupon_receipt(client, coupon, cafe, make_merchant):
    redemption = coupons.redeem(coupons.take(coupon, holder="a"), merchant_ids={cafe[0].pk})
    _page, other = make_merchant("Buchladen Seite", username="seite")
    url = reverse("cityvouchers:coupon_receipt", args=[redemption.receipt_number])

    client.force_login(other)
    theirs = client.get(url)
    client.force_login(cafe[1])
    mine = client.get(url)

    assert theirs.status_code == 404 and mine.status_code == 200


def test_near_me_sorts_coupons_by_the_businesss_distance(client, coupon, cafe, make_merchant):
    from portal.directory.models import MerchantPage

    far, _user = make_merchant("Hofladen Fern", accepting=False)
    factories.CouponFactory(merchant=far, title="Eier gratis")
    MerchantPage.objects.filter(pk=cafe[0].pk).update(latitude=50.0, longitude=8.0)
    MerchantPage.objects.filter(pk=far.pk).update(latitude=51.0, longitude=9.0)

    near_far = client.get(reverse("cityvouchers:coupons"), {"lat": "50.01", "lon": "8.0"})
    far_near = client.get(reverse("cityvouchers:coupons"), {"lat": "51.0", "lon": "9.01"})

    first = near_far.content.decode()
    second = far_near.content.decode()
    assert first.index("Kaffee gratis") < first.index("Eier gratis")
    assert second.index("Eier gratis") < second.index("Kaffee gratis")
