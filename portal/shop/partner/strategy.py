"""Prices for a German marketplace: merchants enter gross prices, VAT per product.

Oscar loads this module in place of its own (``partner.strategy`` in the
forked partner app). A stock record's ``price`` is the gross price a resident
pays, as merchants quote it ("inkl. MwSt."); the net price and the tax are
derived from the product's VAT rate (19, 7 or 0 %) and rounded to the cent,
so gross prices and totals stay exact. The rate travels as ``tax_code`` onto
basket and order lines, where the VAT breakdown of an order is computed.
"""

from decimal import ROUND_HALF_UP, Decimal

from oscar.apps.partner import strategy
from oscar.apps.partner.prices import TaxInclusiveFixedPrice

CENT = Decimal("0.01")


def split_gross(gross, rate_percent):
    """``(net, tax)`` of a gross amount at ``rate_percent`` (``Decimal``), to the cent."""
    net = (gross * 100 / (100 + rate_percent)).quantize(CENT, rounding=ROUND_HALF_UP)
    return net, gross - net


class GrossPrice(TaxInclusiveFixedPrice):
    """A price known by its gross amount; ``tax_code`` is the VAT rate in percent."""

    def __init__(self, currency, gross, rate_percent):
        net, tax = split_gross(gross, rate_percent)
        super().__init__(currency=currency, excl_tax=net, tax=tax)
        self.tax_code = str(rate_percent)


class GermanVAT:
    """Pricing mixin: gross stock record prices, the product's own VAT rate."""

    def pricing_policy(self, product, stockrecord):
        if not stockrecord or stockrecord.price is None:
            return strategy.UnavailablePrice()
        return GrossPrice(stockrecord.price_currency, stockrecord.price, product.vat_percent)

    def parent_pricing_policy(self, product, children_stock):
        """A parent shows its cheapest variant's price ("from ...")."""
        prices = [
            (record.price, child)
            for child, record in children_stock
            if record is not None and record.price is not None
        ]
        if not prices:
            return strategy.UnavailablePrice()
        price, child = min(prices, key=lambda pair: pair[0])
        currency = next(record.price_currency for _child, record in children_stock if record)
        return GrossPrice(currency, price, product.vat_percent)


class Marketplace(
    strategy.UseFirstStockRecord, strategy.StockRequired, GermanVAT, strategy.Structured
):
    """Every product has one stock record, that of the merchant who sells it."""

    def fetch_for_line(self, line, stockrecord=None):
        # The line already knows its stock record (loaded with the line): no query.
        return self.fetch_for_product(line.product, stockrecord or line.stockrecord)


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        return Marketplace(request)
