"""The operator's back office in the Wagtail admin: overview, actions, permissions."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.home.factories import UserFactory
from portal.roles.definitions import EDITORS, VOUCHER_OPERATORS
from portal.roles.services import role_group
from portal.vouchers import factories, settlement
from portal.vouchers.models import SettlementPeriod, Voucher
from portal.vouchers.redemption import redeem

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_client(client, superuser):
    client.force_login(superuser)
    return client


def test_overview_shows_totals_and_the_volume_warning(operator_client, programme, merchant):
    programme.volume_threshold = Decimal("20")
    programme.save()
    redeem(factories.VoucherFactory(batch__programme=programme), merchant=merchant)

    response = operator_client.get(reverse("cityvouchers_admin:index"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "25,00 €" in body
    assert "Einlösungen der letzten 12 Monate" in body


def test_voucher_operators_run_the_programme_but_editors_and_merchants_may_not(
    client, programme, merchant_user
):
    operator = UserFactory(username="betrieb")
    operator.groups.add(role_group(VOUCHER_OPERATORS))
    editor = UserFactory(username="redakteurin")
    editor.groups.add(role_group(EDITORS))
    client.force_login(operator)
    assert client.get(reverse("cityvouchers_admin:index")).status_code == 200
    for refused in (editor, merchant_user):
        client.force_login(refused)
        response = client.get(reverse("cityvouchers_admin:index"))
        assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_operator_marks_an_employer_order_paid_and_its_month_is_issued(
    operator_client, programme, django_capture_on_commit_callbacks
):
    order = factories.EmployerOrderFactory(programme=programme, employees=2, paid_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(reverse("cityvouchers_admin:order_paid", args=[order.pk]))
    assert response.status_code == 302
    assert Voucher.objects.filter(batch__employer_order=order).count() == 2


def test_operator_closes_a_month_downloads_the_sepa_file_and_marks_it_paid(
    operator_client, programme, merchant
):
    last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=3)
    at = timezone.make_aware(datetime.datetime.combine(last_month, datetime.time(12)))
    voucher = factories.VoucherFactory(
        batch__programme=programme, batch__created_at=at - datetime.timedelta(days=1)
    )
    redeem(voucher, merchant=merchant, at=at)
    period = settlement.period_for(last_month)

    operator_client.post(reverse("cityvouchers_admin:period_close", args=[period.pk]))
    sepa = operator_client.get(reverse("cityvouchers_admin:sepa", args=[period.pk]))
    operator_client.post(reverse("cityvouchers_admin:period_paid", args=[period.pk]))

    assert sepa["Content-Type"] == "application/xml"
    assert b'<InstdAmt Ccy="EUR">25.00</InstdAmt>' in sepa.content
    ET.fromstring(sepa.content)
    period.refresh_from_db()
    assert period.status == SettlementPeriod.Status.PAID


@pytest.mark.parametrize(
    "name", ["programme", "network", "vouchers", "employers", "employer_orders"]
)
def test_model_listings_open(operator_client, voucher, merchant, name):
    response = operator_client.get(reverse(f"cityvouchers_{name}:index"))
    assert response.status_code == 200


def test_vouchers_are_read_only_in_the_admin(operator_client, voucher):
    inspect = reverse("cityvouchers_vouchers:inspect", args=[voucher.pk])
    edit = reverse("cityvouchers_vouchers:edit", args=[voucher.pk])
    assert operator_client.get(inspect).status_code == 200
    assert operator_client.get(edit).status_code in (302, 403)
