"""The figures of the portal's own apps, registered in ``wagtail_hooks`` through
``register_figures``. Each ``compute`` runs a fixed number of queries (see
``queries``) and returns aggregated numbers only.

What counts:

- businesses: live directory profiles, by the month of their first
  publication (a profile without one counts as listed before the period);
- initiatives: live initiative pages, the same way, per region;
- online shops: open shops with a live profile today, and of those the shops
  with at least one public product in stock (or not stock-tracked);
- orders: the merchants' orders (Oscar ``Order``) of placed checkouts, by
  the day they were placed, without cancelled orders and orders still awaiting
  their bank transfer; revenue is their gross total including delivery;
- city voucher: sales are vouchers issued (after payment) and not cancelled,
  redemptions every redemption row, the outstanding balance what valid
  vouchers still hold today;
- coupons: campaigns running in the period, coupons taken (claims) and used;
- tickets: tickets issued and not cancelled, their price, and how many of
  them were checked in;
- concerns: received per month and office; time to close from receipt to
  closing (processed or rejected).
"""

from collections import defaultdict

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from . import queries
from .queries import ZERO, by_month, grouped, in_period, monthly_totals, town_of
from .registry import (
    DAYS,
    MONEY,
    PERCENT,
    TEXT,
    Chart,
    Column,
    Figure,
    Section,
    Series,
    Table,
    next_month,
)


def _town_names(scope):
    return {town.pk: town.name for town in scope.towns}


def _listed_over_time(pages, scope, group, group_names, keep_all=False):
    """Cumulative counts of ``pages`` by first publication, per ``group`` value (two queries).

    Values of ``group_names`` without any page are left out unless ``keep_all``.
    """
    before = {
        row[group]: row["n"]
        for row in grouped(
            pages.filter(Q(first_published_at__lt=scope.start) | Q(first_published_at=None)),
            [group],
            n=Count("pk"),
        )
    }
    new = by_month(
        in_period(pages, "first_published_at", scope), "first_published_at", [group], n=Count("pk")
    )
    keys = [
        key
        for key in group_names
        if keep_all or before.get(key) or any(r[group] == key for r in new)
    ]
    result = {}
    for key in keys:
        increments = monthly_totals([r for r in new if r[group] == key], scope.months, "n")
        result[key] = (before.get(key, 0), increments)
    return result


def businesses(scope):
    from portal.directory.models import MerchantPage

    pages = (
        MerchantPage.objects.live()
        .annotate(figure_town=town_of(scope.towns))
        .filter(figure_town__in=scope.town_ids)
    )
    names = _town_names(scope)
    per_town = _listed_over_time(pages, scope, "figure_town", list(names), keep_all=True)
    start = sum(before for before, _increments in per_town.values())
    increments = [
        sum(values[i] for _before, values in per_town.values()) for i in range(len(scope.months))
    ]
    chart = Chart(
        title=_("Businesses listed"),
        description=_("Live business profiles at the end of each month, and new ones per month."),
        labels=list(scope.months),
        label_title=_("Month"),
        kind="line",
        series=[
            Series(_("Listed in total"), queries.cumulative(start, increments)),
            Series(_("New in the month"), increments),
        ],
    )
    rows = [
        [names[key], before, sum(values), before + sum(values)]
        for key, (before, values) in per_town.items()
    ]
    table = Table(
        _("Businesses per town"),
        [
            Column(pgettext("figures", "Town"), TEXT),
            Column(_("Before the period")),
            Column(_("New in the period")),
            Column(_("At the end of the period")),
        ],
        rows,
    )
    return Figure(charts=[chart], tables=[table])


def initiatives(scope):
    from portal.directory.models import InitiativePage

    pages = (
        InitiativePage.objects.live()
        .annotate(figure_town=town_of(scope.towns))
        .filter(figure_town__in=scope.town_ids)
        .annotate(figure_region=F("region__name"))
    )
    regions = sorted(set(pages.values_list("figure_region", flat=True)))
    per_region = _listed_over_time(pages, scope, "figure_region", regions)
    chart = Chart(
        title=_("Initiatives per region"),
        description=_("Live initiatives per region at the end of each month."),
        labels=list(scope.months),
        label_title=_("Month"),
        kind="line",
        series=[
            Series(region, queries.cumulative(before, increments))
            for region, (before, increments) in per_region.items()
        ],
    )
    table = Table(
        _("Initiatives per region"),
        [
            Column(_("Region"), TEXT),
            Column(_("New in the period")),
            Column(_("At the end of the period")),
        ],
        [
            [region, sum(increments), before + sum(increments)]
            for region, (before, increments) in per_region.items()
        ],
    )
    return Figure(charts=[chart], tables=[table])


def online_shops(scope):
    from oscar.core.loading import get_model

    from portal.shop.models import MerchantShop

    StockRecord = get_model("partner", "StockRecord")
    in_stock = StockRecord.objects.filter(
        partner=OuterRef("partner"), product__is_public=True
    ).filter(Q(num_in_stock=None) | Q(num_in_stock__gt=Coalesce("num_allocated", 0)))
    rows = grouped(
        MerchantShop.objects.selling()
        .annotate(figure_town=town_of(scope.towns, "page__path"), has_product=Exists(in_stock))
        .filter(figure_town__in=scope.town_ids),
        ["figure_town"],
        shops=Count("pk"),
        selling=Count("pk", filter=Q(has_product=True)),
    )
    found = {row["figure_town"]: row for row in rows}
    towns = list(scope.towns)
    chart = Chart(
        title=_("Online shops today"),
        description=_("Open shops per town, and those with at least one product available."),
        labels=[town.name for town in towns],
        label_title=pgettext("figures", "Town"),
        label_kind=TEXT,
        series=[
            Series(_("Open shops"), [found.get(t.pk, {}).get("shops", 0) for t in towns]),
            Series(
                _("With an available product"),
                [found.get(t.pk, {}).get("selling", 0) for t in towns],
            ),
        ],
    )
    return Figure(charts=[chart], notes=[_("As of today: the shops' history is not kept.")])


def orders(scope):
    from oscar.core.loading import get_model

    from portal.shop import statuses
    from portal.shop.models import Checkout

    Order = get_model("order", "Order")
    placed = Order.objects.filter(
        merchant_order__checkout__status=Checkout.PLACED,
        merchant_order__checkout__site_id__in=scope.town_ids,
    ).exclude(status__in=[statuses.CANCELLED, statuses.AWAITING_PAYMENT])
    rows = by_month(
        in_period(placed, "date_placed", scope),
        "date_placed",
        ["merchant_order__checkout__site_id"],
        n=Count("pk"),
        revenue=Sum("total_incl_tax"),
    )
    months = list(scope.months)
    charts = [
        Chart(
            title=_("Orders per month"),
            description=_("Merchants' orders placed per month (without cancelled ones)."),
            labels=months,
            label_title=_("Month"),
            series=[Series(_("Orders"), monthly_totals(rows, months, "n"))],
        ),
        Chart(
            title=_("Revenue per month"),
            description=_("Gross revenue of these orders per month, delivery included."),
            labels=months,
            label_title=_("Month"),
            unit=MONEY,
            series=[Series(_("Revenue (EUR)"), monthly_totals(rows, months, "revenue"))],
        ),
    ]
    totals = defaultdict(lambda: [0, ZERO])
    for row in rows:
        totals[row["merchant_order__checkout__site_id"]][0] += row["n"]
        totals[row["merchant_order__checkout__site_id"]][1] += row["revenue"] or ZERO
    table = Table(
        _("Orders per town"),
        [
            Column(pgettext("figures", "Town"), TEXT),
            Column(_("Orders")),
            Column(_("Revenue (EUR)"), MONEY),
        ],
        [[town.name, *totals[town.pk]] for town in scope.towns],
    )
    return Figure(charts=charts, tables=[table])


def city_voucher(scope):
    from portal.vouchers.models import Redemption, Voucher, VoucherProgramme

    programmes = list(
        VoucherProgramme.objects.filter(site_id__in=scope.town_ids)
        .order_by("site__site_name", "name", "pk")
        .values_list("pk", "name", "site_id")
    )
    sales = by_month(
        in_period(
            Voucher.objects.filter(programme__site_id__in=scope.town_ids), "issued_at", scope
        ).exclude(status=Voucher.Status.CANCELLED),
        "issued_at",
        ["programme_id"],
        n=Count("pk"),
        amount=Sum("value"),
    )
    redemptions = by_month(
        in_period(
            Redemption.objects.filter(voucher__programme__site_id__in=scope.town_ids),
            "created_at",
            scope,
        ),
        "created_at",
        ["voucher__programme_id"],
        n=Count("pk"),
        amount=Sum("amount"),
    )
    outstanding = {
        row["programme_id"]: row
        for row in grouped(
            Voucher.objects.valid().filter(programme__site_id__in=scope.town_ids),
            ["programme_id"],
            n=Count("pk"),
            balance=Sum("balance"),
        )
    }
    months = list(scope.months)
    charts = [
        Chart(
            title=_("City voucher: amounts per month"),
            description=_("Value of vouchers sold and amount redeemed per month."),
            labels=months,
            label_title=_("Month"),
            unit=MONEY,
            series=[
                Series(_("Sold (EUR)"), monthly_totals(sales, months, "amount")),
                Series(_("Redeemed (EUR)"), monthly_totals(redemptions, months, "amount")),
            ],
        ),
        Chart(
            title=_("City voucher: numbers per month"),
            description=_("Vouchers sold and redemptions per month."),
            labels=months,
            label_title=_("Month"),
            series=[
                Series(_("Vouchers sold"), monthly_totals(sales, months, "n")),
                Series(_("Redemptions"), monthly_totals(redemptions, months, "n")),
            ],
        ),
    ]
    names = _town_names(scope)
    rows = []
    for pk, name, site_id in programmes:
        sold = [r for r in sales if r["programme_id"] == pk]
        used = [r for r in redemptions if r["voucher__programme_id"] == pk]
        rows.append(
            [
                name,
                names.get(site_id, ""),
                sum(r["n"] for r in sold),
                sum((r["amount"] or ZERO for r in sold), ZERO),
                sum(r["n"] for r in used),
                sum((r["amount"] or ZERO for r in used), ZERO),
                outstanding.get(pk, {}).get("n", 0),
                outstanding.get(pk, {}).get("balance") or ZERO,
            ]
        )
    table = Table(
        _("Per programme"),
        [
            Column(_("Programme"), TEXT),
            Column(pgettext("figures", "Town"), TEXT),
            Column(_("Vouchers sold")),
            Column(_("Sold (EUR)"), MONEY),
            Column(_("Redemptions")),
            Column(_("Redeemed (EUR)"), MONEY),
            Column(_("Valid vouchers today")),
            Column(_("Outstanding balance today (EUR)"), MONEY),
        ],
        rows,
    )
    return Figure(charts=charts, tables=[table])


def coupons(scope):
    from portal.vouchers.models import CouponCampaign, CouponClaim, CouponRedemption

    campaigns = {
        row["site_id"]: row["n"]
        for row in grouped(
            CouponCampaign.objects.filter(
                site_id__in=scope.town_ids,
                valid_from__lt=next_month(scope.months[-1]),
                valid_until__gte=scope.months[0],
            ),
            ["site_id"],
            n=Count("pk"),
        )
    }
    claims = by_month(
        in_period(CouponClaim.objects, "created_at", scope)
        .annotate(figure_town=town_of(scope.towns, "coupon__merchant__path"))
        .filter(figure_town__in=scope.town_ids),
        "created_at",
        ["figure_town"],
        n=Count("pk"),
    )
    used = by_month(
        in_period(CouponRedemption.objects, "created_at", scope)
        .annotate(figure_town=town_of(scope.towns, "claim__coupon__merchant__path"))
        .filter(figure_town__in=scope.town_ids),
        "created_at",
        ["figure_town"],
        n=Count("pk"),
    )
    months = list(scope.months)
    chart = Chart(
        title=_("Coupons per month"),
        description=_("Coupons taken by residents and coupons used per month."),
        labels=months,
        label_title=_("Month"),
        series=[
            Series(_("Coupons taken"), monthly_totals(claims, months, "n")),
            Series(_("Coupons used"), monthly_totals(used, months, "n")),
        ],
    )
    table = Table(
        _("Coupons per town"),
        [
            Column(pgettext("figures", "Town"), TEXT),
            Column(_("Campaigns in the period")),
            Column(_("Coupons taken")),
            Column(_("Coupons used")),
        ],
        [
            [
                town.name,
                campaigns.get(town.pk, 0),
                sum(r["n"] for r in claims if r["figure_town"] == town.pk),
                sum(r["n"] for r in used if r["figure_town"] == town.pk),
            ]
            for town in scope.towns
        ],
    )
    return Figure(charts=[chart], tables=[table])


def tickets(scope):
    from portal.tickets.models import Ticket

    rows = by_month(
        in_period(Ticket.objects.filter(status=Ticket.Status.VALID), "issued_at", scope)
        .annotate(figure_town=town_of(scope.towns, "sale__event__path"))
        .filter(figure_town__in=scope.town_ids),
        "issued_at",
        ["figure_town"],
        n=Count("pk"),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
        revenue=Sum("price"),
    )
    months = list(scope.months)
    charts = [
        Chart(
            title=_("Event tickets per month"),
            description=_("Tickets sold per month, and how many of them were checked in."),
            labels=months,
            label_title=_("Month"),
            series=[
                Series(_("Tickets sold"), monthly_totals(rows, months, "n")),
                Series(_("Of which checked in"), monthly_totals(rows, months, "checked_in")),
            ],
        ),
        Chart(
            title=_("Ticket revenue per month"),
            description=_("Price of the tickets sold per month."),
            labels=months,
            label_title=_("Month"),
            unit=MONEY,
            series=[Series(_("Revenue (EUR)"), monthly_totals(rows, months, "revenue"))],
        ),
    ]
    table = Table(
        _("Tickets per town"),
        [
            Column(pgettext("figures", "Town"), TEXT),
            Column(_("Tickets sold")),
            Column(_("Of which checked in")),
            Column(_("Revenue (EUR)"), MONEY),
        ],
        [
            [
                town.name,
                sum(r["n"] for r in rows if r["figure_town"] == town.pk),
                sum(r["checked_in"] for r in rows if r["figure_town"] == town.pk),
                sum((r["revenue"] or ZERO for r in rows if r["figure_town"] == town.pk), ZERO),
            ]
            for town in scope.towns
        ],
    )
    return Figure(charts=charts, tables=[table])


def concerns(scope):
    from datetime import timedelta

    from portal.concerns.models import Concern, Office

    offices = list(
        Office.objects.filter(site_id__in=scope.town_ids)
        .order_by("site__site_name", "name", "pk")
        .values_list("pk", "name", "site_id")
    )
    received = in_period(
        Concern.objects.filter(office__site_id__in=scope.town_ids), "created_at", scope
    )
    closed = received.filter(closed_at__isnull=False)
    rows = by_month(
        received,
        "created_at",
        ["office_id"],
        n=Count("pk"),
        closed=Count("pk", filter=Q(closed_at__isnull=False)),
        quick=Count(
            "pk",
            filter=Q(closed_at__lte=F("created_at") + timedelta(days=scope.close_days)),
        ),
    )
    medians = queries.median_durations(closed, "office_id")
    months = list(scope.months)
    chart = Chart(
        title=_("Concerns per month"),
        description=_("Concerns received per month, and how many of them are closed."),
        labels=months,
        label_title=_("Month"),
        series=[
            Series(_("Received"), monthly_totals(rows, months, "n")),
            Series(_("Of which closed"), monthly_totals(rows, months, "closed")),
        ],
    )
    names = _town_names(scope)
    table_rows = []
    for pk, name, site_id in offices:
        mine = [r for r in rows if r["office_id"] == pk]
        count = sum(r["n"] for r in mine)
        done = sum(r["closed"] for r in mine)
        quick = sum(r["quick"] for r in mine)
        table_rows.append(
            [
                name,
                names.get(site_id, ""),
                count,
                done,
                queries.days(medians.get(pk)),
                queries.percent(quick, done),
            ]
        )
    table = Table(
        _("Time to close per office"),
        [
            Column(_("Office"), TEXT),
            Column(pgettext("figures", "Town"), TEXT),
            Column(_("Received")),
            Column(_("Closed")),
            Column(_("Median days to close"), DAYS),
            Column(
                _("Closed within %(days)s days (%% of closed)") % {"days": scope.close_days},
                PERCENT,
            ),
        ],
        table_rows,
    )
    return Figure(
        charts=[chart],
        tables=[table],
        notes=[_("Time to close counts from receipt to the status processed or rejected.")],
    )


BUILT_IN = [
    Section("haendler", gettext_lazy("Businesses in the directory"), businesses, 100),
    Section("initiativen", gettext_lazy("Regional initiatives"), initiatives, 150),
    Section("shops", gettext_lazy("Online shops"), online_shops, 200),
    Section("bestellungen", gettext_lazy("Orders and revenue"), orders, 300),
    Section("stadtgutschein", gettext_lazy("City voucher"), city_voucher, 400),
    Section("coupons", gettext_lazy("Coupons"), coupons, 500),
    Section("tickets", gettext_lazy("Event tickets"), tickets, 600),
    Section("anliegen", gettext_lazy("Concerns"), concerns, 700),
]
