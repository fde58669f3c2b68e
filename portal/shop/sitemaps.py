"""The products in ``/sitemap.xml``, next to Wagtail's pages (wired up in ``portal/urls.py``).

It is Wagtail's sitemap class (so that Wagtail's view hands it the request)
with Django's way of listing items; addresses are built on the Wagtail
site's root URL like the pages' (Django would take the host from
``django.contrib.sites``).
"""

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from wagtail.contrib.sitemaps import Sitemap

from portal.shop.product_search import products_for_sale


class ProductSitemap(Sitemap):
    """Every product residents can buy from the businesses of the request's site."""

    def items(self):
        return (
            products_for_sale(self.request)
            .order_by("pk")
            .only("pk", "slug", "date_updated", "date_created")
        )

    def location(self, product):
        return product.get_absolute_url()

    def lastmod(self, product):
        return product.date_updated or product.date_created

    def get_urls(self, page=1, site=None, protocol=None):
        scheme, _, host = self.get_wagtail_site().root_url.partition("://")
        return self._urls(page, scheme, host)

    # Django's own: Wagtail's asks each item for its page URLs.
    _urls = DjangoSitemap._urls
