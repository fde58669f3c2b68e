"""Oscar's offers and discount codes in the split checkout: each merchant order gets its own.

A merchant's code discounts only that merchant's lines; a city-wide offer
is shared out over the lines in proportion to their price; each order's VAT
is computed per rate on the discounted gross amounts, to the cent.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from portal.shop.models import MerchantOffer, MerchantShop
from portal.shop.services import vat

from .helpers import basket_with, place

pytestmark = pytest.mark.django_db
Range = get_model("offer", "Range")
Condition = get_model("offer", "Condition")
Benefit = get_model("offer", "Benefit")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Voucher = get_model("voucher", "Voucher")
OrderDiscount = get_model("order", "OrderDiscount")
PICKUP = MerchantShop.PICKUP


def offer(name, *, benefit_type, value, minimum=None, shop=None, offer_type=None):
    everything = Range.objects.create(name=f"Sortiment {name}", includes_all_products=True)
    if minimum is None:
        condition = Condition.objects.create(range=everything, type=Condition.COUNT, value=1)
    else:
        condition = Condition.objects.create(range=everything, type=Condition.VALUE, value=minimum)
    made = ConditionalOffer.objects.create(
        name=name,
        offer_type=offer_type or ConditionalOffer.VOUCHER,
        condition=condition,
        benefit=Benefit.objects.create(range=everything, type=benefit_type, value=value),
    )
    if shop is not None:
        MerchantOffer.objects.create(offer=made, shop=shop)
    return made


def code_for(made, code):
    voucher = Voucher.objects.create(
        name=made.name,
        code=code,
        usage=Voucher.MULTI_USE,
        start_datetime=timezone.now() - datetime.timedelta(days=1),
        end_datetime=timezone.now() + datetime.timedelta(days=30),
    )
    voucher.offers.add(made)
    return voucher


@pytest.fixture
def bookshop_code(bookshop):
    """The bookshop's own code: 10 % off everything it sells."""
    made = offer("Lesefreude", benefit_type=Benefit.PERCENTAGE, value=10, shop=bookshop)
    return code_for(made, "LESEN10")


def section(page, shop):
    """The HTML of ``shop``'s part of the basket page."""
    start = page.index(f'aria-labelledby="basket-part-{shop.pk}"')
    return page[start : page.index("</section>", start)]


def rows(order):
    return [(row.rate, row.gross, row.net, row.tax) for row in vat.order_breakdown(order)]


def test_a_merchants_code_discounts_only_its_own_order_with_vat_per_rate_to_the_cent(
    bookshop_code, bread, novel, mug, bakery, bookshop
):
    mug.stockrecords.update(price=Decimal("12.95"))  # 10 % of it is 1.295 €
    basket = basket_with((bread, 2), (novel, 1), (mug, 1))
    basket.vouchers.add(bookshop_code)

    checkout = place(basket, {bakery: PICKUP, bookshop: PICKUP})

    orders = {order.merchant_order.shop: order for order in checkout.orders()}
    books, bread_order = orders[bookshop], orders[bakery]
    # 22.00 - 2.20 (7 %) and 12.95 - 1.30 (19 %, rounded half up)
    assert books.total_incl_tax == Decimal("31.45")
    assert rows(books) == [
        (Decimal("19"), Decimal("11.65"), Decimal("9.79"), Decimal("1.86")),
        (Decimal("7"), Decimal("19.80"), Decimal("18.50"), Decimal("1.30")),
    ]
    assert books.total_excl_tax == Decimal("28.29")
    assert books.total_incl_tax - books.total_excl_tax == Decimal("3.16")
    [discount] = books.discounts.all()
    assert (discount.voucher_code, discount.amount) == ("LESEN10", Decimal("3.50"))
    assert books.merchant_order.city_discount == 0  # the bookshop bears its own code

    assert bread_order.total_incl_tax == Decimal("8.40")  # untouched
    assert not bread_order.discounts.exists()
    assert rows(bread_order) == [(Decimal("7"), Decimal("8.40"), Decimal("7.85"), Decimal("0.55"))]
    assert checkout.total == Decimal("39.85")


def test_a_merchants_condition_counts_only_its_own_goods(bread, novel, bakery, bookshop):
    # 3 € off from 25 € at the bakery: the novel (22 €) does not help reach it.
    made = offer(
        "Frühstück",
        benefit_type=Benefit.FIXED,
        value=Decimal("3.00"),
        minimum=Decimal("25.00"),
        shop=bakery,
    )
    basket = basket_with((bread, 2), (novel, 1))
    basket.vouchers.add(code_for(made, "BROT3"))

    checkout = place(basket, {bakery: PICKUP, bookshop: PICKUP})

    assert not OrderDiscount.objects.exists()
    assert checkout.total == Decimal("30.40")


def test_a_city_wide_offer_is_shared_out_in_proportion_and_the_city_bears_it(
    bread, novel, bakery, bookshop
):
    offer(
        "Stadtfest",
        benefit_type=Benefit.FIXED,
        value=Decimal("5.00"),
        minimum=Decimal("30.00"),
        offer_type=ConditionalOffer.SITE,
    )

    checkout = place(basket_with((bread, 2), (novel, 1)), {bakery: PICKUP, bookshop: PICKUP})

    orders = {order.merchant_order.shop: order for order in checkout.orders()}
    # 5 € over 8.40 € and 22.00 €: 1.38 € (rounded down) and the rest, 3.62 €.
    assert orders[bakery].total_incl_tax == Decimal("7.02")
    assert orders[bookshop].total_incl_tax == Decimal("18.38")
    assert orders[bakery].merchant_order.city_discount == Decimal("1.38")
    assert orders[bookshop].merchant_order.city_discount == Decimal("3.62")
    assert rows(orders[bakery]) == [
        (Decimal("7"), Decimal("7.02"), Decimal("6.56"), Decimal("0.46"))
    ]
    assert checkout.total == Decimal("25.40")


def test_the_code_is_entered_on_the_basket_page_and_shows_under_its_merchant(
    client, bookshop_code, bread, novel, bakery, bookshop
):
    for product in (bread, novel):
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})

    client.post(reverse("basket:vouchers-add"), {"code": "lesen10"})
    page = client.get(reverse("basket:summary")).content.decode()

    bakery_part, books_part = section(page, bakery), section(page, bookshop)
    assert "Rabatt" not in bakery_part
    assert "Lesefreude (LESEN10)" in books_part and "−2,20\xa0€" in books_part
    assert "Code LESEN10 ist eingelöst" in page


def test_a_code_used_in_one_checkout_counts_once(bookshop_code, novel, mug, bookshop):
    basket = basket_with((novel, 1), (mug, 1))
    basket.vouchers.add(bookshop_code)

    place(basket, {bookshop: PICKUP})

    bookshop_code.refresh_from_db()
    assert bookshop_code.num_orders == 1


def test_an_administrator_ties_an_offer_to_a_merchant_and_a_merchant_cannot(
    client, superuser, baker, bakery
):
    made = offer("Brotzeit", benefit_type=Benefit.PERCENTAGE, value=5)
    url = reverse("shop_merchant_offers:add")

    client.force_login(baker)
    assert client.get(url).status_code in (302, 403)
    client.force_login(superuser)
    response = client.post(url, {"offer": made.pk, "shop": bakery.pk})

    assert response.status_code == 302
    assert MerchantOffer.objects.get().shop == bakery
