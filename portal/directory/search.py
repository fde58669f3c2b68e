"""How businesses are found: their goods in the index, trade words, suggestions.

- Goods: a profile's index entry carries the names of what the business
  sells: its market-stall goods and whatever higher apps contribute through
  the ``directory_merchant_goods`` hook (the shop: product names). A hook
  function takes a list of profile ids and returns ``{page_id: [name, ...]}``.
- Keeping that fresh: ``reindex_merchants`` re-indexes profiles after their
  goods, categories or market stalls changed (called from signals, here and
  in the shop).
- Trade words: a query naming a category ("Bäcker" for "Bäckerei", or one of
  the category's other words) puts businesses first in the site search.
- Suggestions for the search boxes' autocomplete: businesses by name and
  categories by name or other words.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Site

from portal.sitesearch.backends import suggest
from portal.sitesearch.models import split_terms
from portal.sitesearch.query import expand, expand_for, fold

from .models import Category, DirectoryIndexPage, MarketStall, MerchantPage

GOODS_HOOK = "directory_merchant_goods"
CATEGORY_WORDS_CACHE_KEY = "directory:category-words:v1"
CATEGORY_WORDS_CACHE_SECONDS = 60 * 60
MAX_GOODS_CHARACTERS = 4000  # of one profile's goods in its index entry


def goods_texts(pages):
    """``{page_id: "name, name, ..."}``: the goods of each of ``pages`` for the index."""
    ids = [page.pk for page in pages if page.pk]
    names = {pk: [] for pk in ids}
    if not ids:
        return {}
    stalls = MarketStall.objects.filter(merchant_id__in=ids).exclude(goods="")
    for merchant_id, goods in stalls.values_list("merchant_id", "goods"):
        names[merchant_id].extend(split_terms(goods))
    for source in hooks.get_hooks(GOODS_HOOK):
        for pk, contributed in source(ids).items():
            if pk in names:
                names[pk].extend(contributed)
    return {
        pk: ", ".join(dict.fromkeys(found))[:MAX_GOODS_CHARACTERS] for pk, found in names.items()
    }


def prefetch_goods(pages):
    """Fetch the goods of many profiles at once, before they are indexed together."""
    texts = goods_texts(pages)
    for page in pages:
        page._goods_for_search = texts.get(page.pk, "")
    return pages


def reindex_merchants(page_ids):
    """Index these profiles again (their goods, categories or stalls changed)."""
    from .bulk import reindex

    reindex(MerchantPage.objects.live().filter(pk__in=set(page_ids)).values_list("pk", flat=True))


def reindex_category(category):
    """Index again every live profile in ``category`` (its name or other words changed)."""
    ids = set(category.primary_merchants.values_list("pk", flat=True))
    ids.update(category.merchants.values_list("pk", flat=True))
    reindex_merchants(ids)


@dataclass(frozen=True)
class CategoryWords:
    """What a category is called, for matching typed words against it."""

    name: str
    slug: str
    keywords: str
    parent_name: str


def category_words():
    """Every category's words, from the cache (cleared whenever a category changes)."""
    words = cache.get(CATEGORY_WORDS_CACHE_KEY)
    if words is None:
        words = [
            CategoryWords(name, slug, keywords, parent_name or "")
            for name, slug, keywords, parent_name in Category.objects.values_list(
                "name", "slug", "keywords", "parent__name"
            )
        ]
        cache.set(CATEGORY_WORDS_CACHE_KEY, words, CATEGORY_WORDS_CACHE_SECONDS)
    return words


def clear_category_words():
    cache.delete(CATEGORY_WORDS_CACHE_KEY)


def matching_categories(text, limit=None, expanded=None):
    """Categories whose name or other words start with a typed word ("Bäcker", "Brot").

    Compared folded (case, umlauts and "ae"/"oe"/"ue" spellings do not matter)
    and with the editors' synonyms applied; ``CategoryWords``, best first in
    the editors' order.
    """
    expanded = expanded or expand(text)
    wanted = [fold(alternative) for term in expanded.terms for alternative in term.alternatives]
    wanted = [word for word in wanted if len(word) >= 3]
    if not wanted:
        return []
    found = []
    for category in category_words():
        names = [category.name, *split_terms(category.keywords)]
        folded = [fold(word) for name in names for word in name.split()]
        if any(name.startswith(word) for name in folded for word in wanted):
            found.append(category)
            if limit and len(found) >= limit:
                break
    return found


def directory_for(request):
    """The directory of the request's site (the first one found), or ``None``.

    Looked up once per request: the suggestions and the site search ask often.
    """
    if not hasattr(request, "_portal_directory"):
        site = Site.find_for_request(request)
        directories = DirectoryIndexPage.objects.live()
        if site is not None:
            directories = directories.in_site(site)
        request._portal_directory = directories.first()
    return request._portal_directory


def suggest_businesses(request, text, limit):
    """Autocomplete: live businesses whose name starts with the typed words."""
    expanded = expand_for(request, text)
    search_query = expanded.search_query
    if search_query is None:
        return []
    directory = directory_for(request)
    if directory is None:
        return []
    pages = (
        MerchantPage.objects.live()
        .public()
        .child_of(directory)
        .select_related("primary_category")
        .only("title", "url_path", "primary_category__name")
    )
    found = suggest(pages, search_query, limit)
    directory_url = directory.get_url(request)
    return [
        {
            "label": page.title,
            "kind": _("Business"),
            "detail": page.primary_category.name if page.primary_category else "",
            "url": directory_url + page.url_path[len(directory.url_path) :],
        }
        for page in found
    ]


def suggest_categories(request, text, limit):
    """Autocomplete: categories by name or other words, linking to the filtered directory."""
    directory = directory_for(request)
    if directory is None:
        return []
    base = directory.get_url(request)
    return [
        {
            "label": category.name,
            "kind": _("Category"),
            "detail": category.parent_name,
            "url": f"{base}?kategorie={category.slug}",
        }
        for category in matching_categories(text, limit, expand_for(request, text))
    ]


def directory_search_url(request, text):
    directory = directory_for(request)
    if directory is None:
        return ""
    return f"{directory.get_url(request)}?{urlencode({'q': text})}"
