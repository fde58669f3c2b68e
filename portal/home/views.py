"""Site-wide views that are not pages: site search and robots.txt."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail import hooks
from wagtail.models import Page, Site

SEARCH_PER_PAGE = 10
SEARCH_MAX_QUERY_LENGTH = 200


@require_GET
def search(request):
    """Full-text search over every live page of the current site.

    Other apps add their own result groups (e.g. shop products) through the
    ``portal_site_search`` hook: a function ``(request, query)`` returning a
    dict with ``title`` and ``results`` (each with ``title``, ``url``, ``text``).
    """
    query = request.GET.get("q", "").strip()[:SEARCH_MAX_QUERY_LENGTH]
    results_page = None
    extra_groups = []
    if query:
        pages = Page.objects.live().public()
        site = Site.find_for_request(request)
        if site:
            pages = pages.in_site(site)
        results = pages.specific().search(query)
        results_page = Paginator(results, SEARCH_PER_PAGE).get_page(request.GET.get("seite"))
        for source in hooks.get_hooks("portal_site_search"):
            group = source(request, query)
            if group and group.get("results"):
                extra_groups.append(group)
    total = (results_page.paginator.count if results_page else 0) + sum(
        len(group["results"]) for group in extra_groups
    )
    return TemplateResponse(
        request,
        "home/search_results.html",
        {
            "search_query": query,
            "results_page": results_page,
            "extra_groups": extra_groups,
            "total": total,
        },
    )


@require_GET
@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /suche/",
        "Disallow: /shop/basket/",
        "Disallow: /shop/checkout/",
        "Disallow: /shop/accounts/",
        "Disallow: /shop/dashboard/",
        "Disallow: /g/",
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
