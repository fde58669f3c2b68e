"""Oscar's product and customer statistics, counted without racing the request.

Oscar's analytics receivers (``oscar.apps.analytics.receivers``) count a
basket addition or a purchase with "UPDATE, and INSERT if no
row was updated" inside the request's transaction. Two first additions of the
same product at once both find no row, both INSERT, and the loser's
``IntegrityError`` breaks its whole request transaction: the customer gets a
500 for a statistic. Here the same counters are written after the request's
transaction has committed (``transaction.on_commit``), each in its own
transaction: an UPDATE with ``F()``, and on the first count ``get_or_create``,
which settles a concurrent INSERT in a savepoint and then increments the row
the other request created. A failure is logged and never reaches the
customer.

``replace_oscar_receivers`` (called from ``ShopConfig.ready``) disconnects
Oscar's receivers through the signals' public ``disconnect`` and connects
these instead; the statistics in Oscar's dashboard stay the same. Product
views are not counted at all (``portal.shop.catalogue.signals``).
"""

import logging

from django.db import DatabaseError, transaction
from django.db.models import F
from oscar.apps.basket.signals import basket_addition
from oscar.apps.order.signals import order_placed
from oscar.core.loading import get_model

logger = logging.getLogger(__name__)


def increment(model, field, lookup, amount=1):
    """Add ``amount`` to ``model.field`` of the row matching ``lookup``, creating it if needed."""
    with transaction.atomic():
        rows = model.objects.filter(**lookup)
        if rows.update(**{field: F(field) + amount}):
            return
        _, created = model.objects.get_or_create(**lookup, defaults={field: amount})
        if not created:  # another request created it between our UPDATE and INSERT
            rows.update(**{field: F(field) + amount})


def _after_commit(record, *args):
    def run():
        try:
            record(*args)
        except DatabaseError:
            logger.exception("Could not record shop statistics (%s).", record.__name__)

    transaction.on_commit(run)


def _record_basket_addition(product_id, user_id):
    increment(
        get_model("analytics", "ProductRecord"), "num_basket_additions", {"product_id": product_id}
    )
    if user_id:
        increment(
            get_model("analytics", "UserRecord"), "num_basket_additions", {"user_id": user_id}
        )


def _record_order(order_id, user_id):
    Order = get_model("order", "Order")
    order = Order.objects.get(pk=order_id)
    ProductRecord = get_model("analytics", "ProductRecord")
    for line in order.lines.exclude(product_id=None):
        increment(ProductRecord, "num_purchases", {"product_id": line.product_id}, line.quantity)
    if not user_id:
        return
    UserRecord = get_model("analytics", "UserRecord")
    with transaction.atomic():
        record, _ = UserRecord.objects.select_for_update().get_or_create(user_id=user_id)
        UserRecord.objects.filter(pk=record.pk).update(
            num_orders=F("num_orders") + 1,
            num_order_lines=F("num_order_lines") + order.num_lines,
            num_order_items=F("num_order_items") + order.num_items,
            total_spent=F("total_spent") + order.total_incl_tax,
            date_last_order=order.date_placed,
        )


def _user_id(user):
    return user.pk if user is not None and user.is_authenticated else None


def on_basket_addition(sender, product, user, **kwargs):
    if not kwargs.get("raw", False):
        _after_commit(_record_basket_addition, product.pk, _user_id(user))


def on_order_placed(sender, order, user, **kwargs):
    if not kwargs.get("raw", False):
        _after_commit(_record_order, order.pk, _user_id(user))


def replace_oscar_receivers():
    from oscar.apps.analytics import receivers as oscar_receivers

    for signal, theirs, ours in (
        (basket_addition, oscar_receivers.receive_basket_addition, on_basket_addition),
        (order_placed, oscar_receivers.receive_order_placed, on_order_placed),
    ):
        if not signal.disconnect(theirs):
            raise RuntimeError(f"Oscar's analytics receiver {theirs.__name__} was not connected.")
        signal.connect(ours, dispatch_uid=f"portal.shop.analytics.{ours.__name__}")
