"""Catalogue, category pages and shop search, served straight from the database.

Oscar's browse views ask the search backend, and its simple backend returns
no products there; these views list products with one SQL query per page
(plus fixed prefetches), filtered by category, merchant and search words.
Oscar loads them through ``search.views`` (and ``catalogue.views`` imports
``CatalogueView`` and ``ProductCategoryView`` from here).
"""

from django.conf import settings
from django.db.models import OuterRef, Q, Subquery
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from oscar.core.loading import get_model

from portal import pagecache
from portal.shop.models import MerchantShop
from portal.towns import in_town, town_for_request

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")

MAX_QUERY_LENGTH = 100
SORTS = {
    "neu": ("-date_created", "-id"),
    "name": ("title", "id"),
    "preis": ("price", "id"),
    "preis-absteigend": ("-price", "id"),
}
SORT_LABELS = {
    "neu": _("Newest first"),
    "name": _("Name A–Z"),
    "preis": _("Price, lowest first"),
    "preis-absteigend": _("Price, highest first"),
}


def search_products(queryset, query):
    """Products whose title, description or merchant name contains every word of ``query``."""
    for word in query.split()[:8]:
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(partner__merchant_shop__page__title__icontains=word)
        )
    return queryset


class ProductListView(ListView):
    """All products for sale, optionally narrowed by merchant, search words and order."""

    template_name = "shop/product_list.html"
    context_object_name = "products"
    paginate_by = settings.OSCAR_PRODUCTS_PER_PAGE
    page_kwarg = "seite"
    summary = _("All products")

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
        self.sort = self.request.GET.get("sortierung", "neu")
        if self.sort not in SORTS:
            self.sort = "neu"
        self.shop = None
        shop_id = self.request.GET.get("haendler", "")
        town = town_for_request(self.request)
        products = self.filter_products(Product.objects.for_sale().in_town(town))
        if shop_id.isdigit():
            self.shop = MerchantShop.objects.selling().filter(in_town(town), pk=shop_id).first()
            if self.shop is not None:
                products = products.filter(partner_id=self.shop.partner_id)
        if self.query:
            products = search_products(products, self.query)
        if self.sort.startswith("preis"):
            cheapest = StockRecord.objects.filter(
                Q(product=OuterRef("pk")) | Q(product__parent=OuterRef("pk"))
            ).order_by("price")
            products = products.annotate(price=Subquery(cheapest.values("price")[:1]))
        return products.order_by(*SORTS[self.sort]).for_cards()

    def filter_products(self, products):
        return products

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop(self.page_kwarg, None)
        context.update(
            pagination_prefix=params.urlencode(),
            summary=self.summary,
            query=self.query,
            sort=self.sort,
            sorts=SORT_LABELS,
            selected_shop=self.shop,
            categories=Category.objects.browsable().filter(depth=1),
        )
        return context


class CatalogueView(pagecache.SharedPageMixin, ProductListView):
    pass


class ProductCategoryView(pagecache.SharedPageMixin, ProductListView):
    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category.objects.browsable(), pk=kwargs["pk"])
        expected = self.category.get_absolute_url()
        if request.path != expected:
            return HttpResponsePermanentRedirect(expected)
        return super().get(request, *args, **kwargs)

    def filter_products(self, products):
        tree = self.category.get_descendants_and_self()
        return products.filter(categories__in=tree).distinct()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        context["summary"] = self.category.name
        return context


class FacetedSearchView(ProductListView):
    """The shop search (``search:search``), same list with the search words applied."""

    summary = _("Search results")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.query:
            context["summary"] = _("Products matching “%(query)s”") % {"query": self.query}
        return context
