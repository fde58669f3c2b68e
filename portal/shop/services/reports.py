"""A merchant's sales figures for a period: orders, revenue, fulfilment, products, VAT.

Works on any queryset of orders (the caller passes ``access.orders_for``),
so the figures never include another merchant's orders. Cancelled orders
are counted apart and left out of every sum. The VAT rows add up each
order's own breakdown (``services.vat``: fees split over the goods' rates),
so they equal the orders' invoices to the cent.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Sum
from django.db.models.functions import TruncDate
from oscar.core.loading import get_model

from portal.shop import statuses
from portal.shop.models import MerchantShop

from . import vat

Line = get_model("order", "Line")
ZERO = Decimal("0.00")


@dataclass
class Sales:
    start: object
    end: object
    orders: int = 0
    revenue: Decimal = ZERO
    fees: Decimal = ZERO
    cancelled: int = 0
    by_method: list = field(default_factory=list)
    by_day: list = field(default_factory=list)
    products: list = field(default_factory=list)
    vat_rows: list = field(default_factory=list)

    @property
    def average(self):
        return (self.revenue / self.orders).quantize(Decimal("0.01")) if self.orders else ZERO


def in_period(orders, start, end):
    """Orders placed from ``start`` to ``end`` (local dates, both included)."""
    return orders.filter(date_placed__date__gte=start, date_placed__date__lte=end)


def sales(orders, start, end):
    placed = in_period(orders, start, end)
    valid = placed.exclude(status=statuses.CANCELLED)
    totals = valid.aggregate(
        count=Count("pk"), revenue=Sum("total_incl_tax"), fees=Sum("shipping_incl_tax")
    )
    labels = dict(MerchantShop.METHOD_CHOICES)
    report = Sales(
        start=start,
        end=end,
        orders=totals["count"],
        revenue=totals["revenue"] or ZERO,
        fees=totals["fees"] or ZERO,
        cancelled=placed.filter(status=statuses.CANCELLED).count(),
    )
    report.by_method = [
        {"label": labels.get(row["method"], row["method"]), **row}
        for row in valid.order_by()
        .values(method=F("merchant_order__method"))
        .annotate(count=Count("pk"), revenue=Sum("total_incl_tax"))
        .order_by("-revenue")
    ]
    report.by_day = list(
        valid.annotate(day=TruncDate("date_placed"))
        .order_by()
        .values("day")
        .annotate(count=Count("pk"), revenue=Sum("total_incl_tax"))
        .order_by("day")
    )
    report.products = list(
        Line.objects.filter(order__in=valid)
        .order_by()
        .values("title", "partner_sku")
        .annotate(quantity=Sum("quantity"), revenue=Sum("line_price_incl_tax"))
        .order_by("-revenue", "title")
    )
    report.vat_rows = vat.combine(
        row
        for order in valid.only("pk", "shipping_incl_tax").prefetch_related("lines")
        for row in vat.order_breakdown(order, order.lines.all())
    )
    return report
