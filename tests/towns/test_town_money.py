"""Money of several towns stays each town's own: the operator's fee, the SEPA
transfer from the town's account, the totals and volume per programme, the
coupon approval setting and the address the payment provider sends back to."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from portal.roles.definitions import VOUCHER_OPERATORS
from portal.roles.services import role_group
from portal.shop.models import Checkout
from portal.shop.services import paying
from portal.vouchers import coupons, factories, settlement
from portal.vouchers.models import Coupon, VoucherProgramme
from portal.vouchers.redemption import redeem

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
OPERATOR_IBANS = {"Altstadt": "DE02120300000000202051", "Neustadt": "DE02500105170137075030"}


def moment(year, month, day, hour=12):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@pytest.fixture
def programmes(towns):
    """Altstadt takes a 2 % fee, Neustadt 5 %; each from its own account."""
    for town, percent in zip(towns, ["2", "5"], strict=True):
        VoucherProgramme.objects.filter(site=town.site).update(
            operator_fee_percent=Decimal(percent),
            operator_account_holder=f"Stadtmarketing {town.name}",
            operator_iban=OPERATOR_IBANS[town.name],
        )
    return {town.name: VoucherProgramme.objects.get(site=town.site) for town in towns}


@pytest.fixture
def march(towns, programmes):
    """100 € redeemed in each town in March 2026."""
    issued = moment(2026, 1, 10)
    for town in towns:
        voucher = factories.VoucherFactory(
            batch__programme=programmes[town.name],
            batch__created_at=issued,
            value=Decimal("100"),
        )
        redeem(voucher, merchant=town.merchant, at=moment(2026, 3, 10, 15))
    return settlement.period_for(datetime.date(2026, 3, 1))


def test_each_business_pays_its_own_towns_fee(towns, march):
    statements = settlement.close_period(march, at=moment(2026, 4, 2))
    fees = {statement.merchant_id: statement.fee for statement in statements}
    a, b = towns
    assert fees == {a.merchant.pk: Decimal("2.00"), b.merchant.pk: Decimal("5.00")}


def payments_in(xml):
    root = ET.fromstring(xml)
    debtor = root.find(".//p:PmtInf/p:DbtrAcct/p:Id/p:IBAN", NS).text
    creditors = [node.text for node in root.findall(".//p:CdtTrfTxInf/p:Cdtr/p:Nm", NS)]
    amounts = [node.text for node in root.findall(".//p:CdtTrfTxInf/p:Amt/p:InstdAmt", NS)]
    return debtor, creditors, amounts


def test_each_town_pays_its_businesses_from_its_own_account(towns, march):
    settlement.close_period(march, at=moment(2026, 4, 2))
    a, b = towns
    for town, payout in [(a, "98.00"), (b, "95.00")]:
        debtor, creditors, amounts = payments_in(
            settlement.sepa_transfer_xml(march, site=town.site)
        )
        assert debtor == OPERATOR_IBANS[town.name]
        assert creditors == [town.merchant.title]
        assert amounts == [payout]


def test_totals_and_the_legal_volume_are_kept_per_town(towns, programmes, march):
    rows = {row["town"].pk: row for row in settlement.towns_overview()}
    a, b = towns
    for town in towns:
        row = rows[town.site.pk]
        assert row["programme"] == programmes[town.name]
        assert row["totals"]["redeemed"] == Decimal("100")
    # Neustadt's limit is reached on its own redemptions alone; Altstadt's is not touched.
    VoucherProgramme.objects.filter(site=b.site).update(volume_threshold=Decimal("100"))
    later = timezone.make_aware(datetime.datetime(2026, 6, 1))
    rows = {row["town"].pk: row for row in settlement.towns_overview(at=later)}
    assert rows[b.site.pk]["volume"]["exceeded"] is True
    assert rows[a.site.pk]["volume"]["warning"] is False
    assert settlement.totals()["redeemed"] == Decimal("200")


def test_the_operator_overview_shows_every_town_and_a_transfer_per_town(client, towns, march):
    settlement.close_period(march, at=moment(2026, 4, 2))
    operator = get_user_model().objects.create_user("betrieb", password="x")
    operator.groups.add(role_group(VOUCHER_OPERATORS))
    client.force_login(operator)
    page = client.get(reverse("cityvouchers_admin:index")).content.decode()
    a, b = towns
    for town in towns:
        assert f'<th scope="row">{town.name}</th>' in page
        assert f"?stadt={town.site.pk}" in page
    response = client.get(reverse("cityvouchers_admin:sepa", args=[march.pk]), {"stadt": b.site.pk})
    assert response.status_code == 200
    assert "neustadt" in response["Content-Disposition"]
    assert payments_in(response.content)[0] == OPERATOR_IBANS["Neustadt"]


def test_coupon_approval_follows_the_businesss_town(towns):
    a, b = towns
    VoucherProgramme.objects.filter(site=a.site).update(coupons_need_approval=True)
    VoucherProgramme.objects.filter(site=b.site).update(coupons_need_approval=False)
    for town, status in [(a, Coupon.Status.SUBMITTED), (b, Coupon.Status.APPROVED)]:
        coupon = factories.CouponFactory.build(merchant=town.merchant, title=f"Neu {town.name}")
        assert coupons.submit(coupon).status == status


def test_the_payment_provider_sends_the_resident_back_to_their_town(towns, settings):
    settings.SHOP_PAYMENT_CALLBACK_BASE_URL = "https://zahlung.example"
    for town in towns:
        checkout = Checkout(number="100042", access_key="schluessel", site=town.site)
        assert urlsplit(paying.return_url(checkout)).hostname == town.host
    webhooks_go_to = urlsplit(paying.webhook_url(SimpleNamespace(code="mollie")))
    assert webhooks_go_to.hostname == "zahlung.example"
