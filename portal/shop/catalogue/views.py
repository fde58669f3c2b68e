"""The product page: Oscar's view, with the merchant, its legal identity and its costs.

Products of closed shops or of profiles that are not live are not for sale
and answer 404 (operators still see them). Oscar's receivers of the
"product viewed" signal it sends are disconnected (``signals``): no
recently-viewed cookie, no counter row per view.
"""

from django.db.models import Prefetch
from django.http import Http404
from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView
from oscar.core.loading import get_model

from portal import pagecache
from portal.shop import access, structured_data
from portal.towns import town_for_request, town_id_of_page

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")


class ProductDetailView(pagecache.SharedPageMixin, OscarProductDetailView):
    template_name = "shop/product.html"

    def get_object(self, queryset=None):
        """The product with what its page shows; variants' data only for parents.

        Most products stand alone: they are loaded with a lean query, and only
        a parent product is loaded again with its variants' stock and attributes.
        """
        if hasattr(self, "object"):
            return self.object
        product = (
            Product.objects.select_related(
                "product_class",
                "parent__product_class",
                "partner__merchant_shop__page__primary_category",
            )
            .prefetch_related(
                "stockrecords",
                Prefetch("images", queryset=ProductImage.objects.order_by("display_order")),
            )
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if product is None:
            raise Http404
        if product.is_parent:
            product = Product.objects.for_cards(for_detail=True).get(pk=product.pk)
        return product

    def is_viewable(self, product, request):
        owner = product.parent if product.is_child else product
        shop = getattr(owner.partner, "merchant_shop", None) if owner.partner_id else None
        for_sale = (
            shop is not None
            and shop.is_open
            and shop.page
            and shop.page.live
            and town_id_of_page(shop.page) == town_for_request(request).pk
        )
        return (for_sale and super().is_viewable(product, request)) or access.sees_all(request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        product = self.object
        owner = product.parent if product.is_child else product
        shop = owner.partner.merchant_shop if owner.partner_id else None
        if shop is None:
            raise Http404
        context["shop"] = shop
        context["merchant"] = shop.page
        context.update(structured_data.product_page(self.request, product, shop))
        return context
