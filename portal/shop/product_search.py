"""Products in the portal's search (wired up in ``wagtail_hooks``).

Products are indexed in Wagtail's search (``catalogue.models.Product`` is
``index.Indexed``), so they are found with the same German rules as pages
and businesses (``portal.sitesearch``):

- the site search's "Products" group,
- suggestions in the search boxes while typing,
- the product names in their business's own index entry, so that "Honig"
  finds the beekeeper that sells honey (the directory's goods hook);
  ``signals`` re-index the business when its products change.
"""

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oscar.core.loading import get_model

from portal.sitesearch.backends import suggest
from portal.sitesearch.query import expand_for
from portal.sitesearch.services import Found, SearchGroup, find
from portal.towns import town_for_request

Product = get_model("catalogue", "Product")

KIND = "produkte"
MAX_NAMES_PER_BUSINESS = 200


def products_for_sale(request=None):
    """Products residents can buy, from businesses of the request's site."""
    products = Product.objects.for_sale()
    return products.in_town(town_for_request(request)) if request is not None else products


def product_group(request, query):
    """The site search's group of products matching ``query``."""
    group = SearchGroup(
        kind=KIND,
        title=gettext_lazy("Products in the city shop"),
        found=Found(),
        results=[],
        order=20,
    )
    if not query.wants(KIND):
        return group
    group.found = find(
        Product.objects.select_related("partner__merchant_shop__page"),
        query,
        within=products_for_sale(request),
    )
    group.results = [
        {
            "title": product.get_title(),
            "url": product.get_absolute_url(),
            "detail": _("from %(shop)s") % {"shop": product.partner.merchant_shop.name},
            "text": product.description,
        }
        for product in group.found.objects
    ]
    return group


def suggest_products(request, text, limit):
    """Suggestions while typing: products whose name starts with the typed words."""
    search_query = expand_for(request, text).search_query
    if search_query is None:
        return []
    candidates = Product.objects.filter(
        pk__in=products_for_sale(request).values("pk")
    ).select_related("partner__merchant_shop__page")
    return [
        {
            "label": product.get_title(),
            "kind": _("Product"),
            "detail": product.partner.merchant_shop.name,
            "url": product.get_absolute_url(),
        }
        for product in suggest(candidates, search_query, limit)
    ]


def product_names(page_ids):
    """``{page_id: [product name, ...]}``: what each business sells in its shop."""
    rows = (
        Product.objects.for_sale()
        .filter(partner__merchant_shop__page_id__in=page_ids)
        .order_by("-date_created")
        .values_list("partner__merchant_shop__page_id", "title")
    )
    names = defaultdict(list)
    for page_id, title in rows:
        if len(names[page_id]) < MAX_NAMES_PER_BUSINESS:
            names[page_id].append(title)
    return names
