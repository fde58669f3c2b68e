"""URLs of the whole portal. Fixed public paths are listed in docs/architecture.md.

Oscar is mounted under /shop/ before Wagtail's catch-all, which stays last.
"""

from django.apps import apps
from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from portal import media
from portal.api import api_router
from portal.health import health, health_all
from portal.home import views as home_views
from portal.shop.sitemaps import ProductSitemap
from portal.sitesearch import views as search_views

# Pages (businesses and events are pages) and the shops' products.
SITEMAPS = {"seiten": Sitemap, "produkte": ProductSitemap}

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("health/", health, name="health"),
    path("health/alle/", health_all, name="health_all"),
    path("suche/", search_views.search, name="search"),
    path("suche/vorschlaege/", search_views.suggestions, name="search_suggestions"),
    path("open311/v2/", include("portal.concerns.urls")),
    path("shop/", include("portal.shop.urls")),
    path("", include("portal.vouchers.urls")),
    path("", include("portal.tickets.urls")),
    path("", include("portal.federation.urls")),
    path("", include("portal.state.urls")),
    path("shop/", include(apps.get_app_config("oscar").urls[0])),
]

# Uploaded media, served with safe headers in every environment (portal/media.py).
if settings.PORTAL_SERVE_MEDIA:
    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", media.serve)]

urlpatterns += [path("", include(wagtail_urls))]
