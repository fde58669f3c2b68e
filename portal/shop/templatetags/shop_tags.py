"""Template helpers of the marketplace: VAT rates, status labels, the basket's plan,
product cards."""

import hashlib
from decimal import Decimal

from django import template
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from portal import pagecache
from portal.shop import statuses
from portal.shop.services import vat

register = template.Library()

CARD_TEMPLATE = "shop/includes/product_card.html"
# Longest time a rendered card is kept; any change of what it shows gives a new key.
CARD_SECONDS = 300


def card_key(product):
    """Cache key of a product card: everything the card shows, from the prefetched rows
    of ``for_cards()`` (product, stock records and variants', images, shop)."""
    records = [*product.stockrecords.all()]
    for child in getattr(product, "_prefetched_public_children", ()):
        records += child.stockrecords.all()
    shop = getattr(product.partner, "merchant_shop", None) if product.partner_id else None
    state = (
        product.pk,
        product.date_updated,
        [(r.pk, r.price, r.num_in_stock, r.num_allocated) for r in records],
        [(image.pk, image.original.name) for image in product.images.all()],
        (shop.pk, shop.name, shop.page.slug if shop.page_id else "") if shop else None,
    )
    return "productcard:" + hashlib.blake2b(repr(state).encode(), digest_size=16).hexdigest()


@register.simple_tag(takes_context=True)
def product_cards(context, products):
    """``<li>`` with each product's card. On a shared page the cards come from the
    cache, all in one round trip (a card is the same for every anonymous visitor
    while what it shows is unchanged); elsewhere they are rendered for the visitor."""
    request = context.get("request")
    card = get_template(CARD_TEMPLATE)

    def render(product):
        return card.render({"product": product, "request": request})

    if not pagecache.is_shared(request):
        return mark_safe("".join(f"<li>{render(product)}</li>" for product in products))
    keys = [card_key(product) for product in products]
    stored = cache.get_many(keys)
    rendered = {}
    for key, product in zip(keys, products, strict=True):
        if key not in stored:
            rendered[key] = render(product)
    if rendered:
        cache.set_many(rendered, CARD_SECONDS)
    return mark_safe("".join(f"<li>{stored.get(key) or rendered[key]}</li>" for key in keys))


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
