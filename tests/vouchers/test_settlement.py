"""Monthly settlement: statements, fee, the SEPA file, payment, operator totals."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
import sepaxml
import xmlschema
from django.urls import reverse
from django.utils import timezone

from portal.vouchers import factories, settlement
from portal.vouchers.models import MerchantStatement, SettlementPeriod
from portal.vouchers.redemption import redeem

from .pdftools import pdf_text

pytestmark = pytest.mark.django_db
SCHEMA = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


def moment(year, month, day, hour=12):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@pytest.fixture
def march(programme, make_merchant):
    """Redemptions in March 2026 at two merchants, one in April; a 2% fee."""
    programme.operator_fee_percent = Decimal("2")
    programme.save()
    bakery, baker = make_merchant("Bäckerei Korn", username="korn")
    books, bookseller = make_merchant("Buchladen", username="buch")
    issued = moment(2026, 1, 10)
    for merchant, value, day in [
        (bakery, "25", 3),
        (bakery, "10", 31),
        (books, "50", 15),
        (books, "10", 20),
    ]:
        voucher = factories.VoucherFactory(
            batch__programme=programme, batch__created_at=issued, value=Decimal(value)
        )
        redeem(voucher, merchant=merchant, at=moment(2026, 3, day, 20))
    april = factories.VoucherFactory(batch__programme=programme, batch__created_at=issued)
    redeem(april, merchant=bakery, at=moment(2026, 4, 1, 9))
    period = settlement.period_for(datetime.date(2026, 3, 1))
    return {
        "period": period,
        "bakery": bakery,
        "books": books,
        "baker": baker,
        "bookseller": bookseller,
    }


def test_closing_a_month_makes_one_statement_per_merchant_with_fee_and_payout(march):
    statements = settlement.close_period(march["period"], at=moment(2026, 4, 2))

    by_merchant = {s.merchant: s for s in statements}
    bakery = by_merchant[march["bakery"]]
    assert (bakery.redemption_count, bakery.gross, bakery.fee, bakery.payout) == (
        2,
        Decimal("35.00"),
        Decimal("0.70"),
        Decimal("34.30"),
    )
    assert by_merchant[march["books"]].payout == Decimal("58.80")
    assert bakery.iban  # copied from the network membership
    march["period"].refresh_from_db()
    assert march["period"].status == SettlementPeriod.Status.CLOSED
    # The April redemption waits for April's statement.
    assert settlement.period_for(datetime.date(2026, 4, 1)).statements.count() == 0


def test_a_month_cannot_be_closed_before_it_ends(march):
    with pytest.raises(settlement.SettlementError):
        settlement.close_period(march["period"], at=moment(2026, 3, 31, 23))


def test_sepa_file_is_valid_pain_001_and_its_sums_match_the_statements(march):
    statements = settlement.close_period(march["period"], at=moment(2026, 4, 2))

    xml = settlement.sepa_transfer_xml(march["period"], execution_date=datetime.date(2026, 4, 3))

    xmlschema.XMLSchema(str(SCHEMA)).validate(xml.decode())
    root = ET.fromstring(xml)
    amounts = sorted(
        Decimal(node.text) for node in root.iterfind(".//p:CdtTrfTxInf/p:Amt/p:InstdAmt", NS)
    )
    assert amounts == sorted(s.payout for s in statements)
    control_sum = Decimal(root.find(".//p:GrpHdr/p:CtrlSum", NS).text)
    assert control_sum == sum(s.payout for s in statements) == Decimal("93.10")
    ibans = {node.text for node in root.iterfind(".//p:CdtrAcct/p:Id/p:IBAN", NS)}
    assert ibans == {s.iban for s in statements}


def test_marking_a_period_paid_marks_every_statement(march):
    settlement.close_period(march["period"], at=moment(2026, 4, 2))
    settlement.mark_paid(march["period"])
    assert not MerchantStatement.objects.filter(paid_at__isnull=True).exists()
    march["period"].refresh_from_db()
    assert march["period"].status == SettlementPeriod.Status.PAID


def test_merchant_downloads_own_statement_but_not_another_merchants(client, march):
    settlement.close_period(march["period"], at=moment(2026, 4, 2))
    own = MerchantStatement.objects.get(merchant=march["bakery"])
    other = MerchantStatement.objects.get(merchant=march["books"])
    client.force_login(march["baker"])

    pdf = client.get(reverse("cityvouchers:statement_download", args=[own.number, "pdf"]))
    csv = client.get(reverse("cityvouchers:statement_download", args=[own.number, "csv"]))
    foreign = client.get(reverse("cityvouchers:statement_download", args=[other.number, "pdf"]))

    assert pdf.status_code == 200 and "34,30 €" in pdf_text(pdf.content)
    assert "34,30" in csv.content.decode() and csv.content.decode().count("\n") >= 5
    assert foreign.status_code == 404
    area = client.get(reverse("cityvouchers_merchant:index")).content.decode()
    in_admin = client.get(reverse("cityvouchers_merchant:statement", args=[own.number, "csv"]))
    foreign_in_admin = client.get(
        reverse("cityvouchers_merchant:statement", args=[other.number, "pdf"])
    )
    assert own.number in area and other.number not in area
    assert in_admin.content.startswith(b"\xef\xbb\xbf") and b"34,30" in in_admin.content
    assert foreign_in_admin.status_code == 404


def test_operator_totals_count_sold_redeemed_outstanding_and_expired(programme, merchant):
    factories.VoucherFactory(batch__programme=programme, value=Decimal("50"))
    redeem(
        factories.VoucherFactory(batch__programme=programme, value=Decimal("10")), merchant=merchant
    )
    factories.VoucherFactory(
        batch__programme=programme,
        batch__created_at=timezone.now() - datetime.timedelta(days=2000),
        value=Decimal("25"),
    )

    totals = settlement.totals()

    assert totals["sold"] == Decimal("85.00")
    assert totals["redeemed"] == Decimal("10.00")
    assert totals["outstanding"] == Decimal("50.00")
    assert totals["expired"] == Decimal("25.00")


def test_rolling_twelve_month_volume_warns_near_the_threshold(programme, merchant):
    programme.volume_threshold = Decimal("100")
    programme.save()
    for _ in range(3):
        redeem(factories.VoucherFactory(batch__programme=programme), merchant=merchant)
    assert settlement.rolling_volume()["warning"] is False  # 75 of 100
    redeem(
        factories.VoucherFactory(batch__programme=programme, value=Decimal("10")), merchant=merchant
    )
    volume = settlement.rolling_volume()
    assert (volume["volume"], volume["warning"], volume["exceeded"]) == (Decimal("85"), True, False)
    later = settlement.rolling_volume(at=timezone.now() + datetime.timedelta(days=400))
    assert later["volume"] == 0
