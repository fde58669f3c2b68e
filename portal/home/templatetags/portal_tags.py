"""Template tags for the site layout: navigation, legal links, page cards."""

from django import template
from django.template.loader import get_template
from django.utils.translation import gettext as _

from portal.home.models import NavigationSettings, PortalSettings

register = template.Library()


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
    paths from DESIGN.md are linked so the footer is never without them.
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


@register.simple_tag
def elided_page_range(page_obj):
    """Page numbers around the current page, with ellipses for long lists."""
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2))
