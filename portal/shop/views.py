"""Storefront pages the marketplace adds to Oscar's: a merchant's shop and the order status.

The merchant's side (products, orders, pickup desk, settings, reports) is
in the Wagtail admin: ``admin_views``.
"""

from django.http import Http404

from portal import pagecache
from portal.shop.checkout.views import CheckoutStatusView  # noqa: F401  (shop:checkout-status)
from portal.shop.models import MerchantShop
from portal.shop.search.views import ProductListView
from portal.towns import in_town, town_for_request


class MerchantShopView(pagecache.SharedPageMixin, ProductListView):
    """One merchant's products with its legal identity, fulfilment and costs."""

    template_name = "shop/merchant_shop.html"

    def get(self, request, *args, **kwargs):
        self.merchant_shop = (
            MerchantShop.objects.selling()
            .select_related("page")
            .filter(in_town(town_for_request(request)), page__slug=kwargs["slug"])
            .order_by("pk")
            .first()
        )
        if self.merchant_shop is None:
            raise Http404
        return super().get(request, *args, **kwargs)

    def filter_products(self, products):
        return products.filter(partner_id=self.merchant_shop.partner_id)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shop = self.merchant_shop
        context.update(shop=shop, merchant=shop.page, summary=shop.name)
        return context
