"""Finding businesses: text search, filters, "open now" and distance, in one query.

The directory index turns its GET parameters (``forms.DirectoryFilterForm``)
into a ``DirectoryQuery`` and asks ``find`` for a paginable result. Every
filter is expressed as ``pk IN (subquery)`` so the same queryset can go
through Wagtail search (whose backends only accept indexed filter fields;
``id`` is one) and still be ordered by distance computed in the database.
"""

import math
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from django.utils import timezone

from .models import Category, MerchantPage, OpeningInterval, PostcodeArea

EARTH_RADIUS_KM = 6371.0088

# "How to buy" filters: URL value -> model field (True when offered).
BUY_FILTERS = {
    "abholung": "offers_pickup",
    "lieferung": "offers_local_delivery",
    "versand": "offers_shipping",
    "telefon": "offers_phone_orders",
    "gutschein": "accepts_city_voucher",
    "barrierefrei": "wheelchair_accessible",
}
ONLINE_SHOP_FILTER = "onlineshop"


@dataclass
class Origin:
    """Where distances are measured from: a postcode centroid or the browser's position."""

    latitude: float
    longitude: float
    label: str = ""


@dataclass
class DirectoryQuery:
    text: str = ""
    category: Category | None = None
    buy: list = field(default_factory=list)
    payment: str = ""
    open_now: bool = False
    origin: Origin | None = None


def distance_expression(origin):
    """Great-circle distance in km from ``origin`` to each profile (haversine, in SQL)."""
    lat = math.radians(origin.latitude)
    lon = math.radians(origin.longitude)
    half_dlat = (Radians(F("latitude")) - lat) / 2
    half_dlon = (Radians(F("longitude")) - lon) / 2
    a = Power(Sin(half_dlat), 2) + math.cos(lat) * Cos(Radians(F("latitude"))) * Power(
        Sin(half_dlon), 2
    )
    return 2 * EARTH_RADIUS_KM * ASin(Sqrt(a))


def distance_km(origin, latitude, longitude):
    """The same formula in Python (for single pages and tests)."""
    lat1, lon1, lat2, lon2 = map(
        math.radians, (origin.latitude, origin.longitude, latitude, longitude)
    )
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def restrictions(query, now=None):
    """A queryset of the ids of profiles matching the filters (without the text search)."""
    matching = MerchantPage.objects.all()
    conditions = Q()
    if query.category is not None:
        ids = Category.objects.with_descendant_ids(query.category)
        further = MerchantPage.categories.through.objects.filter(category_id__in=ids)
        conditions &= Q(primary_category_id__in=ids) | Q(pk__in=further.values("merchantpage_id"))
    flags = {BUY_FILTERS[name]: True for name in query.buy if name in BUY_FILTERS}
    if flags:
        conditions &= Q(**flags)
    if ONLINE_SHOP_FILTER in query.buy:
        conditions &= ~Q(online_shop_url="")
    if query.payment:
        conditions &= Q(payment_methods__slug=query.payment)
    if query.open_now:
        moment = now or timezone.now()
        conditions &= Q(
            pk__in=OpeningInterval.objects.filter(starts_at__lte=moment, ends_at__gt=moment).values(
                "page_id"
            )
        )
    if not conditions:
        return None
    return matching.filter(conditions).values("pk")


def find(index, query, now=None):
    """Profiles below ``index`` matching ``query``: a queryset or Wagtail search results.

    Ordered by distance when there is an origin (each result then carries
    ``distance`` in km), else by relevance for a text search, else by name.
    """
    results = MerchantPage.objects.for_listing().child_of(index)
    ids = restrictions(query, now)
    if ids is not None:
        results = results.filter(pk__in=ids)
    if query.origin is not None:
        results = results.annotate(distance=distance_expression(query.origin)).order_by(
            F("distance").asc(nulls_last=True), F("title").asc()
        )
    elif not query.text:
        results = results.order_by("title", "pk")
    if query.text:
        return results.search(query.text, order_by_relevance=query.origin is None)
    return results


def postcode_origin(postcode):
    """``(Origin, None)`` for a known postcode, else ``(None, suggestions)``.

    Suggestions are known postcodes one typo away (one digit changed or two
    neighbouring digits swapped) from the same region.
    """
    area = PostcodeArea.objects.filter(postcode=postcode).first()
    if area is not None:
        return Origin(area.latitude, area.longitude, f"{area.postcode} {area.place}".strip()), None
    candidates = PostcodeArea.objects.filter(postcode__startswith=postcode[:1]).values_list(
        "postcode", "place"
    )
    suggestions = [
        f"{code} {place}".strip() for code, place in candidates if _one_typo_apart(code, postcode)
    ]
    return None, suggestions[:3]


def _one_typo_apart(known, typed):
    if len(known) != len(typed):
        return False
    differences = [i for i, (a, b) in enumerate(zip(known, typed, strict=True)) if a != b]
    if len(differences) == 1:
        return True
    if len(differences) == 2 and differences[1] == differences[0] + 1:
        i, j = differences
        return known[i] == typed[j] and known[j] == typed[i]
    return False
