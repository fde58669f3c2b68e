"""Shared pages are invalidated when what they show changes (``portal.pagecache``).

Connected in ``HomeConfig.ready`` for every page type: publishing,
unpublishing or deleting a page invalidates the page, its routes, the pages
above it, the pages linking to it and the sitemap (opening hours and market
days are part of their pages, so they take this way). Moving a page and
changing the site settings (town name, footer, navigation) change every page
of a site: everything is invalidated then. The shop's products follow in
``portal.shop.signals``.
"""

from urllib.parse import urlsplit

from django.db.models.signals import post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal import pagecache


def page_changed(sender, instance, **kwargs):
    pagecache.invalidate(pagecache.page_urls(instance))


def invalidate_site(site):
    pagecache.invalidate_everything(hosts=[urlsplit(site.root_url).netloc] if site else [])


def settings_changed(sender, instance, created=False, raw=False, **kwargs):
    # A row created on a site's first request holds the defaults that page showed.
    if not raw and not created:
        invalidate_site(instance.site)


def page_moved(sender, instance, **kwargs):
    invalidate_site(instance.get_site())


def connect():
    from portal.home.models import NavigationSettings, PortalSettings

    page_published.connect(page_changed, dispatch_uid="pagecache_published")
    page_unpublished.connect(page_changed, dispatch_uid="pagecache_unpublished")
    post_page_move.connect(page_moved, dispatch_uid="pagecache_moved")
    for model in (PortalSettings, NavigationSettings):
        uid = f"pagecache_{model.__name__}"
        post_save.connect(settings_changed, sender=model, dispatch_uid=uid)
