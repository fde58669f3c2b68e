"""The state-wide initiatives directory: one card per initiative, from three sources.

1. every live ``InitiativePage`` of the installation (all towns' trees and the
   state portal's own);
2. every town of the installation as an initiative of its own (kind "town"):
   what it offers is computed from its shops and its voucher programme, its
   position is the average of its businesses' coordinates;
3. cards from other apps through the Wagtail hook ``state_initiative_cards``:
   each ``fn()`` returns an iterable of dicts with exactly the keys of ``CARD_KEYS``.

The number of queries does not depend on the number of initiatives or towns:
each source is read with a fixed number of queries (the towns' figures with
one conditional aggregate per kind of figure). Filtering happens on the cards.
"""

import logging

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.images import get_image_model

from portal.directory.models import InitiativePage, MerchantPage
from portal.home.slugs import german_slugify
from portal.towns import root_url_path, town_sites

logger = logging.getLogger(__name__)

CARD_KEYS = frozenset(
    {
        "key",
        "name",
        "kind",
        "region",
        "offers",
        "short_description",
        "url",
        "latitude",
        "longitude",
        "logo_url",
        "source",
    }
)
TOWN_KIND = "town"
KIND_CHOICES = [*InitiativePage.KIND_CHOICES, (TOWN_KIND, _("town portal / marketplace"))]
OFFER_CHOICES = [
    ("online_shop", _("online shop")),
    ("delivery", _("delivery")),
    ("pickup", _("pickup")),
    ("phone_orders", _("orders by phone")),
    ("city_voucher", _("city or regional voucher")),
]
OFFER_KEYS = frozenset(key for key, _label in OFFER_CHOICES)
LOGO_RENDITION = "fill-160x160|format-webp"


def initiative_cards(request=None):
    """Every card of the state-wide directory, sorted by name."""
    cards = [*page_cards(request), *town_cards(), *hook_cards()]
    return sorted(cards, key=lambda card: card["name"].casefold())


def page_cards(request=None):
    images = get_image_model().objects.prefetch_renditions(LOGO_RENDITION)
    pages = (
        InitiativePage.objects.live()
        .public()
        .select_related("region")
        .prefetch_related(Prefetch("logo", queryset=images))
    )
    cards = []
    for page in pages:
        logo = page.logo.get_rendition(LOGO_RENDITION).url if page.logo else None
        cards.append(
            {
                "key": f"page-{page.pk}",
                "name": page.title,
                "kind": page.kind,
                "region": page.region.name,
                "offers": page.offer_keys,
                "short_description": page.short_description,
                "url": page.get_full_url(request),
                "latitude": page.latitude,
                "longitude": page.longitude,
                "logo_url": logo,
                "source": str(_("Registered on this portal")),
            }
        )
    return cards


def town_cards():
    """One card per town: its portal as a marketplace, with what its data says it offers."""
    from portal.home.models import HomePage
    from portal.shop.models import MerchantShop
    from portal.vouchers.models import VoucherProgramme

    sites = list(town_sites().order_by("site_name"))
    if not sites:
        return []
    roots = {site.pk: root_url_path(site) for site in sites}

    def inside(site, field):
        return Q(**{f"{field}url_path__startswith": roots[site.pk]})

    # Positions: the average of the live businesses' coordinates, per town, in one query.
    placed = MerchantPage.objects.live().filter(latitude__isnull=False, longitude__isnull=False)
    position = placed.aggregate(
        **{
            f"{axis}_{site.pk}": Avg(axis, filter=inside(site, ""))
            for site in sites
            for axis in ("latitude", "longitude")
        }
    )
    # Shops: open, with a live profile; online shop = at least one public product.
    from oscar.core.loading import get_model

    StockRecord = get_model("partner", "StockRecord")
    products = StockRecord.objects.filter(partner=OuterRef("partner"), product__is_public=True)
    shops = MerchantShop.objects.selling().annotate(has_products=Exists(products))
    figures = shops.aggregate(
        **{
            f"{name}_{site.pk}": Count("pk", filter=inside(site, "page__") & condition)
            for site in sites
            for name, condition in (
                ("online_shop", Q(has_products=True)),
                ("delivery", Q(offers_delivery=True)),
                ("pickup", Q(offers_pickup=True)),
            )
        }
    )
    with_voucher = set(
        VoucherProgramme.objects.active().filter(site__in=sites).values_list("site_id", flat=True)
    )
    homes = {
        page.pk: page
        for page in HomePage.objects.filter(pk__in=[site.root_page_id for site in sites])
    }
    cards = []
    for site in sites:
        home = homes.get(site.root_page_id)
        offers = {
            name for name in ("online_shop", "delivery", "pickup") if figures[f"{name}_{site.pk}"]
        }
        if site.pk in with_voucher:
            offers.add("city_voucher")
        cards.append(
            {
                "key": f"town-{site.pk}",
                "name": site.site_name or site.hostname,
                "kind": TOWN_KIND,
                "region": "",
                "offers": offers,
                "short_description": (home.hero_text or home.search_description) if home else "",
                "url": site.root_url + "/",
                "latitude": position[f"latitude_{site.pk}"],
                "longitude": position[f"longitude_{site.pk}"],
                "logo_url": None,
                "source": str(_("Town portal on this installation")),
            }
        )
    return cards


def hook_cards():
    """Cards of the ``state_initiative_cards`` hook; malformed ones are left out (and logged)."""
    kinds = {key for key, _label in KIND_CHOICES}
    cards = []
    for fn in hooks.get_hooks("state_initiative_cards"):
        for card in fn():
            card = dict(card)
            if set(card) != CARD_KEYS or card["kind"] not in kinds:
                logger.warning("Initiative card left out (wrong keys or kind): %r", card)
                continue
            card["offers"] = set(card["offers"]) & OFFER_KEYS
            cards.append(card)
    return cards


class Filters:
    """What a visitor filters by: region (slug of its name), kind, offers (all must hold)."""

    def __init__(self, params, cards):
        self.regions = sorted(
            {(german_slugify(card["region"]), card["region"]) for card in cards if card["region"]},
            key=lambda pair: pair[1].casefold(),
        )
        region_slugs = {slug for slug, _name in self.regions}
        kind_keys = {key for key, _label in KIND_CHOICES}
        self.region = params.get("region", "") if params.get("region") in region_slugs else ""
        self.kind = params.get("art", "") if params.get("art") in kind_keys else ""
        self.offers = [key for key, _label in OFFER_CHOICES if key in params.getlist("angebot")]
        self.kinds = KIND_CHOICES
        self.offer_choices = OFFER_CHOICES

    @property
    def active(self):
        return bool(self.region or self.kind or self.offers)

    def apply(self, cards):
        return [card for card in cards if self.matches(card)]

    def matches(self, card):
        if self.region and german_slugify(card["region"]) != self.region:
            return False
        if self.kind and card["kind"] != self.kind:
            return False
        return all(offer in card["offers"] for offer in self.offers)


def map_markers(cards):
    """Markers for ``static/js/map.js``: the cards that have a position."""
    labels = dict(KIND_CHOICES)
    return [
        {
            "lat": card["latitude"],
            "lon": card["longitude"],
            "title": card["name"],
            "url": card["url"],
            "note": str(labels.get(card["kind"], "")),
        }
        for card in cards
        if card["latitude"] is not None and card["longitude"] is not None
    ]


def decorate(cards):
    """Add the German labels a card shows (kind, offers)."""
    kinds = dict(KIND_CHOICES)
    offers = dict(OFFER_CHOICES)
    for card in cards:
        card["kind_label"] = kinds.get(card["kind"], "")
        card["offer_labels"] = [
            offers[key] for key, _label in OFFER_CHOICES if key in card["offers"]
        ]
    return cards


def serve_state_index(page, request):
    """The state portal's initiatives index: the state-wide list with map and filters.

    Not stored in the shared page cache: a change anywhere in the installation
    (a town's shop, another portal's feed) changes it.
    """
    from django.template.response import TemplateResponse

    cards = initiative_cards(request)
    filters = Filters(request.GET, cards)
    shown = decorate(filters.apply(cards))
    context = page.get_context(request)
    context.update(
        {
            "cards": shown,
            "total": len(cards),
            "filters": filters,
            "map_markers": map_markers(shown),
        }
    )
    response = TemplateResponse(request, "state/initiative_directory.html", context)
    response["Cache-Control"] = "private, no-cache"
    return response
