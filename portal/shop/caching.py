"""The shared pages a change in the shop shows on, for ``portal.pagecache``.

A product's price, stock or text shows on its own page, its parent's page (a
variant), the catalogue and its categories, its merchant's shop page and
profile page (the product strip), and the sitemap. A shop opened, closed or
renamed shows on all of these for every product it sells.
"""

from django.db import transaction
from django.urls import reverse
from oscar.core.loading import get_model
from wagtail.models import Site

from portal import pagecache

Product = get_model("catalogue", "Product")


def _root_url(shop):
    page = shop.page if shop is not None else None
    if page is not None:
        site = page.get_site()
    else:
        site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site is not None else ""


def shop_urls(shop):
    """The shop's own pages and the catalogue (full URLs on the profile's site)."""
    root = _root_url(shop)
    urls = {root + reverse("catalogue:index"), root + "/sitemap.xml"}
    if shop is not None and shop.page is not None:
        urls.add(root + reverse("shop:merchant", kwargs={"slug": shop.page.slug}))
        page_url = shop.page.get_full_url()
        if page_url:
            urls.add(page_url)
    return urls


def product_urls(products):
    urls = set()
    for product in products:
        owner = product.parent if product.is_child else product
        shop = getattr(owner.partner, "merchant_shop", None) if owner.partner_id else None
        root = _root_url(shop)
        urls |= shop_urls(shop)
        urls.add(root + owner.get_absolute_url())
        if product.is_child:
            urls.add(root + product.get_absolute_url())
        for category in owner.categories.all():
            nodes = category.get_ancestors_and_self()
            urls.update(root + node.get_absolute_url() for node in nodes)
    return urls


def products_changed(product_ids):
    """Invalidate the pages of these products once the transaction has committed
    (the URLs are looked up then, with the categories the product got meanwhile)."""
    product_ids = set(product_ids)

    def run():
        products = Product.objects.filter(pk__in=product_ids).select_related(
            "parent__partner__merchant_shop__page", "partner__merchant_shop__page"
        )
        products = products.prefetch_related("categories", "parent__categories")
        pagecache.invalidate(product_urls(products))

    transaction.on_commit(run)


def product_deleted(product):
    pagecache.invalidate(product_urls([product]))


def shop_changed(shop):
    """Invalidate the shop's pages and every product page it sells."""
    products = Product.objects.filter(partner_id=shop.partner_id).only("pk", "slug")
    root = _root_url(shop)
    pages = {root + product.get_absolute_url() for product in products}
    pagecache.invalidate(shop_urls(shop) | pages)
