"""The shop's panel on the admin home: what needs the merchant today.

Added through Wagtail's ``construct_homepage_panels`` hook (see
``wagtail_hooks``), next to the panels other apps contribute the same way
(the directory's profile changes waiting for approval, the voucher app's
latest redemptions). It lists new orders, pickups (ready ones first) and
products running low, each with a link to act on it. Its queries do not
grow with the number of orders or products: two per section.
"""

from django.urls import reverse
from oscar.core.loading import get_model
from wagtail.admin.ui.components import Component

from portal.shop import access, statuses
from portal.shop.models import MerchantShop
from portal.shop.services import catalogue

StockRecord = get_model("partner", "StockRecord")

SHOWN = 5
OPEN_PICKUP = (statuses.READY_FOR_PICKUP, statuses.NEW, statuses.IN_PROGRESS)


class ShopTodayPanel(Component):
    name = "shop_today"
    order = 20
    template_name = "shop/admin/home_panel.html"

    class Media:
        css = {"all": ["shop/admin.css"]}

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        owner = access.is_shop_owner(user)
        context = {"owner": owner, "sections": []}
        if owner:
            new = access.orders_for(user).filter(status=statuses.NEW).order_by("-date_placed")
            context["new_orders"] = self.section(new)
        pickups = (
            access.handover_orders_for(user)
            .filter(merchant_order__method=MerchantShop.PICKUP, status__in=OPEN_PICKUP)
            .order_by("-status", "date_placed")  # "Ready for pickup" sorts before "New"
        )
        context["pickups"] = self.section(pickups)
        if owner:
            records = catalogue.low_stock(access.stockrecords_for(user)).select_related(
                "product__parent"
            )
            context["low_stock"] = self.section(records.order_by("available", "pk"))
        context["pickup_desk"] = reverse("shop_pickup:index")
        for order in context["pickups"]["items"]:
            order.status_label = statuses.status_label(order.status)
        return context

    @staticmethod
    def section(queryset):
        return {"items": list(queryset[:SHOWN]), "count": queryset.count()}


def add_panel(request, panels):
    if access.can_hand_over(request.user) and not access.sees_all(request.user):
        panels.append(ShopTodayPanel(request))
