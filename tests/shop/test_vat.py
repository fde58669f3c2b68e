"""VAT of an order: goods at their rates, the fee split over them to the cent.

Unit tests of ``portal.shop.services.vat`` (no database): the fee is shared
in proportion to the goods' gross value per rate, rounded half up, and the
lowest rate takes the remainder, so the parts always add up to the fee.
"""

from decimal import Decimal

import pytest

from portal.shop.services import vat

D = Decimal


def fee_parts(goods, fee):
    return {
        row.rate: row.gross - goods.get(row.rate, D("0.00")) for row in vat.breakdown(goods, fee)
    }


def test_a_fee_on_7_and_19_percent_goods_is_split_by_their_gross_value():
    rows = vat.breakdown({"19": D("30.00"), "7": D("10.00")}, D("4.95"))

    assert rows == [
        vat.VatRow(rate=D("19"), gross=D("33.71"), net=D("28.33"), tax=D("5.38")),
        vat.VatRow(rate=D("7"), gross=D("11.24"), net=D("10.50"), tax=D("0.74")),
    ]


@pytest.mark.parametrize(
    ("goods", "fee", "expected"),
    [
        # 0.005 each: the 19 % share rounds half up, the 7 % share gets what is left.
        (
            {D("19"): D("1.00"), D("7"): D("1.00")},
            D("0.01"),
            {D("19"): D("0.01"), D("7"): D("0.00")},
        ),
        # A third each: 0.0333... -> 0.03, 0.03 and the remainder 0.04 at the lowest rate.
        (
            {D("19"): D("5.00"), D("7"): D("5.00"), D("0"): D("5.00")},
            D("0.10"),
            {D("19"): D("0.03"), D("7"): D("0.03"), D("0"): D("0.04")},
        ),
        (
            {D("19"): D("10.00"), D("7"): D("20.00")},
            D("3.50"),
            {D("19"): D("1.17"), D("7"): D("2.33")},
        ),
        (
            {D("19"): D("99.99"), D("7"): D("0.01")},
            D("4.95"),
            {D("19"): D("4.95"), D("7"): D("0.00")},
        ),
    ],
)
def test_the_lowest_rate_takes_the_rounding_remainder(goods, fee, expected):
    assert fee_parts(goods, fee) == expected


@pytest.mark.parametrize("fee", [D("0.01"), D("0.02"), D("0.99"), D("3.50"), D("4.95"), D("12.34")])
@pytest.mark.parametrize(
    "goods",
    [
        {D("19"): D("8.90")},
        {D("7"): D("4.20")},
        {D("19"): D("8.90"), D("7"): D("8.40")},
        {D("19"): D("0.01"), D("7"): D("1234.56")},
        {D("19"): D("33.33"), D("7"): D("33.33"), D("0"): D("33.34")},
        {D("19"): D("0.03"), D("7"): D("0.03"), D("0"): D("0.03")},
    ],
)
def test_fee_parts_add_up_to_the_fee_and_every_row_to_its_gross(goods, fee):
    rows = vat.breakdown(goods, fee)
    parts = fee_parts(goods, fee)

    assert sum(parts.values()) == fee
    assert all(part >= 0 for part in parts.values())
    assert sum(row.gross for row in rows) == sum(goods.values()) + fee
    assert all(row.net + row.tax == row.gross for row in rows)
    assert [row.rate for row in rows] == sorted(goods, reverse=True)


def test_without_a_fee_each_rate_keeps_its_goods_and_tax_is_rounded_per_rate():
    rows = vat.breakdown({"19": D("8.90"), "7": D("4.20"), "0": D("0.00")})

    assert rows == [
        vat.VatRow(rate=D("19"), gross=D("8.90"), net=D("7.48"), tax=D("1.42")),
        vat.VatRow(rate=D("7"), gross=D("4.20"), net=D("3.93"), tax=D("0.27")),
    ]


def test_a_fee_without_goods_is_taxed_at_the_standard_rate():
    assert vat.breakdown({}, D("3.50")) == [
        vat.VatRow(rate=D("19"), gross=D("3.50"), net=D("2.94"), tax=D("0.56"))
    ]


def test_fee_tax_is_the_vat_the_fee_adds_at_each_rate():
    goods = {D("19"): D("10.00"), D("7"): D("20.00")}

    # 1.17 at 19 % and 2.33 at 7 %: what each rate's rounded tax grows by
    # (1.60 -> 1.78 on 10.00 -> 11.17, and 1.31 -> 1.46 on 20.00 -> 22.33).
    assert vat.fee_tax(goods, D("3.50")) == D("0.18") + D("0.15")


def test_combine_adds_rows_of_several_orders_per_rate_highest_first():
    first = vat.breakdown({"7": D("4.20")}, D("1.00"))
    second = vat.breakdown({"19": D("8.90"), "7": D("2.10")})

    combined = vat.combine([*first, *second])

    assert [row.rate for row in combined] == [D("19"), D("7")]
    assert combined[1].gross == D("7.30")
    assert combined[1].net + combined[1].tax == combined[1].gross


def test_totals_by_rate_reads_rates_as_text_and_treats_an_empty_rate_as_zero():
    totals = vat.totals_by_rate([("19", D("1.00")), (D("19"), D("2.00")), ("", D("5.00"))])

    assert totals == {D("19"): D("3.00"), D("0"): D("5.00")}
