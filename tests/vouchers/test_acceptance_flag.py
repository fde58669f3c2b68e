"""The directory's "accepts the city voucher" flag says what the acceptance network says.

Only ``portal.vouchers.acceptance`` writes it: the profile form shows it
read-only, and no published revision brings back an old value.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Revision

from portal.directory import services as directory_services
from portal.directory.models import MerchantPage
from portal.vouchers import acceptance, factories
from portal.vouchers.models import AcceptingMerchant
from tests.directory.helpers import edit_data

pytestmark = pytest.mark.django_db


def live_flag(page):
    return MerchantPage.objects.get(pk=page.pk).accepts_city_voucher


@pytest.mark.parametrize("publishes", [True, False])
def test_the_profile_form_shows_the_flag_read_only_and_ignores_a_posted_tick(
    client, make_merchant, publishes
):
    page, user = make_merchant("Kiosk Eck", accepting=False, username="kiosk")
    directory_services.set_requires_approval(page.team, not publishes)
    client.force_login(user)
    action = {"action-publish": "publish"} if publishes else {}

    form = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        edit_data(page, title="Kiosk am Eck", accepts_city_voucher="on", **action),
        follow=True,
    )

    assert 'name="accepts_city_voucher"' not in form
    assert "Wird vom Stadtmarketing" in form
    assert response.status_code == 200
    latest = MerchantPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert latest.title == "Kiosk am Eck"
    assert latest.accepts_city_voucher is False
    assert live_flag(page) is False


def test_a_draft_saved_before_joining_keeps_the_flag_when_published_after(client, make_merchant):
    page, user = make_merchant("Café Sonne", accepting=False, username="sonne")
    directory_services.set_requires_approval(page.team, False)
    client.force_login(user)
    client.post(f"/admin/pages/{page.pk}/edit/", edit_data(page, title="Café Sonne am Markt"))

    factories.AcceptingMerchantFactory(merchant=page)
    assert live_flag(page) is True
    client.post(
        f"/admin/pages/{page.pk}/edit/",
        edit_data(page, title="Café Sonne am Markt", **{"action-publish": "publish"}),
    )

    assert MerchantPage.objects.get(pk=page.pk).title == "Café Sonne am Markt"
    assert live_flag(page) is True


def test_publishing_an_old_revision_after_leaving_the_network_keeps_the_flag_off(make_merchant):
    page, _user = make_merchant("Blumen Berger")
    old_revision = MerchantPage.objects.get(pk=page.pk).save_revision()
    assert old_revision.content["accepts_city_voucher"] is True

    AcceptingMerchant.objects.filter(merchant=page).delete()
    Revision.objects.get(pk=old_revision.pk).publish()  # as the editor's revisions view does

    assert live_flag(page) is False


def test_the_daily_command_flags_a_business_whose_contract_date_has_come(make_merchant):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page, _user = make_merchant("Eisdiele Nord", contract_date=tomorrow)
    drifted, _user = make_merchant("Kiosk", accepting=False)
    MerchantPage.objects.filter(pk=drifted.pk).update(accepts_city_voucher=True)
    assert live_flag(page) is False

    # The day comes; no save announces it.
    AcceptingMerchant.objects.filter(merchant=page).update(contract_date=timezone.localdate())
    output = io.StringIO()
    call_command("sync_voucher_acceptance", stdout=output)

    assert live_flag(page) is True
    assert live_flag(drifted) is False
    assert "2 profile(s) updated." in output.getvalue()


def test_the_service_writes_only_drifted_profiles_and_counts_them(make_merchant):
    member, _user = make_merchant("Buchladen")
    make_merchant("Bäckerei", accepting=False)
    assert acceptance.update_directory_flags() == 0

    AcceptingMerchant.objects.filter(merchant=member).update(suspended=True)

    assert acceptance.update_directory_flags() == 1
    assert live_flag(member) is False
    assert acceptance.update_directory_flags() == 0
