"""Who may see which shop data: the one place merchant isolation is decided.

Administrators (superusers and holders of ``shop.view_all_shops``, which
the Administration role has and the editors have not) see every shop.
Everybody else sees the data of the partners they are users of;
``services.shops`` keeps those partner users equal to the *owners* of the
business's team. Till staff are no partner users: they only reach the
pickup desk, through ``handover_partners_for``. Every merchant-facing view,
list, total, export and email goes through these querysets, so a merchant
never meets another merchant's rows.
"""

from django.db.models import Q
from oscar.core.loading import get_model

from portal.directory.services import pages_worked_for

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
Order = get_model("order", "Order")

SEE_ALL_PERMISSION = "shop.view_all_shops"


def sees_all(user):
    return bool(
        user
        and user.is_active
        and (user.is_superuser or (user.is_authenticated and user.has_perm(SEE_ALL_PERMISSION)))
    )


def partners_for(user):
    """Partners whose whole shop ``user`` runs: products, stock, orders, settings, reports."""
    if sees_all(user):
        return Partner.objects.all()
    if not user or not user.is_authenticated or not user.is_active:
        return Partner.objects.none()
    return Partner.objects.filter(users=user)


def handover_partners_for(user):
    """Partners whose pickups ``user`` may look up by code and mark collected.

    The owners (``partners_for``) and the business's till staff. The pickup
    desk and the "collected" action use this instead of ``partners_for``, so
    staff at the counter do this one job without the rest of the shop.
    """
    if sees_all(user):
        return Partner.objects.all()
    if not user or not user.is_authenticated or not user.is_active:
        return Partner.objects.none()
    return Partner.objects.filter(
        Q(pk__in=partners_for(user).values("pk"))
        | Q(merchant_shop__page__in=pages_worked_for(user).values("pk"))
    )


def is_shop_owner(user):
    """Whether ``user`` manages at least one shop (or sees all); remembered on the user.

    The admin asks this for its menu, its buttons and every row of a list,
    so the answer is cached on the user object for the request.
    """
    if not user or not user.is_authenticated:
        return False
    cached = getattr(user, "_portal_shop_owner", None)
    if cached is None:
        cached = sees_all(user) or partners_for(user).exists()
        user._portal_shop_owner = cached
    return cached


def can_hand_over(user):
    """Whether ``user`` may use the pickup desk at all; remembered on the user."""
    if not user or not user.is_authenticated:
        return False
    cached = getattr(user, "_portal_shop_handover", None)
    if cached is None:
        cached = sees_all(user) or handover_partners_for(user).exists()
        user._portal_shop_handover = cached
    return cached


def shops_for(user):
    from portal.shop.models import MerchantShop

    return MerchantShop.objects.filter(partner__in=partners_for(user))


def products_for(user):
    """Products (parents, children and stand-alone) the user may manage."""
    if sees_all(user):
        return Product.objects.all()
    return Product.objects.filter(partner__in=partners_for(user))


def orders_for(user):
    """Orders of the user's shops. Every order belongs to exactly one merchant."""
    if sees_all(user):
        return Order.objects.all()
    return Order.objects.filter(merchant_order__shop__partner__in=partners_for(user))


def handover_orders_for(user):
    """Orders the pickup desk may find for ``user`` (see ``handover_partners_for``)."""
    if sees_all(user):
        return Order.objects.all()
    return Order.objects.filter(merchant_order__shop__partner__in=handover_partners_for(user))


def stockrecords_for(user):
    """Stock records of the user's shops (the low-stock panel)."""
    if sees_all(user):
        return StockRecord.objects.all()
    return StockRecord.objects.filter(partner__in=partners_for(user))
