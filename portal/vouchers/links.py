"""Absolute links printed on vouchers and sent in mails.

Printed links must work from paper, so they use the public address of the
voucher's town (its Wagtail ``Site``, see ``portal.towns``), never the
host of the request that happened to trigger the PDF.
"""

from django.urls import reverse

from portal.towns import absolute_url, in_town, town_of_page

__all__ = ["absolute_url", "voucher_url", "claim_url", "check_url", "accepting_merchants_url"]


def voucher_path(code):
    """``/g/<code>/``: the fixed path printed in every QR code (docs/architecture.md)."""
    return reverse("cityvouchers:status", kwargs={"code": code})


def voucher_url(voucher):
    """The voucher's own page on its town's address (the QR code's content)."""
    return absolute_url(voucher.get_absolute_url(), voucher.programme.site)


def claim_url(claim):
    """A taken coupon's own page on the address of its business's town."""
    return absolute_url(claim.get_absolute_url(), town_of_page(claim.coupon.merchant))


def check_url(site=None):
    return absolute_url(reverse("cityvouchers:check"), site)


def where_to_spend_path(site=None):
    """URL of the town's public page about the voucher, which lists where it is accepted."""
    from portal.vouchers.models import VoucherInfoPage

    pages = VoucherInfoPage.objects.live()
    if site is not None:
        pages = pages.filter(in_town(site, ""))
    page = pages.first()
    return page.url if page and page.url else "/gutscheine/"


def accepting_merchants_url(site=None):
    path = where_to_spend_path(site)
    return path if path.startswith("http") else absolute_url(path, site)
