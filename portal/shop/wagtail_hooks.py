"""How the shop shows up in Wagtail: admin menu and buttons, profile pages, search, demo.

- Admin: "Online-Shop" in the menu (to the shop dashboard, or to open a
  shop for a published profile), and the same on a profile's page header.
- Profile pages: the merchant's products through ``portal_page_sections``
  (the directory's template calls ``{% page_sections page %}``).
- Site search: products next to pages (``portal_site_search``).
- Demo town: shops with products for the demo businesses (``build_demo_town``).
"""

from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class, get_model
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from portal.directory.models import MerchantPage
from portal.shop import access, admin_views, demo
from portal.shop.models import MerchantShop
from portal.shop.search.views import search_products

SEARCH_RESULTS = 8
PROFILE_PRODUCTS = 8


@hooks.register("register_admin_urls")
def shop_admin_urls():
    urls = [
        path("", admin_views.choose_view, name="choose"),
        path("<int:page_id>/eroeffnen/", admin_views.open_shop_view, name="open"),
    ]
    return [path("shop/", include((urls, "shop_admin"), namespace="shop_admin"))]


class ShopMenuItem(MenuItem):
    """To the shop dashboard for merchants with a shop and for operators."""

    def is_shown(self, request):
        return access.sees_all(request.user) or access.partners_for(request.user).exists()


class OpenShopMenuItem(MenuItem):
    """For merchants with a published profile that has no shop yet."""

    def is_shown(self, request):
        return admin_views.pages_without_shop(request.user).exists()


@hooks.register("register_admin_menu_item")
def shop_menu_item():
    return ShopMenuItem(_("Online shop"), reverse("dashboard:index"), icon_name="pick", order=250)


@hooks.register("register_admin_menu_item")
def open_shop_menu_item():
    return OpenShopMenuItem(
        _("Open online shop"), reverse("shop_admin:choose"), icon_name="plus", order=251
    )


@hooks.register("register_page_header_buttons")
def shop_header_button(page, user, view_name, next_url=None):
    if not isinstance(page.specific_deferred, MerchantPage):
        return
    shop = MerchantShop.objects.filter(page_id=page.pk).first()
    if shop is not None:
        if access.sees_all(user) or access.partners_for(user).filter(pk=shop.partner_id).exists():
            yield Button(
                _("Manage online shop"),
                reverse("dashboard:shop-settings", kwargs={"pk": shop.pk}),
                icon_name="pick",
                priority=90,
            )
    elif page.live and admin_views.can_open_shop(user, page.specific_deferred):
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
    Product = get_model("catalogue", "Product")
    products = search_products(Product.objects.for_sale(), query).select_related(
        "partner__merchant_shop__page"
    )[:SEARCH_RESULTS]
    return {
        "title": _("Products in the city shop"),
        "results": [
            {
                "title": f"{product.get_title()} – {product.partner.merchant_shop.name}",
                "url": product.get_absolute_url(),
                "text": product.description,
            }
            for product in products
        ],
    }


@hooks.register("build_demo_town", order=50)
def build_demo(home, log):
    demo.build(home, log)
