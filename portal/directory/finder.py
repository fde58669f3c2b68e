"""Finding businesses: text search, filters, "open now" and distance.

The directory index turns its GET parameters (``forms.DirectoryFilterForm``)
into a ``DirectoryQuery`` and asks ``find`` for a paginable result. Finding
takes two steps so that 20,000 profiles stay fast: a narrow query selects
only the ids and sort keys of the matches (filters, text search, distance,
all in the database) and counts them; then only the requested page's
profiles are loaded with what their cards show. A text search goes through
Wagtail search; with its PostgreSQL backend that yields a queryset the other
filters apply to directly, other backends only accept filters on indexed
fields, so there they become ``pk IN (subquery)`` (``id`` is indexed).

The text goes through ``portal.sitesearch.query.expand`` (spellings,
synonyms; the backend adds word prefixes and German stemming). When that
finds fewer than ``FEW`` businesses, the index page asks again with
``similar=True``: Wagtail's typo-tolerant ``Fuzzy`` query ("Bakerei").
"""

import math
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from django.utils import timezone
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.database.postgres.postgres import PostgresSearchBackend
from wagtail.search.query import Fuzzy

from portal.sitesearch.backends import supports_fuzzy
from portal.sitesearch.query import expand, spellings, words
from portal.sitesearch.services import FEW, did_you_mean

from .models import Category, MerchantPage, OpeningInterval, PostcodeArea

EARTH_RADIUS_KM = 6371.0088
# At most this many similar businesses when a text search found fewer than FEW.
SIMILAR = 10

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
    # The postcode whose centre this is (its source is credited on the page).
    postcode: str = ""


@dataclass
class DirectoryQuery:
    text: str = ""
    category: Category | None = None
    # ``category`` and every category below it, when the caller knows them already.
    category_ids: list | None = None
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


def restrictions(query, now=None):
    """A ``Q`` of the filters of ``query`` (without the text search), or ``None``."""
    conditions = Q()
    if query.category is not None:
        ids = query.category_ids
        if ids is None:
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
    return conditions or None


def text_query(text, similar=False):
    """The Wagtail search query for ``text``, or ``None`` if it has no searchable word.

    ``similar`` asks for the typo-tolerant ``Fuzzy`` query; typed "ae", "oe",
    "ue" become umlauts there, as accents do not count in it.
    """
    if similar:
        typed = [spellings(word)[-1] for word in words(text)]
        return Fuzzy(" ".join(typed)) if typed else None
    return expand(text).search_query


def find(index, query, now=None, similar=False):
    """Profiles below ``index`` matching ``query``, as ``Results`` loaded a page at a time.

    Ordered by distance when there is an origin (each result then carries
    ``distance`` in km), else by relevance for a text search, else by name.
    ``similar`` matches the text with typos forgiven (see ``text_query``).
    """
    matches = MerchantPage.objects.live().public().child_of(index)
    conditions = restrictions(query, now)
    search_query = text_query(query.text, similar) if query.text else None
    if query.origin is not None:
        matches = matches.annotate(distance=distance_expression(query.origin)).order_by(
            F("distance").asc(nulls_last=True), "title", "id"
        )
    elif search_query is None:
        matches = matches.order_by("title", "pk")
    if search_query is not None:
        # Wagtail's PostgreSQL search is a queryset underneath: it is filtered, paged
        # and counted in one query like the other filters. Other backends only accept
        # filters on indexed fields (``id`` is one), return instances and count apart.
        in_sql = isinstance(get_search_backend(), PostgresSearchBackend)
        if conditions is not None and not in_sql:
            matches = matches.filter(pk__in=MerchantPage.objects.filter(conditions).values("pk"))
            conditions = None
        found = matches.only("pk").search(search_query, order_by_relevance=query.origin is None)
        if not in_sql:
            return Results(found)
        matches = found.get_queryset()
    if conditions is not None:
        matches = matches.filter(conditions)
    return Results(matches)


def similar_to(index, query, results_page):
    """``(similar profiles, corrected text)`` when a text search found fewer than ``FEW``.

    Only on the first page and with a backend that forgives typos; the
    profiles already shown are left out. The corrected text ("Meinten Sie
    …?") is made from the names, categories and search terms of what was
    found.
    """
    if not query.text or results_page.number != 1 or results_page.paginator.count >= FEW:
        return [], None
    if not supports_fuzzy(get_search_backend()):
        return [], None
    shown = {page.pk for page in results_page.object_list}
    similar = [page for page in find(index, query, similar=True)[:SIMILAR] if page.pk not in shown]
    texts = []
    for page in similar:
        texts += [page.title, page.keywords]
        if page.primary_category is not None:
            texts += [page.primary_category.name, page.primary_category.keywords]
    return similar, did_you_mean(query.text, texts)


class Results:
    """The profiles matching a query, in order; slicing loads only that slice.

    Matching, counting and ordering run on narrow rows (ids and sort keys,
    nothing to display); then the ~20 profiles of a page are loaded with what
    a card shows, in one query plus prefetches. Fetching a slice also counts
    all matches (a window function over the same rows), so a page costs one
    pass over the profiles instead of two. ``ResultsPaginator`` relies on it.
    """

    def __init__(self, matches):
        # A queryset; Wagtail search results only with a search backend other than
        # PostgreSQL (they return instances, not values, and count separately).
        self.matches = matches
        self.is_search = not isinstance(matches, QuerySet)
        self._count = None

    def count(self):
        if self._count is None:
            self._count = self.matches.count()
        return self._count

    def __len__(self):
        return self.count()

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        if self.is_search:
            keys = [(row.pk, getattr(row, "distance", None)) for row in self.matches[key]]
        else:
            fields = ["pk", "distance"] if "distance" in self.matches.query.annotations else ["pk"]
            counted = self.matches.annotate(matches=Window(Count("*")))
            rows = list(counted.values_list(*fields, "matches")[key])
            if rows:
                self._count = rows[0][-1]
            elif not key.start:
                self._count = 0
            keys = [(row[0], row[1] if len(row) == 3 else None) for row in rows]
        return self._load(keys)

    def _load(self, keys):
        pages = MerchantPage.objects.filter(pk__in=[pk for pk, _distance in keys]).for_cards()
        by_pk = {page.pk: page for page in pages}
        found = []
        for pk, distance in keys:
            page = by_pk.get(pk)  # None if deleted since the first step
            if page is not None:
                page.distance = distance
                found.append(page)
        return found


class ResultsPaginator(Paginator):
    """``get_page`` that fetches the page before counting (``Results`` count as they fetch).

    Same outcome as Django's: a number that is not an integer shows the first
    page, one out of range the last.
    """

    def get_page(self, number):
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        if number >= 1:
            bottom = (number - 1) * self.per_page
            objects = self.object_list[bottom : bottom + self.per_page]
            if objects or number == 1:
                return self._get_page(objects, number, self)
        return self.page(self.num_pages)


def postcode_origin(postcode):
    """``(Origin, None)`` for a known postcode, else ``(None, suggestions)``.

    Suggestions are known postcodes one typo away (one digit changed or two
    neighbouring digits swapped) from the same region (same first digit).
    One indexed query whatever the number of postcodes: the postcode and its
    few dozen one-typo variants are looked up together.
    """
    rows = PostcodeArea.objects.filter(
        postcode__in=[postcode, *_one_typo_variants(postcode)]
    ).values_list("postcode", "place", "latitude", "longitude")
    found = sorted(rows)
    for code, place, latitude, longitude in found:
        if code == postcode:
            return Origin(latitude, longitude, f"{code} {place}".strip(), code), None
    return None, [f"{code} {place}".strip() for code, place, _lat, _lon in found[:3]]


def _one_typo_variants(typed):
    """Every postcode one typo from ``typed`` that keeps its first digit (its region)."""
    variants = set()
    for i in range(1, len(typed)):
        for digit in "0123456789":
            variants.add(typed[:i] + digit + typed[i + 1 :])
        if i + 1 < len(typed):
            variants.add(typed[:i] + typed[i + 1] + typed[i] + typed[i + 2 :])
    variants.discard(typed)
    return sorted(variants)
