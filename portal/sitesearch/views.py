"""The site search (``/suche/``) and the search boxes' suggestions (``/suche/vorschlaege/``).

Result groups come from the apps through the ``portal_site_search`` hook: a
function ``(request, query)`` taking a ``services.SiteQuery`` and returning a
``services.SearchGroup`` (home: news and events; directory: businesses and
initiatives; shop: products). Every other page of the site lands in the
"Pages" group made here. With ``?art=<kind>`` one group is listed on its own,
paged.

Suggestions come through the ``portal_search_suggestions`` hook: a function
``(request, text, limit)`` returning dicts with ``label``, ``kind``, ``detail``
and ``url`` (directory: categories and businesses; shop: products).
"""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail import hooks
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, Site
from wagtail.search.utils import normalise_query_string

from .query import fold
from .services import SiteQuery, did_you_mean, page_group

GROUP_HOOK = "portal_site_search"
SUGGESTION_HOOK = "portal_search_suggestions"
PAGES = "seiten"
PER_PAGE = 10  # results of one kind listed on its own
PREVIEW = 5  # results per kind on the overview
SUGGESTIONS_PER_SOURCE = 4
MAX_SUGGESTIONS = 10
MIN_SUGGESTION_LENGTH = 2
MAX_SUGGESTION_QUERY = 100


def _page_number(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


@require_GET
def search(request):
    """Everything of the site matching ``q``, grouped by kind with counts."""
    kind = request.GET.get("art", "")
    number = _page_number(request.GET.get("seite"))
    query = SiteQuery(request.GET.get("q", ""), kind=kind)
    if kind:
        query.offset, query.limit = (number - 1) * PER_PAGE, PER_PAGE
    else:
        query.limit = PREVIEW
    groups = collect_groups(request, query) if query.search_query is not None else []
    if kind and not any(group.kind == kind for group in groups):
        # An unknown kind, or nothing of it: show the overview instead.
        query.kind, query.offset, query.limit = "", 0, PREVIEW
        groups = collect_groups(request, query) if query.search_query is not None else []
    listed = next((group for group in groups if group.kind == query.kind), None)
    similar = any(group.found.similar for group in groups)
    suggestion = (
        did_you_mean(query.text, [r["title"] for group in groups for r in group.results])
        if similar or (query.text and not groups)
        else None
    )
    return TemplateResponse(
        request,
        "sitesearch/search_results.html",
        {
            "search_query": query.text,
            "groups": groups,
            "listed": listed,
            "listed_page": _listed_page(listed, number) if listed else None,
            "total": sum(group.count for group in groups),
            "promotions": promotions(query.text) if query.text and not query.kind else [],
            "suggestion": suggestion,
        },
    )


def collect_groups(request, query):
    """The non-empty result groups for ``query``, in the order they are shown."""
    groups = [group for source in hooks.get_hooks(GROUP_HOOK) if (group := source(request, query))]
    covered = [model for group in groups for model in group.page_types]
    site = Site.find_for_request(request)
    pages = Page.objects.live().public()
    if site is not None:
        pages = pages.in_site(site)
    if covered:
        pages = pages.not_type(*covered)
    groups.append(
        page_group(request, query, kind=PAGES, title=_("Pages"), pages=pages.specific(), order=90)
    )
    for group in groups:
        if not group.more_url:
            group.more_url = _kind_url(query.text, group.kind)
    groups = [group for group in groups if group.count]
    groups.sort(key=lambda group: (-group.priority, -group.found.score, group.order))
    return groups


def _kind_url(text, kind):
    return f"{reverse('search')}?{urlencode({'q': text, 'art': kind})}"


def _listed_page(group, number):
    """A paginator page over ``group``'s count whose objects are the results fetched."""
    page = Paginator(range(group.count), PER_PAGE).get_page(number)
    page.object_list = group.results
    return page


def promotions(text):
    """The editors' picks for exactly this query (Wagtail's search promotions)."""
    picks = (
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(text))
        .select_related("page")
        .order_by("sort_order")
    )
    found = []
    for pick in picks:
        if pick.page_id and pick.page.live:
            page = pick.page.specific
            found.append(
                {
                    "title": pick.page.title,
                    "url": page.url,
                    "text": pick.description or getattr(page, "teaser_text", ""),
                }
            )
        elif pick.external_link_url:
            found.append(
                {
                    "title": pick.external_link_text or pick.external_link_url,
                    "url": pick.external_link_url,
                    "text": pick.description,
                }
            )
    return found


@require_GET
@cache_control(max_age=60, public=True)
def suggestions(request):
    """Suggestions for a search box while typing, as JSON (German labels).

    Short and fast: each source answers from the search index with a small
    limit, and the answer may be cached for a minute.
    """
    text = " ".join(request.GET.get("q", "").split())[:MAX_SUGGESTION_QUERY]
    found = []
    long_enough = len(fold(text)) >= MIN_SUGGESTION_LENGTH
    if long_enough:
        for source in hooks.get_hooks(SUGGESTION_HOOK):
            found.extend(source(request, text, SUGGESTIONS_PER_SOURCE))
    found = found[:MAX_SUGGESTIONS]
    if found:
        status = ngettext(
            "%(count)d suggestion. Use the up and down arrow keys to choose.",
            "%(count)d suggestions. Use the up and down arrow keys to choose.",
            len(found),
        ) % {"count": len(found)}
    elif long_enough:
        status = _("No suggestions.")
    else:
        status = ""
    return JsonResponse(
        {"query": text, "suggestions": found, "status": status},
        json_dumps_params={"ensure_ascii": False},
    )
