"""Selling tickets in the organiser's shop: products, places, issuing after payment.

Each category is a stand-alone product of the organiser's shop (product
type "Eintrittskarte": nothing to ship, sent by e-mail, with the category's
own VAT rate), so the resident buys tickets in the shop's basket and
checkout, together with anything else and paid by any payment method.
``sync_products`` keeps the products in step with the categories.

Places: while the shop places an order (inside its transaction, from
Oscar's ``order_placed`` signal) ``hold_places`` raises the category's and
the sale's ``taken`` by one conditional ``UPDATE`` each (``... WHERE quota
IS NULL OR taken + n <= quota``). PostgreSQL re-checks that condition after
waiting for a concurrent update of the same row, so of twenty buyers of the
last five tickets exactly five get them; for the others the shop's
``OutOfStock`` rolls their whole order back. A place goes back when its
unpaid order is cancelled or its ticket is cancelled (``release_places``).

After payment (the shop's ``order_paid`` signal, in the transaction that
records the payment) ``issue_for_order`` creates one ``Ticket`` per unit,
once (a unique row per order line and unit), and mails them on commit.
"""

import secrets
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from portal.shop import statuses
from portal.shop.models import MerchantShop
from portal.shop.services import orders as order_service
from portal.shop.services import shops
from portal.shop.services.placement import OutOfStock
from portal.tickets.models import Ticket, TicketCategory, TicketSale

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")

PRODUCT_CLASS = "eintrittskarte"
SHOP_CATEGORY = "Eintrittskarten"
CENT = Decimal("0.01")
# Short codes are typed at the door: no 0/O, 1/I/L confusion.
SHORT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
SHORT_LENGTH = 8


def ticket_product_class():
    return ProductClass.objects.get_or_create(
        slug=PRODUCT_CLASS,
        defaults={"name": "Eintrittskarte", "requires_shipping": False, "track_stock": False},
    )[0]


# ------------------------------------------------------------------ products


def ticket_shop(organiser):
    """The organiser's shop, able to send tickets by e-mail.

    A shop opened for the tickets (the first time) is an e-mail-only shop,
    so the checkout needs no choice of delivery; a business that already
    had a shop keeps its other ways of delivery and gains e-mail.
    """
    new = not MerchantShop.objects.filter(page=organiser).exists()
    shop = shops.create_shop(organiser)
    if new:
        shop.offers_pickup = shop.offers_delivery = shop.offers_shipping = False
    if new or not shop.offers_email:
        shop.offers_email = True
        shop.save()
    return shop


def product_title(sale, category):
    return f"{sale.event.title}: {category.name}"


@transaction.atomic
def sync_products(sale):
    """Create or update one product per category in the organiser's shop.

    A product is on sale (public, with a price) while its category exists
    and the event is not cancelled; a removed category's product is hidden
    and loses its price, because old orders still point at it.
    """
    shop = ticket_shop(sale.organiser)
    product_class = ticket_product_class()
    shop_category = create_from_breadcrumbs(SHOP_CATEGORY)
    for category in sale.categories.select_related("product"):
        product = category.product
        title = product_title(sale, category)[:255]
        if product is None:
            product = Product.objects.create(
                structure=Product.STANDALONE,
                title=title,
                description=sale.event.intro,
                product_class=product_class,
                partner=shop.partner,
                vat_rate=category.vat_rate,
                is_public=not sale.is_cancelled,
            )
            ProductCategory.objects.get_or_create(product=product, category=shop_category)
            category.product = product
            category.save(update_fields=["product"])
        else:
            changed = (product.title, product.vat_rate, product.partner_id, product.is_public) != (
                title,
                category.vat_rate,
                shop.partner_id,
                not sale.is_cancelled,
            )
            if changed:
                product.title, product.vat_rate = title, category.vat_rate
                product.partner_id, product.is_public = shop.partner_id, not sale.is_cancelled
                product.save(update_fields=["title", "vat_rate", "partner", "is_public"])
        StockRecord.objects.update_or_create(
            product=product,
            defaults={
                "partner": shop.partner,
                "partner_sku": f"ticket-{category.pk}",
                "price": category.price,
                "price_currency": "EUR",
                "num_in_stock": None,
            },
        )
    return shop


def withdraw_product(category):
    """A category taken out of the sale: its product leaves the shop (orders keep it)."""
    if category.product_id:
        Product.objects.filter(pk=category.product_id).update(is_public=False)
        StockRecord.objects.filter(product_id=category.product_id).delete()


# ------------------------------------------------------------------ places


def ticket_lines(order):
    """``[(line, category)]`` of the order's lines that buy tickets."""
    lines = [line for line in order.lines.all() if line.product_id]
    categories = {
        category.product_id: category
        for category in TicketCategory.objects.filter(
            product_id__in=[line.product_id for line in lines]
        ).select_related("sale__event")
    }
    return [(line, categories[line.product_id]) for line in lines if line.product_id in categories]


def hold_places(order):
    """Take the places of the order's tickets, or raise ``OutOfStock`` (order rolled back).

    Runs inside the transaction that places the order. Rows are updated in
    primary-key order (categories, then sales), so two orders never wait
    for each other in opposite order.
    """
    lines = ticket_lines(order)
    if not lines:
        return
    per_category, per_sale, product_of = defaultdict(int), defaultdict(int), {}
    now = timezone.now()
    for line, category in lines:
        if not category.on_sale(now):
            raise OutOfStock(line.product)
        per_category[category.pk] += line.quantity
        per_sale[category.sale_id] += line.quantity
        product_of[category.pk] = product_of[("sale", category.sale_id)] = line.product
    for pk in sorted(per_category):
        count = per_category[pk]
        taken = TicketCategory.objects.filter(
            Q(quota__isnull=True) | Q(quota__gte=F("taken") + count), pk=pk
        ).update(taken=F("taken") + count)
        if not taken:
            raise OutOfStock(product_of[pk])
    for pk in sorted(per_sale):
        count = per_sale[pk]
        taken = TicketSale.objects.filter(
            Q(capacity__isnull=True) | Q(capacity__gte=F("taken") + count),
            pk=pk,
            cancelled_at__isnull=True,
        ).update(taken=F("taken") + count)
        if not taken:
            raise OutOfStock(product_of[("sale", pk)])


def release_places(category_id, sale_id, count):
    """Give ``count`` places back to a category and its sale (never below zero)."""
    TicketCategory.objects.filter(pk=category_id).update(taken=Greatest(F("taken") - count, 0))
    TicketSale.objects.filter(pk=sale_id).update(taken=Greatest(F("taken") - count, 0))


# ------------------------------------------------------------------ issuing


def new_code():
    """The secret of a ticket's QR code: 192 random bits."""
    return secrets.token_urlsafe(24)


def new_short_code():
    return "".join(secrets.choice(SHORT_ALPHABET) for _ in range(SHORT_LENGTH))


def normalise_short_code(text):
    """A short code as typed ("ab3d-ef7h", "AB3D EF7H") in its stored form."""
    return "".join(char for char in (text or "").upper() if char.isalnum())


def unit_prices(line):
    """The price of each unit of ``line`` after discounts; the cents add up to the line."""
    total = line.line_price_incl_tax
    unit = (total / line.quantity).quantize(CENT, rounding=ROUND_DOWN)
    prices = [unit] * line.quantity
    prices[-1] = total - unit * (line.quantity - 1)
    return prices


def issue_for_order(order):
    """Issue the tickets of a paid ``order`` (one per unit) and mail them after commit.

    Runs inside the transaction that records the payment. A second call
    (payment confirmed twice) finds the tickets and issues nothing. Tickets
    of an event cancelled while the order was being paid are not issued:
    their price is refunded at once. Returns the new tickets.
    """
    lines = ticket_lines(order)
    if not lines:
        return []
    if Ticket.objects.filter(order_line__order=order).exists():
        return []
    now = timezone.now()
    tickets, refund = [], Decimal("0.00")
    for line, category in lines:
        if category.sale.is_cancelled:
            refund += line.line_price_incl_tax
            release_places(category.pk, category.sale_id, line.quantity)
            continue
        for position, price in enumerate(unit_prices(line), start=1):
            tickets.append(
                Ticket(
                    sale_id=category.sale_id,
                    category=category,
                    order_line=line,
                    position=position,
                    code=new_code(),
                    short_code=new_short_code(),
                    price=price,
                    issued_at=now,
                )
            )
    try:
        with transaction.atomic():
            Ticket.objects.bulk_create(tickets)
    except IntegrityError:  # issued by a concurrent confirmation (or a rare short-code clash)
        if Ticket.objects.filter(order_line__order=order).exists():
            return []
        for ticket in tickets:
            ticket.pk, ticket.short_code = None, new_short_code()
        Ticket.objects.bulk_create(tickets)
    if refund > 0:
        # Booked once the payment itself is recorded (it is, later in this transaction).
        order_id = order.pk
        transaction.on_commit(lambda: _refund_cancelled(order_id, refund), robust=True)
    part = order_service.merchant_order(order)
    if (
        tickets
        and part is not None
        and statuses.DELIVERED in statuses.next_statuses(order, part.method)
    ):
        order.set_status(statuses.DELIVERED)
    if tickets:
        queue_delivery(order)
    return tickets


def _refund_cancelled(order_id, amount):
    from oscar.core.loading import get_model

    order = get_model("order", "Order").objects.get(pk=order_id)
    with transaction.atomic():
        order_service.record_refund(order, amount, reference=f"Absage {order.number}")


def queue_delivery(order):
    from portal.tickets.tasks import send_tickets

    order_id = order.pk
    transaction.on_commit(lambda: send_tickets.enqueue(order_id), robust=True)


def nameable_tickets(order, at=None):
    """The order's tickets whose name the buyer may still set or change."""
    at = at or timezone.now()
    return order_tickets(order).filter(
        status=Ticket.Status.VALID,
        checked_in_at__isnull=True,
        sale__names_on_tickets=True,
        sale__event__start__gt=at,
    )


def order_tickets(order):
    return (
        Ticket.objects.filter(order_line__order=order)
        .select_related("category", "sale__event", "sale__organiser")
        .order_by("pk")
    )


# ------------------------------------------------------------------ the event page


@dataclass
class Offer:
    """One category as the event page shows it."""

    category: TicketCategory
    left: int | None  # None: no limit
    on_sale: bool
    few_left: bool  # say how many are left

    @property
    def sold_out(self):
        return self.left == 0


def offers(sale, at=None):
    """The sale's categories with what is left of each (one query for the categories)."""
    at = at or timezone.now()
    result = []
    for category in sale.categories.all():
        category.sale = sale
        left = category.left(sale)
        result.append(
            Offer(
                category=category,
                left=left,
                on_sale=category.on_sale(at) and category.product_id is not None,
                few_left=left is not None and 0 < left < sale.few_left,
            )
        )
    return result
