"""Extension points other apps fill without the page's own app knowing them.

``{% page_sections page %}`` renders, in registration order, what every
function registered for the ``portal_page_sections`` hook returns for
``(request, page)``: rendered HTML or an empty string (plain text is
escaped). A lower app's template (e.g. the directory's merchant profile)
calls the tag; a higher app (e.g. the shop, listing the merchant's products)
registers the function, so the lower app never imports the higher one.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from wagtail import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def page_sections(context, page):
    request = context.get("request")
    parts = [fn(request, page) for fn in hooks.get_hooks("portal_page_sections")]
    # Rendered templates stay as they are; plain strings are escaped.
    return mark_safe("".join(conditional_escape(part) for part in parts if part))
