"""Selling the city voucher in the marketplace shop, and what a paid order sets off.

Who sells: the operator (the city marketing company), never a merchant. It
receives the money and owes it to the merchants who later redeem the
vouchers, so the voucher is a product of the operator's own shop: the shop
of the business profile chosen as the programme's ``seller`` (e.g. its
tourist information), which carries the operator's legal identity on every
shop page, checkout and confirmation like any seller's. That shop sends
the voucher by email (``MerchantShop.offers_email``): no address, no pickup,
no pickup code, and so never pay-on-pickup.

The voucher products: one parent product named after the programme (the
page the "buy" button of the voucher page opens) with one variant per
denomination at 0 % VAT (a multi-purpose voucher is taxed when redeemed,
not when sold). ``sync_products`` keeps them in step with the programme;
a denomination taken out of the programme is hidden, not deleted, because
old orders point at it. A free amount (if the programme allows it) is
chosen on the voucher page and sold as a hidden variant of that amount
(``free_amount_variant``): Oscar prices a line from its stock record, so a
variant per amount needs no change to the shop's pricing.

After payment (the shop's ``order_paid`` signal, see ``signals``):
``issue_for_order`` issues one voucher per unit bought, idempotently on
``shop:<order number>``, mails them and marks the order delivered. The
customer's order page offers ``withdraw_order`` for 14 days; cancelling the
order in the dashboard cancels its unused vouchers (``cancel_order_vouchers``).
Both book the refund on the order.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from portal.shop import product_types, statuses
from portal.shop.models import MerchantShop
from portal.shop.product_types import product_class
from portal.shop.services import orders as order_service
from portal.shop.services import shops
from portal.shop.services.emails import customer_email
from portal.vouchers import issuing
from portal.vouchers.errors import WithdrawalRefused
from portal.vouchers.models import Voucher, VoucherBatch, VoucherProduct
from portal.vouchers.pdf import euro

logger = logging.getLogger(__name__)

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")

CATEGORY = "Gutscheine"


def order_reference(order):
    """The issuing reference of a shop order's vouchers (``VoucherBatch.reference``)."""
    return f"shop:{order.number}"


# ------------------------------------------------------------------ products


def open_voucher_shop(programme):
    """The seller's shop with the programme's voucher products; ``None`` without a seller.

    Opening the shop for the voucher (the first time) makes it an email-only
    shop; a seller that already had a shop keeps its other ways of delivery
    and only gains email delivery for the vouchers.
    """
    page = programme.seller
    if page is None:
        return None
    new = not MerchantShop.objects.filter(page=page).exists()
    shop = shops.create_shop(page)
    if new:
        shop.offers_pickup = shop.offers_delivery = shop.offers_shipping = False
    if new or not shop.offers_email:
        shop.offers_email = True
        shop.save()
    sync_products(programme, shop)
    return shop


def sync_products(programme, shop):
    """Create or update the parent product and one variant per denomination.

    Every variant costs exactly its value (whatever was typed into the
    dashboard) and is on sale only while the programme is active and allows
    its amount: otherwise its stock record is removed (Oscar takes the
    variant out of every basket with it), so nobody pays for a voucher that
    could not be issued.
    """
    parent = _parent_product(programme, shop)
    wanted = set(programme.denomination_list)
    rows = list(
        VoucherProduct.objects.filter(programme=programme, value__isnull=False).select_related(
            "product"
        )
    )
    for value in sorted(wanted - {row.value for row in rows}):
        _add_variant(programme, parent, value, public=True)
    for row in rows:
        child, public = row.product, row.value in wanted
        title = variant_title(programme, row.value)
        if child.is_public != public or child.title != title:
            child.is_public, child.title = public, title
            child.save(update_fields=["is_public", "title"])
        records = StockRecord.objects.filter(product=child)
        if not (programme.active and programme.amount_allowed(row.value)):
            records.delete()
        elif records.exists():
            records.exclude(price=row.value).update(price=row.value)
        else:
            _stock_record(programme, child, row.value)
    return parent


def variant_title(programme, value):
    return f"{programme.name} {euro(value)}"


def _add_variant(programme, parent, value, *, public):
    child = Product.objects.create(
        structure=Product.CHILD,
        parent=parent,
        title=variant_title(programme, value),
        partner=parent.partner,
        is_public=public,
    )
    _stock_record(programme, child, value)
    VoucherProduct.objects.create(programme=programme, product=child, value=value)
    return child


def _stock_record(programme, child, value):
    return StockRecord.objects.create(
        product=child,
        partner=child.partner,
        partner_sku=f"stadtgutschein-{programme.pk}-{value}",
        price=value,
        price_currency="EUR",
        num_in_stock=None,
    )


def free_amount_variant(programme, amount):
    """The variant that sells a voucher of ``amount`` (a free amount), made on first use.

    Free amounts are sold as hidden variants of the voucher product, one per
    amount ever bought, so basket, checkout, order and issuing treat them
    like any denomination. ``amount`` must be allowed by the programme.
    """
    row = VoucherProduct.objects.filter(programme=programme, value=amount).first()
    if row is not None:
        return row.product
    parent = VoucherProduct.objects.get(programme=programme, value__isnull=True).product
    try:
        with transaction.atomic():
            return _add_variant(programme, parent, amount, public=False)
    except IntegrityError:  # the same amount was just added by someone else
        return VoucherProduct.objects.get(programme=programme, value=amount).product


def _parent_product(programme, shop):
    row = VoucherProduct.objects.filter(programme=programme, value__isnull=True).first()
    description = programme.voucher_text or ""
    if row is not None:
        parent = row.product
        if (parent.title, parent.description) != (programme.name, description):
            parent.title, parent.description = programme.name, description
            parent.save(update_fields=["title", "description"])
        return parent
    parent = Product.objects.create(
        structure=Product.PARENT,
        title=programme.name,
        description=description,
        product_class=product_class(product_types.GIFT),
        partner=shop.partner,
        vat_rate="0",
    )
    ProductCategory.objects.get_or_create(
        product=parent, category=create_from_breadcrumbs(CATEGORY)
    )
    VoucherProduct.objects.create(programme=programme, product=parent, value=None)
    return parent


def buy_url(programme):
    """Path of the programme's voucher product in the shop, or ``""``."""
    row = (
        VoucherProduct.objects.filter(programme=programme, value__isnull=True)
        .select_related("product")
        .first()
        if programme
        else None
    )
    return row.product.get_absolute_url() if row else ""


# ------------------------------------------------------------------ after payment


def issue_for_order(order):
    """Issue the vouchers of a paid ``order`` (one per unit), mail them, mark it delivered.

    Runs inside the transaction that records the payment. Returns the batch,
    or ``None`` if the order bought no vouchers. A second call (payment
    confirmed twice) returns the same batch and mails nothing.
    """
    lines = [line for line in order.lines.all() if line.product_id]
    sold = {
        row.product_id: row
        for row in VoucherProduct.objects.filter(
            product_id__in=[line.product_id for line in lines], value__isnull=False
        ).select_related("programme")
    }
    values, programme = [], None
    for line in lines:
        if line.product_id in sold:
            programme = sold[line.product_id].programme
            values += [line.unit_price_incl_tax] * line.quantity
    if not values:
        return None
    batch = issuing.issue_vouchers(
        values=values,
        reference=order_reference(order),
        kind=VoucherBatch.Kind.SHOP,
        payment_confirmed_at=timezone.now(),
        programme=programme,
        email=customer_email(order),
    )
    part = order_service.merchant_order(order)
    if part is not None and statuses.DELIVERED in statuses.next_statuses(order, part.method):
        order.set_status(statuses.DELIVERED)
    return batch


def batch_for(order):
    return VoucherBatch.objects.filter(reference=order_reference(order)).first()


def resend(order):
    """Mail the order's still valid vouchers again, to the order's own address."""
    return issuing.resend_vouchers(order_reference(order), customer_email(order))


@transaction.atomic
def withdraw_order(order, *, at=None):
    """The customer withdraws within 14 days: unused vouchers are cancelled and refunded.

    Returns ``(cancelled vouchers, refund)``; raises ``WithdrawalRefused``
    (period over, nothing unused). When no voucher of the order is left,
    the order itself is cancelled.
    """
    if batch_for(order) is None:
        raise WithdrawalRefused("withdrawal_used")
    cancelled = issuing.withdraw_vouchers(order_reference(order), at=at)
    refund = sum((voucher.value for voucher in cancelled), 0)
    order_service.record_refund(order, refund, reference=f"Widerruf {order.number}")
    if not batch_for(order).vouchers.exclude(status=Voucher.Status.CANCELLED).exists():
        order.set_status(statuses.CANCELLED)
    return cancelled, refund


def cancel_order_vouchers(order):
    """The order was cancelled (e.g. by the operator): its unused vouchers go with it.

    Used vouchers stay used (the merchants have been paid); the refund of
    the cancelled ones is booked on the order. Runs in the transaction of
    the status change.
    """
    batch = batch_for(order)
    if batch is None:
        return []
    cancelled = []
    for voucher in batch.vouchers.filter(status=Voucher.Status.ACTIVE).order_by("pk"):
        try:
            cancelled.append(issuing.cancel_voucher(voucher, reason="order cancelled"))
        except WithdrawalRefused:
            logger.warning("Voucher %s of cancelled order %s is in use", voucher.pk, order.number)
    if cancelled:
        refund = sum((voucher.value for voucher in cancelled), 0)
        order_service.record_refund(order, refund, reference=f"Storno {order.number}")
    return cancelled
