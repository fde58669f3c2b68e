"""The public feed of a town: its businesses and initiatives as a schema.org ``DataFeed``.

``/federation/feed.json`` answers for the town of the request's host name.
Each ``dataFeedElement`` is a ``DataFeedItem`` whose ``item`` is a
``LocalBusiness`` (a live, public ``MerchantPage``) or an ``Organization``
(a live, public ``InitiativePage``). Only what the public profile shows is
included. Businesses come ``PAGE_SIZE`` at a time ordered by id
(``?seite=2``); the first page also carries every initiative, and
``nextPage`` (also an HTTP ``Link: rel="next"``) names the following page.
A page costs the same few queries whatever the number of businesses.
The format is described in docs/federation.md.
"""

from django.apps import apps
from django.db.models import Exists, OuterRef
from wagtail.models import Site

from portal.directory.models import InitiativePage, MerchantPage
from portal.towns import absolute_url, in_town

PAGE_SIZE = 500

# How-to-buy flags, named as in the feed's ``amenityFeature`` entries.
FEATURES = ("delivery", "pickup", "phone_orders", "online_shop")


def page_path(page, site):
    """``page``'s path on ``site`` (its ``url_path`` below the site's root), no query."""
    for root in Site.get_site_root_paths():
        if root.site_id == site.pk and page.url_path.startswith(root.root_path):
            return page.url_path[len(root.root_path) - 1 :]
    return page.url_path


def page_url(page, site):
    return absolute_url(page_path(page, site), site)


def _iso(moment):
    return moment.isoformat() if moment else None


def _open_shop():
    """``Exists`` of an open portal shop of the profile (the shop app is a higher layer)."""
    try:
        shop_model = apps.get_model("shop", "MerchantShop")
    except LookupError:
        return None
    return Exists(shop_model.objects.filter(page=OuterRef("pk"), is_open=True))


def businesses(site):
    """The town's live, public profiles with what an item shows, ordered by id."""
    pages = (
        MerchantPage.objects.live()
        .public()
        .filter(in_town(site, ""))
        .select_related("primary_category")
        .prefetch_related("categories")
        .order_by("pk")
    )
    open_shop = _open_shop()
    if open_shop is not None:
        pages = pages.annotate(has_portal_shop=open_shop)
    return pages


def initiatives(site):
    return (
        InitiativePage.objects.live()
        .public()
        .filter(in_town(site, ""))
        .select_related("region")
        .order_by("pk")
    )


def _remove_empty(data):
    return {key: value for key, value in data.items() if value not in ("", None, [], {})}


def business_item(page, site):
    categories = [page.primary_category.name] if page.primary_category_id else []
    categories += [c.name for c in page.categories.all() if c.name not in categories]
    flags = {
        "delivery": page.offers_local_delivery,
        "pickup": page.offers_pickup,
        "phone_orders": page.offers_phone_orders,
        "online_shop": bool(page.online_shop_url) or bool(getattr(page, "has_portal_shop", False)),
    }
    item = {
        "@type": "LocalBusiness",
        "identifier": f"urn:uuid:{page.translation_key}",
        "name": page.title,
        "url": page_url(page, site),
        "description": page.short_description,
        "address": _remove_empty(
            {
                "@type": "PostalAddress",
                "streetAddress": page.street,
                "postalCode": page.postcode,
                "addressLocality": page.city,
                "addressCountry": "DE",
            }
        )
        if (page.street or page.postcode or page.city)
        else None,
        "geo": {"@type": "GeoCoordinates", "latitude": page.latitude, "longitude": page.longitude}
        if page.has_coordinates
        else None,
        "telephone": page.phone,
        # The profile shows its e-mail address publicly whenever one is given.
        "email": page.email,
        "sameAs": page.website,
        "openingHours": page.opening_hours,
        "keywords": categories,
        "amenityFeature": [
            {"@type": "LocationFeatureSpecification", "name": name, "value": value}
            for name, value in flags.items()
        ],
        "dateModified": _iso(page.last_published_at or page.latest_revision_created_at),
    }
    return _remove_empty(item)


def initiative_item(page, site):
    item = {
        "@type": "Organization",
        "identifier": f"urn:uuid:{page.translation_key}",
        "name": page.title,
        "url": page_url(page, site),
        "description": page.short_description,
        "additionalType": page.kind,
        "keywords": [page.get_kind_display()],
        "areaServed": page.region.name if page.region_id else "",
        "sameAs": page.website,
        "email": page.contact_email,
        "telephone": page.contact_phone,
        "dateModified": _iso(page.last_published_at or page.latest_revision_created_at),
    }
    return _remove_empty(item)


def _element(item):
    return _remove_empty(
        {"@type": "DataFeedItem", "dateModified": item.get("dateModified"), "item": item}
    )


def feed_page(site, number, feed_url):
    """``(data, has_next)`` of page ``number`` (from 1) of ``site``'s feed."""
    start = (number - 1) * PAGE_SIZE
    rows = list(businesses(site)[start : start + PAGE_SIZE + 1])
    has_next = len(rows) > PAGE_SIZE
    elements = [_element(business_item(page, site)) for page in rows[:PAGE_SIZE]]
    if number == 1:
        elements += [_element(initiative_item(page, site)) for page in initiatives(site)]
    modified = max((e["dateModified"] for e in elements if e.get("dateModified")), default=None)
    data = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"Betriebe und Initiativen – {site.site_name or site.hostname}",
        "url": feed_url,
        "inLanguage": "de",
        "dateModified": modified,
        "dataFeedElement": elements,
    }
    if has_next:
        data["nextPage"] = f"{feed_url}?seite={number + 1}"
    return _remove_empty(data) | {"dataFeedElement": elements}, has_next
