"""Product queries of the marketplace (Oscar loads this in place of its managers module)."""

from django.db.models import Exists, OuterRef, Prefetch
from oscar.apps.catalogue.managers import CategoryManager, CategoryQuerySet  # noqa: F401
from oscar.apps.catalogue.managers import ProductQuerySet as OscarProductQuerySet
from oscar.core.loading import get_model

from portal.towns import in_town


class ProductQuerySet(OscarProductQuerySet):
    def for_sale(self):
        """Public products of open shops with a live profile, as residents browse them."""
        return self.filter(
            parent=None,
            is_public=True,
            partner__merchant_shop__is_open=True,
            partner__merchant_shop__page__live=True,
        )

    def in_town(self, site):
        """Products of businesses in the town ``site`` (variants by their parent's business)."""
        return self.filter(
            in_town(site, "partner__merchant_shop__page")
            | in_town(site, "parent__partner__merchant_shop__page")
        )

    def for_cards(self, for_detail=False):
        """Everything a product card shows (price, stock, image, merchant) in a fixed
        number of queries, however many products the page lists.

        ``for_detail`` adds what the product page's basket form needs: whether
        the product has options, and the variants' attributes it names.
        """
        StockRecord = get_model("partner", "StockRecord")
        ProductImage = get_model("catalogue", "ProductImage")
        Option = get_model("catalogue", "Option")
        children = (
            self.model.objects.filter(is_public=True)
            .select_related("product_class")
            .prefetch_related(Prefetch("stockrecords", queryset=StockRecord.objects.all()))
        )
        products = self
        if for_detail:
            children = children.prefetch_attribute_values()
            products = products.annotate(
                has_product_class_options=Exists(
                    Option.objects.filter(productclass=OuterRef("product_class"))
                ),
                has_product_options=Exists(Option.objects.filter(product=OuterRef("pk"))),
            )
        return products.select_related(
            "product_class", "partner__merchant_shop__page"
        ).prefetch_related(
            "stockrecords",
            Prefetch("images", queryset=ProductImage.objects.order_by("display_order")),
            Prefetch("children", queryset=children, to_attr="_prefetched_public_children"),
        )
