"""Selling coupon books in the shop, as the city voucher is sold (see ``selling``).

A book is a standalone product of the operator's shop (the programme's
``seller``), delivered by e-mail, with a stock of its edition size: Oscar
allocates a copy when an order is placed, and ``coupons.issue_book`` raises
the sold count with a conditional UPDATE that never passes the edition.
Copies exist only once the payment is confirmed: the shop's ``order_paid``
signal calls ``issue_for_order`` inside the transaction that records it;
the e-mail with each copy's link and PDF goes out after commit. Issuing is
idempotent per order line and unit.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from portal.shop import product_types, statuses
from portal.shop.product_types import product_class
from portal.shop.services import orders as order_service
from portal.shop.services.emails import customer_email
from portal.vouchers import coupons
from portal.vouchers.links import absolute_url
from portal.vouchers.models import CouponBook, CouponBookCopy, VoucherProgramme
from portal.vouchers.selling import CATEGORY, open_voucher_shop

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")


def sync_book_product(book):
    """Create or update the book's product; ``None`` while no programme has a seller."""
    programme = VoucherProgramme.current()
    if programme is None or programme.seller_id is None:
        return None
    shop = open_voucher_shop(programme)
    product = book.product
    if product is None:
        product = Product.objects.create(
            structure=Product.STANDALONE,
            title=book.title,
            description=book.description,
            product_class=product_class(product_types.GIFT),
            partner=shop.partner,
            vat_rate="19",
            is_public=book.active,
        )
        ProductCategory.objects.get_or_create(
            product=product, category=create_from_breadcrumbs(CATEGORY)
        )
        CouponBook.objects.filter(pk=book.pk).update(product=product)
        book.product = product
    else:
        product.title, product.description, product.is_public = (
            book.title,
            book.description,
            book.active,
        )
        product.save(update_fields=["title", "description", "is_public"])
    records = StockRecord.objects.filter(product=product)
    if not book.active:
        records.delete()
    elif records.exists():
        records.update(price=book.price, num_in_stock=book.edition_size)
    else:
        StockRecord.objects.create(
            product=product,
            partner=product.partner,
            partner_sku=f"gutscheinheft-{book.pk}",
            price=book.price,
            price_currency="EUR",
            num_in_stock=book.edition_size,
        )
    return product


def issue_for_order(order):
    """Issue the coupon books of a paid ``order`` (one copy per unit); mail them after commit.

    Returns the copies (the same ones when called again for the same order).
    """
    lines = [line for line in order.lines.all() if line.product_id]
    books = {
        book.product_id: book
        for book in CouponBook.objects.filter(product_id__in=[line.product_id for line in lines])
    }
    copies = []
    for line in lines:
        book = books.get(line.product_id)
        if book is None:
            continue
        for unit in range(line.quantity):
            reference = f"shop:{order.number}:{line.pk}:{unit + 1}"
            copies.append(coupons.issue_book(book, reference=reference))
    if not copies:
        return []
    email = customer_email(order)
    if email:
        ids = [copy.pk for copy in copies]
        transaction.on_commit(lambda: send_books(ids, email))
    part = order_service.merchant_order(order)
    if part is not None and statuses.DELIVERED in statuses.next_statuses(order, part.method):
        order.set_status(statuses.DELIVERED)
    return copies


def send_books(copy_ids, email):
    """Mail each copy's link and its PDF (one QR code per coupon)."""
    from portal.vouchers.coupon_pdf import claims_pdf

    copies = list(CouponBookCopy.objects.filter(pk__in=copy_ids).select_related("book"))
    context = {
        "copies": [(copy, absolute_url(copy.get_absolute_url())) for copy in copies],
    }
    message = EmailMessage(
        subject=_("Your coupon book"),
        body=render_to_string("cityvouchers/email/coupon_books.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email],
    )
    for copy in copies:
        claims = list(coupons.book_claims(copy))
        message.attach(
            f"gutscheinheft-{copy.number}.pdf",
            claims_pdf(claims, title=str(copy)),
            "application/pdf",
        )
    message.send()
    return len(copies)


def copies_for_orders(orders):
    """``{order number: [copies]}`` of the coupon books ``orders`` bought, in one query."""
    from functools import reduce
    from operator import or_

    from django.db.models import Q

    numbers = [order.number for order in orders]
    if not numbers:
        return {}
    found = {}
    matching = reduce(or_, (Q(reference__startswith=f"shop:{number}:") for number in numbers))
    for copy in CouponBookCopy.objects.filter(matching).select_related("book").order_by("pk"):
        found.setdefault(copy.reference.split(":")[1], []).append(copy)
    return found
