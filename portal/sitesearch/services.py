"""Searching with the portal's rules, for any kind of result, on any backend.

``find(queryset, query)`` is what the site search's result groups use:

1. the full-text search of ``query`` (spellings and synonyms expanded,
   ``query.expand``), ranked by the backend;
2. when that finds fewer than ``FEW``, the typo-tolerant ``Fuzzy`` query
   adds similar matches after them, if the backend supports it
   (``backends.supports_fuzzy``).

``did_you_mean`` proposes a corrected query from the texts of what the
similar search found ("Bakerei" -> "Bäckerei"), in plain Python so that it
works the same on every backend.
"""

from dataclasses import dataclass, field

from wagtail.models import Site
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Fuzzy

from .backends import fetch, supports_fuzzy
from .query import MAX_LENGTH, WORD, ExpandedQuery, expand, fold, spellings, words

# Fewer full-text matches than this and similar spellings are looked up too.
FEW = 3
# At most this many similar matches are counted and shown after the exact ones.
MAX_SIMILAR = 50
# How alike a word must be to a typed one to be proposed instead (trigram similarity).
SUGGESTION_SIMILARITY = 0.35


@dataclass
class SiteQuery:
    """What the site search asks every result group for.

    ``kind`` is set when one group is listed on its own (paged); then
    ``offset`` and ``limit`` select its part of the results.
    """

    text: str
    expanded: ExpandedQuery = None
    kind: str = ""
    offset: int = 0
    limit: int = 5

    def __post_init__(self):
        self.text = " ".join((self.text or "").split())[:MAX_LENGTH]
        if self.expanded is None:
            self.expanded = expand(self.text)

    def wants(self, kind):
        return not self.kind or self.kind == kind

    @property
    def search_query(self):
        return self.expanded.search_query

    @property
    def fuzzy_text(self):
        return " ".join(spellings(word)[-1] for word in words(self.text))


@dataclass
class Found:
    """One kind's matches: how many, the requested slice, the best score."""

    count: int = 0
    objects: list = field(default_factory=list)
    score: float = 0.0
    similar: bool = False  # some of them only match with typos forgiven


def find(queryset, query, *, within=None, offset=None, limit=None):
    """Objects of ``queryset`` matching ``query`` (see the module docstring).

    Search backends only filter on indexed fields (``index.FilterField``):
    ``queryset`` may only use those. Other conditions go into ``within``, a
    queryset of the same model the matches must belong to (it becomes
    ``pk IN (...)``; ``id`` is always indexed).
    """
    offset = query.offset if offset is None else offset
    limit = query.limit if limit is None else limit
    search_query = query.search_query
    if search_query is None:
        return Found()
    backend = get_search_backend()
    candidates = queryset if within is None else queryset.filter(pk__in=within.values("pk"))
    results = backend.search(search_query, candidates).annotate_score("_score")
    exact, count = fetch(results, offset, limit)
    score = (getattr(exact[0], "_score", 0) or 0) if exact and offset == 0 else 0
    if count >= FEW or not supports_fuzzy(backend) or not query.fuzzy_text:
        return Found(count, exact, float(score))
    # Few exact matches: all of them, then similar ones (both short lists).
    everything = list(results[:FEW]) if offset else exact
    seen = {obj.pk for obj in everything}
    similar = backend.search(Fuzzy(query.fuzzy_text), candidates)[:MAX_SIMILAR]
    extra = [obj for obj in similar if obj.pk not in seen]
    combined = everything + extra
    return Found(
        len(combined), combined[offset : offset + limit], float(score), similar=bool(extra)
    )


def trigrams(word):
    """The trigrams of a word as pg_trgm makes them: two spaces before, one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a, b):
    """pg_trgm's ``similarity``: shared trigrams over all trigrams of both words."""
    first, second = trigrams(a), trigrams(b)
    return len(first & second) / len(first | second) if first and second else 0.0


def did_you_mean(text, texts):
    """A corrected ``text`` made of words from ``texts``, or ``None`` if nothing is better.

    A typed word that starts a word of ``texts`` (folded) is kept; another
    one is replaced by the most similar word of ``texts``, if any is similar
    enough.
    """
    vocabulary = {}
    for source in texts:
        for word in WORD.findall(source or ""):
            if len(word) >= 3 and not word.isdigit():
                vocabulary.setdefault(fold(word), word)
    if not vocabulary:
        return None
    corrected, changed = [], False
    for word in words(text):
        folded = fold(word)
        if word.isdigit() or any(known.startswith(folded) for known in vocabulary):
            corrected.append(word)
            continue
        best = max(vocabulary, key=lambda known: similarity(folded, known))
        if similarity(folded, best) >= SUGGESTION_SIMILARITY:
            corrected.append(vocabulary[best])
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else None


@dataclass
class SearchGroup:
    """One kind of result in the site search: its matches and how to show them.

    ``results`` are dicts with ``title``, ``url`` and optionally ``text`` and
    ``detail``. Groups are shown by ``priority`` (a trade word puts the
    businesses first), then by their best ``found.score``, then by ``order``.
    ``page_types`` are the page models the group covers; the catch-all
    "Pages" group leaves them out.
    """

    kind: str
    title: str
    found: Found
    results: list
    more_url: str = ""
    more_label: str = ""
    priority: int = 0
    order: int = 100
    page_types: tuple = ()

    @property
    def count(self):
        return self.found.count


def page_results(pages, request, describe=None):
    """Result dicts of Wagtail pages: title, URL, teaser text and ``describe(page)``."""
    results = []
    for page in pages:
        page = getattr(page, "specific", page)
        results.append(
            {
                "title": page.title,
                "url": page.get_url(request),
                "text": getattr(page, "teaser_text", "") or page.search_description,
                "detail": describe(page) if describe else "",
            }
        )
    return results


def page_group(
    request, query, *, kind, title, pages, page_types=(), order=100, priority=0, describe=None
):
    """The group of the pages of ``pages`` (a page queryset) matching ``query``.

    Returned even when empty or not asked for: it still names the page types
    it covers.
    """
    found = find(pages, query) if query.wants(kind) else Found()
    return SearchGroup(
        kind=kind,
        title=title,
        found=found,
        results=page_results(found.objects, request, describe),
        priority=priority,
        order=order,
        page_types=tuple(page_types),
    )


def site_pages(request, model):
    """Live, public pages of ``model`` on the request's site."""
    pages = model.objects.live().public()
    site = Site.find_for_request(request)
    return pages.in_site(site) if site is not None else pages
