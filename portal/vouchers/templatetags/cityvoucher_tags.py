"""Template helpers of the voucher pages: German money and IBAN formats, links."""

from django import template

from portal.towns import town_for_request
from portal.vouchers import links
from portal.vouchers.banking import format_iban
from portal.vouchers.pdf import euro as format_euro

register = template.Library()


@register.filter
def euro(value):
    if value in (None, ""):
        return ""
    return format_euro(value)


@register.filter
def iban(value):
    return format_iban(value)


@register.simple_tag(takes_context=True)
def where_to_spend_path(context):
    request = context.get("request")
    return links.where_to_spend_path(town_for_request(request) if request else None)


@register.simple_tag
def qr_svg(data):
    """The QR code of ``data`` as inline SVG (one path, scales sharply on any screen)."""
    import qrcode
    import qrcode.image.svg
    from django.utils.safestring import mark_safe

    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
        image_factory=qrcode.image.svg.SvgPathImage,
    )
    code.add_data(data)
    code.make(fit=True)
    svg = code.make_image().to_string(encoding="unicode")
    return mark_safe(svg)  # noqa: S308  (drawn by qrcode from our own link, no user markup)


@register.inclusion_tag("cityvouchers/includes/coupon_terms.html")
def coupon_terms(coupon):
    return {"coupon": coupon}
