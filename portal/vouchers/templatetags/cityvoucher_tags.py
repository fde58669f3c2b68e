"""Template helpers of the voucher pages: German money and IBAN formats, links."""

from django import template

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


@register.simple_tag
def where_to_spend_path():
    return links.where_to_spend_path()
