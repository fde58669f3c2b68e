"""How the shop shows up in Wagtail: admin menu and buttons, profile pages, search, demo.

- Admin: the merchant's whole shop under "Online-Shop" in the menu (orders,
  pickup desk, products, reports, settings: ``admin_views``, each view
  confined to the user's shops by ``access`` through ``ShopOwnerPolicy``),
  "open online shop" for a published profile without one, the same on a
  profile's page header, and the "your shop today" panel on the admin home.
- Profile pages: the merchant's products through ``portal_page_sections``
  (the directory's template calls ``{% page_sections page %}``).
- Search: products in the site search (``portal_site_search``) and in the
  search boxes' suggestions (``portal_search_suggestions``); product names in
  their business's index entry (``directory_merchant_goods``).
- Demo town: shops with products for the demo businesses (``build_demo_town``).
"""

from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class, get_model
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from portal.directory.models import MerchantPage
from portal.directory.search import GOODS_HOOK
from portal.shop import access, product_search
from portal.shop.admin_views import home, opening
from portal.shop.admin_views.discounts import MerchantOfferViewSet
from portal.shop.admin_views.handover import PickupViewSet
from portal.shop.admin_views.orders import OrderViewSet
from portal.shop.admin_views.permissions import ShopOwnerPolicy
from portal.shop.admin_views.products import ProductViewSet
from portal.shop.admin_views.reports import ReportViewSet
from portal.shop.admin_views.shops import ShopSettingsViewSet
from portal.shop.models import MerchantShop

PROFILE_PRODUCTS = 8

register_permission_policy(
    get_model("catalogue", "Product"), ShopOwnerPolicy("catalogue.Product", access.products_for)
)
register_permission_policy(
    get_model("order", "Order"),
    ShopOwnerPolicy("order.Order", access.orders_for, actions=("view",)),
)
register_permission_policy(
    MerchantShop, ShopOwnerPolicy(MerchantShop, access.shops_for, actions=("change", "view"))
)


class ShopAdminGroup(ViewSetGroup):
    """The admin menu's "Online shop": everything a merchant does with its shop."""

    menu_label = _("Online shop")
    menu_icon = "pick"
    menu_order = 250
    items = (
        OrderViewSet,
        PickupViewSet,
        ProductViewSet,
        ReportViewSet,
        ShopSettingsViewSet,
        MerchantOfferViewSet,
    )


@hooks.register("register_admin_viewset")
def register_shop_admin():
    return ShopAdminGroup()


@hooks.register("register_admin_urls")
def shop_admin_urls():
    urls = [
        path("", opening.choose_view, name="choose"),
        path("<int:page_id>/", opening.open_shop_view, name="open"),
    ]
    return [path("shop/eroeffnen/", include((urls, "shop_admin"), namespace="shop_admin"))]


class OpenShopMenuItem(MenuItem):
    """For merchants with a published profile that has no shop yet."""

    def is_shown(self, request):
        return opening.pages_without_shop(request.user).exists()


@hooks.register("register_admin_menu_item")
def open_shop_menu_item():
    return OpenShopMenuItem(
        _("Open online shop"), reverse("shop_admin:choose"), icon_name="plus", order=251
    )


@hooks.register("construct_homepage_panels")
def shop_home_panel(request, panels):
    home.add_panel(request, panels)


@hooks.register("register_page_header_buttons")
def shop_header_button(page, user, view_name, next_url=None):
    if not isinstance(page.specific_deferred, MerchantPage):
        return
    shop = MerchantShop.objects.filter(page_id=page.pk).first()
    if shop is not None:
        if access.shops_for(user).filter(pk=shop.pk).exists():
            yield Button(
                _("Manage online shop"),
                reverse("shop_settings:edit", args=[shop.pk]),
                icon_name="pick",
                priority=90,
            )
    elif page.live and opening.can_open_shop(user, page.specific_deferred):
        yield Button(
            _("Open online shop"),
            reverse("shop_admin:open", kwargs={"page_id": page.pk}),
            icon_name="pick",
            priority=90,
        )


@hooks.register("portal_page_sections")
def merchant_products(request, page):
    """A profile page's strip of the merchant's products, with a link to its shop."""
    if not isinstance(page, MerchantPage):
        return ""
    Product = get_model("catalogue", "Product")
    shop = MerchantShop.objects.selling().filter(page_id=page.pk).first()
    if shop is None:
        return ""
    products = list(
        Product.objects.for_sale()
        .filter(partner_id=shop.partner_id)
        .order_by("-date_created")
        .for_cards()[:PROFILE_PRODUCTS]
    )
    if not products:
        return ""
    if request is not None and not hasattr(request, "strategy"):
        # Outside Oscar's basket middleware (e.g. previews): price with the default strategy.
        request.strategy = get_class("partner.strategy", "Selector")().strategy(request)
    return render_to_string(
        "shop/includes/profile_products.html",
        {"shop": shop, "products": products},
        request=request,
    )


@hooks.register("portal_site_search")
def search_shop_products(request, query):
    """Products in the site search (see ``portal.sitesearch.views``)."""
    return product_search.product_group(request, query)


@hooks.register("portal_search_suggestions", order=30)
def suggest_products(request, text, limit):
    return product_search.suggest_products(request, text, limit)


@hooks.register(GOODS_HOOK)
def product_names(page_ids):
    """The names of the products a business sells, for its entry in the search index."""
    return product_search.product_names(page_ids)


@hooks.register("build_demo_town", order=50)
def build_demo(home, log):
    from portal.shop import demo  # factories: demo and test packages only

    demo.build(home, log)


@hooks.register("build_demo_town", order=200)
def build_second_demo_town(home, log):
    """After every step of the first town: Beispielheim on the same installation."""
    from portal.shop import demo

    demo.build_second_town(log)
