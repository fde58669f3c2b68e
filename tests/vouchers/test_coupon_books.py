"""Coupon books: composed from approved coupons, sold in the shop, issued only after payment."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.shop.services import orders as order_service
from portal.vouchers import coupon_selling, coupons, factories
from portal.vouchers.errors import CouponRefused
from portal.vouchers.models import CouponBook, CouponBookCopy, CouponClaim
from tests.shop.helpers import basket_with

from .pdftools import page_count, pdf_text, qr_codes_on_page
from .test_buying import buy

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(voucher_shop, make_merchant):
    """A book of three approved coupons of three businesses, on sale in the operator's shop."""
    chosen = []
    for title in ("Café Krümel", "Blumen Blüte", "Buchladen Seite"):
        page, _user = make_merchant(title, accepting=False)
        chosen.append(
            factories.CouponFactory(merchant=page, title=f"Rabatt bei {title}", free=False)
        )
    book = CouponBook.objects.create(
        title="Gutscheinheft Musterstadt",
        price=Decimal("9.90"),
        edition_size=2,
        valid_until=timezone.localdate().replace(year=timezone.localdate().year + 1),
    )
    book.coupons.set(chosen)
    coupon_selling.sync_book_product(book)
    book.refresh_from_db()
    return book


def test_the_book_is_a_product_of_the_operators_shop_with_its_edition_as_stock(book, voucher_shop):
    record = book.product.stockrecords.get()

    assert book.product.partner == voucher_shop.partner
    assert (record.price, record.num_in_stock) == (Decimal("9.90"), 2)


def test_a_bank_transfer_issues_no_book_until_it_is_paid(
    book, voucher_shop, django_capture_on_commit_callbacks, mailoutbox
):
    checkout = buy(
        basket_with((book.product, 1)),
        voucher_shop,
        method="bank-transfer",
        capture=django_capture_on_commit_callbacks,
    )

    assert not CouponBookCopy.objects.exists() and not CouponClaim.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        order_service.mark_checkout_paid(checkout)

    copy = CouponBookCopy.objects.get()
    assert copy.claims.count() == 3
    book.refresh_from_db()
    assert book.sold == 1
    book_mail = next(m for m in mailoutbox if m.subject == "Ihr Gutscheinheft")
    assert book_mail.to == ["kaeufer@example.org"]
    assert copy.get_absolute_url() in book_mail.body


def test_a_second_payment_confirmation_issues_nothing_new(
    book, voucher_shop, django_capture_on_commit_callbacks
):
    checkout = buy(
        basket_with((book.product, 1)), voucher_shop, capture=django_capture_on_commit_callbacks
    )
    order = checkout.orders().get()

    coupon_selling.issue_for_order(order)

    assert CouponBookCopy.objects.count() == 1 and CouponClaim.objects.count() == 3


def test_the_books_pdf_has_one_decodable_qr_code_per_coupon(
    client, book, voucher_shop, django_capture_on_commit_callbacks, settings
):
    buy(basket_with((book.product, 1)), voucher_shop, capture=django_capture_on_commit_callbacks)
    copy = CouponBookCopy.objects.get()

    response = client.get(reverse("cityvouchers:coupon_book_pdf", args=[copy.code]))

    base = "http://localhost"  # the default town of the tests
    expected = {f"{base}/g/{claim.code}/" for claim in copy.claims.all()}
    assert page_count(response.content) == 1
    assert set(qr_codes_on_page(response.content)) == expected
    assert "Rabatt bei Blumen Blüte" in pdf_text(response.content)


def test_each_coupon_of_a_book_redeems_once_at_its_business_and_the_book_page_shows_it(
    client, book, voucher_shop, django_capture_on_commit_callbacks
):
    buy(basket_with((book.product, 1)), voucher_shop, capture=django_capture_on_commit_callbacks)
    copy = CouponBookCopy.objects.get()
    first, second, _third = coupons.book_claims(copy)

    coupons.redeem(first, merchant_ids={first.coupon.merchant_id})
    with pytest.raises(CouponRefused) as again:
        coupons.redeem(first, merchant_ids={first.coupon.merchant_id})
    with pytest.raises(CouponRefused) as elsewhere:
        coupons.redeem(second, merchant_ids={first.coupon.merchant_id})

    assert (again.value.reason, elsewhere.value.reason) == ("coupon_used", "coupon_other_business")
    page = client.get(copy.get_absolute_url()).content.decode()
    assert page.count("eingelöst am") == 1 and page.count("gültig") == 2


def test_a_book_coupon_cannot_be_taken_for_free(book):
    with pytest.raises(CouponRefused) as refused:
        coupons.take(book.coupons.first(), holder="a")

    assert refused.value.reason == "coupon_only_in_book"


def test_no_more_copies_than_the_edition(book):
    coupons.issue_book(book, reference="a")
    coupons.issue_book(book, reference="b")

    with pytest.raises(CouponRefused) as refused:
        coupons.issue_book(book, reference="c")

    assert refused.value.reason == "book_sold_out"
    assert CouponBookCopy.objects.count() == 2


def test_the_customers_order_page_links_to_the_bought_book(
    client, book, voucher_shop, django_capture_on_commit_callbacks
):
    checkout = buy(
        basket_with((book.product, 1)), voucher_shop, capture=django_capture_on_commit_callbacks
    )

    page = client.get(checkout.get_absolute_url()).content.decode()

    assert CouponBookCopy.objects.get().get_absolute_url() in page
