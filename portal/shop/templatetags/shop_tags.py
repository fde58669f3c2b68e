"""Template helpers of the marketplace: VAT rates, status labels, the basket's plan."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html

from portal.shop import statuses
from portal.shop.services import vat
from portal.shop.services.plan import plan_for

register = template.Library()


@register.filter
def vat_rate(rate):
    """``Decimal("19")`` → "19 %" (the German way, with a narrow space)."""
    rate = Decimal(rate)
    shown = number_format(rate, 0 if rate == rate.to_integral() else 1)
    return f"{shown}\u202f%"


@register.filter
def base_price(product, gross):
    """The price per kg or litre of ``product`` at ``gross`` per sales unit, or ``None``."""
    return product.base_price(gross)


@register.filter
def status_label(status):
    return statuses.status_label(status)


@register.filter
def oneline(text):
    """A multi-line address on one line, parts separated by commas."""
    return ", ".join(part.strip() for part in str(text or "").splitlines() if part.strip())


@register.simple_tag(takes_context=True)
def basket_plan(context):
    """The basket split per merchant, with the fulfilment chosen so far in the checkout."""
    request = context["request"]
    session = request.session.get("checkout_data", {}).get("marketplace", {})
    return plan_for(request.basket, session.get("fulfilment"))


@register.simple_tag
def order_vat_rows(order):
    """The VAT breakdown of a placed order (uses its prefetched lines)."""
    return vat.order_breakdown(order, order.lines.all())


@register.simple_tag
def page_link(page, label):
    """A link to ``page`` labelled ``label``, or just the label if there is no page."""
    if page is None:
        return label
    return format_html('<a href="{}">{}</a>', page.url, label)
