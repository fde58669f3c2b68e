"""Shops near me, installation-wide: every town's businesses and the harvested ones.

Two narrow SQL queries, each ordered by distance and cut at ``LIMIT`` in the
database: live, public ``MerchantPage`` rows of all towns, and current
(not withdrawn) harvested businesses. The two short lists are merged in
Python, so the cost does not grow with the number of businesses. "Open now"
uses the precomputed opening spans of each side (``OpeningInterval`` for
profiles, ``HarvestedOpenInterval`` for harvested businesses, which have
spans only if their opening hours are known and readable).
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone
from wagtail.models import Site

from portal.directory.finder import distance_expression
from portal.directory.models import MerchantPage, OpeningInterval

from .models import HarvestedEntry, HarvestedOpenInterval

LIMIT = 20
# Filter name (URL parameter) -> (profile field, harvested entry field).
FILTERS = {
    "lieferung": ("offers_local_delivery", "delivery"),
    "abholung": ("offers_pickup", "pickup"),
    "telefon": ("offers_phone_orders", "phone_orders"),
}


@dataclass
class Place:
    name: str
    distance: float
    address: str
    phone: str
    url: str
    open_now: bool
    delivery: bool
    pickup: bool
    phone_orders: bool
    source: str = ""  # the harvested source's name; empty for this installation's businesses

    @property
    def tel(self):
        """The phone number as a ``tel:`` target (digits and a leading +)."""
        return "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")


def _address(street, postcode, city):
    place = " ".join(part for part in (postcode, city) if part)
    return ", ".join(part for part in (street, place) if part)


def _page_url(url_path, roots):
    for root in roots:
        if url_path.startswith(root.root_path):
            return root.root_url.rstrip("/") + url_path[len(root.root_path) - 1 :]
    return ""


def local_places(origin, filters, now, limit=LIMIT):
    spans = OpeningInterval.objects.filter(page=OuterRef("pk"), starts_at__lte=now, ends_at__gt=now)
    pages = (
        MerchantPage.objects.live()
        .public()
        .filter(latitude__isnull=False, longitude__isnull=False)
        .annotate(distance=distance_expression(origin), open_now=Exists(spans))
    )
    for name in filters:
        if name in FILTERS:
            pages = pages.filter(**{FILTERS[name][0]: True})
    if "offen" in filters:
        pages = pages.filter(open_now=True)
    rows = pages.order_by("distance", "pk").values_list(
        "title",
        "distance",
        "street",
        "postcode",
        "city",
        "phone",
        "url_path",
        "open_now",
        "offers_local_delivery",
        "offers_pickup",
        "offers_phone_orders",
    )[:limit]
    roots = Site.get_site_root_paths()
    return [
        Place(
            name=title,
            distance=distance,
            address=_address(street, postcode, city),
            phone=phone,
            url=_page_url(url_path, roots),
            open_now=open_now,
            delivery=delivery,
            pickup=pickup,
            phone_orders=phone_orders,
        )
        for (
            title,
            distance,
            street,
            postcode,
            city,
            phone,
            url_path,
            open_now,
            delivery,
            pickup,
            phone_orders,
        ) in rows
    ]


def harvested_places(origin, filters, now, limit=LIMIT):
    spans = HarvestedOpenInterval.objects.filter(
        entry=OuterRef("pk"), starts_at__lte=now, ends_at__gt=now
    )
    entries = HarvestedEntry.objects.filter(
        kind=HarvestedEntry.Kind.BUSINESS,
        withdrawn_at__isnull=True,
        source__active=True,
        latitude__isnull=False,
        longitude__isnull=False,
    ).annotate(distance=distance_expression(origin), open_now=Exists(spans))
    for name in filters:
        if name in FILTERS:
            entries = entries.filter(**{FILTERS[name][1]: True})
    if "offen" in filters:
        entries = entries.filter(open_now=True)
    rows = entries.order_by("distance", "pk").values_list(
        "name",
        "distance",
        "street",
        "postcode",
        "city",
        "phone",
        "url",
        "open_now",
        "delivery",
        "pickup",
        "phone_orders",
        "source__name",
    )[:limit]
    return [
        Place(
            name=name,
            distance=distance,
            address=_address(street, postcode, city),
            phone=phone,
            url=url,
            open_now=open_now,
            delivery=delivery,
            pickup=pickup,
            phone_orders=phone_orders,
            source=source,
        )
        for (
            name,
            distance,
            street,
            postcode,
            city,
            phone,
            url,
            open_now,
            delivery,
            pickup,
            phone_orders,
            source,
        ) in rows
    ]


def nearest(origin, filters=(), now=None, limit=LIMIT):
    """The ``limit`` businesses nearest to ``origin`` (local and harvested), nearest first."""
    now = now or timezone.now()
    filters = set(filters)
    places = local_places(origin, filters, now, limit) + harvested_places(
        origin, filters, now, limit
    )
    places.sort(key=lambda place: (place.distance, place.name))
    return places[:limit]
