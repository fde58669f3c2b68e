"""Each section's numbers agree with the rows in the database, per town and month."""

import datetime
from decimal import Decimal

from django.utils import timezone
from oscar.core.loading import get_model

from portal.concerns import factories as concern_factories
from portal.concerns.models import Concern, Status
from portal.directory import factories as directory_factories
from portal.directory.models import InitiativeIndexPage, InitiativePage, MerchantPage, Region
from portal.figures import sections
from portal.shop import statuses
from portal.shop.factories import product_for, shop_for
from portal.shop.models import MerchantShop
from portal.tickets.factories import ticket_sale
from portal.tickets.models import Ticket
from portal.vouchers import coupons as coupon_services
from portal.vouchers import factories as voucher_factories
from portal.vouchers.models import CouponClaim, CouponRedemption, Redemption, Voucher
from portal.vouchers.redemption import redeem
from tests.figures.conftest import moment, scope_of
from tests.shop.helpers import basket_with, place
from tests.tickets.helpers import buy

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")


def series(chart, name):
    return next(one.values for one in chart.series if one.name == name)


def rows_by_first(table):
    return {row[0]: row[1:] for row in table.rows}


def publish_at(page, when):
    MerchantPage.objects.filter(pk=page.pk).update(first_published_at=when)


def test_businesses_count_live_profiles_cumulatively_by_first_publication(towns):
    altstadt, neustadt = towns
    index = altstadt.merchant.get_parent()
    publish_at(altstadt.merchant, moment(6))  # before the period
    publish_at(neustadt.merchant, moment(1))
    later = directory_factories.MerchantPageFactory(parent=index, title="Neu in Altstadt")
    publish_at(later, moment(0))
    hidden = directory_factories.MerchantPageFactory(parent=index, title="Offline")
    publish_at(hidden, moment(1))
    hidden.unpublish()

    figure = sections.businesses(scope_of())

    chart = figure.charts[0]
    assert series(chart, "Einträge insgesamt") == [1, 2, 3]
    assert series(chart, "Neu im Monat") == [0, 1, 1]
    assert MerchantPage.objects.live().count() == 3
    assert rows_by_first(figure.tables[0]) == {"Altstadt": [1, 1, 2], "Neustadt": [0, 1, 1]}


def test_businesses_of_one_town_leave_the_other_out(towns):
    altstadt, neustadt = towns
    publish_at(altstadt.merchant, moment(2))
    publish_at(neustadt.merchant, moment(1))

    figure = sections.businesses(scope_of(neustadt.site))

    assert series(figure.charts[0], "Einträge insgesamt") == [0, 1, 1]
    assert list(rows_by_first(figure.tables[0])) == ["Neustadt"]


def test_initiatives_are_counted_per_region(towns):
    altstadt, _neustadt = towns
    index = altstadt.home.add_child(instance=InitiativeIndexPage(title="Initiativen"))
    north = Region.objects.create(name="Nordkreis", slug="nord")
    south = Region.objects.create(name="Südkreis", slug="sued")
    for title, region, when in [
        ("Markt Nord", north, moment(5)),
        ("Lieferdienst Nord", north, moment(0)),
        ("Verein Süd", south, moment(1)),
    ]:
        page = index.add_child(
            instance=InitiativePage(
                title=title, region=region, kind="marketplace", short_description="Kurz"
            )
        )
        InitiativePage.objects.filter(pk=page.pk).update(first_published_at=when)

    figure = sections.initiatives(scope_of())

    chart = figure.charts[0]
    assert series(chart, "Nordkreis") == [1, 1, 2]
    assert series(chart, "Südkreis") == [0, 1, 1]
    assert rows_by_first(figure.tables[0]) == {"Nordkreis": [1, 2], "Südkreis": [1, 1]}


def test_shops_open_online_need_an_available_product(towns):
    altstadt, neustadt = towns
    StockRecord.objects.filter(product=neustadt.product).update(num_in_stock=0)
    index = altstadt.merchant.get_parent()
    closed = shop_for(directory_factories.MerchantPageFactory(parent=index, title="Zu"))
    product_for(closed, title="Nicht zu haben")
    MerchantShop.objects.filter(pk=closed.pk).update(is_open=False)

    chart = sections.online_shops(scope_of()).charts[0]

    assert chart.labels == ["Altstadt", "Neustadt"]
    assert series(chart, "Geöffnete Shops") == [1, 1]
    assert series(chart, "Mit verfügbarem Produkt") == [1, 0]


def place_order(town, quantity):
    return place(basket_with((town.product, quantity)), {town.merchant.shop: MerchantShop.PICKUP})


def test_orders_count_placed_orders_and_their_gross_revenue(towns):
    altstadt, neustadt = towns
    place_order(altstadt, 2)
    place_order(altstadt, 1)
    place_order(neustadt, 4)
    cancelled = place_order(neustadt, 3).orders().get()
    Order.objects.filter(pk=cancelled.pk).update(status=statuses.CANCELLED)
    Order.objects.filter(merchant_order__checkout__site=altstadt.site).update(date_placed=moment(1))

    figure = sections.orders(scope_of())

    counted = Order.objects.exclude(status=statuses.CANCELLED)
    assert counted.count() == 3
    assert series(figure.charts[0], "Bestellungen") == [0, 2, 1]
    assert series(figure.charts[1], "Umsatz (EUR)") == [0, Decimal("15.00"), Decimal("20.00")]
    assert rows_by_first(figure.tables[0]) == {
        "Altstadt": [2, Decimal("15.00")],
        "Neustadt": [1, Decimal("20.00")],
    }


def test_city_voucher_sales_redemptions_and_outstanding_balance(towns):
    altstadt, neustadt = towns
    programme = altstadt.voucher.programme
    extra = voucher_factories.VoucherFactory(batch__programme=programme, value=Decimal("50.00"))
    withdrawn = voucher_factories.VoucherFactory(batch__programme=programme)
    Voucher.objects.filter(pk=withdrawn.pk).update(status=Voucher.Status.CANCELLED)
    Voucher.objects.filter(pk=altstadt.voucher.pk).update(issued_at=moment(2))
    redeem(extra, merchant=altstadt.merchant)

    figure = sections.city_voucher(scope_of())

    sold, redeemed = figure.charts[0], figure.charts[1]
    assert series(sold, "Verkauft (EUR)") == [Decimal("25.00"), 0, Decimal("75.00")]
    assert series(sold, "Eingelöst (EUR)") == [0, 0, Decimal("50.00")]
    assert series(redeemed, "Verkaufte Gutscheine") == [1, 0, 2]
    assert series(redeemed, "Einlösungen") == [0, 0, 1]
    table = {row[1]: row for row in figure.tables[0].rows}
    assert table["Altstadt"][2:] == [2, Decimal("75.00"), 1, Decimal("50.00"), 1, Decimal("25.00")]
    assert table["Neustadt"][2:] == [1, Decimal("25.00"), 0, Decimal("0.00"), 1, Decimal("25.00")]
    assert Redemption.objects.count() == 1
    assert Voucher.objects.valid().count() == 2


def test_coupons_taken_and_used_per_town(towns):
    altstadt, neustadt = towns
    for coupon in (altstadt.coupon, neustadt.coupon):
        coupon.per_person_limit = 5
        coupon.save()
    first = coupon_services.take(altstadt.coupon, holder="browser:a")
    coupon_services.take(altstadt.coupon, holder="browser:b", at=moment(1))
    coupon_services.take(neustadt.coupon, holder="browser:c")
    coupon_services.redeem(first, merchant_ids=[altstadt.merchant.pk])

    figure = sections.coupons(scope_of())

    chart = figure.charts[0]
    assert series(chart, "Eingelöste Coupons") == [0, 0, CouponRedemption.objects.count()]
    assert sum(series(chart, "Ausgegebene Coupons")) == CouponClaim.objects.count() == 3
    assert rows_by_first(figure.tables[0]) == {"Altstadt": [1, 2, 1], "Neustadt": [1, 1, 0]}


def test_tickets_sold_checked_in_and_their_revenue(towns):
    altstadt, _neustadt = towns
    sale = ticket_sale(altstadt.event, altstadt.merchant)
    buy(sale, ("Erwachsene", 3))
    ticket = Ticket.objects.first()
    Ticket.objects.filter(pk=ticket.pk).update(checked_in_at=timezone.now())

    figure = sections.tickets(scope_of())

    assert Ticket.objects.filter(status=Ticket.Status.VALID).count() == 3
    assert series(figure.charts[0], "Verkaufte Tickets") == [0, 0, 3]
    assert series(figure.charts[0], "Davon eingelassen") == [0, 0, 1]
    assert series(figure.charts[1], "Umsatz (EUR)") == [0, 0, Decimal("36.00")]
    assert rows_by_first(figure.tables[0]) == {
        "Altstadt": [3, 1, Decimal("36.00")],
        "Neustadt": [0, 0, Decimal("0.00")],
    }


def test_concerns_received_and_time_to_close_per_office(towns):
    altstadt, neustadt = towns
    start = moment(1)
    for closed_after in (2, 4, 20):
        concern = concern_factories.ConcernFactory(topic=altstadt.topic, created_at=start)
        Concern.objects.filter(pk=concern.pk).update(
            status=Status.PROCESSED, closed_at=start + datetime.timedelta(days=closed_after)
        )

    figure = sections.concerns(scope_of(close_days=14))

    chart = figure.charts[0]
    assert series(chart, "Eingegangen") == [0, 3, 2]
    assert series(chart, "Davon abgeschlossen") == [0, 3, 0]
    rows = {row[0]: row[1:] for row in figure.tables[0].rows}
    assert rows[f"Amt {altstadt.name}"] == ["Altstadt", 4, 3, Decimal("4.0"), Decimal("66.7")]
    assert rows[f"Amt {neustadt.name}"] == ["Neustadt", 1, 0, None, None]
    assert Concern.objects.filter(office__site=altstadt.site).count() == 4


def test_median_without_postgresql_is_the_same(towns, monkeypatch):
    from django.db import connection

    from portal.figures.queries import median_durations

    altstadt, _neustadt = towns
    start = moment(1)
    for closed_after in (1, 3, 10, 30):
        concern = concern_factories.ConcernFactory(topic=altstadt.topic, created_at=start)
        Concern.objects.filter(pk=concern.pk).update(
            closed_at=start + datetime.timedelta(days=closed_after)
        )
    closed = Concern.objects.filter(closed_at__isnull=False)

    in_sql = median_durations(closed, "office_id")
    monkeypatch.setattr(connection, "vendor", "sqlite")
    in_python = median_durations(closed, "office_id")

    assert in_sql == in_python == {altstadt.topic.office_id: datetime.timedelta(days=6.5)}


def test_a_town_without_businesses_is_listed_with_zeros(towns):
    altstadt, neustadt = towns
    publish_at(altstadt.merchant, moment(1))
    neustadt.merchant.unpublish()

    figure = sections.businesses(scope_of())

    assert rows_by_first(figure.tables[0]) == {"Altstadt": [0, 1, 1], "Neustadt": [0, 0, 0]}
