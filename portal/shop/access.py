"""Who may see which shop data: the one place merchant isolation is decided.

Operators (superusers and staff, i.e. the city's editors) see every shop,
as Oscar's dashboard already assumes for ``is_staff``. Everybody else sees
the data of the partners they are users of; ``services.shops`` keeps those
partner users equal to the members of the business's team. Every
merchant-facing view, list, total, export and email goes through these
querysets, so a merchant never meets another merchant's rows.
"""

from oscar.core.loading import get_model

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
Order = get_model("order", "Order")
Line = get_model("order", "Line")


def sees_all(user):
    return bool(user and user.is_active and (user.is_superuser or user.is_staff))


def partners_for(user):
    if sees_all(user):
        return Partner.objects.all()
    if not user or not user.is_authenticated:
        return Partner.objects.none()
    return Partner.objects.filter(users=user)


def shops_for(user):
    from portal.shop.models import MerchantShop

    return MerchantShop.objects.filter(partner__in=partners_for(user))


def products_for(user):
    """Products (parents, children and stand-alone) the user may manage."""
    if sees_all(user):
        return Product.objects.all()
    return Product.objects.filter(partner__in=partners_for(user))


def stockrecords_for(user):
    if sees_all(user):
        return StockRecord.objects.all()
    return StockRecord.objects.filter(partner__in=partners_for(user))


def orders_for(user):
    """Orders of the user's shops. Every order belongs to exactly one merchant."""
    if sees_all(user):
        return Order.objects.all()
    return Order.objects.filter(merchant_order__shop__partner__in=partners_for(user))


def lines_for(user):
    if sees_all(user):
        return Line.objects.all()
    return Line.objects.filter(partner__in=partners_for(user))
