"""Placing a basket: one checkout, one payment, one Oscar order per merchant.

``place`` is the only way orders come into being. It runs in four steps,
each in its own transaction (the order button's view opts out of
``ATOMIC_REQUESTS``), so that no failure can leave money taken without
orders, or stock allocated without an order:

1. **Claim** - lock the basket row, refuse a second submission of the same
   idempotency token (it returns the first checkout instead, so a double
   click or a retried request places the orders once), create the
   ``Checkout`` and freeze the basket.
2. **Reserve** the payments (``services.paying.reserve``): city vouchers
   paying a part, then the chosen method for the rest, before any order exists.
3. **Place** every merchant's order in ONE transaction: order rows, lines,
   the conditional stock allocation (``UPDATE ... WHERE free stock >= qty``,
   so two customers racing for the last item cannot both get it), the
   ``MerchantOrder`` with its pickup code, the payment source and each
   payment's share per merchant order. Any error rolls all of it back; the
   reservations are released and the basket thawed.
4. Either **settle** an instant payment now that the orders exist (if that
   fails, the orders are cancelled, stock returns, reservations are
   released), or **start** the provider's payment: the orders wait in
   "awaiting payment" with their stock allocated and the vouchers held, the
   resident goes to the provider's page, and the provider's webhook decides
   (``services.webhooks``). Vouchers are redeemed only once the provider's
   payment succeeded.

Emails go out once paid (or, for bank transfer and pay on pickup, at once):
one confirmation to the customer listing every merchant's part, one
new-order notice to each merchant about its own order.
"""

import datetime
import logging
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.apps.order.signals import order_placed
from oscar.apps.order.utils import OrderCreator
from oscar.apps.shipping.methods import Base as ShippingMethodBase
from oscar.core import prices
from oscar.core.loading import get_class, get_model

from portal.shop import caching, payments
from portal.shop.models import Checkout, MerchantOrder, MerchantShop, Payment
from portal.shop.models.checkouts import new_pickup_code
from portal.towns import default_town_id, town_id_of_page

from . import discounts, emails, paying, vat
from .plan import plan_for

logger = logging.getLogger(__name__)

Applicator = get_class("offer.applicator", "Applicator")
Basket = get_model("basket", "Basket")
StockRecord = get_model("partner", "StockRecord")
ShippingAddress = get_model("order", "ShippingAddress")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

# Checkout numbers start here; a merchant's order is "<checkout>-<n>".
NUMBER_OFFSET = 100000


class PlacementError(Exception):
    """The orders could not be placed; the message is for the customer."""


class OutOfStock(Exception):
    def __init__(self, product):
        super().__init__(product.get_title())
        self.product = product


class Fulfilment(ShippingMethodBase):
    """A merchant's fulfilment as the shipping method Oscar's order records."""

    def __init__(self, part):
        self.code = part.method
        self.name = str(part.method_label)
        self.part = part

    def calculate(self, basket):
        fee = self.part.fee
        fee_tax = vat.fee_tax(self.part.goods_by_rate, fee)
        return prices.Price(currency=basket.currency, excl_tax=fee - fee_tax, tax=fee_tax)


class MerchantOrderCreator(OrderCreator):
    """Oscar's order creator, for the lines of one merchant instead of a whole basket.

    The discounts of the merchant's lines (``services.discounts``) are
    recorded on its order before the lines, so Oscar's line discount rows
    refer to them; the lines carry their discounted prices.
    """

    def place_part(self, basket, part, *, number, status, user, email, address, request):
        fulfilment = Fulfilment(part)
        charge = fulfilment.calculate(basket)
        # The net total follows the order's VAT breakdown (tax per rate on gross
        # sums), not the sum of per-unit rounded net prices.
        tax = sum((row.tax for row in part.vat_rows), Decimal("0.00"))
        total = prices.Price(
            currency=basket.currency, excl_tax=part.total - tax, incl_tax=part.total
        )
        extra = {} if user and user.is_authenticated else {"guest_email": email}
        order = self.create_order_model(
            user,
            basket,
            address,
            fulfilment,
            charge,
            None,
            total,
            number,
            status,
            request,
            **extra,
        )
        discounts.record(order, part.discounts, user)
        for line in part.lines:
            self.create_line_models(order, line)
        for line in sorted(part.lines, key=lambda line: line.stockrecord_id):
            self.update_stock_records(line)
        order_placed.send(sender=self, order=order, user=user)
        return order

    def update_stock_records(self, line):
        """Allocate stock only if enough is free, in one conditional UPDATE.

        PostgreSQL re-checks the WHERE clause after waiting for a concurrent
        update of the same row, so of two customers racing for the last item
        exactly one allocation succeeds; the other raises ``OutOfStock``.
        """
        if not line.product.get_product_class().track_stock:
            return
        allocated = Coalesce(F("num_allocated"), 0)
        updated = StockRecord.objects.filter(
            pk=line.stockrecord_id, num_in_stock__gte=allocated + line.quantity
        ).update(num_allocated=allocated + line.quantity)
        if not updated:
            raise OutOfStock(line.product)
        caching.products_changed([line.product_id])


def place(
    basket,
    *,
    token,
    user,
    email,
    choices,
    address_fields,
    method_code,
    details=None,
    parts=(),
    request=None,
):
    """Place ``basket`` as one checkout; returns the ``Checkout`` (placed or, for a
    repeated token, whatever state the first submission reached).

    ``parts`` are partial payments before the main method, each
    ``{"method": code, "details": {...}}`` (city vouchers paying part of an
    online payment). For a redirect method the returned checkout waits for
    the provider: send the resident to ``checkout.payments`` main row's
    ``checkout_url`` (``redirect_url(checkout)``).

    Raises ``PlacementError`` with a message for the customer if nothing was placed.
    """
    address_fields = address_fields or {}
    method = payments.get(method_code)
    part_methods = _part_methods(parts, method)
    checkout, plan = _claim(
        basket, token, user, email, choices, address_fields.get("postcode"), method, part_methods
    )
    if plan is None:  # the same submission again: its first run decides
        return checkout

    try:
        held = paying.reserve(checkout, method, details or {}, part_methods)
    except payments.PaymentDeclined as declined:
        _fail(checkout, basket, str(declined))
        raise PlacementError(str(declined)) from declined
    except Exception as error:
        logger.exception("Reserving the payment of checkout %s failed", checkout.number)
        _fail(checkout, basket, repr(error))
        raise PlacementError(_("The payment could not be started. Please try again.")) from error

    try:
        with transaction.atomic():
            orders = _create_orders(
                checkout, basket, plan, held, user, email, address_fields, request
            )
            paying.share(held.payments, orders)
    except Exception as error:
        paying.release(checkout, held)
        if isinstance(error, OutOfStock):
            message = _(
                "Sorry, “%(title)s” is no longer available in the quantity you wanted. "
                "Nothing was ordered; please check your basket."
            ) % {"title": error.product.get_title()}
        else:
            logger.exception("Placing checkout %s failed", checkout.number)
            message = _("Your order could not be placed. Nothing was ordered or charged.")
        _fail(checkout, basket, message if isinstance(error, OutOfStock) else repr(error))
        raise PlacementError(message) from error

    if held.redirect is not None:
        try:
            paying.start(checkout, held.redirect, held.method)
        except payments.ProviderError as error:
            _undo(checkout, basket, held, orders)
            message = _(
                "The payment service cannot be reached at the moment. Nothing was ordered or "
                "charged. Please try again in a few minutes or choose another way to pay."
            )
            _fail(checkout, basket, message)
            raise PlacementError(message) from error
        return checkout  # the merchants hear of these orders once they are paid

    try:
        paying.settle_now(checkout, held, orders)
    except Exception as error:
        _undo(checkout, basket, held, orders)
        message = (
            str(error)
            if isinstance(error, payments.PaymentDeclined)
            else _("The payment failed. Your order was cancelled and nothing was charged.")
        )
        _fail(checkout, basket, message)
        raise PlacementError(message) from error

    _schedule_payment_deadline(checkout)
    emails.send_checkout_confirmation(checkout, orders)
    for order in orders:
        emails.send_merchant_notice(order)
    return checkout


def redirect_url(checkout):
    """The provider's page where the resident pays ``checkout``, or ``""``."""
    payment = checkout.payments.filter(status=Payment.PENDING).exclude(checkout_url="").first()
    return payment.checkout_url if payment is not None else ""


def restore_basket(checkout, basket):
    """Put the goods of a failed checkout back into ``basket``; returns how many lines."""
    added = 0
    for line in checkout.basket.all_lines():
        info = basket.strategy.fetch_for_product(line.product)
        permitted, _reason = info.availability.is_purchase_permitted(line.quantity)
        if line.product.is_public and permitted:
            basket.add_product(line.product, line.quantity)
            added += 1
    return added


def _part_methods(parts, main):
    """``(method, details)`` of each partial payment the main method can take."""
    found = []
    for part in parts or ():
        method = payments.get(part.get("method", ""))
        if method is None or not method.pays_part:
            raise PlacementError(_("Please choose a payment method."))
        if main is None or not main.accepts_parts:
            raise PlacementError(
                _("%(method)s cannot be combined with a city voucher.") % {"method": main.label}
                if main is not None
                else _("Please choose a payment method.")
            )
        found.append((method, part.get("details") or {}))
    return found


def _undo(checkout, basket, held, orders):
    """The orders exist but the payment failed: cancel them (stock returns), free the money."""
    from .orders import cancel_unpaid

    with transaction.atomic():
        for order in orders:
            cancel_unpaid(order)
    paying.release(checkout, held)
    checkout.payments.filter(status__in=Payment.OPEN_STATUSES).update(status=Payment.FAILED)


def _schedule_payment_deadline(checkout):
    """Bank transfers have a deadline after which the unpaid orders are cancelled."""
    if checkout.payment_status != Checkout.PAYMENT_AWAITED:
        return
    from portal.shop.models import ShopSettings

    days = ShopSettings.load().payment_days
    checkout.payment_due_at = checkout.created_at + datetime.timedelta(days=days)
    checkout.save(update_fields=["payment_due_at"])


def _claim(basket, token, user, email, choices, postcode, method, part_methods=()):
    """Step 1: the checkout row, created once per token while the basket is locked.

    Returns ``(checkout, plan)``; ``plan`` is ``None`` when the token was seen before.
    """
    with transaction.atomic():
        existing = Checkout.objects.filter(token=token).first()
        if existing is not None:
            return existing, None
        locked = Basket.objects.select_for_update().get(pk=basket.pk)
        existing = Checkout.objects.filter(token=token).first()
        if existing is not None:
            return existing, None
        if locked.status != Basket.OPEN:
            raise PlacementError(_("This basket has already been ordered."))
        # The discounts are worked out again under the lock, as the basket is now.
        basket.reset_offer_applications()
        Applicator().apply(basket, user or AnonymousUser())
        plan = plan_for(basket, choices, postcode)
        _check(plan, basket, method, part_methods)
        try:
            with transaction.atomic():
                checkout = Checkout.objects.create(
                    site_id=town_id_of_page(plan.parts[0].shop.page) or default_town_id(),
                    token=token,
                    basket=locked,
                    user=user if user and user.is_authenticated else None,
                    email=email,
                    payment_method=method.code,
                    total=plan.total,
                )
        except IntegrityError as error:
            raise PlacementError(_("This basket is already being ordered.")) from error
        checkout.number = str(NUMBER_OFFSET + checkout.pk)
        checkout.save(update_fields=["number"])
        locked.freeze()
    return checkout, plan


def _check(plan, basket, method, part_methods=()):
    if basket.is_empty:
        raise PlacementError(_("Your basket is empty."))
    if plan.problems:
        raise PlacementError(" ".join(plan.problems))
    if not plan.is_complete:
        raise PlacementError(_("Please choose how each shop gets your goods to you."))
    if len({town_id_of_page(part.shop.page) for part in plan.parts}) > 1:
        raise PlacementError(
            _("Your basket holds goods of shops in different towns. Please order them apart.")
        )
    offered = payments.available(plan)
    if method is None or method not in offered:
        raise PlacementError(_("Please choose a payment method."))
    if any(part not in offered for part, _details in part_methods):
        raise PlacementError(_("The city voucher cannot pay for this basket."))
    for line in basket.all_lines():
        permitted, reason = line.purchase_info.availability.is_purchase_permitted(line.quantity)
        if not permitted:
            raise PlacementError(
                _("“%(title)s” cannot be ordered: %(reason)s")
                % {"title": line.product.get_title(), "reason": reason}
            )


def _create_orders(checkout, basket, plan, held, user, email, address_fields, request):
    """Step 3: every merchant's order, all or nothing (runs inside one transaction)."""
    creator = MerchantOrderCreator()
    method = held.method or held.parts[0][0]
    source_type, _created = SourceType.objects.get_or_create(
        code=method.code, defaults={"name": str(method.label)[:128]}
    )
    orders = []
    for position, part in enumerate(plan.parts, start=1):
        address = None
        if part.needs_address:
            address = ShippingAddress(**address_fields)
            address.save()
        order = creator.place_part(
            basket,
            part,
            number=f"{checkout.number}-{position}",
            status=held.order_status,
            user=user,
            email=email,
            address=address,
            request=request,
        )
        MerchantOrder.objects.create(
            order=order,
            checkout=checkout,
            shop=part.shop,
            method=part.method,
            pickup_code=new_pickup_code() if part.method == MerchantShop.PICKUP else "",
            city_discount=discounts.city_share(part.discounts),
        )
        Source.objects.create(
            order=order,
            source_type=source_type,
            currency=order.currency,
            amount_allocated=order.total_incl_tax,
            reference=checkout.payment_reference or checkout.number,
        )
        orders.append(order)
    discounts.record_voucher_usage(orders, user)
    Basket.objects.filter(pk=basket.pk).update(
        status=Basket.SUBMITTED, date_submitted=timezone.now()
    )
    checkout.status = Checkout.PLACED
    checkout.save(update_fields=["status"])
    return orders


def _fail(checkout, basket, reason):
    """Mark the checkout failed and give the customer its basket back to try again."""
    checkout.status = Checkout.FAILED
    checkout.failure = reason[:300]
    checkout.save(update_fields=["status", "failure"])
    Basket.objects.filter(pk=basket.pk, status__in=[Basket.FROZEN, Basket.SUBMITTED]).update(
        status=Basket.OPEN
    )
