"""The businesses' share of coupon book revenue: in the statements and the SEPA file, once."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.urls import reverse

from portal.vouchers import coupon_shares, coupons, factories, settlement
from portal.vouchers.models import CouponBook, CouponShareEntry, MerchantStatement
from portal.vouchers.redemption import redeem

from .pdftools import pdf_text
from .test_concurrency import run_together
from .test_settlement import NS, moment

MARCH = datetime.date(2026, 3, 1)


@pytest.fixture
def shared_book(programme, make_merchant):
    """A 20 € book with 4 coupons (2 of a café, 1 each of two shops); half the price is shared."""
    cafe, cafe_owner = make_merchant("Café Krümel", username="kruemel")
    flowers, _ = make_merchant("Blumen Blüte")
    books, _ = make_merchant("Buchladen Seite")
    dates = {"valid_from": datetime.date(2026, 1, 1), "valid_until": datetime.date(2026, 12, 31)}
    chosen = [
        factories.CouponFactory(merchant=cafe, title="Kaffee gratis", free=False, **dates),
        factories.CouponFactory(merchant=cafe, title="Kuchen gratis", free=False, **dates),
        factories.CouponFactory(merchant=flowers, title="Rose gratis", free=False, **dates),
        factories.CouponFactory(merchant=books, title="Lesezeichen", free=False, **dates),
    ]
    book = CouponBook.objects.create(
        title="Gutscheinheft Musterstadt",
        price=Decimal("20.00"),
        edition_size=100,
        valid_until=datetime.date(2026, 12, 31),
        merchant_share_percent=Decimal("50"),
        share_rule=CouponBook.ShareRule.PER_REDEMPTION,
    )
    book.coupons.set(chosen)
    return {
        "book": book,
        "programme": programme,
        "cafe": cafe,
        "cafe_owner": cafe_owner,
        "flowers": flowers,
        "books": books,
    }


def sell(book, number, at):
    return coupons.issue_book(book, reference=f"test:{number}", at=at)


def use(copy, title, at):
    claim = copy.claims.select_related("coupon").get(coupon__title=title)
    return coupons.redeem(claim, merchant_ids={claim.coupon.merchant_id}, at=at)


def close(month_start, at):
    return {
        s.merchant_id: s for s in settlement.close_period(settlement.period_for(month_start), at=at)
    }


@pytest.mark.django_db
def test_per_used_coupon_each_business_gets_its_share_of_the_used_coupons_only(shared_book):
    book = shared_book["book"]
    copy = sell(book, 1, moment(2026, 3, 2))
    use(copy, "Kaffee gratis", moment(2026, 3, 10))
    use(copy, "Rose gratis", moment(2026, 4, 3))  # used in April: April's statement

    march = close(MARCH, moment(2026, 4, 1, 9))

    cafe = march[shared_book["cafe"].pk]
    assert set(march) == {shared_book["cafe"].pk}  # the others' coupons were not used in March
    assert (cafe.book_share_count, cafe.book_share) == (1, Decimal("2.50"))  # 20 € × 50 % / 4
    assert (cafe.gross, cafe.fee, cafe.payout) == (0, 0, Decimal("2.50"))

    april = close(datetime.date(2026, 4, 1), moment(2026, 5, 1, 9))
    assert {m: s.book_share for m, s in april.items()} == {
        shared_book["flowers"].pk: Decimal("2.50")
    }


@pytest.mark.django_db
def test_evenly_per_coupon_every_coupon_of_a_sold_copy_is_paid_used_or_not(shared_book):
    book = shared_book["book"]
    book.share_rule = CouponBook.ShareRule.PER_COUPON
    book.save()
    sell(book, 1, moment(2026, 3, 2))
    sell(book, 2, moment(2026, 3, 20))

    march = close(MARCH, moment(2026, 4, 1, 9))

    shares = {m: (s.book_share_count, s.book_share) for m, s in march.items()}
    assert shares == {
        shared_book["cafe"].pk: (4, Decimal("10.00")),
        shared_book["flowers"].pk: (2, Decimal("5.00")),
        shared_book["books"].pk: (2, Decimal("5.00")),
    }
    assert sum(s.payout for s in march.values()) == Decimal("20.00")  # half of 2 × 20 €


@pytest.mark.django_db
def test_a_share_is_rounded_down_so_never_more_than_the_share_is_paid(shared_book):
    book = shared_book["book"]
    book.price, book.merchant_share_percent = Decimal("9.99"), Decimal("10")
    book.share_rule = CouponBook.ShareRule.PER_COUPON
    book.save()
    sell(book, 1, moment(2026, 3, 2))

    close(MARCH, moment(2026, 4, 1, 9))

    amounts = set(CouponShareEntry.objects.values_list("amount", flat=True))
    assert amounts == {Decimal("0.24")}  # 0.999 € / 4 = 0.24975 €, rounded down


@pytest.mark.django_db
def test_a_book_without_a_share_pays_nothing(shared_book):
    book = shared_book["book"]
    book.merchant_share_percent = 0
    book.save()
    use(sell(book, 1, moment(2026, 3, 2)), "Kaffee gratis", moment(2026, 3, 10))

    assert close(MARCH, moment(2026, 4, 1, 9)) == {}
    assert not CouponShareEntry.objects.exists()


@pytest.mark.django_db
def test_shares_are_in_the_sepa_file_and_the_merchants_statement(client, shared_book):
    book = shared_book["book"]
    copy = sell(book, 1, moment(2026, 3, 2))
    use(copy, "Kaffee gratis", moment(2026, 3, 10))
    use(copy, "Kuchen gratis", moment(2026, 3, 11))
    programme = shared_book["programme"]
    programme.operator_fee_percent = 0
    programme.save()
    voucher = factories.VoucherFactory(
        batch__programme=programme, batch__created_at=moment(2026, 1, 10), value=Decimal("25")
    )
    redeem(voucher, merchant=shared_book["cafe"], at=moment(2026, 3, 12))
    march = close(MARCH, moment(2026, 4, 1, 9))
    statement = march[shared_book["cafe"].pk]
    assert (statement.gross, statement.book_share, statement.payout) == (
        Decimal("25.00"),
        Decimal("5.00"),
        Decimal("30.00"),  # no fee in this programme
    )

    xml = settlement.sepa_transfer_xml(
        settlement.period_for(MARCH), execution_date=datetime.date(2026, 4, 3)
    )
    root = ET.fromstring(xml)
    amounts = [Decimal(n.text) for n in root.iterfind(".//p:CdtTrfTxInf/p:Amt/p:InstdAmt", NS)]
    assert amounts == [Decimal("30.00")]

    client.force_login(shared_book["cafe_owner"])
    area = client.get(reverse("cityvouchers_merchant:index")).content.decode()
    pdf = pdf_text(
        client.get(
            reverse("cityvouchers_merchant:statement", args=[statement.number, "pdf"])
        ).content
    )
    csv = client.get(
        reverse("cityvouchers_merchant:statement", args=[statement.number, "csv"])
    ).content.decode("utf-8-sig")
    assert "Anteil an Gutscheinheften" in area and "5,00 €" in area
    assert "Anteil Gutscheinhefte" in pdf and "Kuchen gratis" in pdf and "30,00 €" in pdf
    assert "Kaffee gratis" in csv and "5,00" in csv


@pytest.mark.django_db
def test_running_the_settlement_again_pays_nothing_twice(shared_book):
    book = shared_book["book"]
    book.share_rule = CouponBook.ShareRule.PER_COUPON
    book.save()
    sell(book, 1, moment(2026, 3, 2))
    close(MARCH, moment(2026, 4, 1, 9))

    coupon_shares.book_due(moment(2026, 6, 1))
    later = settlement.close_due_periods(at=moment(2026, 6, 1, 9))

    assert CouponShareEntry.objects.count() == 4
    assert all(statements == [] for _period, statements in later)
    assert MerchantStatement.objects.count() == 3
    with pytest.raises(IntegrityError):  # the database itself refuses a second share
        CouponShareEntry.objects.create(
            claim=CouponShareEntry.objects.first().claim,
            merchant=shared_book["cafe"],
            amount=Decimal("2.50"),
            booked_at=moment(2026, 3, 2),
        )


@pytest.mark.django_db(transaction=True)
def test_settlement_runs_at_the_same_moment_pay_each_share_once(shared_book):
    book = shared_book["book"]
    copy = sell(book, 1, moment(2026, 3, 2))
    for title in ("Kaffee gratis", "Rose gratis", "Lesezeichen"):
        use(copy, title, moment(2026, 3, 10))
    period = settlement.period_for(MARCH)

    results = run_together(
        [lambda: settlement.close_period(period, at=moment(2026, 4, 1, 9)) for _ in range(6)]
        + [lambda: coupon_shares.book_due(moment(2026, 4, 1)) for _ in range(6)]
    )

    closes = [r for r in results[:6] if isinstance(r, list)]
    refused = [r for r in results[:6] if isinstance(r, settlement.SettlementError)]
    assert (len(closes), len(refused)) == (1, 5), results
    assert all(r is None for r in results[6:]), results
    assert CouponShareEntry.objects.count() == 3
    assert MerchantStatement.objects.count() == 3
    statements = MerchantStatement.objects.all()
    assert sum(s.payout for s in statements) == Decimal("7.50")
    assert not CouponShareEntry.objects.filter(statement__isnull=True).exists()
