"""Template tags for the layout: navigation, legal links, page cards, JSON-LD, CSRF fields."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.models import Site

from portal import pagecache
from portal.home.models import NavigationSettings, PortalSettings

register = template.Library()

# The same escapes Django's json_script uses, so the data can never end the script element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def ld_json(data):
    """``<script type="application/ld+json">`` with ``data`` safely serialised."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    request = context.get("request")
    links = []
    if request:
        navigation = NavigationSettings.for_request(request)
        links = navigation.links.select_related("page")
    return {"links": links, "request": request, "current_page": context.get("page")}


@register.inclusion_tag("includes/footer_legal.html", takes_context=True)
def legal_links(context):
    """Impressum, Datenschutz and Barrierefreiheit, linked in every footer.

    Editors choose the pages in the portal settings; until they do, the fixed
    paths of the demo town's tree are linked so the footer is never without them.
    """
    request = context.get("request")
    portal_settings = PortalSettings.for_request(request) if request else None
    fallbacks = {
        "imprint": "/impressum/",
        "privacy": "/datenschutz/",
        "accessibility": "/barrierefreiheit/",
    }
    links = []
    for key, label in (
        ("imprint", _("Legal notice")),
        ("privacy", _("Privacy")),
        ("accessibility", _("Accessibility")),
    ):
        page = getattr(portal_settings, f"{key}_page", None) if portal_settings else None
        url = page.get_url(request) if page else fallbacks[key]
        links.append({"label": label, "url": url})
    return {"links": links}


@register.simple_tag(takes_context=True)
def page_card(context, page, heading_level=3):
    """Render a page as a teaser card with the template its type names."""
    page = getattr(page, "specific", page)
    card_template = getattr(page, "teaser_template", "includes/page_card.html")
    return get_template(card_template).render(
        {"card": page, "heading_level": heading_level, "request": context.get("request")}
    )


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """``path`` on the current site's own address (its Wagtail site root, not the
    request's Host header), for canonical links, sitemaps and sharing images."""
    if not path or "://" in path:
        return path or ""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    root = site.root_url if site is not None else ""
    return root.rstrip("/") + "/" + path.lstrip("/")


@register.simple_tag
def elided_page_range(page_obj):
    """Page numbers around the current page, with ellipses for long lists."""
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2))


@register.simple_tag(takes_context=True)
def shared_csrf_token(context):
    """``{% csrf_token %}`` for forms on pages anonymous visitors share (``portal.pagecache``).

    On a shared page the field stays empty and no cookie is set; ``static/js/csrf.js``
    fills it with the secret of the CSRF cookie, which it sets itself if the
    visitor has none. Anywhere else it is Django's own field.
    """
    request = context.get("request")
    if request is not None and pagecache.is_shared(request):
        return format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="" data-csrf-cookie="{}">',
            settings.CSRF_COOKIE_NAME,
        )
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )
