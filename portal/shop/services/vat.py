"""VAT breakdown of gross amounts at German rates, with fees split by the goods' rates.

Delivery and shipping fees are an ancillary service: they carry the VAT of
the goods they bring, so a fee on a basket of 7 % and 19 % goods is split in
proportion to the gross value of the goods at each rate (the last rate takes
the rounding remainder, so the parts add up to the fee to the cent).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from portal.shop.partner.strategy import CENT, split_gross


@dataclass(frozen=True)
class VatRow:
    rate: Decimal
    gross: Decimal
    net: Decimal
    tax: Decimal


def breakdown(goods_by_rate, fee=Decimal("0.00")):
    """Rows per VAT rate (highest first) for ``{rate: gross goods}`` plus a gross ``fee``."""
    goods_by_rate = {Decimal(rate): amount for rate, amount in goods_by_rate.items() if amount}
    goods_total = sum(goods_by_rate.values(), Decimal("0.00"))
    # A fee without goods (never in a real order) is taxed at the standard rate.
    rates = sorted(goods_by_rate, reverse=True) or [Decimal("19")]
    rows, fee_left = [], fee
    for position, rate in enumerate(rates):
        if position == len(rates) - 1:
            fee_part = fee_left
        else:
            fee_part = (fee * goods_by_rate[rate] / goods_total).quantize(
                CENT, rounding=ROUND_HALF_UP
            )
        fee_left -= fee_part
        gross = goods_by_rate.get(rate, Decimal("0.00")) + fee_part
        net, tax = split_gross(gross, rate)
        rows.append(VatRow(rate=rate, gross=gross, net=net, tax=tax))
    return rows


def fee_tax(goods_by_rate, fee):
    """The VAT contained in ``fee`` when it is split over the goods' rates."""
    with_fee = breakdown(goods_by_rate, fee)
    without = {row.rate: row.tax for row in breakdown(goods_by_rate)}
    return sum(
        (row.tax - without.get(row.rate, Decimal("0.00")) for row in with_fee), Decimal("0.00")
    )


def combine(rows):
    """Rows of several breakdowns added up per rate (highest rate first)."""
    sums = {}
    for row in rows:
        gross, net, tax = sums.get(row.rate, (Decimal("0.00"),) * 3)
        sums[row.rate] = (gross + row.gross, net + row.net, tax + row.tax)
    return [VatRow(rate, *sums[rate]) for rate in sorted(sums, reverse=True)]


def totals_by_rate(pairs):
    """``{rate: gross}`` summed from ``(rate, gross)`` pairs (rates as text or ``Decimal``)."""
    totals = {}
    for rate, gross in pairs:
        rate = Decimal(rate or "0")
        totals[rate] = totals.get(rate, Decimal("0.00")) + gross
    return totals


def order_breakdown(order, lines=None):
    """The VAT rows of a placed order (goods and its fulfilment fee)."""
    lines = order.lines.all() if lines is None else lines
    goods = totals_by_rate((line.tax_code, line.line_price_incl_tax) for line in lines)
    return breakdown(goods, order.shipping_incl_tax or Decimal("0.00"))
