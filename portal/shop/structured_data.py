"""What search engines and shared links learn about a product page.

``product_page(request, product, shop)`` returns the page's canonical URL,
its Open Graph values and its schema.org ``Product`` (JSON-LD) with the
offer: gross price in euros, availability from the stock, and the business
that sells it (the seller's type is its category's schema.org type, as on
its profile). Addresses are built on the Wagtail site's own root URL, so
they name the town's host, not whatever Host header a request brought.
"""

from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Site

SCHEMA_AVAILABILITY = {True: "https://schema.org/InStock", False: "https://schema.org/OutOfStock"}
OPEN_GRAPH_AVAILABILITY = {True: "instock", False: "oos"}
DESCRIPTION_WORDS = 40


def site_root(request):
    site = Site.find_for_request(request)
    return site.root_url.rstrip("/") if site is not None else request.build_absolute_uri("/")[:-1]


def absolute(request, path, root=None):
    if not path or "://" in path:
        return path or ""
    return (root or site_root(request)) + "/" + path.lstrip("/")


def product_page(request, product, shop):
    """``{"canonical_url", "open_graph", "structured_data"}`` of ``product``'s page."""
    root = site_root(request)
    url = absolute(request, product.get_absolute_url(), root)
    description = Truncator(strip_tags(product.description or "")).words(DESCRIPTION_WORDS)
    images = [absolute(request, image.original.url, root) for image in product.get_all_images()]
    offer = _offer(request, product, shop, url, root)
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "@id": url + "#product",
        "name": product.get_title(),
        "url": url,
        "offers": offer,
    }
    if description:
        data["description"] = description
    if images:
        data["image"] = images
    if product.upc:
        data["gtin"] = product.upc
    category = product.get_categories().first()
    if category is not None:
        data["category"] = category.name
    open_graph = {
        "title": product.get_title(),
        "description": description,
        "url": url,
        "price": offer.get("price") or offer.get("lowPrice") or "",
        "currency": offer.get("priceCurrency", ""),
        "availability": OPEN_GRAPH_AVAILABILITY[offer["availability"].endswith("InStock")],
    }
    return {"canonical_url": url, "open_graph": open_graph, "structured_data": data}


def _offer(request, product, shop, url, root):
    """The schema.org ``Offer`` (or ``AggregateOffer`` over variants) of ``product``."""
    strategy = request.strategy
    seller = {"@type": _seller_type(shop), "name": shop.name}
    if shop.page_id:
        seller["url"] = absolute(request, shop.page.url, root)
    if product.is_parent:
        # The page has the public variants and their stock prefetched already.
        infos = [strategy.fetch_for_product(child) for child in product.get_public_children()]
        prices = [info.price.incl_tax for info in infos if info.price.exists]
        available = any(info.availability.is_available_to_buy for info in infos)
        offer = {
            "@type": "AggregateOffer",
            "offerCount": len(prices),
            "lowPrice": f"{min(prices):.2f}" if prices else "",
            "highPrice": f"{max(prices):.2f}" if prices else "",
        }
        currency = infos[0].price.currency if infos and prices else "EUR"
    else:
        info = strategy.fetch_for_product(product)
        available = info.availability.is_available_to_buy
        offer = {"@type": "Offer"}
        if info.price.exists:
            offer["price"] = f"{info.price.incl_tax:.2f}"
        currency = info.price.currency if info.price.exists else "EUR"
    offer.update(
        {
            "priceCurrency": currency or "EUR",
            "availability": SCHEMA_AVAILABILITY[bool(available)],
            "itemCondition": "https://schema.org/NewCondition",
            "url": url,
            "seller": seller,
        }
    )
    return offer


def _seller_type(shop):
    page = shop.page if shop.page_id else None
    category = getattr(page, "primary_category", None)
    return (category.schema_type if category else "") or "LocalBusiness"
