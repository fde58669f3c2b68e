"""Order statuses of a merchant's order and the moves between them.

The stored values are English keys (Oscar keeps ``Order.status`` as text);
templates show them through ``status_label``. The settings import
``ORDER_STATUS_PIPELINE`` as ``OSCAR_ORDER_STATUS_PIPELINE``, so Oscar's
dashboard offers only these moves; ``next_statuses`` narrows them further
to what fits the order's fulfilment (only pickup orders become "ready for
pickup", only delivered or shipped ones "shipped"). Goods sent by email
(gift cards, vouchers) go straight from "new" to "delivered" once sent, and
only they can still be cancelled after delivery: a withdrawal, which the
app selling them handles (the city voucher cancels its unused vouchers).
"""

from django.utils.translation import gettext_lazy as _

AWAITING_PAYMENT = "Awaiting payment"
NEW = "New"
IN_PROGRESS = "Being processed"
READY_FOR_PICKUP = "Ready for pickup"
SHIPPED = "Shipped"
COLLECTED = "Collected"
DELIVERED = "Delivered"
CANCELLED = "Cancelled"

LABELS = {
    AWAITING_PAYMENT: _("Awaiting payment"),
    NEW: _("New"),
    IN_PROGRESS: _("Being processed"),
    READY_FOR_PICKUP: _("Ready for pickup"),
    SHIPPED: _("Shipped"),
    COLLECTED: _("Collected"),
    DELIVERED: _("Delivered"),
    CANCELLED: _("Cancelled"),
}

INITIAL_ORDER_STATUS = NEW
ORDER_STATUS_PIPELINE = {
    AWAITING_PAYMENT: (NEW, CANCELLED),
    NEW: (IN_PROGRESS, READY_FOR_PICKUP, COLLECTED, SHIPPED, DELIVERED, CANCELLED),
    IN_PROGRESS: (READY_FOR_PICKUP, COLLECTED, SHIPPED, DELIVERED, CANCELLED),
    READY_FOR_PICKUP: (COLLECTED, CANCELLED),
    SHIPPED: (DELIVERED,),
    COLLECTED: (),
    DELIVERED: (CANCELLED,),
    CANCELLED: (),
}
# Statuses after which the goods have left the shop: stock is consumed.
HANDED_OVER = (SHIPPED, COLLECTED, DELIVERED)
# Moves that only make sense for one kind of fulfilment.
PICKUP_ONLY = (READY_FOR_PICKUP, COLLECTED)
DISPATCH_ONLY = (SHIPPED, DELIVERED)
# Moves only goods sent by email make: delivered without being shipped, cancelled after delivery.
EMAIL_ONLY = {(NEW, DELIVERED), (IN_PROGRESS, DELIVERED), (DELIVERED, CANCELLED)}


def status_label(status):
    return LABELS.get(status, status)


def next_statuses(order, method):
    """The statuses ``order`` may move to, given its fulfilment ``method``."""
    if method == "email":
        excluded = (*PICKUP_ONLY, SHIPPED)
    else:
        excluded = DISPATCH_ONLY if method == "pickup" else PICKUP_ONLY
    return [
        status
        for status in ORDER_STATUS_PIPELINE.get(order.status, ())
        if status not in excluded
        and (method == "email" or (order.status, status) not in EMAIL_ONLY)
    ]
