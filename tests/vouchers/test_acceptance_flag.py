"""The directory's "accepts the city voucher" flag says what the acceptance network says."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.directory import services as directory_services
from portal.directory.models import MerchantPage
from portal.vouchers.models import AcceptingMerchant
from tests.directory.test_permissions import edit_data

pytestmark = pytest.mark.django_db


def flags(page):
    live = MerchantPage.objects.get(pk=page.pk)
    return live.accepts_city_voucher, live.get_latest_revision().content["accepts_city_voucher"]


@pytest.mark.parametrize("publishes", [True, False])
def test_a_merchant_cannot_tick_the_voucher_box_of_its_own_profile(
    client, make_merchant, publishes
):
    page, user = make_merchant("Kiosk Eck", accepting=False, username="kiosk")
    directory_services.set_requires_approval(page.team, not publishes)
    client.force_login(user)
    action = {"action-publish": "publish"} if publishes else {}

    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        edit_data(page, title="Kiosk am Eck", accepts_city_voucher="on", **action),
        follow=True,
    )

    assert response.status_code == 200
    assert MerchantPage.objects.get(pk=page.pk).get_latest_revision().content["title"] == (
        "Kiosk am Eck"
    )
    assert flags(page) == (False, False)
    assert "wurde nicht übernommen" in response.content.decode()


def test_a_member_unticking_the_box_keeps_it_ticked(client, make_merchant):
    page, user = make_merchant("Café Sonne", username="sonne")
    directory_services.set_requires_approval(page.team, False)
    client.force_login(user)

    client.post(f"/admin/pages/{page.pk}/edit/", edit_data(page, **{"action-publish": "publish"}))

    assert flags(page) == (True, True)


def test_the_daily_command_flags_a_business_whose_contract_date_has_come(make_merchant):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page, _user = make_merchant("Eisdiele Nord", contract_date=tomorrow)
    drifted, _user = make_merchant("Kiosk", accepting=False)
    MerchantPage.objects.filter(pk=drifted.pk).update(accepts_city_voucher=True)
    assert MerchantPage.objects.get(pk=page.pk).accepts_city_voucher is False

    # The day comes; no save announces it.
    AcceptingMerchant.objects.filter(merchant=page).update(contract_date=timezone.localdate())
    call_command("sync_voucher_acceptance", stdout=io.StringIO())

    assert MerchantPage.objects.get(pk=page.pk).accepts_city_voucher is True
    assert MerchantPage.objects.get(pk=drifted.pk).accepts_city_voucher is False
